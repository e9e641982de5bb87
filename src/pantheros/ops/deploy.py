"""`panther deploy`: staged waves, a health gate, and a rollback that survives a dropped link.

Per host, in order (each selectable with `--phases`):

  reach     a cheap SSH probe; an `optional` host that does not answer is skipped, not failed
  eval      the system's store path from the fleet's flake (no build)
  build     the system, here or on a build host (Nix's own remote building)
  copy      `nix copy` of its closure to the host
  activate  the watchdog armed, the profile set, switch-to-configuration in its own unit
  health    system state, required units, probes, a fresh SSH connection
  confirm   the watchdog stopped, over a fresh connection

A failed activation or health check rolls the host back at once; a host that cannot be
reached again rolls itself back when its watchdog fires. Hosts go in waves by stage, in
fleet.stages order, at most `max_parallel` at a time; a wave with a failed host stops the
rollout. Every run is appended to the deploy ledger.

`plan` is pure: it says which hosts, in which waves, and the exact commands each phase runs
(what `--dry-run` prints). `run` executes a plan.
"""

from __future__ import annotations

import getpass
import json
import secrets
import shlex
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from pantheros import proc
from pantheros.errors import InputError
from pantheros.fleet import git
from pantheros.fleet.model import Fleet, HostInfo
from pantheros.nix import cli as nix
from pantheros.ops import health as health_checks
from pantheros.ops import ledger, remote
from pantheros.ops.targets import target_of
from pantheros.ssh.transport import Result, Target, Transport

Phase = Literal["reach", "eval", "build", "copy", "activate", "health", "confirm"]
PHASES: tuple[Phase, ...] = ("reach", "eval", "build", "copy", "activate", "health", "confirm")
Mode = Literal["switch", "boot", "test"]
Outcome = Literal[
    "deployed", "rolled-back", "failed", "skipped", "interrupted", "not-started", "checked"
]


class DeployOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    mode: Mode = "switch"
    phases: tuple[Phase, ...] = PHASES
    max_parallel: int = 10
    systems: dict[str, str] = {}  # --system HOST=PATH: deploy what was built elsewhere
    build_host: str | None = None
    flake: str | None = None  # default: the fleet's folder
    confirm_within: int = 180  # watchdog deadline after activation, seconds
    settle: float = 30.0  # how long a host may stay "starting" before health decides
    connect_timeout: float = 10.0
    accept_new_host_key: bool = False
    who: str | None = None  # recorded in the ledger (the MCP server passes its client)
    kind: Literal["deploy", "rollback"] = "deploy"


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    phase: Phase
    command: str  # what runs, as a shell would show it (where: "local" or the host)
    where: str


class HostPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str
    stage: str
    optional: bool
    target: str  # user@host:port
    system: str | None  # given with --system
    steps: list[Step]


