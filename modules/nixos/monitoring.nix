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
    panther.secrets.wanted.datadogApiKey = {
      item = "datadog";
      field = "api-key";
      owner = "datadog";
      services = [ "datadog-agent" ];
    };

    services.datadog-agent = {
      enable = true;
      apiKeyFile = config.panther.secrets.paths.datadogApiKey;
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
