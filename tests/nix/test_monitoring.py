"""Monitoring: the alert rules, the dashboards and panther-facts, checked with the real tools.

promtool (Debian's `prometheus`) checks the rule file's PromQL, runs its unit tests
(alerts.test.yaml) and checks every dashboard query and the Prometheus configuration the
monitoring server gets; amtool (`prometheus-alertmanager`) checks the Alertmanager
configuration. panther-facts runs here with stand-in `btrfs` and `systemctl` commands, and
promtool checks its textfile output. Each test skips with the reason when its tool is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

from .tier import needs_tier, tier_json

MONITORING = REPO / "modules" / "nixos" / "monitoring"
RULES = MONITORING / "alerts.rules.yaml"
RULE_TESTS = MONITORING / "alerts.test.yaml"
DASHBOARDS = sorted((MONITORING / "dashboards").glob("*.json"))
FACTS = MONITORING / "panther-facts.sh"
EXAMPLE = REPO / "examples" / "fleet"

PROMTOOL = shutil.which("promtool")
AMTOOL = shutil.which("amtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool is not installed (apt-get install prometheus)"
)
needs_amtool = pytest.mark.skipif(
    AMTOOL is None, reason="amtool is not installed (apt-get install prometheus-alertmanager)"
)
needs_facts_tools = pytest.mark.skipif(
    not (shutil.which("jq") and shutil.which("openssl") and shutil.which("bash")),
    reason="panther-facts needs bash, jq and openssl",
)

SEVERITIES = {"critical", "warning"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )


def alerts() -> list[dict[str, Any]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


# --- the alert rules -------------------------------------------------------------------------


@needs_promtool
def test_promtool_accepts_the_rule_file() -> None:
    assert PROMTOOL is not None
    proc = run(PROMTOOL, "check", "rules", str(RULES))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in proc.stdout


@needs_promtool
def test_every_alert_fires_in_promtools_unit_tests() -> None:
    assert PROMTOOL is not None
    proc = run(PROMTOOL, "test", "rules", RULE_TESTS.name, cwd=MONITORING)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS" in proc.stdout


def test_every_alert_has_a_severity_a_summary_and_a_description() -> None:
    rules = alerts()
    assert len(rules) >= 15
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names)), names
    for rule in rules:
        assert rule.get("labels", {}).get("severity") in SEVERITIES, rule["alert"]
        annotations = rule.get("annotations", {})
        assert annotations.get("summary", "").strip(), rule["alert"]
        assert annotations.get("description", "").strip(), rule["alert"]


def test_the_unit_tests_cover_every_alert_firing_and_checking_its_annotations() -> None:
    tests = yaml.safe_load(RULE_TESTS.read_text())["tests"]
    fired: set[str] = set()
    for test in tests:
        for case in test["alert_rule_test"]:
            for expected in case["exp_alerts"]:
                assert expected["exp_labels"]["severity"] in SEVERITIES
                assert set(expected["exp_annotations"]) == {"summary", "description"}
                fired.add(case["alertname"])
    assert {rule["alert"] for rule in alerts()} == fired


def test_the_alerts_cover_what_the_issue_asks_for() -> None:
    exprs = {rule["alert"]: rule["expr"] for rule in alerts()}
    wanted = {
        "disk space": "node_filesystem_avail_bytes",
        "failed units": 'state="failed"',
        "btrfs device errors": "panther_btrfs_device_errors",
        "scrub failures": "panther_btrfs_scrub_errors",
        "backup age": "panther_backup_last_success_timestamp_seconds",
        "snapshot timer": "panther_snapshot_timer_active",
        "host down": 'up{job="node"',
        "certificate expiry": "panther_certificate_expiry_timestamp_seconds",
    }
    for what, needle in wanted.items():
        assert any(needle in expr for expr in exprs.values()), what


# --- the dashboards ----------------------------------------------------------------------------


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))
    return found


def test_dashboards_are_grafana_json_with_unique_ids_and_the_provisioned_data_sources() -> None:
    assert {d.name for d in DASHBOARDS} == {"fleet.json", "host.json", "laptop.json"}
    uids = set()
    for path in DASHBOARDS:
        dashboard = json.loads(path.read_text())
        assert dashboard["uid"] not in uids
        uids.add(dashboard["uid"])
        assert dashboard["title"] and dashboard["schemaVersion"] >= 36
        ids = [p["id"] for p in panels(dashboard)]
        assert len(ids) == len(set(ids)), path.name
        for panel in panels(dashboard):
            # The uids monitoring-server.nix provisions.
            assert panel["datasource"]["uid"] in {"prometheus", "loki"}, (path.name, panel["title"])
            assert panel["targets"], (path.name, panel["title"])
            grid = panel["gridPos"]
            assert grid["x"] + grid["w"] <= 24, (path.name, panel["title"])


def test_the_dashboards_show_what_the_issue_asks_for() -> None:
    def queries(name: str) -> str:
        dashboard = json.loads((MONITORING / "dashboards" / name).read_text())
        return "\n".join(t["expr"] for p in panels(dashboard) for t in p["targets"])

    assert "panther_backup_last_success_timestamp_seconds" in queries("fleet.json")
    host = queries("host.json")
    for needle in ("node_cpu_seconds_total", "node_memory_MemAvailable_bytes"):
        assert needle in host
    assert "node_filesystem_avail_bytes" in host and "panther_btrfs_device_errors" in host
    laptop = queries("laptop.json")
    assert "node_power_supply_capacity" in laptop and "node_hwmon_temp_celsius" in laptop
    assert "node_thermal_zone_temp" in laptop


@needs_promtool
def test_promtool_parses_every_dashboard_query(tmp_path: Path) -> None:
    """Each Prometheus query becomes a recording rule, so promtool checks its PromQL."""
    assert PROMTOOL is not None
    rules = []
    for path in DASHBOARDS:
        for panel in panels(json.loads(path.read_text())):
            if panel["datasource"]["type"] != "prometheus":
                continue
            for target in panel["targets"]:
                # Grafana's variables, as Grafana would fill them in.
                expr = target["expr"].replace("$__rate_interval", "5m").replace("$host", "web1")
                rules.append({"record": f"dashboard:{path.stem}:{len(rules)}", "expr": expr})
    file = tmp_path / "dashboards.rules.yaml"
    file.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    proc = run(PROMTOOL, "check", "rules", str(file))
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- the monitoring server's configuration, from the evaluation tier -------------------------


def without_nulls(value: Any) -> Any:
    """What nixpkgs' prometheus module writes: nulls (unset options) left out."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


