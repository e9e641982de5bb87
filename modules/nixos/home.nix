# home-manager as a NixOS module, for the primary user. The home modules
# (modules/home/) come later; for now this only wires it up.
{ config, lib, ... }:
let
  cfg = config.panther.home;
in
{
  options.panther.home = {
    enable = lib.mkEnableOption "home-manager for the primary user" // {
      default = true;
    };
  };

  config = lib.mkIf (cfg.enable && config.panther.users.enable) {
    home-manager = {
      useGlobalPkgs = true;
      useUserPackages = true;
      backupFileExtension = "before-home-manager";
      users.${config.panther.users.primary.name} = {
        home.stateVersion = config.system.stateVersion;
        programs.fish.enable = true;
      };
    };
  };
}
