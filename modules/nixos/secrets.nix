# 1Password through opnix: the service-account token file, and the secrets the
# other PantherOS modules read. Secrets are fetched at boot into
# /var/lib/opnix/secrets; modules use their runtime paths from
# `services.onepassword-secrets.secretPaths`, so nothing secret enters the store.
{ config, lib, ... }:
let
  cfg = config.panther.secrets;
  inherit (config.networking) hostName;
  ref = item: field: "op://${cfg.vault}/${item}/${field}";

  # name -> { when; reference; extra attributes for the opnix declaration }
  wanted = {
    tailscale-auth-key = {
      when = config.panther.network.tailscale.enable;
      reference = ref "tailscale" "auth-key";
      services = [ "tailscaled-autoconnect" ];
    };
    restic-repository = {
      when = config.panther.backup.enable;
      reference = ref "restic-${hostName}" "repository";
    };
    restic-password = {
      when = config.panther.backup.enable;
      reference = ref "restic-${hostName}" "password";
    };
    restic-env = {
      when = config.panther.backup.enable;
      reference = ref "restic-${hostName}" "env";
    };
    datadog-api-key = {
      when = config.panther.monitoring.datadog.enable;
      reference = ref "datadog" "api-key";
      owner = "datadog";
      services = [ "datadog-agent" ];
    };
  };
  active = lib.filterAttrs (_: s: s.when) wanted;
in
{
  options.panther.secrets = {
    enable = lib.mkEnableOption "1Password secrets through opnix" // {
      default = true;
    };
    tokenFile = lib.mkOption {
      type = lib.types.str;
      default = "/etc/opnix-token";
      description = ''
        Runtime path of the 1Password service-account token. Put it there
        once per machine (`opnix token set`, or nixos-anywhere --extra-files
        at install); it never goes into the Nix store.
      '';
    };
    vault = lib.mkOption {
      type = lib.types.str;
      default = "PantherOS";
      description = "1Password vault holding the fleet's items.";
    };
    references = lib.mkOption {
      type = lib.types.attrsOf lib.types.str;
      default = { };
      example = {
        restic-password = "op://Servers/restic/password";
      };
      description = ''
        1Password reference (`op://vault/item/field`) for each secret the
        PantherOS modules use. Defaults follow `op://<vault>/<item>/<field>`;
        override one to point it elsewhere.
      '';
    };
  };

  config = lib.mkIf cfg.enable {
    panther.secrets.references = lib.mapAttrs (_: s: lib.mkDefault s.reference) wanted;

    services.onepassword-secrets = {
      enable = true;
      inherit (cfg) tokenFile;
      secrets = lib.mapAttrs (
        name: s:
        {
          reference = cfg.references.${name};
        }
        // lib.optionalAttrs (s ? owner) { inherit (s) owner; }
        // lib.optionalAttrs (s ? services) { inherit (s) services; }
      ) active;
    };
  };
}
