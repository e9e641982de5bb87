"""`panther install` and `panther recover`: a fleet host onto a machine, and its data back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from pantheros.cli.common import FleetOption, JsonOption, console, exit_with, load_fleet, print_json

if TYPE_CHECKING:
    from pantheros.fleet.model import Fleet, HostInfo
    from pantheros.ops.install import InstallOptions, InstallPlan, InstallResult

HostArg = Annotated[str, typer.Argument(help="The fleet host to install.", show_default=False)]
TargetOption = Annotated[
    str,
    typer.Option(
        "--target",
        help="The machine, as root@ADDRESS: a rescue system, the NixOS installer or any Linux.",
        show_default=False,
    ),
]
YesOption = Annotated[
    str | None,
    typer.Option(
        "--yes",
        help="The host's name again: installing erases the disks in its disko.nix.",
        show_default=False,
    ),
]
PortOption = Annotated[int, typer.Option("--port", help="SSH port of the target.")]
FacterOption = Annotated[
    bool,
    typer.Option(
        "--facter",
        help="Take a new hardware report on the way (nixos-facter) into the host's report file.",
    ),
]
VaultOption = Annotated[str, typer.Option("--vault", help="1Password vault of the fleet.")]
TokenRefOption = Annotated[
    str | None,
    typer.Option(
        "--token-ref",
        help="1Password reference of the service-account token "
        "(default: op://VAULT/Service Account/credential).",
        show_default=False,
    ),
]
TokenFileOption = Annotated[
    Path | None,
    typer.Option(
        "--token-file",
        help="Read the token from this file instead of 1Password.",
        show_default=False,
    ),
]
HostKeyOption = Annotated[
    Path | None,
    typer.Option(
        "--host-key",
        help="Reuse this SSH host key (private half) instead of generating one.",
        show_default=False,
    ),
]
NoPasswordOption = Annotated[
    bool,
    typer.Option(
        "--no-password-hash",
        help="Do not stage the user's password hash (hosts with passwordFromSecrets = false).",
    ),
]
IdentityOption = Annotated[
    Path | None,
    typer.Option(
        "-i", "--identity", help="SSH key for the target (default: your agent).", show_default=False
    ),
]
PhasesOption = Annotated[
    str | None,
    typer.Option(
        "--phases",
        help="nixos-anywhere phases to run (kexec,disko,install,reboot).",
        show_default=False,
    ),
]
RemoteBuildOption = Annotated[
    bool, typer.Option("--build-on-remote", help="Build the system on the target.")
]
FlakeOption = Annotated[
    str | None,
    typer.Option("--flake", help="The fleet's flake (default: its folder).", show_default=False),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would run and be staged; touch nothing.")
]


def register(app: typer.Typer) -> None:
    app.command("install")(install)
    app.command("recover")(recover)


def _options(**given: Any) -> InstallOptions:
    from pantheros.errors import InputError
    from pantheros.ops.install import PHASES, InstallOptions

    phases = given.pop("phases")
    if phases is not None:
        chosen = [p.strip() for p in phases.split(",") if p.strip()]
        unknown = [p for p in chosen if p not in PHASES]
        if unknown or not chosen:
            raise InputError(
                f"unknown phase(s): {', '.join(unknown) or '(none given)'}",
                location="--phases",
                fix=f"choose from {', '.join(PHASES)}",
            )
        given["phases"] = tuple(p for p in PHASES if p in chosen)
    if given["port"] < 1 or given["port"] > 65535:
        raise InputError(f"{given['port']} is not a port", location="--port", fix="use 1-65535")
    return InstallOptions(**given)


def _host(fleet: Fleet, name: str) -> HostInfo:
    from pantheros.ops.targets import select

    (info,) = select(fleet, [name], everything=False, verb="install")
    if name.startswith("@"):
        from pantheros.errors import InputError

        raise InputError(
            "install takes one host, not a tag or stage", location=name, fix="name the host"
        )
    return info


def install(
    host: HostArg,
    target: TargetOption,
    yes: YesOption = None,
    port: PortOption = 22,
    facter: FacterOption = False,
    vault: VaultOption = "PantherOS",
    token_ref: TokenRefOption = None,
    token_file: TokenFileOption = None,
    host_key: HostKeyOption = None,
    no_password_hash: NoPasswordOption = False,
    identity: IdentityOption = None,
    phases: PhasesOption = None,
    build_on_remote: RemoteBuildOption = False,
    flake: FlakeOption = None,
    dry_run: DryRunOption = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Install a fleet host onto a machine with nixos-anywhere (erases its disks)."""
    options = _options(
        target=target, port=port, facter=facter, vault=vault, token_ref=token_ref,
        token_file=token_file, host_key_file=host_key, password_hash=not no_password_hash,
        identity=identity, phases=phases, build_on_remote=build_on_remote, flake=flake,
    )  # fmt: skip
    loaded = load_fleet(fleet)
    info = _host(loaded, host)
    planned = _plan(loaded, info, options, yes, dry_run, json)
    if planned is None:
        return
    result = _install(loaded, info, options, planned, json, kind="install", record=True)
    _finish_install(result, json)
    exit_with(0 if result.outcome == "ok" else 1)


