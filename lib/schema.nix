# The values fleet.toml allows (docs/fleet-toml.md), in one place: lib/fleet.nix
# checks the inventory against them and modules/nixos/host.nix types its
# options with them. Builtins only.
{
  classes = [
    "laptop"
    "workstation"
    "server"
    "dev"
  ];
  systems = [
    "x86_64-linux"
    "aarch64-linux"
  ];
  workloads = [
    "containers"
    "postgresql"
    "mysql"
    "vm-images"
    "attic"
    "hercules-ci"
    "monitoring"
  ];
  bootModes = [
    "uefi"
    "bios"
  ];
}
