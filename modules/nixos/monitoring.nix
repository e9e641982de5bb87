# Monitoring on every host: the Prometheus node exporter, which the fleet's
# monitoring server scrapes over Tailscale, and the journal shipped to its
# Loki with Grafana Alloy (the log shipper Grafana maintains; Promtail reached
# its end of life on 2026-03-02). The server is the host whose fleet.toml
# workloads include `monitoring` (./monitoring-server.nix), its alerts are
# ./monitoring-alerts.nix, the facts about backups and snapshots that
# Prometheus and `panther health` read are ./monitoring-facts.nix, and the
# Datadog agent is ./datadog.nix.
#
# Nothing here opens a port: the firewall trusts the Tailscale interface
# (./network.nix), so the exporter is reachable from the tailnet only.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.panther.monitoring;
  inherit (config.panther) fleet;
  inherit (config.networking) hostName;

  # The hosts fleet.toml gives the `monitoring` workload (one at most).
  servers = lib.attrNames (
    lib.filterAttrs (_: host: lib.elem "monitoring" host.workloads) fleet.hosts
  );

  # MagicDNS: <host>.<tailnet>, or the bare name inside the tailnet.
  addressOf = name: if fleet.tailnet != null then "${name}.${fleet.tailnet}" else name;

  lokiPush =
    if cfg.server.address == null then
      null
    else
      "http://${cfg.server.address}:${toString cfg.server.ports.loki}/loki/api/v1/push";

  # Alloy's configuration language; lokiPush is only used when it is set.
  alloyConfig = ''
    // Written by PantherOS (modules/nixos/monitoring.nix): the journal of
    // ${hostName}, shipped to the fleet's Loki.
    loki.relabel "journal" {
      forward_to = []

      rule {
        source_labels = ["__journal__systemd_unit"]
        target_label  = "unit"
      }

      rule {
        source_labels = ["__journal_priority_keyword"]
        target_label  = "level"
      }
    }

    loki.source.journal "system" {
      max_age       = "12h"
      relabel_rules = loki.relabel.journal.rules
      forward_to    = [loki.write.fleet.receiver]
      labels        = {
        host  = "${hostName}",
        class = "${config.panther.host.class}",
        stage = "${config.panther.host.stage}",
      }
    }

    loki.write "fleet" {
      endpoint {
        url = "${toString lokiPush}"
      }
    }
  '';
in
{
  options.panther.monitoring = {
    enable = lib.mkEnableOption "monitoring on this host (node exporter, facts, log shipping)" // {
      default = true;
    };

    server = {
      host = mkOption {
        type = types.nullOr types.str;
        default = if servers == [ ] then null else builtins.head servers;
        defaultText = lib.literalMD "the host whose fleet.toml workloads include `monitoring`, or null";
        description = "The fleet's monitoring server (Prometheus, Loki, Grafana), by host name.";
      };
      address = mkOption {
        type = types.nullOr types.str;
        default = if cfg.server.host == null then null else addressOf cfg.server.host;
        defaultText = lib.literalMD "`<server>.<tailnet>` (MagicDNS)";
        description = "How the other hosts reach the monitoring server over Tailscale.";
      };
      ports = {
        prometheus = mkOption {
          type = types.port;
          default = 9090;
          description = "Port Prometheus listens on (over Tailscale only).";
        };
        alertmanager = mkOption {
          type = types.port;
          default = 9093;
          description = "Port Alertmanager listens on (localhost only).";
        };
        loki = mkOption {
          type = types.port;
          default = 3100;
          description = "Port Loki takes logs on (over Tailscale only).";
        };
        grafana = mkOption {
          type = types.port;
          default = 3000;
          description = "Port Grafana serves its dashboards on (over Tailscale only).";
        };
      };
    };

    nodeExporter.port = mkOption {
      type = types.port;
      default = 9100;
      description = "Port the Prometheus node exporter listens on (reached over Tailscale only).";
    };

    logs.enable = lib.mkEnableOption "shipping the journal to the fleet's Loki with Grafana Alloy" // {
      default = cfg.enable && cfg.server.address != null;
      defaultText = lib.literalMD "monitoring is on and the fleet has a monitoring server";
    };
  };

  config = lib.mkMerge [
    {
      assertions = [
        {
          assertion = lib.length servers <= 1;
          message = "fleet.toml gives the `monitoring` workload to ${lib.concatStringsSep ", " servers}. Fix: keep it on one host; every host ships its logs to that one.";
        }
      ];
    }

    (lib.mkIf cfg.enable {
      services.prometheus.exporters.node = {
        enable = true;
        inherit (cfg.nodeExporter) port;
        # Failed units for the FailedUnits alert; hwmon, thermal_zone,
        # powersupplyclass (battery), btrfs and filesystem are on by default.
        enabledCollectors = [ "systemd" ];
      };
    })

    (lib.mkIf (cfg.logs.enable && lokiPush != null) {
      services.alloy = {
        enable = true;
        extraFlags = [ "--disable-reporting" ];
      };
      environment.etc."alloy/config.alloy".text = alloyConfig;
    })
  ];
}
