# The machine's primary user, from fleet.toml: a normal user in wheel with
# fish as login shell and the SSH keys listed in [users.<name>].
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.users;
  inherit (cfg.primary) name;
in
{
  options.panther.users = {
    enable = lib.mkEnableOption "the primary user from fleet.toml" // {
      default = true;
    };
    primary = {
      name = lib.mkOption {
        type = lib.types.str;
        description = "Login name of the primary user.";
      };
      description = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        description = "Full name (GECOS field), or null.";
      };
      sshKeys = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = [ ];
        description = "Public keys allowed to log in as this user.";
      };
    };
    extraGroups = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      description = "Groups the primary user joins besides wheel.";
    };
  };

  config = lib.mkMerge [
    (lib.mkIf cfg.enable {
      programs.fish.enable = true;
      users.users.${name} = {
        isNormalUser = true;
        description = lib.mkIf (cfg.primary.description != null) cfg.primary.description;
        extraGroups = [ "wheel" ] ++ cfg.extraGroups;
        shell = pkgs.fish;
        openssh.authorizedKeys.keys = cfg.primary.sshKeys;
      };
    })

    # fleet.toml: the user's keys also log in as root when root is the deploy user.
    (lib.mkIf (cfg.enable && config.panther.host.deployUser == "root") {
      users.users.root.openssh.authorizedKeys.keys = cfg.primary.sshKeys;
    })
  ];
}
