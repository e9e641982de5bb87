"""The second half of `panther recover`: bring the newest B2 backup back onto a fresh install.

After nixos-anywhere has rebooted the machine into its new system, panther waits until the
host answers at its fleet address with the key just pinned, waits for its secrets (the restic
repository, password and B2 keys come from 1Password at boot), stops the services whose data
comes back, restores the snapshot inside a transient systemd unit (so a dropped link cannot cut
it off; its output goes to a log file on the host), starts the services again and runs the
health checks a deploy runs.

What is never restored over the new system: Tailscale's state (the new node has joined under
the host's name already), /var/lib/nixos (the new system's user and group ids) and
/var/lib/systemd (timers, credentials, the random seed of this machine).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from pantheros.fleet.model import Fleet, HostInfo
from pantheros.ops import health as health_checks
from pantheros.ops.install import InstallResult
from pantheros.ops.remote import q
from pantheros.ops.targets import target_of
from pantheros.ssh.transport import Target, Transport

NEVER_RESTORED = ("/var/lib/tailscale", "/var/lib/nixos", "/var/lib/systemd")
RESTIC = "restic-b2"  # the wrapper nixpkgs' restic module makes for services.restic.backups.b2
# The services that hold the data of each workload and must not write while it comes back.
WORKLOAD_UNITS = {
    "postgresql": ("postgresql.service",),
    "mysql": ("mysql.service",),
    "attic": ("atticd.service",),
}
# What to do by hand afterwards, by workload.
WORKLOAD_HINTS = {
    "postgresql": "PostgreSQL comes back as its nightly dump: `zcat "
    "/var/backup/postgresql/all.sql.gz | sudo -u postgres psql` on the host "
    "(docs/recover-host.md)",
}

Event = dict[str, Any]


class RestoreOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    snapshot: str = "latest"
    include: tuple[str, ...] = ()
    stop: tuple[str, ...] = ()
    wait: float = 900.0  # seconds for the host to come back after the install's reboot
    secrets_wait: float = 180.0
    poll: float = 5.0


class Snapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    time: str
    paths: list[str]


class RestoreResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str
    outcome: str  # restored, failed, unreachable, no-backup
    snapshot: Snapshot | None
    stopped: list[str]
    log: str | None  # the restore's log on the host
    healthy: bool | None
    problems: list[str]
    hints: list[str]
    detail: str | None = None


def units_to_stop(fleet: Fleet, info: HostInfo, options: RestoreOptions) -> list[str]:
    workloads = fleet.document.hosts[info.name].workloads
    units = [u for w in workloads for u in WORKLOAD_UNITS.get(w, ())]
    return list(dict.fromkeys([*units, *options.stop]))


def restore_command(host: str, snapshot: str, include: tuple[str, ...], log: str) -> str:
    """The restic restore the transient unit runs (pure; tests assert it)."""
    args = [RESTIC, "restore", snapshot, "--host", host, "--target", "/"]
    for path in include:
        args += ["--include", path]
    for path in NEVER_RESTORED:
        args += ["--exclude", path]
    inner = " ".join(q(a) for a in args) + f" >{q(log)} 2>&1"
    return f"sh -c {q(inner)}"


def snapshots_command(host: str, snapshot: str) -> str:
    if snapshot == "latest":
        return f"{RESTIC} snapshots --no-lock --json --host {q(host)} --latest 1"
    return f"{RESTIC} snapshots --no-lock --json {q(snapshot)}"


def parse_snapshots(text: str) -> list[Snapshot]:
    """restic's `snapshots --json`: a list of objects with id (or short_id), time and paths."""
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return []
    found = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        paths = item.get("paths")
        found.append(
            Snapshot(
                id=item["id"],
                time=str(item.get("time", "")),
                paths=[str(p) for p in paths] if isinstance(paths, list) else [],
            )
        )
    return sorted(found, key=lambda s: s.time)


def restore(
    fleet: Fleet,
    info: HostInfo,
    options: RestoreOptions,
    *,
    run_id: str,
    emit: Callable[[Event], None],
) -> RestoreResult:
    target = target_of(info)
    transport = Transport([target])
    try:
        return _restore(transport, target, fleet, info, options, run_id, emit)
    finally:
        transport.close()


