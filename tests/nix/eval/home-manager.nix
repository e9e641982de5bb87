# Stand-in for home-manager's NixOS module (home-manager nixos/common.nix and
# nixos/default.nix): the `home-manager.*` NixOS options with upstream's types
# and defaults. Each user's configuration is a submodule of home-manager's own
# option declarations (modules/modules.nix, through ./options-only.nix), so a
# setting that home-manager does not declare fails here as it would upstream.
{ homeManager }:
{
  config,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib) mkOption types;
  cfg = config.home-manager;
  optionsOnly = import ./options-only.nix { inherit lib; };

  # home-manager extends nixpkgs' lib with `lib.hm` (modules/lib/stdlib-extended.nix).
  hmLib = import (homeManager + "/modules/lib/stdlib-extended.nix") lib;

  # modules/modules.nix also imports nixpkgs' misc/assertions.nix and
  # misc/meta.nix from pkgs.path; without nixpkgs, ./home-misc.nix declares
  # those options instead. Modular services (`services-modular`) are built on
  # nixpkgs' nixos/modules/system/service, which is not here either; PantherOS
  # does not use them.
  withoutNixpkgs = [ (toString (homeManager + "/modules/services-modular")) ];
  needsNixpkgs =
    module:
    (builtins.isPath module || builtins.isString module)
    && (
      lib.hasPrefix (toString pkgs.path) (toString module) || lib.elem (toString module) withoutNixpkgs
    );
  hmModules = lib.filter (module: !(needsNixpkgs module)) (
    import (homeManager + "/modules/modules.nix") {
      inherit pkgs;
      lib = hmLib;
      useNixpkgsModule = !cfg.useGlobalPkgs;
    }
  );

  userModule = types.submoduleWith {
    description = "Home Manager module";
    class = "homeManager";
    specialArgs = {
      lib = hmLib;
      osConfig = config;
      osClass = "nixos";
      modulesPath = toString (homeManager + "/modules");
    }
    // cfg.extraSpecialArgs;
    modules = [
      (
        { name, ... }:
        {
          imports =
            map optionsOnly hmModules
            ++ [
              ./home-misc.nix
              ./home-defaults.nix
            ]
            ++ cfg.sharedModules;
          config = {
            _module.args.pkgs = lib.mkDefault pkgs;
            # nixos/common.nix sets these: home-manager runs inside NixOS, and
            # the user's name and home come from users.users.<name>.
            submoduleSupport = {
              enable = true;
              externalPackageInstall = cfg.useUserPackages;
            };
            home.username = config.users.users.${name}.name;
            home.homeDirectory = config.users.users.${name}.home;
          };
        }
      )
    ];
  };
in
{
  # home-manager nixos/common.nix @ ec1a8fdf7
  options.home-manager = {
    useUserPackages = lib.mkEnableOption "user packages through users.users.<name>.packages";
    useGlobalPkgs = lib.mkEnableOption "the system's pkgs in home-manager";
    backupCommand = mkOption {
      type = types.nullOr (types.either types.str types.path);
      default = null;
      description = "Command run on each file that is in the way at activation.";
    };
    backupFileExtension = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Extension appended to files that are in the way at activation.";
    };
    overwriteBackup = lib.mkEnableOption "overwriting earlier backup files";
    extraSpecialArgs = mkOption {
      type = types.attrs;
      default = { };
      description = "Extra specialArgs for every user's configuration.";
    };
    minimal = lib.mkEnableOption "only the modules home-manager needs to work";
    sharedModules = mkOption {
      type = types.listOf types.raw;
      default = [ ];
      description = "Modules every user's configuration imports.";
    };
    verbose = lib.mkEnableOption "verbose activation";
    enableLegacyProfileManagement = mkOption {
      type = types.bool;
      default = false;
      description = "Whether activation also keeps a per-user home-manager profile.";
    };
    users = mkOption {
      type = types.attrsOf userModule;
      default = { };
      description = "Each user's home-manager configuration.";
    };
    # home-manager nixos/default.nix @ ec1a8fdf7
    startAsUserService = mkOption {
      type = types.bool;
      default = false;
      description = "Whether each environment is activated at login instead of at boot.";
    };
  };

  # As nixos/common.nix does: every user's assertions and warnings become the
  # system's, prefixed with the user.
  config = lib.mkIf (cfg.users != { }) {
    assertions = lib.concatLists (
      lib.mapAttrsToList (
        user: hm:
        map (assertion: {
          inherit (assertion) assertion;
          message = "${user} profile: ${assertion.message}";
        }) hm.assertions
      ) cfg.users
    );
    warnings = lib.concatLists (
      lib.mapAttrsToList (user: hm: map (warning: "${user} profile: ${warning}") hm.warnings) cfg.users
    );
  };
}
