"""nixos-facter reports → hardware profile → host scaffolding."""
