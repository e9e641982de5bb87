"""`panther deploy`, `health`, `drift`, `status`, `history`, `rollback`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, exit_with, load_fleet, print_json

if TYPE_CHECKING:
    from pantheros.fleet.model import Fleet, HostInfo
    from pantheros.ops.deploy import DeployOptions, DeployPlan, DeployResult

HostsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Hosts, @tag or @stage (several allowed).", show_default=False),
]
AllOption = Annotated[bool, typer.Option("--all", help="Every host of the fleet.")]


def register(app: typer.Typer) -> None:
    app.command("deploy")(deploy)
    app.command("rollback")(rollback)
    app.command("health")(health)
    app.command("drift")(drift)
    app.command("status")(status)
    app.command("history")(history)


def _systems(values: list[str]) -> dict[str, str]:
    from pantheros.errors import InputError

    systems: dict[str, str] = {}
    for value in values:
        host, sep, path = value.partition("=")
        if not sep or not host or not path:
            raise InputError(
                f"{value!r} is not HOST=PATH",
                location="--system",
                fix="write --system web1=/nix/store/…-nixos-system-web1-…",
            )
        systems[host] = path
    return systems


def _phases(text: str | None) -> tuple[str, ...] | None:
    from pantheros.errors import InputError
    from pantheros.ops.deploy import PHASES

    if text is None:
        return None
    chosen = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise InputError(
            f"unknown phase(s): {', '.join(unknown) or '(none given)'}",
            location="--phases",
            fix=f"choose from {', '.join(PHASES)}",
        )
    return tuple(p for p in PHASES if p in chosen)


def deploy(
    hosts: HostsArg = None,
    everything: AllOption = False,
    phases: Annotated[
        str | None,
        typer.Option(
            "--phases",
            help="Comma-separated phases to run (reach,eval,build,copy,activate,health,confirm).",
            show_default=False,
        ),
    ] = None,
    max_parallel: Annotated[
        int, typer.Option("--max-parallel", help="Hosts at a time within a wave.")
    ] = 10,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print waves, hosts and commands; touch nothing.")
    ] = False,
    mode: Annotated[
        str,
        typer.Option("--mode", help="switch (default), boot (activate at the next boot) or test."),
    ] = "switch",
    systems: Annotated[
        list[str],
        typer.Option(
            "--system",
            help="HOST=/nix/store/…: deploy a system built elsewhere (skips eval and build).",
            show_default=False,
        ),
    ] = [],  # noqa: B006 (typer reads the default, never mutates it)
    build_host: Annotated[
        str | None,
        typer.Option(
            "--build-host", help="Build on this host (Nix remote building).", show_default=False
        ),
    ] = None,
    flake: Annotated[
        str | None,
        typer.Option(
            "--flake", help="The fleet's flake (default: its folder).", show_default=False
        ),
    ] = None,
    confirm_within: Annotated[
        int,
        typer.Option(
            "--confirm-within",
            help="Seconds after activation before an unconfirmed host rolls itself back.",
        ),
    ] = 180,
    accept_new_host_key: Annotated[
        bool,
        typer.Option(
            "--accept-new-host-key",
            help="Accept and pin (in fleet.toml) the key of hosts that have none pinned.",
        ),
    ] = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Deploy in stage waves: build, copy, activate with a watchdog, check health, confirm."""
    from pantheros.errors import InputError
    from pantheros.ops import deploy as engine
    from pantheros.ops.targets import select

    if mode not in ("switch", "boot", "test"):
        raise InputError(
            f"unknown mode {mode!r}", location="--mode", fix="use switch, boot or test"
        )
    loaded = load_fleet(fleet)
    chosen = select(loaded, hosts or [], everything=everything, verb="deploy")
    options = engine.DeployOptions(
        mode=mode,
        phases=_phases(phases) or engine.PHASES,
        max_parallel=max_parallel,
        systems=_systems(systems),
        build_host=build_host,
        flake=flake,
        confirm_within=confirm_within,
        accept_new_host_key=accept_new_host_key,
    )
    planned = engine.plan(loaded, chosen, options)
    if dry_run:
        if json:
            print_json(planned)
        else:
            _render_plan(planned)
        return
    result = _run(loaded, chosen, planned, options, json)
    exit_with(0 if result.outcome == "ok" else 1)


