# The Datadog agent, on every host that can get its API key: the key comes
# from 1Password (opnix) as a runtime file, the site is set once for the
# fleet, and fleet.toml's facts (fleet, class, stage, tags) become the host's
# tags. Live process collection and journal shipping cost CPU wake-ups and
# traffic, so they are off unless a profile turns them on (servers do;
# laptops keep their battery). The agent also reads the panther facts
# (./monitoring-facts.nix) from the local node exporter, so Datadog's
# monitors (lib/datadog-monitors.nix) see what Prometheus sees.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.panther.monitoring;
  dd = cfg.datadog;
  inherit (config.panther) host;

  # panther-facts' gauges, as Datadog metrics under the `panther.` namespace.
  factMetrics = [
    { panther_backup_age_seconds = "backup.age_seconds"; }
    { panther_backup_max_age_seconds = "backup.max_age_seconds"; }
    { panther_snapshot_age_seconds = "snapshot.age_seconds"; }
    { panther_snapshot_max_age_seconds = "snapshot.max_age_seconds"; }
    { panther_snapshot_timer_active = "snapshot.timer_active"; }
    { panther_btrfs_device_errors = "btrfs.device_errors"; }
    { panther_btrfs_scrub_errors = "btrfs.scrub_errors"; }
    { panther_btrfs_scrub_uncorrectable_errors = "btrfs.scrub_uncorrectable_errors"; }
    { panther_certificate_expires_in_seconds = "certificate.expires_in_seconds"; }
    { panther_systemd_failed_units = "systemd.failed_units"; }
  ];
in
{
  options.panther.monitoring.datadog = {
    enable = lib.mkEnableOption "the Datadog agent" // {
      default = config.panther.secrets.enable && dd.site != null;
      defaultText = lib.literalMD "1Password secrets are on and a site is set";
    };
    site = mkOption {
      type = types.nullOr types.str;
      default = "datadoghq.eu";
      example = "datadoghq.com";
      description = "Datadog site the agent reports to; null leaves the agent off.";
    };
    processes.enable = lib.mkEnableOption "live process collection (the process agent)";
    logs.enable = lib.mkEnableOption "shipping the systemd journal to Datadog";
  };

  config = lib.mkIf dd.enable {
    panther.secrets.wanted.datadogApiKey = {
      item = "datadog";
      field = "api-key";
      owner = "datadog";
      services = [ "datadog-agent" ] ++ lib.optional dd.processes.enable "datadog-process-agent";
    };

    services.datadog-agent = {
      enable = true;
      apiKeyFile = config.panther.secrets.paths.datadogApiKey;
      inherit (dd) site;
      hostname = config.networking.hostName;
      tags = [
        "fleet:${config.panther.fleet.name}"
        "class:${host.class}"
        "stage:${host.stage}"
        "optional:${lib.boolToString host.optional}"
      ]
      ++ host.tags;
      enableLiveProcessCollection = dd.processes.enable;
      extraConfig = lib.mkIf dd.logs.enable { logs_enabled = true; };
      checks = lib.mkMerge [
        (lib.mkIf dd.logs.enable {
          journald.logs = [
            {
              type = "journald";
              container_mode = false;
            }
          ];
        })
        # The node exporter serves panther-facts' textfile.
        (lib.mkIf (cfg.enable && cfg.facts.enable) {
          openmetrics = {
            init_config = { };
            instances = [
              {
                openmetrics_endpoint = "http://127.0.0.1:${toString cfg.nodeExporter.port}/metrics";
                namespace = "panther";
                metrics = factMetrics;
              }
            ];
          };
        })
      ];
    };

    # The journal is readable by the systemd-journal group.
    users.users = lib.mkIf dd.logs.enable { datadog.extraGroups = [ "systemd-journal" ]; };
  };
}
