"""`panther hosts` and `panther validate`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, exit_with, load_fleet, print_json

if TYPE_CHECKING:
    from pantheros.fleet.hosts import HostList
    from pantheros.fleet.validate import ValidationReport


def register(app: typer.Typer) -> None:
    app.command("hosts")(hosts)
    app.command("validate")(validate)


def hosts(fleet: FleetOption = None, json: JsonOption = False) -> None:
    """List the fleet's hosts: class, stage, deploy target, workloads."""
    from pantheros.fleet.hosts import list_hosts

    result = list_hosts(load_fleet(fleet))
    if json:
        print_json(result)
    else:
        _render_hosts(result)


def validate(
    fleet: FleetOption = None,
    json: JsonOption = False,
    no_nix: bool = typer.Option(False, "--no-nix", help="Skip the Nix parse check."),
) -> None:
    """Check fleet.toml, every host's folder and report, and that every .nix file parses."""
    from pantheros.fleet.validate import validate as run_validate

    report = run_validate(load_fleet(fleet), check_nix=not no_nix)
    if json:
        print_json(report)
    else:
        _render_validation(report)
    exit_with(0 if report.ok else 2)


def _render_hosts(result: HostList) -> None:
    from rich.table import Table

    table = Table(title=f"fleet {result.fleet} ({len(result.hosts)} hosts)", title_justify="left")
    for column in ("host", "class", "system", "stage", "deploy target", "workloads", "key"):
        table.add_column(column)
    for host in result.hosts:
        target = f"{host.deploy_user}@{host.deploy_host}"
        if host.deploy_port != 22:
            target += f":{host.deploy_port}"
        table.add_row(
            host.name + (" (optional)" if host.optional else ""),
            host.class_,
            host.system,
            host.stage,
            target,
            ", ".join(host.workloads) or "-",
            "pinned" if host.host_key else "[yellow]none[/]",
        )
    console().print(table)


def _render_validation(report: ValidationReport) -> None:
    out = console()
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    for finding in report.findings:
        colour = colours[finding.severity]
        line = f"[{colour}]{finding.severity}[/] {finding.location}: {finding.message}"
        out.print(line + (f" [dim]— fix: {finding.fix}[/]" if finding.fix else ""))
    parsed = f"{report.nix_files} .nix files parsed" if report.nix_checked else "Nix not checked"
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = sum(f.severity == "warning" for f in report.findings)
    verdict = "[green]ok[/]" if report.ok else "[red]failed[/]"
    out.print(
        f"{verdict}: {report.hosts} hosts, {parsed}, {errors} error(s), {warnings} warning(s)"
    )