class Wave(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: str
    hosts: list[HostPlan]


class DeployPlan(BaseModel):
    """What a deploy will do: the `--dry-run` (and --json) schema."""

    model_config = ConfigDict(frozen=True)

    id: str
    fleet: str
    mode: Mode
    phases: list[Phase]
    max_parallel: int
    waves: list[Wave]


class PhaseResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    phase: Phase
    ok: bool
    seconds: float
    detail: str = ""


class HostResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str
    stage: str
    outcome: Outcome
    system: str | None
    previous: str | None
    phases: list[PhaseResult]
    health: health_checks.HealthReport | None = None
    detail: str = ""
    log: str | None = None


class WaveResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: str
    ok: bool
    hosts: list[HostResult]


class DeployResult(BaseModel):
    """What a deploy did: the `--json` schema and the ledger record."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: Literal["deploy", "rollback"]
    fleet: str
    who: str
    revision: str | None
    mode: Mode
    started: str
    seconds: float
    outcome: Literal["ok", "failed", "interrupted"]
    waves: list[WaveResult]
    # Host keys learned on first contact (--accept-new-host-key), to pin in fleet.toml.
    learned_keys: dict[str, str] = {}


Event = dict[str, Any]


# --- the plan ----------------------------------------------------------------------------------


def new_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def _check_options(options: DeployOptions, hosts: list[HostInfo]) -> None:
    if "activate" in options.phases and "confirm" not in options.phases:
        raise InputError(
            "activate without confirm: every host would roll back when its watchdog fires",
            location="--phases",
            fix="add confirm (and health, to check the host before confirming)",
        )
    if options.max_parallel < 1:
        raise InputError("must be at least 1", location="--max-parallel", fix="pass 1 or more")
    unpinned = [h.name for h in hosts if h.host_key is None]
    if unpinned and not options.accept_new_host_key:
        raise InputError(
            f"no pinned SSH host key for {', '.join(unpinned)}",
            location="fleet.toml: deploy.host_key",
            fix="a new machine: `panther install` pins it; a running one: pin its key "
            "(docs/install-host.md), or pass --accept-new-host-key once: panther then "
            "pins the key each host shows on first contact",
        )
    names = {h.name for h in hosts}
    for host, system in options.systems.items():
        if host not in names:
            raise InputError(
                f"--system names {host!r}, which is not deployed here",
                location="--system",
                fix="name one of the hosts being deployed",
            )
        if not system.startswith("/nix/store/"):
            raise InputError(
                f"{system!r} is not a store path",
                location=f"--system {host}=…",
                fix="pass the system's /nix/store/…-nixos-system-… path",
            )


def plan(fleet: Fleet, hosts: list[HostInfo], options: DeployOptions) -> DeployPlan:
    """Waves, hosts and the exact commands of each phase; touches nothing."""
    _check_options(options, hosts)
    if options.flake is None and any(h.name not in options.systems for h in hosts):
        git.check_tracked(fleet.root, step="evaluating the fleet's flake")
    run_id = new_id()
    flake = options.flake or str(fleet.root)
    transport_preview = _PreviewTransport()
    waves = []
    for stage in fleet.document.fleet.stages:
        in_stage = [h for h in hosts if h.stage == stage]
        if not in_stage:
            continue
        waves.append(
            Wave(
                stage=stage,
                hosts=[_host_plan(h, options, flake, run_id, transport_preview) for h in in_stage],
            )
        )
    return DeployPlan(
        id=run_id,
        fleet=fleet.name,
        mode=options.mode,
        phases=list(options.phases),
        max_parallel=options.max_parallel,
        waves=waves,
    )


class _PreviewTransport:
    """How the commands look, without a control directory (for the plan)."""

    def show(self, target: Target, command: str) -> str:
        sudo = "sudo -n sh -c " if target.needs_sudo else ""
        return f"ssh -p {target.port} {target.user}@{target.host} {sudo}{shlex.quote(command)}"


def _host_plan(
    info: HostInfo, options: DeployOptions, flake: str, run_id: str, preview: _PreviewTransport
) -> HostPlan:
    target = target_of(info)
    given = options.systems.get(info.name)
    # Before eval the system's path is not known: the plan names it.
    system = given or f"/nix/store/<system of {info.name}>"
    host_id = f"{run_id}-{info.name}"
    steps: list[Step] = []
    where = f"{target.user}@{target.host}"

    def add(phase: Phase, command: str, at: str) -> None:
        if phase in options.phases:
            steps.append(Step(phase=phase, command=command, where=at))

    add("reach", preview.show(target, "true"), where)
    if given is None:
        add("eval", shlex.join(nix.eval_argv(flake, info.name)), "local")
        add("build", shlex.join(nix.build_argv(flake, info.name, options.build_host)), "local")
    add("copy", shlex.join(nix.copy_argv(system, f"ssh-ng://{where}")), "local")
    add("activate", preview.show(target, remote.prepare(host_id)), where)
    if options.mode != "boot":
        add(
            "activate",
            preview.show(target, remote.arm(host_id, options.mode, options.confirm_within)),
            where,
        )
    add("activate", preview.show(target, remote.activate(host_id, options.mode, system)), where)
    add("health", preview.show(target, remote.facts()), where)
    add("health", "ssh -o ControlPath=none … true (a fresh connection)", where)
    if options.mode != "boot":
        add("confirm", preview.show(target, remote.confirm(host_id)) + " (fresh connection)", where)
    return HostPlan(
        host=info.name,
        stage=info.stage,
        optional=info.optional,
        target=f"{where}:{target.port}",
        system=given,
        steps=steps,
    )


# --- running it --------------------------------------------------------------------------------


@dataclass
class _Context:
    fleet: Fleet
    options: DeployOptions
    plan: DeployPlan
    transport: Transport
    emit: Callable[[Event], None]
    logs: Path
    flake: str
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    learned: dict[str, str] = field(default_factory=dict)


class _HostLog:
    """Everything a host's commands printed, in .panther/logs/<run>/<host>.log."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, text: str) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(text)

    def result(self, phase: str, result: Result) -> None:
        self.write(
            f"--- {phase}: {shlex.join(result.argv)}\n"
            f"exit {result.returncode} after {result.seconds:.2f} s\n"
            + (f"stdout:\n{result.stdout}" if result.stdout else "")
            + (f"stderr:\n{result.stderr}" if result.stderr else "")
        )


def run(
    fleet: Fleet,
    hosts: list[HostInfo],
    deploy_plan: DeployPlan,
    options: DeployOptions,
    *,
    emit: Callable[[Event], None] = lambda _: None,
) -> DeployResult:
    """Execute `deploy_plan`; returns what happened (also appended to the ledger)."""
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    by_name = {h.name: h for h in hosts}
    transport = Transport(
        [target_of(h) for h in hosts],
        connect_timeout=options.connect_timeout,
        accept_new=options.accept_new_host_key,
    )
    ctx = _Context(
        fleet=fleet,
        options=options,
        plan=deploy_plan,
        transport=transport,
        emit=emit,
        logs=ledger.state_dir(fleet.root) / "logs" / deploy_plan.id,
        flake=options.flake or str(fleet.root),
    )
    waves: list[WaveResult] = []
    outcome: Literal["ok", "failed", "interrupted"] = "ok"
    try:
        for wave in deploy_plan.waves:
            if outcome != "ok":
                waves.append(_not_started(wave))
                continue
            emit(
                {"event": "wave-start", "stage": wave.stage, "hosts": [h.host for h in wave.hosts]}
            )
            results = _run_wave(ctx, wave, by_name)
            ok = all(r.outcome in ("deployed", "skipped", "checked") for r in results)
            waves.append(WaveResult(stage=wave.stage, ok=ok, hosts=results))
            emit({"event": "wave-end", "stage": wave.stage, "ok": ok})
            if ctx.stopping.is_set():
                outcome = "interrupted"
            elif not ok:
                outcome = "failed"
    finally:
        transport.close()
    result = DeployResult(
        id=deploy_plan.id,
        kind=options.kind,
        fleet=fleet.name,
        who=options.who or f"{getpass.getuser()}@{socket.gethostname()}",
        revision=_revision(fleet.root),
        mode=options.mode,
        started=started_at,
        seconds=round(time.monotonic() - started, 3),
        outcome=outcome,
        waves=waves,
        learned_keys=dict(ctx.learned),
    )
    ledger.append(fleet.root, json.loads(result.model_dump_json()))
    emit({"event": "run-end", "outcome": outcome, "seconds": result.seconds})
    return result


def _not_started(wave: Wave) -> WaveResult:
    return WaveResult(
        stage=wave.stage,
        ok=False,
        hosts=[
            HostResult(
                host=h.host,
                stage=h.stage,
                outcome="not-started",
                system=h.system,
                previous=None,
                phases=[],
                detail="an earlier wave failed",
            )
            for h in wave.hosts
        ],
    )


def _run_wave(ctx: _Context, wave: Wave, by_name: dict[str, HostInfo]) -> list[HostResult]:
    pool = ThreadPoolExecutor(max_workers=ctx.options.max_parallel)
    futures = [pool.submit(_deploy_host, ctx, by_name[h.host], h) for h in wave.hosts]
    try:
        results = [f.result() for f in futures]
    except KeyboardInterrupt:
        ctx.stopping.set()
        ctx.transport.interrupt()
        results = [f.result() for f in futures]
    finally:
        pool.shutdown(wait=True)
    return results


@dataclass
class _HostState:
    info: HostInfo
    target: Target
    log: _HostLog
    id: str
    phases: list[PhaseResult] = field(default_factory=list)
    system: str | None = None
    previous: str | None = None
    armed: bool = False
    switching: bool = False  # the activation command was sent
    activated: bool = False


def _deploy_host(ctx: _Context, info: HostInfo, host_plan: HostPlan) -> HostResult:
    state = _HostState(
        info=info,
        target=target_of(info),
        log=_HostLog(ctx.logs / f"{info.name}.log"),
        id=f"{ctx.plan.id}-{info.name}",
        system=host_plan.system,
    )
    try:
        return _phases(ctx, state)
    except KeyboardInterrupt:  # only the main thread sees these; kept for direct calls
        ctx.stopping.set()
        return _interrupted(ctx, state)
    except Exception as error:  # a bug or a tool we could not run: the host failed, say why
        state.log.write(f"panther: {type(error).__name__}: {error}\n")
        if state.armed:
            _rollback_now(ctx, state, reason=f"{error}")
            return _result(ctx, state, "rolled-back", f"{error}")
        return _result(ctx, state, "failed", f"{error}")


def _phases(ctx: _Context, state: _HostState) -> HostResult:
    opts, target = ctx.options, state.target
    chosen = opts.phases

    def phase(name: Phase, ok: bool, started: float, detail: str = "") -> bool:
        result = PhaseResult(
            phase=name, ok=ok, seconds=round(time.monotonic() - started, 3), detail=detail
        )
        state.phases.append(result)
        ctx.emit({"event": "phase", "host": state.info.name, **result.model_dump()})
        return ok

    def start(name: Phase) -> float:
        ctx.emit({"event": "phase-start", "host": state.info.name, "phase": name})
        return time.monotonic()

    def stop_requested() -> HostResult | None:
        return _interrupted(ctx, state) if ctx.stopping.is_set() else None

    if "reach" in chosen:
        t = start("reach")
        reached = ctx.transport.run(target, "true", timeout=opts.connect_timeout + 10)
        state.log.result("reach", reached)
        if not reached.ok:
            detail = _last_line(reached.stderr) or f"exit {reached.returncode}"
            phase("reach", False, t, detail)
            if state.info.optional:
                return _result(ctx, state, "skipped", f"optional and unreachable: {detail}")
            return _result(ctx, state, "failed", f"unreachable: {detail}")
        phase("reach", True, t)
        _remember_key(ctx, state)
    if (early := stop_requested()) is not None:
        return early

    if state.system is None and "eval" in chosen:
        t = start("eval")
        done = _local(ctx, state, "eval", nix.eval_argv(ctx.flake, state.info.name), timeout=900)
        if not done.ok:
            phase("eval", False, t, _last_line(done.stderr))
            return _result(ctx, state, "failed", "evaluation failed: " + _last_line(done.stderr))
        state.system = done.stdout.strip()
        phase("eval", True, t, state.system)
    if state.system is None:
        return _result(ctx, state, "checked", "no system: eval was not among the phases")
    if (early := stop_requested()) is not None:
        return early

    if state.info.name not in opts.systems and "build" in chosen:
        t = start("build")
        argv = nix.build_argv(ctx.flake, state.info.name, opts.build_host)
        done = _local(ctx, state, "build", argv, timeout=6 * 3600)
        built = _built_path(done.stdout) if done.ok else None
        if built is None or built != state.system:
            detail = _last_line(done.stderr) or f"built {built}, expected {state.system}"
            phase("build", False, t, detail)
            return _result(ctx, state, "failed", "build failed: " + detail)
        phase("build", True, t)
    if (early := stop_requested()) is not None:
        return early

    if "copy" in chosen:
        t = start("copy")
        env = {**proc_env(), "NIX_SSHOPTS": ctx.transport.nix_sshopts(target)}
        done = ctx.transport.spawn(
            nix.copy_argv(state.system, ctx.transport.store_uri(target)), timeout=3 * 3600, env=env
        )
        state.log.result("copy", done)
        if not done.ok:
            phase("copy", False, t, _last_line(done.stderr))
            return _result(ctx, state, "failed", "copy failed: " + _last_line(done.stderr))
        phase("copy", True, t)
    if (early := stop_requested()) is not None:
        return early

    if "activate" not in chosen:
        return _result(ctx, state, "checked", "built and copied; not activated (--phases)")

    t = start("activate")
    prepared = _remote(ctx, state, "activate", remote.prepare(state.id))
    if not prepared.ok:
        phase("activate", False, t, _last_line(prepared.stderr))
        return _result(ctx, state, "failed", "could not prepare: " + _last_line(prepared.stderr))
    recorded = health_checks.parse_facts(prepared.stdout)
    state.previous = (recorded.get("profile") or [""])[0] or None
    if opts.mode != "boot":
        armed = _remote(
            ctx, state, "activate", remote.arm(state.id, opts.mode, opts.confirm_within)
        )
        if not armed.ok:
            phase("activate", False, t, "could not arm the watchdog: " + _last_line(armed.stderr))
            return _result(ctx, state, "failed", "the watchdog could not be armed; nothing changed")
        state.armed = True
    state.switching = True
    activated = _remote(ctx, state, "activate", remote.activate(state.id, opts.mode, state.system),
                        timeout=opts.confirm_within)  # fmt: skip
    code = _status_code(activated.stdout)
    if activated.unreachable or code is None:
        # The link dropped (or Ctrl-C stopped our ssh): the activation goes on in its own unit.
        # Wait for its result, so nothing rolls back while it is still switching.
        code = _await_status(ctx, state)
    state.activated = True
    if ctx.stopping.is_set():
        return _interrupted(ctx, state)
    if code is None:
        phase("activate", False, t, "the host stopped answering during activation")
        return _result(
            ctx, state, "failed",
            f"unreachable during activation: its watchdog rolls it back {opts.confirm_within} s "
            "after activation began",
        )  # fmt: skip
    if code != 0:
        phase("activate", False, t, f"switch-to-configuration exited {code}")
        _rollback_now(ctx, state, reason=f"activation exited {code}")
        return _result(ctx, state, "rolled-back", f"activation failed (exit {code}); rolled back")
    phase("activate", True, t)
    if (early := stop_requested()) is not None:
        return early

    report = None
    if "health" in chosen:
        t = start("health")
        expect = state.system if opts.mode != "boot" else None
        report = health_checks.check(
            ctx.transport,
            target,
            ctx.fleet.document.hosts[state.info.name].health,
            expect_system=expect,
            settle_seconds=opts.settle,
        )
        state.log.write(f"--- health\n{report.model_dump_json(indent=2)}\n")
        if not report.ok:
            phase("health", False, t, "; ".join(report.problems))
            if opts.mode == "boot":
                return _result(ctx, state, "failed", "; ".join(report.problems), report)
            _rollback_now(ctx, state, reason="health: " + "; ".join(report.problems))
            return _result(
                ctx, state, "rolled-back", "health failed: " + "; ".join(report.problems), report
            )
        phase("health", True, t)

    if opts.mode != "boot":
        t = start("confirm")
        confirmed = ctx.transport.run(target, remote.confirm(state.id), timeout=60, fresh=True)
        state.log.result("confirm", confirmed)
        if not confirmed.ok:
            detail = (
                "too late: the watchdog had rolled it back"
                if confirmed.returncode == 3
                else (_last_line(confirmed.stderr) or "the fresh connection failed")
            )
            phase("confirm", False, t, detail)
            if confirmed.returncode != 3:
                _rollback_now(ctx, state, reason="could not confirm")
            return _result(ctx, state, "rolled-back", detail, report)
        phase("confirm", True, t)
    return _result(ctx, state, "deployed", "", report)


def proc_env() -> dict[str, str]:
    import os

    return dict(os.environ)


def _local(
    ctx: _Context, state: _HostState, phase: str, argv: list[str], *, timeout: float
) -> Result:
    proc.require(argv[0])
    done = ctx.transport.spawn(argv, timeout=timeout, env=proc_env())
    state.log.result(phase, done)
    return done


def _remote(
    ctx: _Context, state: _HostState, phase: str, command: str, *, timeout: float = 120
) -> Result:
    done = ctx.transport.run(state.target, command, timeout=timeout)
    state.log.result(phase, done)
    return done


def _status_code(stdout: str) -> int | None:
    lines = [line.strip() for line in stdout.strip().splitlines() if line.strip()]
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


def _await_status(ctx: _Context, state: _HostState) -> int | None:
    """After a dropped connection: reconnect (fresh) and wait for the activation's result."""
    deadline = time.monotonic() + ctx.options.confirm_within
    while time.monotonic() < deadline:
        done = ctx.transport.run(state.target, remote.status(state.id), timeout=20, fresh=True)
        state.log.result("activate (status)", done)
        if done.ok:
            code = _status_code(done.stdout)
            if code is not None:
                return code
        time.sleep(2.0)
    return None


def _rollback_now(ctx: _Context, state: _HostState, *, reason: str) -> None:
    state.log.write(f"--- rolling back: {reason}\n")
    done = ctx.transport.run(
        state.target,
        f"systemctl stop panther-watchdog-{state.id}.timer 2>/dev/null || true; "
        + remote.rollback(state.id, ctx.options.mode),
        timeout=600,
        fresh=True,
    )
    state.log.result("rollback", done)
    ctx.emit({"event": "rollback", "host": state.info.name, "ok": done.ok, "reason": reason})


def _interrupted(ctx: _Context, state: _HostState) -> HostResult:
    if state.switching and not state.activated:
        # Stopped while switch-to-configuration may still run on the host: let it end first.
        _await_status(ctx, state)
    if state.armed:
        _rollback_now(ctx, state, reason="interrupted (Ctrl-C)")
        return _result(ctx, state, "interrupted", "interrupted after activation began: rolled back")
    return _result(ctx, state, "interrupted", "interrupted before activation: nothing changed")


def _remember_key(ctx: _Context, state: _HostState) -> None:
    if state.target.host_key is None:
        key = ctx.transport.learned_key(state.target)
        if key:
            with ctx.lock:
                ctx.learned[state.info.name] = key


def _built_path(stdout: str) -> str | None:
    try:
        built = json.loads(stdout)
        return str(built[0]["outputs"]["out"])
    except (ValueError, LookupError, TypeError):
        return None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _result(
    ctx: _Context,
    state: _HostState,
    outcome: Outcome,
    detail: str,
    report: health_checks.HealthReport | None = None,
) -> HostResult:
    if outcome == "failed" and ctx.stopping.is_set():
        # A phase cut short by Ctrl-C (its program was stopped): interrupted, not failed.
        outcome, detail = "interrupted", f"interrupted ({detail}); nothing was activated"
    result = HostResult(
        host=state.info.name,
        stage=state.info.stage,
        outcome=outcome,
        system=state.system,
        previous=state.previous,
        phases=state.phases,
        health=report,
        detail=detail,
        log=str(state.log.path),
    )
    ctx.emit({"event": "host-end", "host": state.info.name, "outcome": outcome, "detail": detail})
    return result


def _revision(root: Path) -> str | None:
    if proc.which("git") is None:
        return None
    head = proc.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], timeout=10)
    if not head.ok:
        return None
    dirty = proc.run(["git", "-C", str(root), "status", "--porcelain"], timeout=10)
    return head.stdout.strip() + ("+dirty" if dirty.ok and dirty.stdout.strip() else "")


