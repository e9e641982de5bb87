"""`panther storage plan|check|bench`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, exit_with, load_fleet, print_json
from pantheros.cli.safe import shown

if TYPE_CHECKING:
    from pantheros.files import WriteOutcome
    from pantheros.storage.bench import BenchResult
    from pantheros.storage.check import CheckReport
    from pantheros.storage.model import StoragePlan

storage_app = typer.Typer(
    help="Hardware-aware Btrfs storage: plan a layout, write disko.nix, check one, benchmark.",
    no_args_is_help=True,
)

HostArg = Annotated[
    str | None,
    typer.Argument(
        help="A host in fleet.toml (its report and settings are used).", show_default=False
    ),
]
ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="A nixos-facter report (for a machine that is not a host yet).",
        show_default=False,
    ),
]
HibernateOption = Annotated[
    bool | None,
    typer.Option(
        "--hibernate/--no-hibernate",
        help="Plan for hibernation (default: laptops do).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(storage_app, name="storage")


@storage_app.command("plan")
def plan(
    host: HostArg = None,
    report: ReportOption = None,
    workloads: Annotated[
        str | None,
        typer.Option(
            "--workloads",
            help="Comma-separated: containers,postgresql,mysql,"
            "vm-images,attic,hercules-ci,monitoring (default: the host's).",
            show_default=False,
        ),
    ] = None,
    class_: Annotated[
        str | None,
        typer.Option(
            "--class",
            help="laptop, workstation or server (default: the host's, or "
            "from the report's form factor).",
            show_default=False,
        ),
    ] = None,
    hibernate: HibernateOption = None,
    write: Annotated[bool, typer.Option("--write", help="Write hosts/<HOST>/disko.nix.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write the disko file here instead.", show_default=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite a disko file that differs.")
    ] = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Plan a Btrfs layout from a hardware report, with the reason for every choice."""
    from pantheros.files import display_path, fleet_root_above, output_file, write_generated
    from pantheros.fleet.model import parse_host_class, parse_workloads
    from pantheros.storage import disko
    from pantheros.storage.inputs import load_profile, plan_host, settings_for
    from pantheros.storage.planner import plan_storage

    chosen_workloads = None if workloads is None else parse_workloads(workloads)
    chosen_class = None if class_ is None else parse_host_class(class_)
    if (host is None) == (report is None):
        from pantheros.errors import InputError

        raise InputError(
            "give a HOST or --report, not both or neither",
            location="panther storage plan",
            fix="panther storage plan zephyrus, or panther storage plan --report facter.json",
        )
    fleet_root: Path | None = None
    if host is not None:
        loaded = load_fleet(fleet)
        fleet_root = loaded.root
        result = plan_host(
            loaded, host, class_=chosen_class, workloads=chosen_workloads, hibernate=hibernate
        )
        report_path = fleet_root / loaded.info(host).report
        command = f"panther storage plan {host} --write"
    else:
        assert report is not None
        profile = load_profile(report)
        settings = settings_for(
            profile, None, class_=chosen_class, workloads=chosen_workloads, hibernate=hibernate
        )
        result = plan_storage(profile, settings)
        report_path = report
    target = None if output is None else output_file(output, "disko.nix")
    if write and target is None:
        if host is None or fleet_root is None:
            from pantheros.errors import InputError

            raise InputError(
                "--write needs a HOST (it writes hosts/<HOST>/disko.nix)",
                location="--write",
                fix="pass --output FILE to write a plan made from --report",
            )
        target = fleet_root / "hosts" / host / "disko.nix"
    # Headers name files relative to the fleet the disko file lands in, or by name only.
    header_root = fleet_root or (fleet_root_above(target) if target is not None else None)
    shown_report = display_path(report_path, header_root)
    shown_output = display_path(target, header_root) if target is not None else "FILE"
    if host is None:
        command = f"panther storage plan --report {shown_report} --output {shown_output}"
    elif output is not None:
        # The header says how the file was made: here, not into the host's folder.
        command = f"panther storage plan {host} --output {shown_output}"
    outcome: WriteOutcome | None = None
    if target is not None:
        header = disko.header_for(result, command, report=shown_report)
        text = disko.render(result, header=header)
        if header_root is not None:
            from pantheros.fleet.lock import fleet_lock

            # A write into a fleet: one writer at a time, through its journal.
            with fleet_lock(header_root):
                outcome = write_generated(
                    target, text, force=force, purpose="disko storage layout", root=header_root
                )
        else:
            outcome = write_generated(target, text, force=force, purpose="disko storage layout")
    if json:
        print_json(result)
        if target is not None and outcome is not None:
            console(stderr=True).print(_outcome_line(target, outcome))
    else:
        _render_plan(result, target, outcome)