@pytest.fixture(scope="module")
def server() -> dict[str, Any]:
    host: dict[str, Any] = tier_json(
        EXAMPLE,
        probes=[
            "services.prometheus",
            "services.grafana",
            "services.loki",
            "panther.monitoring",
            "panther.secrets.wanted",
            "services.restic.backups",
        ],
        select='.hosts."ovh-vps"',
    )
    return host


@needs_tier
@needs_promtool
def test_promtool_accepts_the_prometheus_configuration(
    server: dict[str, Any], tmp_path: Path
) -> None:
    assert PROMTOOL is not None
    prometheus = server["probes"]["services.prometheus"]
    assert prometheus["enable"] is True
    assert [Path(f).name for f in prometheus["ruleFiles"]] == ["alerts.rules.yaml"]
    config = without_nulls(
        {
            "global": prometheus["globalConfig"],
            "alerting": {"alertmanagers": prometheus["alertmanagers"]},
            "rule_files": prometheus["ruleFiles"],
            "scrape_configs": prometheus["scrapeConfigs"],
        }
    )
    file = tmp_path / "prometheus.yml"
    file.write_text(json.dumps(config))
    proc = run(PROMTOOL, "check", "config", str(file))
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_tier
def test_prometheus_scrapes_every_host_over_tailscale_with_its_fleet_labels(
    server: dict[str, Any],
) -> None:
    import tomllib

    fleet = tomllib.loads((EXAMPLE / "fleet.toml").read_text())
    tailnet = fleet["fleet"]["tailnet"]
    jobs = {
        job["job_name"]: job for job in server["probes"]["services.prometheus"]["scrapeConfigs"]
    }
    groups = {g["labels"]["host"]: g for g in jobs["node"]["static_configs"]}
    assert sorted(groups) == sorted(fleet["hosts"])
    for name, host in fleet["hosts"].items():
        assert groups[name]["targets"] == [f"{name}.{tailnet}:9100"]
        assert groups[name]["labels"]["class"] == host["class"]
        assert groups[name]["labels"]["stage"] == host["stage"]
        assert groups[name]["labels"]["optional"] == str(host.get("optional", False)).lower()


