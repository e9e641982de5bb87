# Monitoring agent. Datadog, with the API key from 1Password (runtime file).
{ config, lib, ... }:
let
  cfg = config.panther.monitoring;
  inherit (config.panther) host;
in
{
  options.panther.monitoring.datadog = {
    enable = lib.mkEnableOption "the Datadog agent";
    site = lib.mkOption {
      type = lib.types.str;
      default = "datadoghq.eu";
      description = "Datadog site the agent reports to.";
    };
  };

  config = lib.mkIf cfg.datadog.enable {
    services.datadog-agent = {
      enable = true;
      apiKeyFile = config.services.onepassword-secrets.secretPaths.datadog-api-key or "/var/lib/opnix/secrets/datadog-api-key";
      inherit (cfg.datadog) site;
      hostname = config.networking.hostName;
      tags = [
        "fleet:${config.panther.fleet.name}"
        "class:${host.class}"
        "stage:${host.stage}"
      ] ++ host.tags;
    };
  };
}
