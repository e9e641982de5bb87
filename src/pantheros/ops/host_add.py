"""`panther host add`: a new host from a facter report, planned in full before anything is written.

An operation above the areas it composes (fleet, hardware, storage, nix), so none of them
imports another upward.

Order: check the name and the inventory, read and profile the report, plan every file (each
step of FILE_STEPS returns the files it wants), check the new fleet.toml and that every .nix
parses, then write all files at once. The steps write facter.json, default.nix and
disko.nix (the storage planner's layout); more slot into FILE_STEPS or `extra_steps`.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from pantheros.errors import InputError
from pantheros.files import PlannedFile, display_path, write_all
from pantheros.fleet import edit, git
from pantheros.fleet.load import parse_text
from pantheros.fleet.model import BootMode, Fleet, Host, HostClass, Workload, parse_host_class
from pantheros.hardware.derive import profile_report
from pantheros.hardware.host_stub import render_default_nix
from pantheros.hardware.profile import HardwareProfile, default_host_class
from pantheros.hardware.read import parse_report
from pantheros.nix import cli as nix

_HOST_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_SYSTEMS = ("x86_64-linux", "aarch64-linux")


@dataclass(frozen=True)
class HostContext:
    """What every file step may use."""

    fleet: Fleet
    name: str
    folder: Path  # relative to the fleet root: hosts/<name>
    report_path: Path
    report_bytes: bytes
    profile: HardwareProfile
    host_class: HostClass
    stage: str
    user: str
    workloads: list[Workload]
    hibernate: bool | None  # None: the class decides
    boot_mode: BootMode | None  # fleet.toml's override, when the host is already listed
    command: str


FileStep = Callable[[HostContext], list[PlannedFile]]


def report_file(ctx: HostContext) -> list[PlannedFile]:
    return [PlannedFile(ctx.folder / "facter.json", ctx.report_bytes, "hardware report (copied)")]


def default_nix(ctx: HostContext) -> list[PlannedFile]:
    report = (ctx.folder / "facter.json").as_posix()
    text = render_default_nix(
        ctx.name, ctx.profile, command=ctx.command, report=report, storage=_plan_settings(ctx)
    )
    return [PlannedFile(ctx.folder / "default.nix", text.encode(), "host configuration")]


def _plan_settings(ctx: HostContext) -> dict[str, str]:
    """What the host's storage plan asks of its configuration (a small disk's limits)."""
    from pantheros.storage.model import StorageSettings
    from pantheros.storage.planner import plan_storage

    settings = StorageSettings(
        class_=ctx.host_class, workloads=ctx.workloads, hibernate=ctx.hibernate,
        boot_mode=ctx.boot_mode,
    )  # fmt: skip
    try:
        return plan_storage(ctx.profile, settings, host=ctx.name).nixos_settings
    except InputError:
        return {}  # disko_nix reports it


def disko_nix(ctx: HostContext) -> list[PlannedFile]:
    """The planned Btrfs layout, so the new folder is deployable with nixos-anywhere at once.

    An existing disko.nix is kept even with --force: it describes disks that may already be
    partitioned that way, and a different layout would not match them at the next boot.
    """
    if (ctx.fleet.root / ctx.folder / "disko.nix").exists():
        return []
    from pantheros.storage import disko
    from pantheros.storage.model import StorageSettings
    from pantheros.storage.planner import plan_storage

    settings = StorageSettings(
        class_=ctx.host_class,
        workloads=ctx.workloads,
        hibernate=ctx.hibernate,
        boot_mode=ctx.boot_mode,
    )
    plan = plan_storage(ctx.profile, settings, host=ctx.name)
    # Planned from the report's copy in the fleet: the header names that, never the path the
    # report was added from (that is one person's machine).
    report = (ctx.folder / "facter.json").as_posix()
    text = disko.render(plan, header=disko.header_for(plan, ctx.command, report=report))
    return [PlannedFile(ctx.folder / "disko.nix", text.encode(), "storage layout (disko)")]


FILE_STEPS: tuple[FileStep, ...] = (report_file, default_nix, disko_nix)


def hibernation_dropped(ctx: HostContext) -> bool:
    """Whether the new layout had to leave hibernation out although the class wants it.

    fleet.toml then says `hibernate = false`, so the host does not suspend-then-hibernate into
    a swapfile too small for its RAM, and `storage check` judges the layout by the same rule.
    """
    if ctx.hibernate is not None or (ctx.fleet.root / ctx.folder / "disko.nix").exists():
        return False
    from pantheros.storage.model import StorageSettings
    from pantheros.storage.planner import plan_storage

    settings = StorageSettings(
        class_=ctx.host_class, workloads=ctx.workloads, boot_mode=ctx.boot_mode
    )
    return settings.wants_hibernation and not plan_storage(ctx.profile, settings).swap.hibernate


class HostAddResult(BaseModel):
    """What `panther host add` did (or would do): the `--json` schema."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    host: str
    class_: HostClass = Field(alias="class")
    stage: str
    user: str
    system: str
    fleet: str
    replaced: bool
    files: list[str]  # relative to the fleet root, fleet.toml last
    nix_checked: bool
    profile: HardwareProfile
    warnings: list[str]
    # Existing files replaced with different content (their edits are lost); --force only.
    overwrites: list[str] = []
    # Staged with `git add`: a flake in a git repository sees only tracked files.
    git_staged: list[str] = []