@needs_tier
@needs_amtool
def test_amtool_accepts_the_alertmanager_configuration(
    server: dict[str, Any], tmp_path: Path
) -> None:
    assert AMTOOL is not None
    alertmanager = server["probes"]["services.prometheus"]["alertmanager"]
    assert alertmanager["enable"] is True and alertmanager["listenAddress"] == "127.0.0.1"
    file = tmp_path / "alertmanager.yml"
    file.write_text(json.dumps(alertmanager["configuration"]))
    proc = run(AMTOOL, "check-config", str(file))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Every alert goes to the one channel: ntfy, through alertmanager-ntfy on localhost.
    (receiver,) = alertmanager["configuration"]["receivers"]
    bridge = server["probes"]["services.prometheus"]["alertmanager-ntfy"]
    assert (
        receiver["webhook_configs"][0]["url"] == f"http://{bridge['settings']['http']['addr']}/hook"
    )


@needs_tier
def test_no_secret_of_the_monitoring_server_is_in_the_store(server: dict[str, Any]) -> None:
    probes = server["probes"]
    security = probes["services.grafana"]["settings"]["security"]
    # Grafana's $__file{} provider reads both at start; 26.05 asserts a secret_key is set.
    assert re.fullmatch(
        r"\$__file\{/var/lib/opnix/secrets/grafanaAdminPassword\}", security["admin_password"]
    )
    assert re.fullmatch(
        r"\$__file\{/var/lib/opnix/secrets/grafanaSecretKey\}", security["secret_key"]
    )
    bridge = probes["services.prometheus"]["alertmanager-ntfy"]
    assert bridge["settings"]["ntfy"]["notification"]["topic"] == ""
    assert bridge["extraConfigFiles"] == ["/var/lib/opnix/secrets/alertmanagerNtfy"]
    wanted = probes["panther.secrets.wanted"]
    assert {"grafanaAdminPassword", "grafanaSecretKey", "alertmanagerNtfy"} <= set(wanted)
    # Metrics and logs are history: out of the backup.
    exclude = probes["services.restic.backups"]["b2"]["exclude"]
    assert "/var/lib/prometheus2" in exclude and "/var/lib/loki" in exclude


@needs_tier
def test_grafana_provisions_prometheus_and_loki_and_the_dashboards(server: dict[str, Any]) -> None:
    provision = server["probes"]["services.grafana"]["provision"]
    assert provision["enable"] is True
    sources = {s["uid"]: s for s in provision["datasources"]["settings"]["datasources"]}
    assert sources["prometheus"]["url"] == "http://127.0.0.1:9090"
    assert sources["prometheus"]["access"] == "proxy"  # upstream asserts: never direct
    assert sources["loki"]["url"] == "http://127.0.0.1:3100"
    (provider,) = provision["dashboards"]["settings"]["providers"]
    assert Path(provider["options"]["path"]).name == "dashboards"
    loki = server["probes"]["services.loki"]
    assert loki["configuration"]["limits_config"]["retention_period"] == "744h"
    assert loki["configFile"] is None  # exactly one of the two (upstream assertion)


# --- every host: exporter, log shipping, Datadog --------------------------------------------


@pytest.fixture(scope="module")
def fleet_hosts() -> dict[str, Any]:
    hosts: dict[str, Any] = tier_json(
        EXAMPLE,
        probes=[
            "panther.host",
            "panther.monitoring",
            "services.prometheus.exporters.node",
            "services.prometheus.enable",
            "services.alloy",
            "environment.etc",
            "services.datadog-agent",
            "systemd.services",
            "users.users",
        ],
    )
    return hosts


@needs_tier
def test_every_host_runs_the_node_exporter_and_ships_its_journal_to_the_one_server(
    fleet_hosts: dict[str, Any],
) -> None:
    servers = [n for n, h in fleet_hosts.items() if h["probes"]["services.prometheus.enable"]]
    assert servers == ["ovh-vps"]
    for name, host in fleet_hosts.items():
        probes = host["probes"]
        exporter = probes["services.prometheus.exporters.node"]
        assert exporter["enable"] is True and exporter["openFirewall"] is False, name
        assert "systemd" in exporter["enabledCollectors"]
        assert "--collector.textfile.directory=/var/lib/panther/textfile" in exporter["extraFlags"]
        assert probes["services.alloy"]["enable"] is True, name
        alloy = probes["environment.etc"]["alloy/config.alloy"]["text"]
        assert "http://ovh-vps.panther-example.ts.net:3100/loki/api/v1/push" in alloy
        assert f'host  = "{name}"' in alloy