def _run(
    fleet: Fleet,
    hosts: list[HostInfo],
    planned: DeployPlan,
    options: DeployOptions,
    as_json: bool,
) -> DeployResult:
    from pantheros.cli.progress import renderer
    from pantheros.ops import deploy as engine

    show = renderer(planned, as_json=as_json)
    try:
        result = engine.execute(fleet, hosts, planned, options, emit=show)
    finally:
        show.close()
    out = console(stderr=True)
    for host, key in sorted(result.learned_keys.items()):
        out.print(f"pinned {host}'s host key in fleet.toml: {key}", markup=False)
    if as_json:
        import sys

        sys.stdout.write(result.model_dump_json() + "\n")
    else:
        _render_result(result)
    return result


def _render_plan(planned: DeployPlan) -> None:
    from rich.markup import escape

    out = console()
    out.print(
        f"deploy {planned.id} of fleet {escape(planned.fleet)} ({planned.mode}), "
        f"at most {planned.max_parallel} hosts at a time — dry run, nothing is touched"
    )
    for number, wave in enumerate(planned.waves, start=1):
        out.print(f"wave {number}: stage [bold]{escape(wave.stage)}[/]")
        for host in wave.hosts:
            optional = " (optional)" if host.optional else ""
            out.print(f"  [bold]{escape(host.host)}[/]{optional} → {escape(host.target)}")
            for step in host.steps:
                out.print(f"    {step.phase:9} [{escape(step.where)}] {escape(step.command)}")


def _render_result(result: DeployResult) -> None:
    from rich.markup import escape

    out = console()
    counts: dict[str, int] = {}
    for wave in result.waves:
        for host in wave.hosts:
            counts[host.outcome] = counts.get(host.outcome, 0) + 1
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    colour = {"ok": "green", "failed": "red", "interrupted": "yellow"}[result.outcome]
    logs = next((h.log for w in result.waves for h in w.hosts if h.log), None)
    where = f"; logs in {escape(str(Path(logs).parent))}" if logs else ""
    out.print(
        f"[{colour}]{result.outcome}[/]: deploy {result.id} in {result.seconds:.1f} s "
        f"({summary}){where}"
    )


