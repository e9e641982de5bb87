"""`panther host add`: a new host from its nixos-facter report."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, print_json, writing_fleet

if TYPE_CHECKING:
    from pantheros.ops.host_add import HostAddResult, HostPlan

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
            help="laptop, workstation, server or dev (default: from the form factor).",
            show_default=False,
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="Deploy stage (default: the first).", show_default=False),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="Primary user (default: the host's, else the fleet's first); a new name is "
            "added to [users].",
            show_default=False,
        ),
    ] = None,
    ssh_keys: Annotated[
        list[str],
        typer.Option(
            "--ssh-key",
            help="Public key (or .pub file) of a new --user; repeatable.",
            show_default=False,
        ),
    ] = [],  # noqa: B006 (typer reads the default, never mutates it)
    workloads: Annotated[
        str | None,
        typer.Option(
            "--workloads",
            help="Comma-separated: containers,postgresql,mysql,vm-images,attic,hercules-ci,"
            "monitoring. They shape the storage layout.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Re-add an existing host: new report and generated files, its stage, user, "
            "tags and workloads kept unless given.",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", help="With --force: replace files that differ without asking."),
    ] = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Create hosts/NAME/ (facter.json, default.nix, disko.nix) and add NAME to fleet.toml."""
    from pantheros.files import display_path
    from pantheros.fleet.model import parse_workloads
    from pantheros.ops.host_add import apply_plan, plan_host_add

    with writing_fleet(fleet) as loaded:
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
            ssh_keys=[_key_text(k) for k in ssh_keys],
            command=command,
        )
        if plan.edited and not yes:
            _confirm_overwrites(plan, json)
        result = apply_plan(plan)
    if json:
        print_json(result)
    else:
        _render(result)


def _key_text(value: str) -> str:
    path = Path(value)
    if path.suffix == ".pub" and path.is_file():
        return path.read_text("utf-8").strip().splitlines()[0]
    return value.strip()


def _confirm_overwrites(plan: HostPlan, as_json: bool) -> None:
    """Show what would be lost and ask; without a terminal (or with --json), refuse."""
    from pantheros.errors import InputError

    names = ", ".join(e.path for e in plan.edited)
    if not as_json and sys.stdin.isatty() and sys.stdout.isatty():
        out = console()
        for edited in plan.edited:
            out.print(edited.diff, markup=False, highlight=False)
        answer = input(f"Replace {names} with what host add writes? [y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            return
        raise InputError("not replaced", location=names, fix="nothing was written")
    for edited in plan.edited:
        sys.stderr.write(edited.diff)
    raise InputError(
        "differs from what host add would write (your edits, or what the new report changes); "
        "the diff is above",
        location=names,
        fix="rerun with --yes to replace, or keep your file and run without --force",
    )


def _render(result: HostAddResult) -> None:
    from rich.markup import escape

    out = console()
    p = result.profile
    verb = "replaced" if result.replaced else "added"
    out.print(
        f"[green]{verb}[/] host [bold]{escape(result.host)}[/]: class {result.class_}, "
        f"stage {escape(result.stage)}, user {escape(result.user)}, {result.system}"
    )
    out.print(
        f"  {p.form_factor}, boot {p.boot_mode} ({p.boot_mode_confidence}), "
        f"nixos-hardware: {escape(', '.join(p.nixos_hardware_modules) or 'none')}"
    )
    for path in result.files:
        out.print(f"  wrote {escape(path)}")
    if result.git_staged:
        out.print("  git add (a flake in a git repository sees only the files git tracks)")
    for warning in result.warnings:
        out.print(f"[yellow]warning[/] {escape(warning)}")
    out.print("next: review the files, then run `panther validate`", style="dim")
    sys.stdout.flush()