def _plan(
    fleet: Fleet,
    info: HostInfo,
    options: InstallOptions,
    yes: str | None,
    dry_run: bool,
    json: bool,
) -> InstallPlan | None:
    """The plan, or None after a dry run; refuses without --yes HOST."""
    from pantheros.ops import install as engine

    planned = engine.plan(fleet, info, options, run_id=engine.new_id())
    if dry_run:
        if json:
            print_json(planned)
        else:
            _render_plan(planned)
        return None
    engine.check_confirmation(fleet, info.name, yes, planned.disks)
    engine.check_tools(options)
    return planned


def _install(
    fleet: Fleet,
    info: HostInfo,
    options: InstallOptions,
    planned: InstallPlan,
    json: bool,
    *,
    kind: Literal["install", "recover"],
    record: bool,
) -> InstallResult:
    from pantheros.fleet.lock import fleet_lock
    from pantheros.ops import install as engine

    show = _events(json)
    with fleet_lock(fleet.root):
        return engine.run(fleet, info, options, planned, emit=show, kind=kind, record=record)


def _events(as_json: bool) -> Any:
    import sys
    import time

    from rich.markup import escape

    if as_json:
        import json

        def ndjson(event: dict[str, Any]) -> None:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
            sys.stdout.flush()

        return ndjson
    out = console()
    start = time.monotonic()

    def plain(event: dict[str, Any]) -> None:
        at = f"{time.monotonic() - start:6.1f} s"
        kind = event.get("event")
        if kind == "stage":
            out.print(
                f"{at}  staging the host key, the 1Password token"
                + (" and the password hash" if len(event["files"]) > 3 else "")
                + " in a private directory"
            )
        elif kind == "run":
            out.print(f"{at}  nixos-anywhere for [bold]{escape(event['host'])}[/]")
        elif kind == "step":
            out.print(f"{at}  {escape(event['step'])}")
        elif kind == "snapshot":
            out.print(
                f"{at}  backup {escape(event['id'][:8])} of {escape(event['time'])}: "
                f"{escape(', '.join(event['paths']))}"
            )

    return plain


def _finish_install(result: InstallResult, as_json: bool) -> None:
    from rich.markup import escape

    if as_json:
        print_json(result)
        return
    out = console()
    if result.host_key:
        was = f" (was {escape(result.previous_host_key)})" if result.previous_host_key else ""
        out.print(f"pinned {escape(result.host)}'s new host key in fleet.toml{was}", markup=True)
    if result.report_backup:
        out.print(f"the old hardware report is kept in {escape(result.report_backup)}")
    if result.outcome == "ok":
        out.print(f"[green]installed[/] {escape(result.host)} in {result.seconds:.0f} s")
        return
    out.print(
        f"[red]{result.outcome}[/]: {escape(result.detail or '')}; the full log is "
        f"{escape(result.log)}"
    )
    tail = _tail(Path(result.log))
    for line in tail:
        out.print(f"  {line}", markup=False)


