"""PantherOS: manage a personal fleet of NixOS machines from one flake."""

__version__ = "0.1.0"
