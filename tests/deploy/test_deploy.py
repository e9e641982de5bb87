"""`panther deploy` against simulated hosts: real sshd, real Nix stores, real profiles.

Each scenario starts its own hosts (tests/harness/sim.py); only systemd and
switch-to-configuration are stand-ins. The assertions look at the hosts themselves (what runs,
what the profile points at) as well as at what panther reports and records.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.harness import sim
from tests.harness.sim import SimFleet, build_system, sim_fleet

pytestmark = pytest.mark.skipif(sim.available() is not None, reason=sim.available() or "")


def panther(fleet: SimFleet, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pantheros", *args, "--fleet", str(fleet.root)],
        env={**os.environ, **fleet.env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def deploy_json(fleet: SimFleet, *args: str) -> tuple[int, dict[str, Any], list[dict[str, Any]]]:
    done = panther(fleet, "deploy", *args, "--json")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert lines, done.stderr
    events, result = lines[:-1], lines[-1]
    assert "waves" in result, done.stdout[-2000:] + done.stderr[-2000:]
    return done.returncode, result, events


def outcomes(result: dict[str, Any]) -> dict[str, str]:
    return {h["host"]: h["outcome"] for w in result["waves"] for h in w["hosts"]}


def ledger(fleet: SimFleet) -> list[dict[str, Any]]:
    path = fleet.root / ".panther" / "ledger.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


# --- the happy path ------------------------------------------------------------------------------


def test_two_waves_deploy_and_are_recorded() -> None:
    with sim_fleet(["web1", "web2", "db1"], specs={"db1": {"stage": "production"}}) as fleet:
        before = {n: h.current() for n, h in fleet.hosts.items()}
        code, result, events = deploy_json(fleet, "--all")
        assert code == 0, result
        assert outcomes(result) == {"web1": "deployed", "web2": "deployed", "db1": "deployed"}
        assert [w["stage"] for w in result["waves"]] == ["staging", "production"]
        for name, host in fleet.hosts.items():
            assert host.current() == fleet.desired(name) != before[name]
            assert host.profile() == fleet.desired(name)
            assert host.generations() == 2
        # The production wave started after staging ended.
        kinds = [(e["event"], e.get("stage")) for e in events if e["event"].startswith("wave")]
        assert kinds == [
            ("wave-start", "staging"),
            ("wave-end", "staging"),
            ("wave-start", "production"),
            ("wave-end", "production"),
        ]
        [record] = ledger(fleet)
        assert record["outcome"] == "ok" and record["kind"] == "deploy"
        assert set(record["waves"][0]["hosts"][0]["phases"][0]) >= {"phase", "ok", "seconds"}
        history = json.loads(panther(fleet, "history", "--json").stdout)
        assert history["entries"][0]["hosts"] == {
            "web1": "deployed",
            "web2": "deployed",
            "db1": "deployed",
        }
        # Every phase of every host logged what it ran.
        log = Path(result["waves"][0]["hosts"][0]["log"]).read_text()
        assert "--- copy: nix" in log and "--- confirm: ssh" in log


def test_no_target_means_nothing_not_everything() -> None:
    with sim_fleet(["web1"]) as fleet:
        done = panther(fleet, "deploy")
        assert done.returncode == 2
        assert "--all" in done.stderr
        assert ledger(fleet) == []


def test_dry_run_prints_the_commands_and_touches_nothing() -> None:
    with sim_fleet(["web1", "db1"], specs={"db1": {"stage": "production"}}) as fleet:
        before = {n: h.current() for n, h in fleet.hosts.items()}
        done = panther(fleet, "deploy", "--all", "--dry-run", "--json")
        assert done.returncode == 0, done.stderr
        planned = json.loads(done.stdout)
        assert [w["stage"] for w in planned["waves"]] == ["staging", "production"]
        steps = {s["phase"] for s in planned["waves"][0]["hosts"][0]["steps"]}
        assert steps == {"reach", "eval", "build", "copy", "activate", "health", "confirm"}
        copy = next(s for s in planned["waves"][0]["hosts"][0]["steps"] if s["phase"] == "copy")
        assert copy["command"].startswith("nix --extra-experimental-features")
        assert "copy --no-check-sigs --to ssh-ng://root@127.0.0.1" in copy["command"]
        assert {n: h.current() for n, h in fleet.hosts.items()} == before
        assert ledger(fleet) == []


def test_a_system_built_elsewhere() -> None:
    with sim_fleet(["web1"]) as fleet:
        built = build_system("web1", version="ci-7")
        code, result, _ = deploy_json(fleet, "web1", "--system", f"web1={built}")
        assert code == 0, result
        phases = [p["phase"] for p in result["waves"][0]["hosts"][0]["phases"]]
        assert "eval" not in phases and "build" not in phases
        assert fleet.hosts["web1"].current() == built


# --- failures roll back ---------------------------------------------------------------------------


def test_failed_health_rolls_back_and_stops_the_rollout() -> None:
    specs = {
        "web1": {"health": {"units": ["db.service"]}},
        "db1": {"stage": "production"},
    }
    with sim_fleet(["web1", "db1"], specs=specs, initial={
        "web1": {"version": "0", "units": ["sshd.service", "db.service"]}
    }) as fleet:  # fmt: skip
        old = {n: h.current() for n, h in fleet.hosts.items()}
        # The new system of web1 no longer starts db.service: its health check fails.
        fleet.write_systems({"web1": {"version": "1"}, "db1": {"version": "1"}})
        code, result, events = deploy_json(fleet, "--all")
        assert code == 1
        assert outcomes(result) == {"web1": "rolled-back", "db1": "not-started"}
        host = result["waves"][0]["hosts"][0]
        assert "db.service is not active" in host["detail"]
        assert fleet.hosts["web1"].current() == old["web1"]
        assert fleet.hosts["web1"].profile() == old["web1"]
        assert fleet.hosts["db1"].current() == old["db1"]  # the second wave never ran
        assert any(e["event"] == "rollback" and e["host"] == "web1" for e in events)
        assert ledger(fleet)[-1]["outcome"] == "failed"


def test_failed_activation_rolls_back() -> None:
    with sim_fleet(["web1"]) as fleet:
        old = fleet.hosts["web1"].current()
        fleet.write_systems({"web1": {"version": "1", "exitCode": 1}})
        code, result, _ = deploy_json(fleet, "web1")
        assert code == 1
        assert outcomes(result) == {"web1": "rolled-back"}
        assert "activation failed (exit 1)" in result["waves"][0]["hosts"][0]["detail"]
        assert fleet.hosts["web1"].current() == old
        assert fleet.hosts["web1"].profile() == old


def test_a_failed_unit_is_named_and_rolled_back() -> None:
    with sim_fleet(["web1"]) as fleet:
        old = fleet.hosts["web1"].current()
        fleet.write_systems({"web1": {"version": "1", "failUnit": "app.service"}})
        code, result, _ = deploy_json(fleet, "web1")
        assert code == 1
        assert outcomes(result) == {"web1": "rolled-back"}
        # switch-to-configuration exits 4 when a unit failed, as the real one does.
        assert "exit 4" in result["waves"][0]["hosts"][0]["detail"]
        assert fleet.hosts["web1"].current() == old
        assert fleet.hosts["web1"].sh("systemctl is-system-running", check=False) == "running"


def test_a_dropped_link_during_activation_is_rolled_back_by_the_watchdog() -> None:
    with sim_fleet(["web1"]) as fleet:
        host = fleet.hosts["web1"]
        old = host.current()
        fleet.write_systems({"web1": {"version": "1", "sleep": 3}})
        outcome: dict[str, Any] = {}

        def run() -> None:
            outcome["result"] = deploy_json(fleet, "web1", "--confirm-within", "8")

        thread = threading.Thread(target=run)
        thread.start()
        # Wait until the activation unit runs on the host, then cut the link.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if host.sh("ls /run/panther-sim/units/ | grep -c '^panther-switch' || true") != "0":
                break
            time.sleep(0.1)
        host.drop()
        thread.join(timeout=120)
        code, result, _ = outcome["result"]
        assert code == 1
        assert outcomes(result) == {"web1": "failed"}
        assert "watchdog" in result["waves"][0]["hosts"][0]["detail"]
        time.sleep(10)  # past the watchdog's deadline
        host.restore()
        assert host.current() == old
        assert host.profile() == old


# --- reachability and host keys ---------------------------------------------------------------


def test_an_optional_host_that_sleeps_is_skipped_a_required_one_fails() -> None:
    specs = {"laptop": {"optional": True}, "web1": {}}
    with sim_fleet(["laptop", "web1"], specs=specs) as fleet:
        fleet.hosts["laptop"].drop()
        code, result, _ = deploy_json(fleet, "--all")
        assert code == 0, result
        assert outcomes(result) == {"laptop": "skipped", "web1": "deployed"}
        fleet.hosts["web1"].drop()
        code, result, _ = deploy_json(fleet, "--all")
        assert code == 1
        assert outcomes(result) == {"laptop": "skipped", "web1": "failed"}


def test_an_unpinned_host_is_refused_until_its_key_is_accepted_and_pinned() -> None:
    with sim_fleet(["web1"], specs={"web1": {"pin": False}}) as fleet:
        done = panther(fleet, "deploy", "web1")
        assert done.returncode == 2
        assert "no pinned SSH host key" in done.stderr and "--accept-new-host-key" in done.stderr
        code, result, _ = deploy_json(fleet, "web1", "--accept-new-host-key")
        assert code == 0, result
        pinned = tomllib.loads((fleet.root / "fleet.toml").read_text())["hosts"]["web1"]
        assert pinned["deploy"]["host_key"] == fleet.hosts["web1"].host_key


def test_an_unpinned_host_is_left_alone_by_drift_status_and_health() -> None:
    # A host added but not installed yet: the read commands still show the rest of the fleet.
    with sim_fleet(["web1", "fresh"], specs={"fresh": {"pin": False}}) as fleet:
        before = (fleet.root / "fleet.toml").read_text()
        assert deploy_json(fleet, "web1")[0] == 0
        assert drift_states(fleet) == {"web1": "in-sync", "fresh": "no-host-key"}
        done = panther(fleet, "status", "--json")
        assert done.returncode == 0, done.stderr
        rows = {h["host"]: h for h in json.loads(done.stdout)["hosts"]}
        assert rows["web1"]["healthy"] is True and rows["web1"]["reachable"] is True
        assert rows["fresh"]["reachable"] is False and rows["fresh"]["healthy"] is None
        done = panther(fleet, "health", "--all", "--json")
        assert done.returncode == 1
        reports = {h["host"]: h for h in json.loads(done.stdout)["hosts"]}
        assert reports["web1"]["ok"] is True and reports["web1"]["state"] == "running"
        [problem] = reports["fresh"]["problems"]
        assert "no pinned SSH host key" in problem and "panther install" in problem
        # Nothing was pinned on the way: only a deploy with --accept-new-host-key does that.
        assert (fleet.root / "fleet.toml").read_text() == before


def test_a_host_whose_key_changed_is_refused() -> None:
    with sim_fleet(["web1"]) as fleet:
        path = fleet.root / "fleet.toml"
        other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjBGX8/Fo3MyXMJoA66OY/ZbsDf1RIcbui1O7e3FZUL"
        path.write_text(path.read_text().replace(fleet.hosts["web1"].host_key, other))
        old = fleet.hosts["web1"].current()
        code, result, _ = deploy_json(fleet, "web1")
        assert code == 1
        assert outcomes(result) == {"web1": "failed"}
        assert "Host key verification failed" in result["waves"][0]["hosts"][0]["detail"]
        assert fleet.hosts["web1"].current() == old


# --- interruption -------------------------------------------------------------------------------


def test_ctrl_c_mid_wave_leaves_every_host_in_a_known_state() -> None:
    with sim_fleet(["web1", "web2"]) as fleet:
        old = {n: h.current() for n, h in fleet.hosts.items()}
        fleet.write_systems(
            {"web1": {"version": "1", "sleep": 4}, "web2": {"version": "1", "sleep": 4}}
        )
        argv = [sys.executable, "-m", "pantheros", "deploy", "--all", "--json"]
        child = subprocess.Popen(
            [*argv, "--fleet", str(fleet.root)],
            env={**os.environ, **fleet.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        host = fleet.hosts["web1"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if host.sh("ls /run/panther-sim/units/ | grep -c '^panther-switch' || true") != "0":
                break
            time.sleep(0.1)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
        assert child.returncode == 1, err
        result = json.loads(out.splitlines()[-1])
        assert result["outcome"] == "interrupted"
        assert set(outcomes(result).values()) <= {"interrupted", "rolled-back", "deployed"}
        [record] = ledger(fleet)
        assert record["outcome"] == "interrupted"
        time.sleep(5)  # the activation that was running ends; the rollback has run
        for name, h in fleet.hosts.items():
            assert h.current() == old[name], name
            assert h.profile() == old[name], name


# --- drift, health, status, rollback ------------------------------------------------------------


def drift_states(fleet: SimFleet) -> dict[str, str]:
    done = panther(fleet, "drift", "--all", "--json")
    return {h["host"]: h["state"] for h in json.loads(done.stdout)["hosts"]}


def test_every_drift_state_for_real() -> None:
    names = ["synced", "behind", "byhand", "reboot", "gone"]
    with sim_fleet(names) as fleet:
        # Never deployed by panther: nothing it can vouch for.
        assert set(drift_states(fleet).values()) == {"unknown"}
        assert deploy_json(fleet, "--all")[0] == 0
        assert set(drift_states(fleet).values()) == {"in-sync"}
        spec = {n: {"version": "1"} for n in names}
        fleet.write_systems(
            {**spec, "behind": {"version": "2"}, "reboot": {"version": "2", "kernel": "6.13.0"}}
        )
        assert deploy_json(fleet, "reboot")[0] == 0  # a new kernel, not yet booted
        other = build_system("byhand", version="9")
        byhand = fleet.hosts["byhand"]
        byhand.install(other)  # as `nixos-rebuild switch` run on the host would
        fleet.hosts["gone"].drop()
        assert drift_states(fleet) == {
            "synced": "in-sync",
            "behind": "behind",
            "byhand": "unknown",
            "reboot": "needs-reboot",
            "gone": "unreachable",
        }


def test_health_reports_state_units_and_probes() -> None:
    specs = {"web1": {"health": {"units": ["sshd.service", "nope.service"], "probes": [
        {"command": "true"}, {"command": "false"}, {"tcp": 1}
    ]}}}  # fmt: skip
    with sim_fleet(["web1"], specs=specs) as fleet:
        done = panther(fleet, "health", "web1", "--json")
        assert done.returncode == 1
        [report] = json.loads(done.stdout)["hosts"]
        assert report["state"] == "running" and report["fresh_connection"] is True
        assert report["required_units"] == {"sshd.service": True, "nope.service": False}
        assert [p["ok"] for p in report["probes"]] == [True, False, False]
        assert "nope.service is not active" in report["problems"]


def test_an_old_backup_fails_health_on_demand_but_not_a_deploy() -> None:
    with sim_fleet(["web1"]) as fleet:
        old = time.time() - 50 * 3600
        facts = json.dumps({
            "schema": 1,
            "backup": {"enabled": True, "last_success": old, "max_age_seconds": 36 * 3600},
            "snapshots": {"enabled": False},
        })  # fmt: skip
        fleet.hosts["web1"].sh(
            f"mkdir -p /var/lib/panther && echo '{facts}' > /var/lib/panther/facts.json"
        )
        done = panther(fleet, "health", "web1", "--json")
        assert done.returncode == 1, done.stdout
        [report] = json.loads(done.stdout)["hosts"]
        assert report["ok"] is True and report["problems"] == []
        assert report["warnings"] == ["newest backup is 50.0 h old (limit 36 h)"]
        assert 49.9 < report["backup_age_hours"] < 50.1
        code, result, _ = deploy_json(fleet, "web1")
        assert code == 0 and outcomes(result) == {"web1": "deployed"}


def test_status_shows_each_host_and_its_last_deploy() -> None:
    with sim_fleet(["web1", "web2"]) as fleet:
        assert deploy_json(fleet, "web1")[0] == 0
        done = panther(fleet, "status", "--json")
        rows = {h["host"]: h for h in json.loads(done.stdout)["hosts"]}
        assert rows["web1"]["drift"] == "in-sync" and rows["web1"]["healthy"] is True
        assert rows["web1"]["last_deploy"]["outcome"] == "deployed"
        assert rows["web2"]["last_deploy"] is None and rows["web2"]["drift"] == "unknown"


def test_rollback_goes_to_the_previous_generation_with_the_health_gate() -> None:
    with sim_fleet(["web1"]) as fleet:
        host = fleet.hosts["web1"]
        first = host.current()
        assert deploy_json(fleet, "web1")[0] == 0
        done = panther(fleet, "rollback", "web1", "--json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.splitlines()[-1])
        assert result["kind"] == "rollback"
        assert host.current() == first and host.profile() == first
        assert ledger(fleet)[-1]["kind"] == "rollback"


def test_test_mode_changes_nothing_for_the_next_boot() -> None:
    with sim_fleet(["web1"]) as fleet:
        host = fleet.hosts["web1"]
        old = host.profile()
        code, result, _ = deploy_json(fleet, "web1", "--mode", "test")
        assert code == 0, result
        assert host.current() == fleet.desired("web1")
        assert host.profile() == old  # no new generation


def test_boot_mode_sets_the_next_boot_only() -> None:
    with sim_fleet(["web1"]) as fleet:
        host = fleet.hosts["web1"]
        old = host.current()
        code, result, _ = deploy_json(fleet, "web1", "--mode", "boot")
        assert code == 0, result
        assert host.current() == old
        assert host.profile() == fleet.desired("web1")
        assert host.sh("cat /run/panther-sim/boot-entry") == fleet.desired("web1")
        done = panther(fleet, "drift", "web1", "--json")
        [row] = json.loads(done.stdout)["hosts"]
        assert row["state"] == "needs-reboot", row
