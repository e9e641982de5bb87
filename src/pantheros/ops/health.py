"""Is a host healthy? The checks a deploy's health gate and `panther health` run.

One SSH round trip collects the system state (`systemctl is-system-running`, failed units),
the units fleet.toml says must be active, the command probes, and the facts the host keeps
about its backups and snapshots; TCP and HTTP probes are made from here, against the host's
address. A last check opens a *fresh* SSH connection (no multiplexing): what a user needs after
a deploy is to get in again.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pantheros.fleet.model import Fleet, Health, HostInfo, Probe
from pantheros.ops import remote
from pantheros.ops.targets import NO_HOST_KEY, target_of
from pantheros.ssh.transport import Target, Transport

# States of `systemctl is-system-running` that are not yet a verdict.
SETTLING = {"initializing", "starting"}


class ProbeResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["tcp", "http", "command"]
    target: str
    ok: bool
    detail: str = ""


class HealthReport(BaseModel):
    """The `--json` schema of one host's health."""

    model_config = ConfigDict(frozen=True)

    host: str
    reachable: bool
    state: str  # running, degraded, … ("" when unreachable)
    failed_units: list[str]
    required_units: dict[str, bool]
    probes: list[ProbeResult]
    fresh_connection: bool
    current_system: str
    backup_age_hours: float | None
    snapshot_age_hours: float | None
    ok: bool  # what a deploy's health gate requires: no problem
    problems: list[str]
    warnings: list[str] = []  # old backups or snapshots: `panther health` fails, a deploy not


class FleetHealth(BaseModel):
    """The `--json` schema of `panther health`."""

    model_config = ConfigDict(frozen=True)

    fleet: str
    hosts: list[HealthReport]


def fleet_health(
    fleet: Fleet, hosts: list[HostInfo], *, max_parallel: int = 10, connect_timeout: float = 10.0
) -> FleetHealth:
    """Every check of each host, several at a time: what `panther health` reports."""
    transport = Transport([target_of(h) for h in hosts], connect_timeout=connect_timeout)

    def one(info: HostInfo) -> HealthReport:
        if info.host_key is None:
            # Never contacted: without a pinned key, an impostor would answer the checks.
            return _not_contacted(target_of(info), NO_HOST_KEY)
        return check(transport, target_of(info), fleet.document.hosts[info.name].health)

    try:
        with ThreadPoolExecutor(max_workers=max_parallel) as pool:
            reports = list(pool.map(one, hosts))
    finally:
        transport.close()
    return FleetHealth(fleet=fleet.name, hosts=reports)


def parse_facts(text: str) -> dict[str, list[str]]:
    """KEY=VALUE lines (remote.facts and the checks) into lists of values per key."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def _first(facts: dict[str, list[str]], key: str) -> str:
    values = facts.get(key) or [""]
    return values[0]


@dataclass(frozen=True)
class StoredFacts:
    """What the host's panther-facts wrote about its backups and snapshots (schema 1)."""

    backup_age_hours: float | None = None
    snapshot_age_hours: float | None = None
    warnings: tuple[str, ...] = ()


def stored_facts(facts_json: str, now: float) -> StoredFacts:
    """Read /var/lib/panther/facts.json (docs/monitoring.md); anything odd reads as unknown.

    Ages are computed from the timestamps against `now`, not taken from the file, so facts
    written a while ago still give today's age. A backup or snapshot older than the host's own
    limit (max_age_seconds, from its configuration) is a warning: `panther health` fails on it,
    a deploy's health gate does not (an old backup is no reason to undo a new system).
    """
    try:
        data = json.loads(facts_json) if facts_json else {}
    except ValueError:
        return StoredFacts()
    if not isinstance(data, dict):
        return StoredFacts()
    warnings: list[str] = []

    def number(value: object) -> float | None:
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e11:
            return float(value)
        return None

    def age(stamp: float | None) -> float | None:
        return None if stamp is None else round(max(0.0, now - stamp) / 3600, 2)

    def judge(what: str, section: dict[str, object], hours: float | None) -> None:
        limit = number(section.get("max_age_seconds"))
        if hours is None:
            warnings.append(f"no {what} yet")
        elif limit is not None and hours * 3600 > limit:
            warnings.append(f"newest {what} is {hours:.1f} h old (limit {limit / 3600:.0f} h)")

    backup = data.get("backup")
    backup_age = None
    if isinstance(backup, dict) and backup.get("enabled") is True:
        backup_age = age(number(backup.get("last_success")))
        judge("backup", backup, backup_age)
    snapshots = data.get("snapshots")
    snapshot_age = None
    if isinstance(snapshots, dict) and snapshots.get("enabled") is True:
        configs = snapshots.get("configs")
        stamps = [
            stamp
            for config in (configs.values() if isinstance(configs, dict) else [])
            if isinstance(config, dict) and (stamp := number(config.get("last"))) is not None
        ]
        snapshot_age = age(max(stamps)) if stamps else None
        judge("snapshot", snapshots, snapshot_age)
        if snapshots.get("timer_active") is False:
            warnings.append(
                f"the snapshot timer {snapshots.get('timer') or ''} is not active".replace(
                    "  ", " "
                )
            )
    return StoredFacts(backup_age, snapshot_age, tuple(warnings))


