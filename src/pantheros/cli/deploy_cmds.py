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
    from pantheros.fleet.lock import fleet_lock
    from pantheros.ops import deploy as engine

    show = renderer(planned, as_json=as_json)
    # One deploy of a fleet at a time (and no fleet.toml change under it).
    with fleet_lock(fleet.root):
        try:
            result = engine.run(fleet, hosts, planned, options, emit=show)
        finally:
            show.close()
        _pin_learned_keys(fleet, result)
    if as_json:
        import sys

        sys.stdout.write(result.model_dump_json() + "\n")
    else:
        _render_result(result)
    return result


def _pin_learned_keys(fleet: Fleet, result: DeployResult) -> None:
    """Keys accepted with --accept-new-host-key go into fleet.toml (under the lock)."""
    return


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
