# The NixOS modules and the class profiles as flake outputs, to use them from
# another flake (lib.mkFleet imports them for you).
{
  flake.nixosModules = {
    default = ./nixos;
    backup = ./nixos/backup.nix;
    bluetooth = ./nixos/bluetooth.nix;
    boot = ./nixos/boot.nix;
    cache = ./nixos/cache.nix;
    containers = ./nixos/containers.nix;
    desktop = ./nixos/desktop.nix;
    headless = ./nixos/headless.nix;
    home = ./nixos/home.nix;
    host = ./nixos/host.nix;
    monitoring = ./nixos/monitoring.nix;
    network = ./nixos/network.nix;
    nix = ./nixos/nix.nix;
    power = ./nixos/power.nix;
    secrets = ./nixos/secrets.nix;
    security = ./nixos/security.nix;
    storage = ./nixos/storage.nix;
    users = ./nixos/users.nix;

    # Class profiles: compositions of the modules above (panther.* only).
    profile-laptop = ../profiles/laptop.nix;
    profile-workstation = ../profiles/workstation.nix;
    profile-server = ../profiles/server.nix;
  };
}
