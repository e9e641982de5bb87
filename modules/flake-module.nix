# The NixOS and home-manager modules and the class profiles as flake outputs,
# to use them from another flake (lib.mkFleet imports them for you).
{ inputs, ... }:
{
  # The personal environment for a home-manager configuration of your own:
  # `default` is the shell, the tools and the editors (with nixvim's module);
  # `desktop` adds the desktop's user side (niri-flake's and
  # DankMaterialShell's home-manager modules), for hosts that run niri.
  flake.homeModules = {
    default = {
      imports = [
        inputs.nixvim.homeModules.nixvim
        ./home
      ];
    };
    desktop = {
      imports = [
        inputs.niri.homeModules.config
        inputs.dank-material-shell.homeModules.dank-material-shell
        inputs.dank-material-shell.homeModules.niri
        ./home/desktop.nix
      ];
    };
  };

  flake.nixosModules = {
    default = ./nixos;
    audio = ./nixos/audio.nix;
    backup = ./nixos/backup.nix;
    bluetooth = ./nixos/bluetooth.nix;
    boot = ./nixos/boot.nix;
    cache = ./nixos/cache.nix;
    containers = ./nixos/containers.nix;
    desktop = ./nixos/desktop.nix;
    fonts = ./nixos/fonts.nix;
    greeter = ./nixos/greeter.nix;
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
    profile-dev = ../profiles/dev.nix;
  };
}