@needs_tier
def test_datadog_runs_everywhere_with_fleet_tags_and_spares_the_laptops_battery(
    fleet_hosts: dict[str, Any],
) -> None:
    for name, host in fleet_hosts.items():
        probes = host["probes"]
        meta = probes["panther.host"]
        agent = probes["services.datadog-agent"]
        assert agent["enable"] is True, name
        assert agent["apiKeyFile"] == "/var/lib/opnix/secrets/datadogApiKey"
        assert agent["site"] == "datadoghq.eu"
        assert {f"class:{meta['class']}", f"stage:{meta['stage']}"} <= set(agent["tags"])
        # The panther facts reach Datadog through the local node exporter.
        assert agent["checks"]["openmetrics"]["instances"][0]["namespace"] == "panther"
        heavy = meta["class"] != "laptop"
        assert agent["enableLiveProcessCollection"] is heavy, name
        assert ("journald" in agent["checks"]) is heavy, name
        if heavy:
            assert "systemd-journal" in probes["users.users"]["datadog"]["extraGroups"]


@needs_tier
def test_panther_facts_runs_on_every_host_with_the_hosts_own_settings(
    fleet_hosts: dict[str, Any],
) -> None:
    for name, host in fleet_hosts.items():
        unit = host["probes"]["systemd.services"]["panther-facts"]
        env = unit["environment"]
        assert env["PANTHER_FACTS_HOST"] == name
        assert env["PANTHER_FACTS_JSON"] == "/var/lib/panther/facts.json"
        assert env["PANTHER_BACKUP_STATE"] == "/var/lib/panther/backup/state.json"
        assert "root=/" in env["PANTHER_SNAPSHOT_PATHS"].split()
        assert env["PANTHER_SNAPSHOT_TIMER"] == "snapper-timeline.timer"
        assert "/" in env["PANTHER_BTRFS_MOUNTS"].split()
        assert unit["startAt"] == ["*:0/15"]
        # The backup's age is checked right after each backup, which refreshes the fact.
        backup = host["probes"]["systemd.services"]["restic-backups-b2"]
        assert backup["onSuccess"] == ["panther-backup-age.service"]
        interval = "3" if host["probes"]["panther.host"]["class"] == "laptop" else "36"
        assert env["PANTHER_SNAPSHOT_MAX_AGE_SECONDS"] == str(int(interval) * 3600)


@needs_tier
def test_a_second_monitoring_host_is_refused() -> None:
    hosts = tier_json(
        EXAMPLE,
        extra_modules=[
            '{ panther.fleet.hosts.hetzner-vps.workloads = [ "monitoring" ]; }',
        ],
        select='.hosts."yoga".failedAssertions',
    )
    assert any("monitoring" in message and "one host" in message for message in hosts)


# --- panther-facts ---------------------------------------------------------------------------

SHELLCHECK = shutil.which("shellcheck")


@pytest.mark.skipif(SHELLCHECK is None, reason="shellcheck is not installed")
def test_shellcheck_accepts_panther_facts() -> None:
    """writeShellApplication runs shellcheck when the host is built; it must pass here first."""
    assert SHELLCHECK is not None
    proc = run(SHELLCHECK, "--shell=bash", str(FACTS))
    assert proc.returncode == 0, proc.stdout + proc.stderr


BTRFS_STUB = """#!/bin/sh
case "$1 $2" in
  "device stats")
    printf '[/dev/vda2].write_io_errs    0\\n[/dev/vda2].read_io_errs     0\\n'
    printf '[/dev/vda2].corruption_errs  %s\\n' "${STUB_CORRUPTION:-0}" ;;
  "scrub status")
    printf 'UUID:             0b5a\\nScrub started:    Mon Aug 17 03:00:01 2026\\n'
    printf 'Status:           finished\\n\\tread_errors: 0\\n\\tcsum_errors: 2\\n'
    printf '\\tverify_errors: 0\\n\\tsuper_errors: 0\\n\\tuncorrectable_errors: 1\\n' ;;
esac
"""

SYSTEMCTL_STUB = """#!/bin/sh
case "$1" in
  is-active) [ "$3" = snapper-timeline.timer ] && [ -z "$STUB_TIMER_STOPPED" ] ;;
  list-units) echo "atticd.service loaded failed failed Attic" ;;
esac
"""

INFO_XML = """<?xml version="1.0"?>
<snapshot>
  <type>single</type>
  <num>{num}</num>
  <date>{date}</date>
  <description>timeline</description>
</snapshot>
"""

NOW = 1787400000  # 2026-08-22 12:00:00 UTC


