"""`panther host add`: a new host from its nixos-facter report."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, load_fleet, print_json

if TYPE_CHECKING:
    from pantheros.hardware.host_add import HostAddResult

host_app = typer.Typer(name="host", help="Add hosts to the fleet.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(host_app)


@host_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Host name (becomes networking.hostName).")],
    report: Annotated[
        Path,
        typer.Option("--report", help="The machine's facter.json (panther hw detect -o FILE)."),
    ],
    host_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            help="laptop, workstation or server (default: from the form factor).",
            show_default=False,
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="Deploy stage (default: the first).", show_default=False),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Primary user (default: the first).", show_default=False),
    ] = None,
    workloads: Annotated[
        str | None,
        typer.Option(
            "--workloads",
            help="Comma-separated: containers,postgresql,mysql,vm-images,attic,hercules-ci. "
            "They shape the storage layout.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing host's generated files.")
    ] = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Create hosts/NAME/ (facter.json, default.nix, disko.nix) and add NAME to fleet.toml."""
    from pantheros.files import display_path
    from pantheros.fleet.model import parse_workloads
    from pantheros.hardware.host_add import apply_plan, plan_host_add

    loaded = load_fleet(fleet)
    # The command goes into the generated files' headers: no absolute paths of this machine.
    command = "panther host add " + shlex.join(
        [name, "--report", display_path(report, loaded.root)]
        + (["--class", host_class] if host_class else [])
        + (["--stage", stage] if stage else [])
        + (["--user", user] if user else [])
        + (["--workloads", workloads] if workloads is not None else [])
    )
    plan = plan_host_add(
        loaded,
        name,
        report,
        host_class=host_class,
        stage=stage,
        user=user,
        workloads=None if workloads is None else parse_workloads(workloads),
        force=force,
        command=command,
    )
    result = apply_plan(plan)
    if json:
        print_json(result)
    else:
        _render(result)


def _render(result: HostAddResult) -> None:
    out = console()
    p = result.profile
    verb = "replaced" if result.replaced else "added"
    out.print(
        f"[green]{verb}[/] host [bold]{result.host}[/]: class {result.class_}, "
        f"stage {result.stage}, user {result.user}, {result.system}"
    )
    out.print(
        f"  {p.form_factor}, boot {p.boot_mode} ({p.boot_mode_confidence}), "
        f"nixos-hardware: {', '.join(p.nixos_hardware_modules) or 'none'}"
    )
    for path in result.files:
        out.print(f"  wrote {path}")
    for warning in result.warnings:
        out.print(f"[yellow]warning[/] {warning}")
    out.print("next: review the files, then run `panther validate`", style="dim")
    sys.stdout.flush()