def rollback(
    host: Annotated[str, typer.Argument(help="The host to roll back.")],
    confirm_within: Annotated[
        int,
        typer.Option(
            "--confirm-within",
            help="Seconds after activation before an unconfirmed host rolls itself back.",
        ),
    ] = 180,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Go back to the host's previous generation, with the same health gate as a deploy."""
    from pantheros.ops import deploy as engine
    from pantheros.ops.targets import select

    loaded = load_fleet(fleet)
    (info,) = select(loaded, [host], everything=False, verb="rollback")
    options = engine.rollback_options(
        loaded, info, engine.DeployOptions(confirm_within=confirm_within)
    )
    planned = engine.plan(loaded, [info], options)
    result = _run(loaded, [info], planned, options, json)
    exit_with(0 if result.outcome == "ok" else 1)


def health(
    hosts: HostsArg = None,
    everything: AllOption = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Check hosts now: system state, required units, probes, backup and snapshot age."""
    from pantheros.ops import health as checks
    from pantheros.ops.targets import select

    loaded = load_fleet(fleet)
    chosen = select(loaded, hosts or [], everything=everything, verb="health")
    result = checks.fleet_health(loaded, chosen)
    if json:
        print_json(result)
    else:
        _render_health(result)
    # On demand, an old backup or snapshot counts too (a deploy's gate ignores those).
    exit_with(0 if all(r.ok and not r.warnings for r in result.hosts) else 1)


def _render_health(result: object) -> None:
    from rich.markup import escape
    from rich.table import Table

    from pantheros.ops.health import FleetHealth

    assert isinstance(result, FleetHealth)
    table = Table(title=f"health of fleet {escape(result.fleet)}", title_justify="left")
    for column in ("host", "state", "units", "probes", "backup age", "snapshot age", "problems"):
        table.add_column(column)
    for r in result.hosts:
        units = (
            f"{sum(r.required_units.values())}/{len(r.required_units)}" if r.required_units else "-"
        )
        probes = f"{sum(p.ok for p in r.probes)}/{len(r.probes)}" if r.probes else "-"
        table.add_row(
            escape(r.host),
            ("[green]" if r.ok else "[red]") + escape(r.state or "unreachable") + "[/]",
            units,
            probes,
            "-" if r.backup_age_hours is None else f"{r.backup_age_hours:.1f} h",
            "-" if r.snapshot_age_hours is None else f"{r.snapshot_age_hours:.1f} h",
            escape("; ".join(r.problems))
            + ("; " if r.problems and r.warnings else "")
            + (f"[yellow]{escape('; '.join(r.warnings))}[/]" if r.warnings else "")
            or "[green]none[/]",
        )
    console().print(table)


def drift(
    hosts: HostsArg = None,
    everything: AllOption = False,
    flake: Annotated[
        str | None,
        typer.Option(
            "--flake", help="The fleet's flake (default: its folder).", show_default=False
        ),
    ] = None,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Compare what each host runs with what the flake says: in-sync, behind, unknown, …"""
    from rich.markup import escape
    from rich.table import Table

    from pantheros.ops import drift as drift_ops
    from pantheros.ops.targets import select

    loaded = load_fleet(fleet)
    chosen = select(loaded, hosts or [], everything=everything, verb="drift")
    report = drift_ops.drift(loaded, chosen, flake=flake)
    if json:
        print_json(report)
    else:
        colours = {"in-sync": "green", "behind": "yellow", "needs-reboot": "yellow"}
        table = Table(title=f"drift of fleet {escape(loaded.name)}", title_justify="left")
        for column in ("host", "state", "runs", "should run", "detail"):
            table.add_column(column)
        for h in report.hosts:
            colour = colours.get(h.state, "red")
            detail = h.detail or ("reboot for " + ", ".join(h.reboot_for) if h.reboot_for else "")
            table.add_row(
                escape(h.host),
                f"[{colour}]{h.state}[/]",
                escape(_short(h.current)),
                escape(_short(h.desired)),
                escape(detail),
            )
        console().print(table)
    exit_with(0 if report.in_sync else 1)


def _short(path: str | None) -> str:
    return path.removeprefix("/nix/store/")[:44] if path else "-"


def status(
    hosts: HostsArg = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every host (the default for status).")
    ] = True,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """The fleet at a glance: stage, reachable, drift, health and the last deploy per host."""
    from rich.markup import escape
    from rich.table import Table

    from pantheros.ops import status as status_ops
    from pantheros.ops.targets import select

    loaded = load_fleet(fleet)
    chosen = select(loaded, hosts or [], everything=not hosts, verb="status")
    result = status_ops.status(loaded, chosen)
    if json:
        print_json(result)
        return
    table = Table(title=f"fleet {escape(loaded.name)}", title_justify="left")
    for column in ("host", "stage", "reachable", "drift", "health", "last deploy"):
        table.add_column(column)
    for h in result.hosts:
        last = h.last_deploy
        table.add_row(
            escape(h.host) + (" (optional)" if h.optional else ""),
            escape(h.stage),
            "yes" if h.reachable else "[red]no[/]",
            escape(h.drift),
            "-"
            if h.healthy is None
            else ("[green]ok[/]" if h.healthy else "[red]" + escape("; ".join(h.problems)) + "[/]"),
            "-"
            if last is None
            else escape(f"{last.started} {last.kind} {last.outcome} ({last.who})"),
        )
    console().print(table)


def history(
    host: Annotated[
        str | None, typer.Argument(help="Only runs that touched this host.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="The last N runs (0: all).")] = 20,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Deploys and rollbacks from the ledger: who, when, which revision, each host's outcome."""
    from rich.markup import escape
    from rich.table import Table

    from pantheros.ops import status as status_ops

    loaded = load_fleet(fleet, listing=True)
    result = status_ops.history(loaded, host=host, limit=limit)
    if json:
        print_json(result)
        return
    table = Table(title=f"history of fleet {escape(loaded.name)}", title_justify="left")
    for column in ("started", "kind", "outcome", "who", "revision", "hosts"):
        table.add_column(column)
    for e in result.entries:
        table.add_row(
            escape(e.started),
            escape(e.kind),
            escape(e.outcome),
            escape(e.who),
            escape(e.revision or "-"),
            escape(", ".join(f"{h} {o}" for h, o in e.hosts.items())),
        )
    console().print(table)