def execute(
    fleet: Fleet,
    hosts: list[HostInfo],
    deploy_plan: DeployPlan,
    options: DeployOptions,
    *,
    emit: Callable[[Event], None] = lambda _: None,
) -> DeployResult:
    """`run` under the fleet's lock, then pin the host keys it learned in fleet.toml.

    What `panther deploy`, `panther rollback` and the MCP server's deploy all do: one deploy of
    a fleet at a time, and no fleet.toml change under it.
    """
    from pantheros.fleet.lock import fleet_lock

    with fleet_lock(fleet.root):
        result = run(fleet, hosts, deploy_plan, options, emit=emit)
        _pin_learned_keys(fleet, result.learned_keys)
    return result


def _pin_learned_keys(fleet: Fleet, keys: dict[str, str]) -> None:
    """Keys accepted with --accept-new-host-key go into fleet.toml (the lock is held)."""
    if not keys:
        return
    from pantheros.files import PlannedFile, write_all
    from pantheros.fleet import edit
    from pantheros.fleet.load import load_file, parse_text

    text = load_file(fleet.path).path.read_text("utf-8")
    for host, key in sorted(keys.items()):
        text = edit.set_host_key(text, host, key, filename=str(fleet.path))
    parse_text(text, str(fleet.path))
    write_all(fleet.root, [PlannedFile(Path(fleet.path.name), text.encode(), "host keys")])


def rollback_options(fleet: Fleet, info: HostInfo, base: DeployOptions) -> DeployOptions:
    """A rollback is a deploy of the host's previous generation, with the same health gate."""
    transport = Transport([target_of(info)], connect_timeout=base.connect_timeout)
    try:
        done = transport.run(target_of(info), remote.previous_generation(), timeout=60)
    finally:
        transport.close()
    previous = done.stdout.strip()
    if done.unreachable:
        raise InputError(
            f"{info.name} does not answer",
            location=info.name,
            fix="check that it is up and reachable (panther status)",
        )
    if not previous.startswith("/nix/store/"):
        raise InputError(
            f"{info.name} has no generation before the current one",
            location=info.name,
            fix="there is nothing to roll back to (panther history shows what was deployed)",
        )
    return base.model_copy(
        update={
            "systems": {info.name: previous},
            "phases": tuple(p for p in PHASES if p not in ("eval", "build")),
            "kind": "rollback",
        }
    )