@dataclass(frozen=True)
class EditedFile:
    """An existing file the plan would replace with different content, and how."""

    path: str
    diff: str


@dataclass(frozen=True)
class HostPlan:
    root: Path
    files: list[PlannedFile]
    result: HostAddResult
    edited: list[EditedFile] = field(default_factory=list)


def plan_host_add(
    fleet: Fleet,
    name: str,
    report: Path,
    *,
    host_class: str | None = None,
    stage: str | None = None,
    user: str | None = None,
    workloads: list[Workload] | None = None,
    force: bool = False,
    ssh_keys: Sequence[str] = (),
    command: str | None = None,
    extra_steps: Sequence[FileStep] = (),
) -> HostPlan:
    """Check everything and plan every file; raises InputError and writes nothing on a problem."""
    if not _HOST_NAME.fullmatch(name):
        raise InputError(
            f"{name!r} is not a valid host name",
            location="NAME",
            fix="use lower-case letters, digits and '-', starting with a letter (max 63)",
        )
    if fleet.source == "example":
        raise InputError(
            "no fleet.toml here or above: host add does not write into the bundled example fleet",
            location=str(fleet.path),
            fix="run it inside your fleet repository, or pass --fleet PATH",
        )
    root = fleet.root
    folder = Path("hosts") / name
    in_fleet = name in fleet.document.hosts
    on_disk = (root / folder).exists()
    if (in_fleet or on_disk) and not force:
        where = " and ".join(
            w for w, hit in ((f"{folder}/", on_disk), ("fleet.toml", in_fleet)) if hit
        )
        raise InputError(
            f"host {name!r} already exists ({where})",
            location=f"{fleet.path}: hosts.{name}" if in_fleet else str(root / folder),
            fix="pick another name, or pass --force to replace its generated files",
        )

    report_bytes = _read(report)
    listed = fleet.document.hosts[name] if in_fleet else None
    override = listed.boot_mode if listed else None
    profile = profile_report(
        parse_report(report_bytes, str(report)), str(report), boot_mode_override=override
    )
    if profile.system not in _SYSTEMS:
        raise InputError(
            f"the report is for {profile.system!r}, which PantherOS hosts cannot be",
            location=f"{report}: system",
            fix=f"PantherOS supports {', '.join(_SYSTEMS)}",
        )
    # Re-adding a listed host keeps what fleet.toml says unless the command says otherwise.
    chosen_class = (
        listed.class_ if listed and host_class is None else _host_class(host_class, profile)
    )
    chosen_stage = listed.stage if listed and stage is None else _stage(fleet, stage)
    chosen_user, new_user = _user(fleet, user if user is not None or not listed else listed.user)

    ctx = HostContext(
        fleet=fleet,
        name=name,
        folder=folder,
        report_path=report,
        report_bytes=report_bytes,
        profile=profile,
        host_class=chosen_class,
        stage=chosen_stage,
        user=chosen_user,
        workloads=_workloads(workloads, listed),
        hibernate=listed.hibernate if listed else None,
        boot_mode=override,
        command=command or f"panther host add {name} --report {display_path(report, root)}",
    )
    files = [f for step in (*FILE_STEPS, *extra_steps) for f in step(ctx)]
    dropped = hibernation_dropped(ctx)
    fleet_text = edit.set_host(
        fleet.path.read_text("utf-8"),
        name,
        {
            "class": chosen_class,
            "system": profile.system,
            "stage": chosen_stage,
            "user": chosen_user,
            "report": (folder / "facter.json").as_posix(),
            **({"workloads": list(ctx.workloads)} if workloads is not None else {}),
            **({"hibernate": False} if dropped else {}),
        },
        filename=str(fleet.path),
        replace=force,
    )
    if new_user:
        fleet_text = edit.add_user(
            fleet_text, chosen_user, list(ssh_keys or []), filename=str(fleet.path)
        )
    parse_text(fleet_text, str(fleet.path))  # the new inventory must load
    files.append(PlannedFile(fleet.path.relative_to(root), fleet_text.encode(), "inventory"))
    nix_checked = _check_nix_parses(files)

    warnings = list(profile.warnings)
    if dropped:
        warnings.append(
            "the disk is too small to hibernate into (a swapfile as big as RAM): "
            f"wrote hibernate = false for {name} in fleet.toml"
        )
    if new_user and not ssh_keys:
        warnings.append(
            f"added [users.{chosen_user}] without SSH keys: put your public key into its "
            "ssh_keys, or nobody can log in over SSH"
        )
    edited = _edited_files(root, files, skip=("facter.json",))
    if (root / folder / "disko.nix").exists():
        warnings.append(
            f"kept {folder}/disko.nix: it describes the installed disks; to replace it, run "
            f"`panther storage plan {name} --write --force`"
        )
    if not nix_checked:
        warnings.append("Nix is not installed: the new .nix files were not parse-checked")
    result = HostAddResult(
        host=name,
        class_=chosen_class,
        stage=chosen_stage,
        user=chosen_user,
        system=profile.system,
        fleet=str(fleet.path),
        replaced=in_fleet or on_disk,
        files=[f.path.as_posix() for f in files],
        nix_checked=nix_checked,
        profile=profile,
        warnings=warnings,
        overwrites=[e.path for e in edited],
    )
    return HostPlan(root=root, files=files, result=result, edited=edited)


