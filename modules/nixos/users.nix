# The machine's primary user, from fleet.toml: a normal user in wheel with
# fish as login shell, the SSH keys listed in [users.<name>], and a password
# for the console, the greeter and sudo (never for SSH: security.nix).
#
# The password is a hash kept in 1Password (item `user-<name>`, field
# `password-hash`), fetched by opnix and read at every activation
# (users.mutableUsers = false). `panther install` also puts the file on the
# new root before the first activation, so the first boot already has it; see
# docs/install-host.md, "Ways in".
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.users;
  inherit (cfg.primary) name;
  inherit (config.panther.host) deployUser;
  # A deploy user other than root and the primary user gets an account of its own.
  separateDeployUser = deployUser != "root" && deployUser != name;
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
      passwordFromSecrets = lib.mkOption {
        type = lib.types.bool;
        default = config.panther.secrets.enable;
        defaultText = lib.literalExpression "config.panther.secrets.enable";
        description = ''
          Whether the password hash comes from 1Password (secret
          `primaryPasswordHash`, item `user-<name>`, field `password-hash`).
        '';
      };
      hashedPasswordFile = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default =
          if cfg.primary.passwordFromSecrets then config.panther.secrets.paths.primaryPasswordHash else null;
        defaultText = lib.literalMD "the `primaryPasswordHash` secret, when `passwordFromSecrets`";
        description = ''
          Runtime path of a file holding the user's password hash (one line,
          as `mkpasswd -m yescrypt` prints it). Read at every activation.
          Null leaves the user without a password: no console login and no
          sudo, which the configuration refuses unless sudo needs no password.
        '';
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
      assertions = [
        {
          assertion = cfg.primary.hashedPasswordFile != null || !config.security.sudo.wheelNeedsPassword;
          message = ''
            ${name} on ${config.networking.hostName} has no password, so nobody could log in at the
            console or use sudo. Fix: keep panther.secrets on (the hash comes from 1Password), or set
            panther.users.primary.hashedPasswordFile, or allow sudo without a password
            (security.sudo.wheelNeedsPassword = false) where SSH keys are the only way in.
          '';
        }
      ];

      panther.secrets.wanted = lib.mkIf cfg.primary.passwordFromSecrets {
        primaryPasswordHash = {
          item = "user-${name}";
          field = "password-hash";
        };
      };

      # Accounts are what the configuration says: a password changed with
      # passwd would be replaced at the next activation anyway.
      users.mutableUsers = lib.mkDefault false;

      programs.fish.enable = true;
      users.users.${name} = {
        isNormalUser = true;
        description = lib.mkIf (cfg.primary.description != null) cfg.primary.description;
        extraGroups = [ "wheel" ] ++ cfg.extraGroups;
        shell = pkgs.fish;
        openssh.authorizedKeys.keys = cfg.primary.sshKeys;
        hashedPasswordFile = cfg.primary.hashedPasswordFile;
      };
    })

    # fleet.toml: the user's keys also log in as root when root is the deploy user.
    (lib.mkIf (cfg.enable && deployUser == "root") {
      users.users.root.openssh.authorizedKeys.keys = cfg.primary.sshKeys;
    })

    # A separate deploy user logs in with the same keys and joins wheel, so
    # security.sudo.execWheelOnly lets it run sudo (security.nix allows it
    # without a password).
    (lib.mkIf (cfg.enable && separateDeployUser) {
      users.users.${deployUser} = {
        isNormalUser = true;
        description = "PantherOS deploys";
        extraGroups = [ "wheel" ];
        openssh.authorizedKeys.keys = cfg.primary.sshKeys;
      };
    })
  ];
}
