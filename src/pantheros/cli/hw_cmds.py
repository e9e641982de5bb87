"""`panther hw show|compare|detect`: hardware profiles from nixos-facter reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, load_fleet, print_json
from pantheros.cli.safe import shown

if TYPE_CHECKING:
    from pantheros.fleet.model import Fleet
    from pantheros.hardware.compare import Comparison
    from pantheros.hardware.profile import HardwareProfile

hw_app = typer.Typer(
    name="hw",
    help="Hardware: profile nixos-facter reports, compare machines, scan this one.",
    no_args_is_help=True,
)

Target = Annotated[
    str,
    typer.Argument(
        metavar="REPORT|HOST",
        help="A facter.json file, or a host of the fleet (uses its report and boot_mode).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(hw_app)


@hw_app.command("show")
def show(target: Target, fleet: FleetOption = None, json: JsonOption = False) -> None:
    """What PantherOS concludes about a machine, each fact with its evidence."""
    from pantheros.hardware.resolve import profile_for

    profile = profile_for(target, lambda: load_fleet(fleet))
    if json:
        print_json(profile)
    else:
        _render_profile(profile)


@hw_app.command("compare")
def compare(
    a: Target,
    b: Target,
    all_rows: Annotated[
        bool, typer.Option("--all", help="Show every compared field, not only the differences.")
    ] = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Two machines side by side: only the fields that differ (--all: every field)."""
    from pantheros.hardware.compare import compare_profiles
    from pantheros.hardware.resolve import profile_for

    loaded: list[Fleet] = []

    def fleet_once() -> Fleet:
        if not loaded:
            loaded.append(load_fleet(fleet))
        return loaded[0]

    result = compare_profiles(
        profile_for(a, fleet_once), profile_for(b, fleet_once), all_rows=all_rows
    )
    if json:
        print_json(result)
    else:
        _render_comparison(result)


@hw_app.command("detect")
def detect(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the report here (default: print it)."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Scan this machine with nixos-facter (needs root) and save the report."""
    from pantheros.files import PlannedFile, write_all
    from pantheros.hardware.detect import describe
    from pantheros.hardware.detect import detect as run_detect

    text = run_detect()
    if output is None:
        # The report is JSON already: --json changes nothing here.
        typer.echo(text, nl=not text.endswith("\n"))
        return
    target = output.resolve()
    write_all(target.parent, [PlannedFile(Path(target.name), text.encode(), "hardware report")])
    if json:
        print_json(describe(str(output), text))
    else:
        console(stderr=True).print(f"wrote {shown(output)}")


def _render_profile(p: HardwareProfile) -> None:
    from rich.table import Table

    out = console()
    # Boards have no SMBIOS vendor: their product (the board's name) alone says what it is.
    machine = " ".join(part for part in (p.vendor, p.product) if part) or "unknown machine"
    title = f"{machine} ({p.source})"
    facts = Table(title=shown(title), title_justify="left")
    facts.add_column("fact")
    facts.add_column("value")
    facts.add_column("evidence", style="dim", overflow="fold")
    ev = p.evidence
    if p.provider:
        provider = f"{p.provider} ({p.provider_confidence})"
    elif p.vm_host == "local":
        provider = f"none: a local VM ({p.provider_confidence})"
    else:
        provider = "-"
    cpu = f"{p.cpu.vendor} {p.cpu.model or ''} ({p.cpu.cores or '?'}c/{p.cpu.threads or '?'}t)"
    rows = [
        ("form factor", p.form_factor, "form_factor"),
        *([("2-in-1", _yes(p.convertible), "convertible")] if p.form_factor == "laptop" else []),
        *([("board", p.product or "?", "board")] if "board" in ev else []),
        ("virtualisation", p.virtualisation, "virtualisation"),
        ("provider", provider, "provider"),
        ("boot mode", f"{p.boot_mode} ({p.boot_mode_confidence})", "boot_mode"),
        ("cpu", cpu, "cpu.vendor"),
        ("memory", _size(p.memory_bytes), "memory_bytes"),
        ("hybrid graphics", _yes(p.hybrid_graphics), "hybrid_graphics"),
        ("wifi / bluetooth", f"{_yes(p.wifi)} / {_yes(p.bluetooth)}", "wifi"),
        ("battery", _yes(p.battery), "battery"),
        (
            "nixos-hardware",
            ", ".join(p.nixos_hardware_modules) + (" (exact)" if p.nixos_hardware_exact else "")
            or "-",
            "nixos_hardware_modules",
        ),
        ("quirks", ", ".join(p.quirks) or "-", "quirks"),
    ]
    for name, value, key in rows:
        facts.add_row(name, shown(value), shown(ev.get(key, "")))
    out.print(facts)

    if p.gpus:
        gpus = Table(title="graphics", title_justify="left")
        for column in ("vendor", "kind", "device", "driver", "PRIME bus id"):
            gpus.add_column(column)
        for g in p.gpus:
            gpus.add_row(
                *(shown(v) for v in (g.vendor, g.kind, g.device_id or "-", g.driver or "-")),
                shown(g.bus_id or "-"),
            )
        out.print(gpus)
        for i, g in enumerate(p.gpus):
            if f"gpus[{i}].kind" in ev:
                out.print(
                    f"[dim]{shown(g.device_id or g.vendor)} kind: {shown(ev[f'gpus[{i}].kind'])}[/]"
                )
    disks = Table(title="disks", title_justify="left")
    for column in ("name", "bus", "size", "rotational", "by-id"):
        disks.add_column(column, overflow="fold")
    for d in p.disks:
        rot = "unknown" if d.rotational is None else _yes(d.rotational)
        bus = d.bus + (" (removable)" if d.removable else "")
        disks.add_row(shown(d.name), bus, _size(d.size_bytes), rot, shown(d.by_id or d.device))
    for x in p.excluded_disks:
        disks.add_row(f"[dim]{shown(x.name)}[/]", "", "", "", f"[dim]skipped: {shown(x.reason)}[/]")
    out.print(disks)
    for i, d in enumerate(p.disks):
        for fact in ("bus", "rotational"):
            if f"disks[{i}].{fact}" in ev:
                out.print(f"[dim]{shown(d.name)} {fact}: {shown(ev[f'disks[{i}].{fact}'])}[/]")
    for warning in p.warnings:
        out.print(f"[yellow]warning[/] {shown(warning)}")


def _render_comparison(result: Comparison) -> None:
    from rich.table import Table

    out = console()
    same = f"{result.same} field(s) the same" + ("" if result.all else " (--all shows them)")
    if not result.rows:
        out.print(f"no differences between {shown(result.a)} and {shown(result.b)}; {same}")
        return
    title = "hardware compared" if result.all else "hardware compared: differences only"
    table = Table(title=title, title_justify="left")
    table.add_column("field")
    table.add_column(shown(result.a), overflow="fold")
    table.add_column(shown(result.b), overflow="fold")
    for row in result.rows:
        style = "bold yellow" if row.a != row.b else None
        table.add_row(
            row.field, shown(cell(row.field, row.a)), shown(cell(row.field, row.b)), style=style
        )
    out.print(table)
    out.print(f"{len(result.differences)} difference(s); {same}")


def cell(field: str, value: object) -> str:
    """A compared value as people read it: yes/no, sizes with units, '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, int) and field.endswith("_bytes"):
        return _size(value)
    if isinstance(value, list):
        return ", ".join(cell(field, v) for v in value) or "-"
    return str(value)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{n} B"
        size /= 1024
    return f"{n} B"