def _restore(
    transport: Transport,
    target: Target,
    fleet: Fleet,
    info: HostInfo,
    options: RestoreOptions,
    run_id: str,
    emit: Callable[[Event], None],
) -> RestoreResult:
    def failed(outcome: str, detail: str, **more: Any) -> RestoreResult:
        emit({"event": "restore-end", "host": info.name, "outcome": outcome, "detail": detail})
        return RestoreResult(
            host=info.name,
            outcome=outcome,
            snapshot=more.get("snapshot"),
            stopped=more.get("stopped", []),
            log=more.get("log"),
            healthy=None,
            problems=[],
            hints=[],
            detail=detail,
        )

    emit({"event": "step", "host": info.name, "step": "Waiting for the new system"})
    if not _wait_until(
        lambda: transport.run(target, "true", timeout=30).ok, options.wait, options.poll
    ):
        return failed(
            "unreachable",
            f"{info.name} did not answer at {target.host}:{target.port} within "
            f"{options.wait:g} s of the install (is it in the tailnet? docs/install-host.md)",
        )
    transport.run(target, "systemctl is-system-running --wait", timeout=600)

    emit({"event": "step", "host": info.name, "step": "Finding the backup"})
    listed: list[Snapshot] = []
    errors = ""

    def answered() -> bool:
        nonlocal listed, errors
        done = transport.run(target, snapshots_command(info.name, options.snapshot), timeout=120)
        listed, errors = parse_snapshots(done.stdout) if done.ok else [], done.stderr.strip()
        return done.ok

    # The repository's keys arrive with opnix a little after boot: while restic fails, ask
    # again for a while; an answer without a snapshot is final.
    if not _wait_until(answered, options.secrets_wait, options.poll) or not listed:
        why = errors.splitlines()[-1] if errors else "it lists no snapshot of this host"
        return failed("no-backup", f"no backup of {info.name} to restore: {RESTIC}: {why}")
    snapshot = listed[-1]
    emit({"event": "snapshot", "host": info.name, **snapshot.model_dump()})

    stopped = units_to_stop(fleet, info, options)
    if stopped:
        emit({"event": "step", "host": info.name, "step": f"Stopping {', '.join(stopped)}"})
        transport.run(target, "systemctl stop " + " ".join(q(u) for u in stopped), timeout=300)
    log = f"/var/log/panther-restore-{run_id}.log"
    emit({"event": "step", "host": info.name, "step": f"Restoring snapshot {snapshot.id[:8]}"})
    unit = f"panther-restore-{run_id}"
    done = transport.run(
        target,
        f"systemd-run --unit={q(unit)} --wait --collect --quiet -- "
        + restore_command(info.name, snapshot.id, options.include, log),
        timeout=24 * 3600,
    )
    if done.unreachable:
        return failed(
            "failed",
            f"the link dropped during the restore; it goes on on the host (unit {unit}, log {log})",
            snapshot=snapshot,
            stopped=stopped,
            log=log,
        )
    if not done.ok:
        tail = transport.run(target, f"tail -n 5 {q(log)}", timeout=30).stdout.strip()
        return failed(
            "failed",
            f"restic restore exited {done.returncode}"
            + (f": {tail.splitlines()[-1]}" if tail else ""),
            snapshot=snapshot,
            stopped=stopped,
            log=log,
        )
    if stopped:
        emit({"event": "step", "host": info.name, "step": f"Starting {', '.join(stopped)}"})
        transport.run(target, "systemctl start " + " ".join(q(u) for u in stopped), timeout=300)

    emit({"event": "step", "host": info.name, "step": "Checking health"})
    report = health_checks.check(transport, target, fleet.document.hosts[info.name].health)
    workloads = fleet.document.hosts[info.name].workloads
    hints = [WORKLOAD_HINTS[w] for w in workloads if w in WORKLOAD_HINTS]
    emit({"event": "restore-end", "host": info.name, "outcome": "restored", "detail": None})
    return RestoreResult(
        host=info.name,
        outcome="restored",
        snapshot=snapshot,
        stopped=stopped,
        log=log,
        healthy=report.ok,
        problems=report.problems,
        hints=hints,
    )


def _wait_until(condition: Callable[[], bool], seconds: float, poll: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() + poll > deadline:
            return False
        time.sleep(poll)


class RecoverResult(BaseModel):
    """The `--json` schema of `panther recover`: the install, then the restore."""

    model_config = ConfigDict(frozen=True)

    install: InstallResult
    restore: RestoreResult | None