@pytest.fixture
def facts_env(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in {"btrfs": BTRFS_STUB, "systemctl": SYSTEMCTL_STUB}.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    for num, date in ((7, "2026-08-21 09:00:00"), (12, "2026-08-22 10:00:00")):
        snapshot = tmp_path / "root" / ".snapshots" / str(num)
        snapshot.mkdir(parents=True)
        (snapshot / "info.xml").write_text(INFO_XML.format(num=num, date=date))
    (tmp_path / "home").mkdir()
    (tmp_path / "backup.json").write_text(
        json.dumps({"newest_snapshot": NOW - 7200, "checked_at": NOW - 3600})
    )
    certs = tmp_path / "acme" / "example.org"
    certs.mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10", "-subj",
         "/CN=example.org", "-keyout", str(certs / "key.pem"), "-out", str(certs / "cert.pem")],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PANTHER_FACTS_HOST": "web1",
        "PANTHER_FACTS_JSON": str(tmp_path / "out" / "facts.json"),
        "PANTHER_FACTS_PROM": str(tmp_path / "out" / "textfile" / "panther.prom"),
        "PANTHER_BACKUP_STATE": str(tmp_path / "backup.json"),
        "PANTHER_BACKUP_MAX_AGE_SECONDS": "129600",
        "PANTHER_SNAPSHOT_PATHS": f"root={tmp_path / 'root'} home={tmp_path / 'home'}",
        "PANTHER_SNAPSHOT_MAX_AGE_SECONDS": "10800",
        "PANTHER_SNAPSHOT_TIMER": "snapper-timeline.timer",
        "PANTHER_BTRFS_MOUNTS": "/",
        "PANTHER_CERTIFICATES": f"{tmp_path}/acme/*/cert.pem /nonexistent/*/cert.pem",
        "PANTHER_FACTS_NOW": str(NOW),
    }


