"""`panther status` and `panther history`: the fleet at a glance, and what was deployed when."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel, ConfigDict

from pantheros.fleet.model import Fleet, HostInfo
from pantheros.ops import drift as drift_ops
from pantheros.ops import health as health_checks
from pantheros.ops import ledger
from pantheros.ops.targets import target_of
from pantheros.ssh.transport import Transport


class LastDeploy(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    started: str
    outcome: str  # the host's outcome in that run
    who: str
    revision: str | None


class HostStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str
    stage: str
    optional: bool
    reachable: bool
    drift: drift_ops.State
    healthy: bool | None
    problems: list[str]
    last_deploy: LastDeploy | None


class FleetStatus(BaseModel):
    """The `--json` schema of `panther status`."""

    model_config = ConfigDict(frozen=True)

    fleet: str
    hosts: list[HostStatus]


def last_deploy(records: list[dict[str, Any]], host: str) -> LastDeploy | None:
    for record in reversed(records):
        for wave in record.get("waves") or []:
            for result in wave.get("hosts") or []:
                if result.get("host") == host and result.get("outcome") != "not-started":
                    return LastDeploy(
                        id=str(record.get("id")),
                        kind=str(record.get("kind", "deploy")),
                        started=str(record.get("started")),
                        outcome=str(result.get("outcome")),
                        who=str(record.get("who")),
                        revision=record.get("revision"),
                    )
    return None


def status(
    fleet: Fleet,
    hosts: list[HostInfo],
    *,
    flake: str | None = None,
    max_parallel: int = 10,
    connect_timeout: float = 10.0,
) -> FleetStatus:
    report = drift_ops.drift(
        fleet, hosts, flake=flake, max_parallel=max_parallel, connect_timeout=connect_timeout
    )
    by_host = {h.host: h for h in report.hosts}
    records = ledger.read(fleet.root)
    transport = Transport([target_of(h) for h in hosts], connect_timeout=connect_timeout)

    def one(info: HostInfo) -> HostStatus:
        drifted = by_host[info.name]
        reachable = drifted.state not in ("unreachable", "no-host-key")
        healthy: bool | None = None
        problems: list[str] = []
        if reachable:
            checked = health_checks.check(
                transport, target_of(info), fleet.document.hosts[info.name].health
            )
            healthy, problems = checked.ok, checked.problems
        else:
            problems = [drifted.detail] if drifted.detail else []
        return HostStatus(
            host=info.name,
            stage=info.stage,
            optional=info.optional,
            reachable=reachable,
            drift=drifted.state,
            healthy=healthy,
            problems=problems,
            last_deploy=last_deploy(records, info.name),
        )

    try:
        with ThreadPoolExecutor(max_workers=max_parallel) as pool:
            rows = list(pool.map(one, hosts))
    finally:
        transport.close()
    return FleetStatus(fleet=fleet.name, hosts=rows)


class HistoryEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    started: str
    seconds: float
    who: str
    revision: str | None
    mode: str
    outcome: str
    hosts: dict[str, str]  # host -> its outcome


class History(BaseModel):
    """The `--json` schema of `panther history`."""

    model_config = ConfigDict(frozen=True)

    fleet: str
    entries: list[HistoryEntry]


def history(fleet: Fleet, *, host: str | None = None, limit: int = 20) -> History:
    entries: list[HistoryEntry] = []
    for record in ledger.read(fleet.root):
        outcomes = {
            str(r.get("host")): str(r.get("outcome"))
            for wave in record.get("waves") or []
            for r in wave.get("hosts") or []
        }
        if host is not None and host not in outcomes:
            continue
        entries.append(
            HistoryEntry(
                id=str(record.get("id")),
                kind=str(record.get("kind", "deploy")),
                started=str(record.get("started")),
                seconds=float(record.get("seconds") or 0),
                who=str(record.get("who")),
                revision=record.get("revision"),
                mode=str(record.get("mode")),
                outcome=str(record.get("outcome")),
                hosts=outcomes,
            )
        )
    return History(fleet=fleet.name, entries=entries[-limit:] if limit > 0 else entries)