def _tail(path: Path, lines: int = 15) -> list[str]:
    try:
        return path.read_text("utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return []


def _render_plan(planned: InstallPlan) -> None:
    import shlex

    from rich.markup import escape

    out = console()
    out.print(
        f"install [bold]{escape(planned.host)}[/] onto {escape(planned.target)} — dry run, "
        "nothing is touched"
    )
    out.print(f"  erases:   {escape(', '.join(planned.disks))}")
    out.print("  stages (in a private directory, copied onto the new root, then deleted):")
    for staged in planned.files:
        out.print(f"    {staged.mode} {escape(staged.path):45} from {escape(staged.source)}")
    if planned.report:
        out.print(f"  writes:   {escape(planned.report)} (a new hardware report)")
    if planned.pins_host_key:
        out.print("  pins:     the new host key in fleet.toml, once it is on the machine")
    out.print(f"  runs:     {escape(shlex.join(planned.argv))}")


def recover(
    host: HostArg,
    target: TargetOption,
    yes: YesOption = None,
    snapshot: Annotated[
        str, typer.Option("--snapshot", help="The restic snapshot to restore.")
    ] = "latest",
    include: Annotated[
        list[str],
        typer.Option("--include", help="Restore only this path (repeatable).", show_default=False),
    ] = [],  # noqa: B006 (typer reads the default, never mutates it)
    stop: Annotated[
        list[str],
        typer.Option(
            "--stop",
            help="Also stop this unit while its data comes back (repeatable).",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait for the host to come back after installing."),
    ] = 900.0,
    port: PortOption = 22,
    facter: FacterOption = False,
    vault: VaultOption = "PantherOS",
    token_ref: TokenRefOption = None,
    token_file: TokenFileOption = None,
    host_key: HostKeyOption = None,
    no_password_hash: NoPasswordOption = False,
    identity: IdentityOption = None,
    build_on_remote: RemoteBuildOption = False,
    flake: FlakeOption = None,
    dry_run: DryRunOption = False,
    fleet: FleetOption = None,
    json: JsonOption = False,
) -> None:
    """Install a lost host again, then restore its newest B2 backup onto it."""
    from pantheros.ops import install as engine
    from pantheros.ops import ledger
    from pantheros.ops import restore as restoring

    options = _options(
        target=target, port=port, facter=facter, vault=vault, token_ref=token_ref,
        token_file=token_file, host_key_file=host_key, password_hash=not no_password_hash,
        identity=identity, phases=None, build_on_remote=build_on_remote, flake=flake,
    )  # fmt: skip
    restore_options = restoring.RestoreOptions(
        snapshot=snapshot, include=tuple(include), stop=tuple(stop), wait=wait
    )
    loaded = load_fleet(fleet)
    info = _host(loaded, host)
    planned = _plan(loaded, info, options, yes, dry_run, json)
    if planned is None:
        if not json:
            units = restoring.units_to_stop(loaded, info, restore_options)
            console().print(
                f"  then:     restore backup {snapshot} of {host} (stopping "
                f"{', '.join(units) or 'no unit'}), never over "
                f"{', '.join(restoring.NEVER_RESTORED)}",
                markup=False,
            )
        return
    installed = _install(loaded, info, options, planned, json, kind="recover", record=False)
    if not json:
        _finish_install(installed, False)
    restored = None
    if installed.outcome == "ok":
        # The host's new key is in fleet.toml now: read it again to reach the host with it.
        fresh = load_fleet(loaded.path)
        restored = restoring.restore(
            fresh,
            fresh.info(info.name),
            restore_options,
            run_id=planned.id,
            emit=_events(json),
        )
    ok = installed.outcome == "ok" and restored is not None and restored.outcome == "restored"
    ledger.append(
        loaded.root,
        engine.ledger_record(
            installed.model_copy(update={"outcome": "ok" if ok else "failed"})
            if installed.outcome == "ok"
            else installed,
            info,
            restore=restored.model_dump() if restored else None,
        ),
    )
    if json:
        print_json(restoring.RecoverResult(install=installed, restore=restored))
    elif restored is not None:
        _render_restore(restored)
    exit_with(0 if ok else 1)


def _render_restore(restored: Any) -> None:
    from rich.markup import escape

    out = console()
    if restored.outcome != "restored":
        out.print(f"[red]{escape(restored.outcome)}[/]: {escape(restored.detail or '')}")
        return
    health = (
        "healthy"
        if restored.healthy
        else "[red]unhealthy[/]: " + escape("; ".join(restored.problems))
    )
    out.print(
        f"[green]restored[/] backup {escape(restored.snapshot.id[:8])} of "
        f"{escape(restored.snapshot.time)} onto {escape(restored.host)} "
        f"(log on the host: {escape(restored.log)}); {health}"
    )
    for hint in restored.hints:
        out.print(f"  next: {escape(hint)}")