def run_facts(env: dict[str, str]) -> tuple[dict[str, Any], str]:
    proc = subprocess.run(
        ["bash", str(FACTS)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    out = Path(env["PANTHER_FACTS_JSON"]).parent
    assert not list(out.rglob("*.tmp"))  # both written atomically
    return json.loads(Path(env["PANTHER_FACTS_JSON"]).read_text()), Path(
        env["PANTHER_FACTS_PROM"]
    ).read_text()


def sample(prom: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    line = f"{name}{{{want}}} " if labels else f"{name} "
    (value,) = [ln[len(line) :] for ln in prom.splitlines() if ln.startswith(line)]
    return float(value)


@needs_facts_tools
def test_panther_facts_writes_the_same_facts_as_json_and_as_metrics(
    facts_env: dict[str, str],
) -> None:
    facts, prom = run_facts(facts_env)
    assert facts["schema"] == 1 and facts["host"] == "web1" and facts["generated_at"] == NOW
    assert facts["backup"] == {
        "enabled": True,
        "last_success": NOW - 7200,
        "age_seconds": 7200,
        "max_age_seconds": 129600,
        "checked_at": NOW - 3600,
    }
    root = facts["snapshots"]["configs"]["root"]
    assert root["last"] == 1787392800 and root["age_seconds"] == 7200 and root["count"] == 2
    assert facts["snapshots"]["configs"]["home"]["last"] is None
    assert facts["snapshots"]["timer_active"] is True
    (fs,) = facts["btrfs"]
    assert fs["mount"] == "/" and fs["device_errors"] == 0
    assert fs["scrub"] == {"last": fs["scrub"]["last"], "status": "finished", "errors": 2,
                           "uncorrectable_errors": 1}  # fmt: skip
    (cert,) = facts["certificates"]
    assert cert["path"].endswith("acme/example.org/cert.pem")
    assert facts["failed_units"] == ["atticd.service"]

    assert sample(prom, "panther_backup_last_success_timestamp_seconds") == NOW - 7200
    assert sample(prom, "panther_backup_max_age_seconds") == 129600
    assert sample(prom, "panther_snapshot_last_timestamp_seconds", config="root") == root["last"]
    assert sample(prom, "panther_snapshot_timer_active") == 1
    assert sample(prom, "panther_btrfs_scrub_errors", mount="/") == 2
    assert sample(prom, "panther_btrfs_scrub_uncorrectable_errors", mount="/") == 1
    assert (
        sample(prom, "panther_certificate_expiry_timestamp_seconds", path=cert["path"])
        == (cert["not_after"])
    )
    assert sample(prom, "panther_systemd_failed_units") == 1
    assert sample(prom, "panther_facts_generated_timestamp_seconds") == NOW


@needs_facts_tools
@needs_promtool
def test_promtool_accepts_panther_facts_textfile(facts_env: dict[str, str]) -> None:
    assert PROMTOOL is not None
    facts_env["STUB_CORRUPTION"] = "3"
    facts_env["STUB_TIMER_STOPPED"] = "1"
    _, prom = run_facts(facts_env)
    assert sample(prom, "panther_btrfs_device_errors", mount="/", device="/dev/vda2",
                  type="corruption_errs") == 3  # fmt: skip
    assert sample(prom, "panther_snapshot_timer_active") == 0
    proc = subprocess.run(
        [PROMTOOL, "check", "metrics"], input=prom, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_facts_tools
def test_panther_facts_on_a_host_without_backups_or_snapshots(facts_env: dict[str, str]) -> None:
    for key in ("PANTHER_BACKUP_STATE", "PANTHER_SNAPSHOT_PATHS", "PANTHER_BTRFS_MOUNTS"):
        facts_env[key] = ""
    facts, prom = run_facts(facts_env)
    assert facts["backup"] == {"enabled": False}
    assert facts["snapshots"] == {"enabled": False}
    assert facts["btrfs"] == []
    assert sample(prom, "panther_backup_enabled") == 0


@needs_facts_tools
def test_panther_facts_before_the_first_backup_check(facts_env: dict[str, str]) -> None:
    Path(facts_env["PANTHER_BACKUP_STATE"]).unlink()
    facts, prom = run_facts(facts_env)
    assert facts["backup"]["enabled"] is True and facts["backup"]["last_success"] is None
    assert "panther_backup_last_success_timestamp_seconds" not in prom  # BackupMissing's case
    assert sample(prom, "panther_backup_enabled") == 1


# --- Datadog monitors (lib/datadog-monitors.nix, builtins only) ------------------------------

# Datadog's "Create a monitor" API (POST /api/v1/monitor, docs.datadoghq.com/api/latest/monitors):
# the request body fields PantherOS fills in, and the monitor types it uses.
MONITOR_FIELDS = {"name", "type", "query", "message", "tags", "priority", "options"}
MONITOR_TYPES = {"query alert", "service check"}


def datadog_monitors(**args: str) -> list[dict[str, Any]]:
    from .nixeval import nix_json

    given = " ".join(f'{k} = "{v}";' for k, v in args.items())
    monitors: list[dict[str, Any]] = nix_json(
        f"import {REPO / 'lib' / 'datadog-monitors.nix'} {{ {given} }}"
    )
    return monitors


def test_datadog_monitors_are_api_request_bodies_scoped_to_the_fleet() -> None:
    monitors = datadog_monitors(fleet="example", channel="@webhook-ntfy")
    assert len(monitors) >= 9
    names = [m["name"] for m in monitors]
    assert len(set(names)) == len(names)
    for m in monitors:
        assert set(m) == MONITOR_FIELDS, m["name"]
        assert m["name"].startswith("[PantherOS] ")
        assert m["type"] in MONITOR_TYPES
        assert m["message"].endswith(" @webhook-ntfy")
        assert {"managed-by:pantheros", "fleet:example"} <= set(m["tags"])
        assert "fleet:example" in m["query"]
        critical = m["options"]["thresholds"]["critical"]
        if m["type"] == "query alert":
            # Datadog requires the query's threshold to be the critical one.
            match = re.search(r"([<>]) (\S+)$", m["query"])
            assert match and float(match.group(2)) == critical, m["name"]


def test_datadog_monitors_follow_the_channel() -> None:
    monitors = datadog_monitors(channel="@alex@example.org")
    assert all(m["message"].endswith(" @alex@example.org") for m in monitors)
    assert all("fleet:pantheros" in m["tags"] for m in monitors)


@needs_tier
def test_every_panther_metric_a_monitor_reads_is_sent_by_the_agent(
    fleet_hosts: dict[str, Any],
) -> None:
    agent = fleet_hosts["ovh-vps"]["probes"]["services.datadog-agent"]
    (instance,) = agent["checks"]["openmetrics"]["instances"]
    sent = {f"panther.{name}" for metric in instance["metrics"] for name in metric.values()}
    read = {
        name for m in datadog_monitors() for name in re.findall(r"panther\.[a-z_.]+", m["query"])
    }
    assert read and read <= sent, read - sent
