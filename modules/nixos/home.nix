# home-manager as a NixOS module, for the primary user: PantherOS's
# home-manager modules (panther.home.modules; lib.mkFleet fills it in: the
# shell, the editors and, on desktops, the desktop's user side) with the
# personal options this host sets.
#
# The personal options (panther.desktop, panther.editor, panther.shell,
# panther.ai, panther.packages; modules/home/options) are declared here as
# well as in home-manager, so a profile or host sets them like any other
# panther option. Every one this host sets is passed on to the user's
# home-manager configuration at the priority it has here: `lib.mkDefault` in
# a profile stays a default there too, and what home-manager computes from it
# (e.g. Zed with editor and desktop) is computed there.
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

  sharedOptions = toString ../home/options;
  isShared =
    option: lib.any (file: lib.hasPrefix sharedOptions (toString file)) option.declarations;
  # mkOptionDefault (an option's own default) is priority 1500.
  setHere = lib.filter (option: isShared option && option.highestPrio < 1500) (
    lib.collect lib.isOption options.panther
  );
  passedOn = map (
    option: lib.setAttrByPath option.loc (lib.mkOverride option.highestPrio option.value)
  ) setHere;
in
{
  imports = [ ../home/options ];

  options.panther.home = {
    enable = lib.mkEnableOption "home-manager for the primary user" // {
      default = haveHomeManager;
      defaultText = lib.literalMD "whether home-manager's NixOS module is imported";
    };
    modules = lib.mkOption {
      type = lib.types.listOf lib.types.raw;
      default = [ ];
      description = ''
        home-manager modules for the primary user: PantherOS's (modules/home)
        and the third-party ones they build on (nixvim's; on desktops
        DankMaterialShell's and modules/home/desktop.nix). lib.mkFleet sets it.
      '';
    };
  };

  config = lib.optionalAttrs haveHomeManager {
    home-manager = lib.mkIf (cfg.enable && config.panther.users.enable) {
      useGlobalPkgs = true;
      useUserPackages = true;
      backupFileExtension = "before-home-manager";
      sharedModules = cfg.modules;
      users.${config.panther.users.primary.name} = lib.mkMerge (
        [
          {
            home.stateVersion = config.system.stateVersion;
            programs.fish.enable = true;
          }
        ]
        ++ passedOn
      );
    };
  };
}
