# 1Password through opnix: the service-account token file, and the secrets the
# other PantherOS modules ask for. Each module adds what it needs to
# `panther.secrets.wanted` and reads the runtime path back from
# `panther.secrets.paths`, so nothing secret enters the store. Secrets are
# fetched at boot into opnix's output directory.
#
# opnix refuses secret names that are not camelCase (`^[a-z][a-zA-Z0-9]*$`,
# nix/module.nix since v0.5), and `kind = "file"` needs opnix v0.11.0 or later.
#
# Without opnix in the flake (nixosModules.default on its own) this module sets
# no opnix option: the paths still name the same files, to be put there by hand.
{
  config,
  lib,
  options,
  ...
}:
let
  inherit (lib) mkOption types;
  cfg = config.panther.secrets;
  haveOpnix = options ? services.onepassword-secrets.secrets;

  secretType = types.submodule {
    options = {
      item = mkOption {
        type = types.str;
        description = "1Password item in the fleet's vault.";
      };
      field = mkOption {
        type = types.str;
        description = "Field of the item (or the file name of a document).";
      };
      kind = mkOption {
        type = types.enum [
          "field"
          "file"
        ];
        default = "field";
        description = "A text field, or a document downloaded as it is.";
      };
      owner = mkOption {
        type = types.str;
        default = "root";
        description = "Owner of the secret's file.";
      };
      group = mkOption {
        type = types.str;
        default = "root";
        description = "Group of the secret's file.";
      };
      mode = mkOption {
        type = types.str;
        default = "0600";
        description = "Permissions of the secret's file.";
      };
      services = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Units restarted when the secret changes (and started after it).";
      };
    };
  };
in
{
  options.panther.secrets = {
    enable = lib.mkEnableOption "1Password secrets through opnix" // {
      default = haveOpnix;
      defaultText = lib.literalMD "whether opnix's NixOS module is imported";
    };
    tokenFile = mkOption {
      type = types.str;
      default = "/etc/opnix-token";
      description = ''
        Runtime path of the 1Password service-account token. Put it there
        once per machine (`opnix token set`, or nixos-anywhere --extra-files
        at install); it never goes into the Nix store.
      '';
    };
    vault = mkOption {
      type = types.str;
      default = "PantherOS";
      description = "1Password vault holding the fleet's items.";
    };
    directory = mkOption {
      type = types.str;
      default = "/var/lib/opnix/secrets";
      readOnly = true;
      description = "Where opnix writes the secrets (its default output directory).";
    };
    wanted = mkOption {
      type = types.attrsOf secretType;
      default = { };
      example = {
        resticPassword = {
          item = "restic-web1";
          field = "password";
        };
      };
      description = ''
        The secrets this host needs, by name (camelCase, as opnix requires).
        Each module adds its own.
      '';
    };
    references = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        resticPassword = "op://Servers/restic/password";
      };
      description = ''
        1Password reference (`op://vault/item/field`) of each wanted secret.
        Defaults follow `op://<vault>/<item>/<field>`; set one to point it
        elsewhere.
      '';
    };
    paths = mkOption {
      type = types.attrsOf types.str;
      readOnly = true;
      default = lib.mapAttrs (
        name: _:
        if cfg.enable && haveOpnix then
          config.services.onepassword-secrets.secretPaths.${name}
        else
          "${cfg.directory}/${name}"
      ) cfg.wanted;
      defaultText = lib.literalMD "the runtime path of every wanted secret";
      description = "Runtime path of each wanted secret, by name.";
    };
  };

  config = lib.mkIf cfg.enable (
    {
      panther.secrets.references = lib.mapAttrs (
        _: s: lib.mkDefault "op://${cfg.vault}/${s.item}/${s.field}"
      ) cfg.wanted;
    }
    // lib.optionalAttrs haveOpnix {
      services.onepassword-secrets = {
        enable = true;
        inherit (cfg) tokenFile;
        secrets = lib.mapAttrs (name: s: {
          reference = cfg.references.${name};
          inherit (s)
            kind
            owner
            group
            mode
            services
            ;
        }) cfg.wanted;
      };
    }
  );
}
