# The alerts that matter to one person, and the one channel they reach:
# Prometheus evaluates ./monitoring/alerts.rules.yaml (a plain rule file,
# checked by promtool in the tests and again by nixpkgs' Prometheus module at
# build time), Alertmanager groups what fires, and alertmanager-ntfy turns it
# into an ntfy notification on the phone. docs/monitoring.md lists the alerts.
#
# The ntfy topic (on ntfy.sh the topic is the password) and an optional access
# token live in a 1Password document that alertmanager-ntfy merges into its
# settings at start (LoadCredential), so neither is in the store.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.panther.monitoring;
  srv = cfg.server;
  alerts = cfg.alerts;
  secrets = config.panther.secrets.paths;

  bridge = "127.0.0.1:${toString alerts.ntfy.bridgePort}";
in
{
  options.panther.monitoring.alerts = {
    enable = lib.mkEnableOption "the alert rules and their delivery on the monitoring server" // {
      default = srv.enable;
      defaultText = lib.literalExpression "config.panther.monitoring.server.enable";
    };
    ruleFiles = mkOption {
      type = types.listOf types.path;
      default = [ ./monitoring/alerts.rules.yaml ];
      description = "Prometheus rule files the server evaluates (add your own beside PantherOS's).";
    };
    ntfy = {
      url = mkOption {
        type = types.str;
        default = "https://ntfy.sh";
        example = "https://ntfy.example.org";
        description = "The ntfy server alerts go to (the topic comes from 1Password).";
      };
      bridgePort = mkOption {
        type = types.port;
        default = 8000;
        description = "Port alertmanager-ntfy takes Alertmanager's webhooks on (localhost only).";
      };
    };
    repeatInterval = mkOption {
      type = types.str;
      default = "12h";
      description = "How long Alertmanager waits before it repeats an alert that still fires.";
    };
  };

  config = lib.mkIf (srv.enable && alerts.enable) {
    panther.secrets.wanted.alertmanagerNtfy = {
      item = "ntfy";
      field = "alertmanager-ntfy.yml";
      kind = "file";
      services = [ "alertmanager-ntfy" ];
    };

    services.prometheus = {
      inherit (alerts) ruleFiles;
      alertmanagers = [
        {
          static_configs = [ { targets = [ "127.0.0.1:${toString srv.ports.alertmanager}" ]; } ];
        }
      ];

      alertmanager = {
        enable = true;
        listenAddress = "127.0.0.1";
        port = srv.ports.alertmanager;
        configuration = {
          route = {
            receiver = "ntfy";
            group_by = [
              "alertname"
              "host"
            ];
            group_wait = "1m";
            group_interval = "10m";
            repeat_interval = alerts.repeatInterval;
          };
          receivers = [
            {
              name = "ntfy";
              webhook_configs = [
                {
                  url = "http://${bridge}/hook";
                  send_resolved = true;
                }
              ];
            }
          ];
          # A host that is down fails its other checks too: say it once.
          inhibit_rules = [
            {
              source_matchers = [ "alertname = HostDown" ];
              target_matchers = [ "alertname != HostDown" ];
              equal = [ "host" ];
            }
          ];
        };
      };

      alertmanager-ntfy = {
        enable = true;
        settings = {
          http.addr = bridge;
          ntfy = {
            baseurl = alerts.ntfy.url;
            # The topic is a secret on public servers: it comes from the
            # 1Password document below.
            notification.topic = "";
          };
        };
        extraConfigFiles = [ secrets.alertmanagerNtfy ];
      };
    };
  };
}