@storage_app.command("check")
def check(
    host: HostArg = None,
    disko_file: Annotated[
        Path | None,
        typer.Option(
            "--disko",
            help="A disko file to check (default: hosts/<HOST>/disko.nix).",
            show_default=False,
        ),
    ] = None,
    report: ReportOption = None,
    hibernate: HibernateOption = None,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Evaluate a disko config and check it against the hardware report; exit 1 on errors."""
    from pantheros.errors import InputError
    from pantheros.storage.inputs import check_files, check_host

    if host is not None:
        result = check_host(
            load_fleet(fleet), host, disko_file=disko_file, report=report, hibernate=hibernate
        )
    else:
        if disko_file is None or report is None:
            raise InputError(
                "give a HOST, or both --disko FILE and --report R",
                location="panther storage check",
                fix="panther storage check zephyrus, or --disko disko.nix --report facter.json",
            )
        result = check_files(disko_file, report, hibernate=hibernate)
    if json:
        print_json(result)
    else:
        _render_check(result)
    exit_with(0 if result.ok else 1)


@storage_app.command("bench")
def bench(
    size: Annotated[str, typer.Option("--size", help="Corpus size, e.g. 384M or 1G.")] = "384M",
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="Use the files under DIR (default: a mix from /usr).",
            show_default=False,
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Measure Btrfs compression (none, lzo, zstd:1/3/6) on a loop device (root only)."""
    from pantheros.storage.bench import parse_size_arg, run_bench

    out = console(stderr=True)
    with out.status("benchmarking compression on a loop device…"):
        result = run_bench(
            size_bytes=parse_size_arg(size),
            corpus_dir=corpus,
            progress=(lambda msg: out.log(msg)) if not json else None,
        )
    if json:
        print_json(result)
    else:
        _render_bench(result)


# --- helpers ------------------------------------------------------------------------------


def _outcome_line(target: Path, outcome: WriteOutcome) -> str:
    from rich.markup import escape

    if outcome == "written":
        return f"[green]wrote[/] {escape(str(target))}"
    return (
        f"[green]unchanged[/] {escape(str(target))}: it already holds this layout (its header "
        "comment aside); nothing written"
    )


def _render_plan(plan: StoragePlan, written: Path | None, outcome: WriteOutcome | None) -> None:
    from rich.table import Table

    from pantheros.storage.model import Btrfs, Vfat

    out = console()
    title = f"storage plan for {plan.host or plan.report}"
    out.print(
        f"[bold]{shown(title)}[/]: {plan.boot_mode} boot ({plan.bootloader}), "
        f"compress={plan.compression}"
    )
    for disk in plan.disks:
        table = Table(title=shown(f"{disk.name}: {disk.device}"), title_justify="left")
        for column in ("partition / subvolume", "size", "mountpoint", "options", "attributes"):
            table.add_column(column)
        for part in disk.partitions:
            content = part.content
            if isinstance(content, Vfat):
                table.add_row(
                    f"{part.name} ({part.type_code})",
                    part.size,
                    content.mountpoint,
                    ",".join(content.mount_options),
                    "vfat",
                )
            elif isinstance(content, Btrfs):
                table.add_row(
                    f"{part.name} ({part.type_code})",
                    part.size,
                    "",
                    ",".join(content.fs_options),
                    "btrfs, filesystem-wide",
                )
                for sub in content.subvolumes:
                    vfs = sub.mount_options[len(content.fs_options) :]
                    attrs = []
                    if sub.nodatacow:
                        attrs.append("+C (nodatacow)")
                    if sub.compression_property:
                        attrs.append(f"compression={sub.compression_property}")
                    if sub.swapfile_size:
                        attrs.append(f"swapfile {sub.swapfile_size}")
                    table.add_row(
                        f"  {sub.name}", "", sub.mountpoint, ",".join(vfs), ", ".join(attrs)
                    )
            else:
                table.add_row(f"{part.name} ({part.type_code})", part.size, "", "", "raw")
        out.print(table)
    swap = plan.swap
    out.print(
        f"swap: swapfile {shown(swap.swapfile_size)} at {shown(swap.swapfile_path)}"
        + (f", zram {swap.zram_memory_percent}%" if swap.zram else "")
        + (", hibernation" if swap.hibernate else "")
    )
    out.print("[bold]why[/]")
    for decision in plan.decisions:
        out.print(
            f"  [cyan]{shown(decision.topic)}[/]: {shown(decision.choice)} "
            f"[dim]— {shown(decision.reason)}[/]"
        )
    for warning in plan.warnings:
        out.print(f"[yellow]warning[/] {shown(warning)}")
    for step in plan.post_install:
        out.print(f"[blue]after install[/] {shown(step)}")
    if plan.nixos_settings:
        out.print("[bold]NixOS settings this layout expects[/]")
        for key, value in plan.nixos_settings.items():
            out.print(f"  {shown(key)} = {shown(value)}")
    if written is not None and outcome is not None:
        out.print(_outcome_line(written, outcome))


def _render_check(report: CheckReport) -> None:
    from rich.markup import escape

    out = console()
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    for finding in report.findings:
        colour = colours[finding.severity]
        fix = f" [dim](fix: {escape(finding.fix)})[/]" if finding.fix else ""
        out.print(
            f"[{colour}]{finding.severity}[/] {escape(f'[{finding.code}]')} "
            f"{escape(finding.location)}: {escape(finding.message)}{fix}"
        )
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = sum(f.severity == "warning" for f in report.findings)
    verdict = "[green]ok[/]" if report.ok else "[red]failed[/]"
    out.print(f"{verdict}: {escape(report.file)}: {errors} error(s), {warnings} warning(s)")


def _render_bench(result: BenchResult) -> None:
    from rich.table import Table

    out = console()
    table = Table(
        title=f"Btrfs compression on {result.corpus_files} files, "
        f"{result.corpus_bytes / 2**20:.0f} MiB ({result.corpus_source})",
        title_justify="left",
    )
    for column in ("algorithm", "space used", "ratio", "write MB/s", "write CPU-s", "read MB/s"):
        table.add_column(column, justify="right" if column != "algorithm" else "left")
    for row in result.rows:
        table.add_row(
            row.algorithm,
            f"{row.used_bytes / 2**20:.1f} MiB",
            f"{row.ratio:.2f}",
            f"{row.write_mb_s:.0f}",
            f"{row.write_cpu_seconds:.1f}",
            f"{row.read_mb_s:.0f}",
        )
    out.print(table)
    out.print(f"[bold]recommendation[/]: {result.recommendation}")
    out.print(f"[dim]{result.seconds:.1f} s on {shown(result.cpu)}; {shown(result.note)}[/]")