def _tcp(host: str, port: int, timeout: float) -> ProbeResult:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return ProbeResult(kind="tcp", target=f"{host}:{port}", ok=True)
    except OSError as exc:
        return ProbeResult(kind="tcp", target=f"{host}:{port}", ok=False, detail=str(exc))


def _http(url: str, timeout: float) -> ProbeResult:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            code = answer.status
    except urllib.error.HTTPError as exc:
        code = exc.code
    except (OSError, ValueError) as exc:
        return ProbeResult(kind="http", target=url, ok=False, detail=str(exc))
    return ProbeResult(kind="http", target=url, ok=code < 400, detail=f"HTTP {code}")


def check(
    transport: Transport,
    target: Target,
    health: Health,
    *,
    expect_system: str | None = None,
    settle_seconds: float = 30.0,
    probe_timeout: float = 5.0,
) -> HealthReport:
    """Every check of one host; `expect_system` also requires that system to be running."""
    commands = [p.command for p in health.probes if p.command is not None]
    script = "; ".join(
        part
        for part in (
            remote.facts(),
            remote.unit_checks(health.units),
            remote.command_checks(commands),
        )
        if part
    )
    deadline = time.monotonic() + settle_seconds
    while True:
        done = transport.run(target, script, timeout=60 + 30 * len(commands))
        facts = parse_facts(done.stdout)
        state = _first(facts, "state")
        if done.unreachable or state not in SETTLING or time.monotonic() >= deadline:
            break
        time.sleep(1.0)
    if done.unreachable:
        return _unreachable(target, done.stderr)

    problems: list[str] = []
    failed = facts.get("failed", [])
    if state == "degraded":
        problems.append("degraded: " + (", ".join(failed) or "a unit failed"))
    elif state not in ("running",):
        problems.append(f"system state is {state or 'unknown'!r}")
    required = {u: u in facts.get("unit-ok", []) for u in health.units}
    problems += [f"{u} is not active" for u, up in required.items() if not up]

    probes: list[ProbeResult] = []
    for probe in health.probes:
        probes.append(_probe(probe, target, commands, facts, probe_timeout))
    problems += [f"{p.kind} probe {p.target} failed" for p in probes if not p.ok]

    current = _first(facts, "current")
    if expect_system is not None and current != expect_system:
        problems.append(f"running {current or 'nothing'}, not {expect_system}")

    fresh = transport.run(target, "true", timeout=30, fresh=True)
    if not fresh.ok:
        problems.append("a fresh SSH connection is refused")

    stored = stored_facts(_first(facts, "facts"), time.time())
    return HealthReport(
        host=target.name,
        reachable=True,
        state=state,
        failed_units=failed,
        required_units=required,
        probes=probes,
        fresh_connection=fresh.ok,
        current_system=current,
        backup_age_hours=stored.backup_age_hours,
        snapshot_age_hours=stored.snapshot_age_hours,
        ok=not problems,
        problems=problems,
        warnings=list(stored.warnings),
    )


def _probe(
    probe: Probe,
    target: Target,
    commands: list[str],
    facts: dict[str, list[str]],
    timeout: float,
) -> ProbeResult:
    if probe.tcp is not None:
        return _tcp(target.host, probe.tcp, timeout)
    if probe.http is not None:
        return _http(probe.http, timeout)
    index = str(commands.index(probe.command or ""))
    ok = index in facts.get("probe-ok", [])
    return ProbeResult(kind="command", target=probe.command or "", ok=ok)


def _unreachable(target: Target, stderr: str) -> HealthReport:
    detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no answer"
    return _not_contacted(target, f"unreachable: {detail}")


def _not_contacted(target: Target, problem: str) -> HealthReport:
    return HealthReport(
        host=target.name,
        reachable=False,
        state="",
        failed_units=[],
        required_units={},
        probes=[],
        fresh_connection=False,
        current_system="",
        backup_age_hours=None,
        snapshot_age_hours=None,
        ok=False,
        problems=[problem],
    )