def apply_plan(plan: HostPlan) -> HostAddResult:
    write_all(plan.root, plan.files)
    staged = git.stage(plan.root, [f.path for f in plan.files])
    return plan.result.model_copy(update={"git_staged": staged})


def _read(report: Path) -> bytes:
    from pantheros.hardware.read import report_bytes

    return report_bytes(report)


def _host_class(given: str | None, profile: HardwareProfile) -> HostClass:
    return default_host_class(profile.form_factor) if given is None else parse_host_class(given)


def _workloads(given: list[Workload] | None, listed: Host | None) -> list[Workload]:
    if given is not None:
        return given
    return list(listed.workloads) if listed else []


def _stage(fleet: Fleet, given: str | None) -> str:
    stages = fleet.document.fleet.stages
    if given is None:
        return stages[0]
    if given not in stages:
        raise InputError(
            f"unknown stage {given!r}",
            location="--stage",
            fix=f"use one of {', '.join(stages)} (fleet.stages)",
        )
    return given


def _user(fleet: Fleet, given: str | None) -> tuple[str, bool]:
    """The primary user, and whether fleet.toml gets a new [users.<name>] for it."""
    users = list(fleet.document.users)
    if given is None:
        if not users:
            raise InputError(
                "the fleet has no users",
                location=str(fleet.path),
                fix="pass --user NAME (and --ssh-key KEY): host add then adds [users.NAME]",
            )
        return users[0], False
    if not _HOST_NAME.fullmatch(given):
        raise InputError(
            f"{given!r} is not a valid user name",
            location="--user",
            fix="use lower-case letters, digits and '-', starting with a letter",
        )
    return given, given not in users


def _body(text: str) -> list[str]:
    """The lines that do something: comments are host add's explanations (they follow the
    report), and blank lines do nothing; a user's settings are what must not be lost."""
    return [
        line.rstrip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _edited_files(root: Path, files: list[PlannedFile], *, skip: Sequence[str]) -> list[EditedFile]:
    """Files on disk that the plan would change (hand edits, or a new report's consequences)."""
    edited: list[EditedFile] = []
    for planned in files:
        target = root / planned.path
        if planned.path.name in skip or planned.path.name == "fleet.toml" or not target.is_file():
            continue
        try:
            old = target.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            old = ""
        new = planned.content.decode("utf-8", "replace")
        if _body(old) != _body(new):
            diff = "".join(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile=f"{planned.path} (now)",
                    tofile=f"{planned.path} (host add)",
                )
            )
            edited.append(EditedFile(planned.path.as_posix(), diff))
    return edited


def _check_nix_parses(files: list[PlannedFile]) -> bool:
    """Parse every planned .nix file with nix-instantiate; False when Nix is not installed."""
    nix_files = [f for f in files if f.path.suffix == ".nix"]
    if not nix_files or not nix.available():
        return False
    with tempfile.TemporaryDirectory(prefix="panther-host-add-") as scratch:
        for planned in nix_files:
            copy = Path(scratch) / planned.path
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(planned.content)
            failure = nix.parse_file(copy)
            if failure is not None:
                # Generated text that does not parse is our bug: refuse rather than write it.
                raise InputError(
                    f"the generated {planned.path} does not parse: {failure.message}",
                    location=f"{planned.path}:{failure.line}"
                    if failure.line
                    else str(planned.path),
                    fix="nothing was written; please report this as a bug with the report used",
                )
    return True
