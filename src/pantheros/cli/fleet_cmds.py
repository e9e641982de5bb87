"""`panther hosts` and `panther validate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, exit_with, load_fleet, print_json

if TYPE_CHECKING:
    from pantheros.fleet.hosts import HostList
    from pantheros.fleet.model import Fleet
    from pantheros.ops.validate import ValidationReport


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("hosts")(hosts)
    app.command("validate")(validate)


def init(
    directory: Path = typer.Argument(Path(), help="Where the fleet goes (default: here)."),
    name: str | None = typer.Option(
        None, "--name", help="The fleet's name (default: the folder's).", show_default=False
    ),
    user: str | None = typer.Option(
        None, "--user", help="Primary user (default: your login name).", show_default=False
    ),
    ssh_keys: list[str] = typer.Option(
        [],
        "--ssh-key",
        help="A public key (or .pub file) for the user; repeatable (default: ~/.ssh/*.pub).",
        show_default=False,
    ),
    tailnet: str | None = typer.Option(
        None, "--tailnet", help="MagicDNS suffix, e.g. example.ts.net.", show_default=False
    ),
    pantheros: str = typer.Option(
        "github:pantheros/pantheros", "--pantheros", help="Where the fleet gets PantherOS from."
    ),
    refresh: bool = typer.Option(
        False, "--refresh", help="Existing fleet: rewrite flake.nix's nixConfig from fleet.toml."
    ),
    json: JsonOption = False,
) -> None:
    """Start a fleet of your own: flake.nix, fleet.toml and .gitignore (never overwrites)."""
    from rich.markup import escape

    from pantheros.fleet import init as fleet_init

    if refresh:
        _refresh(directory, json)
        return
    # Defaults come from this machine: your login name and your public keys.
    keys = [_key_text(k) for k in ssh_keys] or fleet_init.public_keys(Path.home() / ".ssh")
    chosen_user = user if user is not None else fleet_init.default_user()
    files, planned = fleet_init.plan_init(
        directory,
        name=name,
        user=chosen_user,
        keys=keys if chosen_user else [],
        tailnet=tailnet,
        framework=pantheros,
    )
    result = fleet_init.apply_init(directory, files, planned)
    if json:
        print_json(result)
        return
    out = console()
    out.print(f"fleet [bold]{escape(result.name)}[/] in {escape(result.root)}:")
    for name_ in result.files:
        out.print(f"  wrote {escape(name_)}")
    if result.git_initialized:
        out.print("  git init")
    if result.git_staged:
        out.print("  git add (a flake in a git repository sees only the files git tracks)")
    for warning in result.warnings:
        out.print(f"[yellow]warning[/] {escape(warning)}")
    out.print("next:")
    for step in result.next_steps:
        out.print(f"  {escape(step)}")


def _key_text(value: str) -> str:
    path = Path(value)
    if path.suffix == ".pub" and path.is_file():
        return path.read_text("utf-8").strip().splitlines()[0]
    return value.strip()


def _refresh(directory: Path, json: bool) -> None:
    from pantheros.files import write_all
    from pantheros.fleet import init as fleet_init
    from pantheros.fleet.load import load_file
    from pantheros.fleet.lock import fleet_lock

    with fleet_lock(directory.absolute()):
        fleet = load_file(directory / "fleet.toml")
        files, changed = fleet_init.refresh(fleet.root, fleet.document.fleet.cache)
        if changed:
            write_all(fleet.root, files)
    if json:
        sys.stdout.write(f'{{"flake_nix_changed": {"true" if changed else "false"}}}\n')
    elif changed:
        console().print("flake.nix: nixConfig rewritten from fleet.toml")
    else:
        console().print("flake.nix: nixConfig already matches fleet.toml")


def hosts(
    fleet: FleetOption = None,
    json: JsonOption = False,
    names: bool = typer.Option(False, "--names", help="Only the host names, one per line."),
) -> None:
    """List the fleet's hosts: class, stage, deploy target, workloads."""
    from pantheros.fleet import snapshot
    from pantheros.fleet.hosts import list_hosts

    loaded = load_fleet(fleet, listing=True)
    result = list_hosts(loaded)
    text = result.model_dump_json(indent=2, by_alias=True) + "\n"
    host_names = [host.name for host in result.hosts]
    snapshot.write(loaded.path, loaded.source, loaded.content, text, host_names)
    if names:
        sys.stdout.write("".join(f"{name}\n" for name in host_names))
    elif json:
        sys.stdout.write(text)
    else:
        _render_hosts(result)


def validate(
    fleet: FleetOption = None,
    json: JsonOption = False,
    no_nix: bool = typer.Option(False, "--no-nix", help="Skip the Nix parse check."),
) -> None:
    """Check fleet.toml, every host's folder and report, and that every .nix file parses."""
    from pantheros.ops.validate import validate as run_validate

    loaded = load_fleet(fleet, listing=True)
    report = run_validate(loaded, check_nix=not no_nix)
    if json:
        print_json(report)
    else:
        _render_validation(report, loaded)
    # Problems in the fleet are findings (1); an unreadable fleet.toml never gets here (2).
    exit_with(0 if report.ok else 1)


def _render_hosts(result: HostList) -> None:
    from rich.markup import escape
    from rich.table import Table

    which = " — the bundled example" if result.example else ""
    table = Table(
        title=f"fleet {escape(result.fleet)}{which} ({len(result.hosts)} hosts)",
        title_justify="left",
    )
    for column in ("host", "class", "system", "stage", "deploy target", "workloads", "key"):
        table.add_column(column)
    for host in result.hosts:
        target = f"{host.deploy_user}@{host.deploy_host}"
        if host.deploy_port != 22:
            target += f":{host.deploy_port}"
        table.add_row(
            escape(host.name) + (" (optional)" if host.optional else ""),
            host.class_,
            host.system,
            escape(host.stage),
            escape(target),
            ", ".join(host.workloads) or "-",
            "pinned" if host.host_key else "[yellow]none[/]",
        )
    console().print(table)


def _render_validation(report: ValidationReport, fleet: Fleet) -> None:
    from rich.markup import escape

    out = console()
    which = " — the bundled example" if fleet.source == "example" else ""
    out.print(f"fleet {escape(fleet.name)}{which} ({escape(str(fleet.path))})")
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    for finding in report.findings:
        colour = colours[finding.severity]
        line = (
            f"[{colour}]{finding.severity}[/] {escape(finding.location)}: {escape(finding.message)}"
        )
        out.print(line + (f" [dim]— fix: {escape(finding.fix)}[/]" if finding.fix else ""))
    parsed = f"{report.nix_files} .nix files parsed" if report.nix_checked else "Nix not checked"
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = sum(f.severity == "warning" for f in report.findings)
    verdict = "[green]ok[/]" if report.ok else "[red]failed[/]"
    out.print(
        f"{verdict}: {report.hosts} hosts, {parsed}, {errors} error(s), {warnings} warning(s)"
    )
