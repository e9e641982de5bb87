"""The one place that runs OpenSSH (and hands its options to `nix copy`)."""
