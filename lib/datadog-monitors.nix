# The alerts of modules/nixos/monitoring/alerts.rules.yaml as Datadog
# monitors, for a fleet that watches from Datadog instead of (or besides) its
# own Prometheus. Each is a request body of Datadog's "Create a monitor" API
# (POST /api/v1/monitor: name, type, query, message, tags, options; see
# docs/monitoring.md). Datadog monitors live in the Datadog account, not on
# a host, so nothing applies them at switch time:
#
#   nix eval --json .#lib.datadogMonitors --apply 'f: f { fleet = "example"; }' \
#     | jq -c '.[]' | while read -r m; do
#     curl -fsS -X POST "https://api.datadoghq.eu/api/v1/monitor" \
#       -H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY" \
#       -H "Content-Type: application/json" -d "$m"
#   done
#
# The agent (modules/nixos/datadog.nix) tags every host with fleet, class,
# stage and optional, and sends panther-facts' metrics as panther.*.
# `channel` is who is told: "@webhook-ntfy" for a webhook integration named
# ntfy (the same ntfy topic Alertmanager uses), or "@you@example.org".
#
# Builtins only: tests/nix/test_monitoring.py evaluates it with
# nix-instantiate.
{
  channel ? "@webhook-ntfy",
  fleet ? "pantheros",
}:
let
  scope = "fleet:${fleet}";

  monitor =
    {
      name,
      type ? "query alert",
      query,
      summary,
      critical,
      warning ? null,
      severity ? "critical",
      noData ? false,
    }:
    {
      name = "[PantherOS] ${name}";
      inherit type query;
      message = "{{#is_alert}}${summary}{{/is_alert}}{{#is_recovery}}Resolved: ${summary}{{/is_recovery}} ${channel}";
      tags = [
        "managed-by:pantheros"
        scope
        "severity:${severity}"
      ];
      priority = if severity == "critical" then 1 else 3;
      options = {
        thresholds = {
          inherit critical;
        }
        // (if warning == null then { } else { inherit warning; });
        notify_no_data = noData;
        include_tags = true;
        renotify_interval = 720;
      };
    };
in
[
  (monitor {
    name = "Host down";
    type = "service check";
    # Laptops (optional:true) sleep.
    query = ''"datadog.agent.up".over("${scope}","optional:false").by("host").last(2).count_by_status()'';
    summary = "{{host.name}} is down";
    critical = 1;
    noData = true;
  })
  (monitor {
    name = "Disk space low";
    query = "avg(last_15m):max:system.disk.in_use{${scope},!device:tmpfs} by {host,device} > 0.95";
    summary = "{{host.name}}: {{device.name}} is almost full";
    critical = 0.95;
    warning = 0.9;
  })
  (monitor {
    name = "Failed units";
    query = "max(last_10m):max:panther.systemd.failed_units{${scope}} by {host} > 0";
    summary = "{{host.name}} has failed systemd units";
    critical = 0;
    severity = "warning";
  })
  (monitor {
    name = "Btrfs device errors";
    query = "max(last_10m):max:panther.btrfs.device_errors{${scope}} by {host,device,type} > 0";
    summary = "{{host.name}}: Btrfs errors on {{device.name}}";
    critical = 0;
  })
  (monitor {
    name = "Btrfs scrub errors";
    query = "max(last_10m):max:panther.btrfs.scrub_errors{${scope}} by {host,mount} + max:panther.btrfs.scrub_uncorrectable_errors{${scope}} by {host,mount} > 0";
    summary = "{{host.name}}: the last scrub of {{mount.name}} found errors";
    critical = 0;
  })
  (monitor {
    name = "Backup too old";
    query = "max(last_30m):max:panther.backup.age_seconds{${scope}} by {host} - max:panther.backup.max_age_seconds{${scope}} by {host} > 0";
    summary = "{{host.name}}'s newest backup is too old";
    critical = 0;
  })
  (monitor {
    name = "Snapshot too old";
    query = "max(last_30m):max:panther.snapshot.age_seconds{${scope}} by {host} - max:panther.snapshot.max_age_seconds{${scope}} by {host} > 0";
    summary = "{{host.name}}'s newest snapshot is too old";
    critical = 0;
    severity = "warning";
  })
  (monitor {
    name = "Snapshot timer not running";
    query = "max(last_30m):max:panther.snapshot.timer_active{${scope}} by {host} < 1";
    summary = "{{host.name}} takes no snapshots";
    critical = 1;
  })
  (monitor {
    name = "Certificate expires soon";
    query = "min(last_1h):min:panther.certificate.expires_in_seconds{${scope}} by {host,path} < 259200";
    summary = "{{host.name}}: {{path.name}} expires soon";
    critical = 259200;
    warning = 1209600;
  })
]
