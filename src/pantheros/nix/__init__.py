"""The one place that runs the Nix CLI."""
