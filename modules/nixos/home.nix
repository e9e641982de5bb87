# home-manager as a NixOS module, for the primary user. The home modules
# (modules/home/) come later; for now this only wires it up.
#
# Only when the flake imports home-manager's NixOS module: nixosModules.default
# also evaluates without it.
{
  config,
  lib,
  options,
  ...
}:
let
  cfg = config.panther.home;
  haveHomeManager = options ? home-manager.users;
in
{
  options.panther.home = {
    enable = lib.mkEnableOption "home-manager for the primary user" // {
      default = haveHomeManager;
      defaultText = lib.literalMD "whether home-manager's NixOS module is imported";
    };
  };

  config = lib.optionalAttrs haveHomeManager {
    home-manager = lib.mkIf (cfg.enable && config.panther.users.enable) {
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
