# The fleet's monitoring server, on the host whose fleet.toml workloads
# include `monitoring`: Prometheus scrapes every host's node exporter over
# Tailscale, Loki takes the logs every host's Alloy ships, and Grafana shows
# both with provisioned data sources and dashboards (./monitoring/dashboards).
# The alert rules and their delivery are ./monitoring-alerts.nix.
#
# Everything listens on the tailnet only: the firewall trusts tailscale0 and
# opens nothing for these ports. Grafana's admin password and secret key come
# from 1Password (opnix) through Grafana's $__file{} provider, so neither is in
# the store. The storage plan gives /var/lib/prometheus2 and /var/lib/loki
# subvolumes of their own (out of root snapshots); they stay out of the
# restic backups too (metrics and logs are history, not state to restore).
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.panther.monitoring;
  srv = cfg.server;
  secrets = config.panther.secrets.paths;
  inherit (config.panther) fleet;
  inherit (config.networking) hostName;

  addressOf = name: if fleet.tailnet != null then "${name}.${fleet.tailnet}" else name;

  # Every host of the fleet as a scrape target, labelled with its facts from
  # fleet.toml. `optional` hosts (laptops) may sleep: HostDown leaves them out.
  nodeTargets = lib.mapAttrsToList (name: host: {
    targets = [ "${addressOf name}:${toString cfg.nodeExporter.port}" ];
    labels = {
      host = name;
      inherit (host) class stage;
      optional = lib.boolToString host.optional;
    };
  }) fleet.hosts;

  localTarget = job: port: {
    job_name = job;
    static_configs = [
      {
        targets = [ "127.0.0.1:${toString port}" ];
        labels.host = hostName;
      }
    ];
  };

  lokiDir = "/var/lib/loki";
in
{
  options.panther.monitoring.server = {
    enable = lib.mkEnableOption "the fleet's monitoring server (Prometheus, Loki, Grafana) on this host" // {
      default = lib.elem "monitoring" config.panther.host.workloads;
      defaultText = lib.literalMD "`monitoring` is in the host's workloads";
    };
    retention = mkOption {
      type = types.str;
      default = "90d";
      description = "How long Prometheus keeps samples (its --storage.tsdb.retention.time).";
    };
    logRetentionDays = mkOption {
      type = types.ints.positive;
      default = 31;
      description = "How many days Loki keeps logs (its compactor deletes older chunks).";
    };
    scrapeInterval = mkOption {
      type = types.str;
      default = "1m";
      description = "How often Prometheus scrapes every host and evaluates the alert rules.";
    };
  };

  config = lib.mkIf srv.enable {
    panther.secrets.wanted = {
      grafanaAdminPassword = {
        item = "grafana";
        field = "admin-password";
        owner = "grafana";
        services = [ "grafana" ];
      };
      grafanaSecretKey = {
        item = "grafana";
        field = "secret-key";
        owner = "grafana";
        services = [ "grafana" ];
      };
    };

    services.prometheus = {
      enable = true;
      port = srv.ports.prometheus;
      retentionTime = srv.retention;
      globalConfig = {
        scrape_interval = srv.scrapeInterval;
        evaluation_interval = srv.scrapeInterval;
        external_labels.fleet = fleet.name;
      };
      scrapeConfigs = [
        {
          job_name = "node";
          static_configs = nodeTargets;
        }
        (localTarget "prometheus" srv.ports.prometheus)
        (localTarget "loki" srv.ports.loki)
      ];
    };

    services.loki = {
      enable = true;
      dataDir = lokiDir;
      configuration = {
        auth_enabled = false;
        server = {
          http_listen_port = srv.ports.loki;
          grpc_listen_port = 9095;
          log_level = "warn";
        };
        common = {
          path_prefix = lokiDir;
          replication_factor = 1;
          ring.kvstore.store = "inmemory";
          storage.filesystem = {
            chunks_directory = "${lokiDir}/chunks";
            rules_directory = "${lokiDir}/rules";
          };
        };
        schema_config.configs = [
          {
            from = "2026-01-01";
            store = "tsdb";
            object_store = "filesystem";
            schema = "v13";
            index = {
              prefix = "index_";
              period = "24h";
            };
          }
        ];
        limits_config.retention_period = "${toString (srv.logRetentionDays * 24)}h";
        compactor = {
          working_directory = "${lokiDir}/compactor";
          retention_enabled = true;
          delete_request_store = "filesystem";
        };
        analytics.reporting_enabled = false;
      };
    };

    services.grafana = {
      enable = true;
      settings = {
        server = {
          # Reached over Tailscale only (the firewall opens nothing for it).
          http_addr = "0.0.0.0";
          http_port = srv.ports.grafana;
          domain = addressOf hostName;
        };
        security = {
          admin_user = "admin";
          admin_password = "$__file{${secrets.grafanaAdminPassword}}";
          secret_key = "$__file{${secrets.grafanaSecretKey}}";
        };
        users.allow_sign_up = false;
        analytics.reporting_enabled = false;
      };
      provision = {
        enable = true;
        datasources.settings = {
          apiVersion = 1;
          datasources = [
            {
              name = "Prometheus";
              type = "prometheus";
              uid = "prometheus";
              url = "http://127.0.0.1:${toString srv.ports.prometheus}";
              isDefault = true;
            }
            {
              name = "Loki";
              type = "loki";
              uid = "loki";
              url = "http://127.0.0.1:${toString srv.ports.loki}";
            }
          ];
        };
        dashboards.settings = {
          apiVersion = 1;
          providers = [
            {
              name = "PantherOS";
              folder = "PantherOS";
              options.path = ./monitoring/dashboards;
            }
          ];
        };
      };
    };

    # Metrics and logs are history, not state: keep them out of the backup.
    services.restic.backups = lib.mkIf config.panther.backup.enable {
      b2.exclude = [
        "/var/lib/prometheus2"
        lokiDir
      ];
    };
  };
}
