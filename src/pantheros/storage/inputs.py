"""Where the planner's and checker's inputs come from: reports, fleet hosts, overrides."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pantheros.fleet.hosts import host_report
from pantheros.fleet.model import Fleet, HostClass, HostInfo, Workload
from pantheros.hardware.profile import HardwareProfile, default_host_class
from pantheros.storage.model import StoragePlan, StorageSettings

if TYPE_CHECKING:
    from pantheros.storage.check import CheckReport


def load_profile(report: Path, *, display: str | None = None) -> HardwareProfile:
    """Read a nixos-facter report and derive its hardware profile."""
    from pantheros.hardware.derive import profile_report
    from pantheros.hardware.read import read_report

    return profile_report(read_report(report), display or str(report))


def report_device_names(report: Path) -> dict[str, set[str]]:
    """Every /dev name the report lists per disk (by-id, by-path, kernel name), by kernel name."""
    from pantheros.hardware.disks import kernel_name
    from pantheros.hardware.read import read_report

    names: dict[str, set[str]] = {}
    for position, device in enumerate(read_report(report).hardware.disk):
        name = kernel_name(device) or f"disk{position}"
        listed = {*device.unix_device_names, device.unix_device_name or ""}
        names[name] = {n for n in listed if n}
    return names


def settings_for(
    profile: HardwareProfile,
    host: HostInfo | None = None,
    *,
    class_: HostClass | None = None,
    workloads: list[Workload] | None = None,
    hibernate: bool | None = None,
) -> StorageSettings:
    """Settings from the fleet host (if any), the profile's form factor, and CLI overrides."""
    return StorageSettings.model_validate(
        {
            "class": class_ or (host.class_ if host else default_host_class(profile.form_factor)),
            "workloads": workloads if workloads is not None else (host.workloads if host else []),
            "hibernate": hibernate if hibernate is not None else (host.hibernate if host else None),
            "boot_mode": host.boot_mode if host else None,
        }
    )


def plan_host(
    fleet: Fleet,
    name: str,
    *,
    class_: HostClass | None = None,
    workloads: list[Workload] | None = None,
    hibernate: bool | None = None,
) -> StoragePlan:
    """The plan for one fleet host, from its report and fleet.toml settings."""
    from pantheros.storage.planner import plan_storage

    info, path = host_report(fleet, name)
    profile = load_profile(path, display=info.report)
    settings = settings_for(profile, info, class_=class_, workloads=workloads, hibernate=hibernate)
    return plan_storage(profile, settings, host=name)


def check_host(
    fleet: Fleet,
    name: str,
    *,
    disko_file: Path | None = None,
    report: Path | None = None,
    hibernate: bool | None = None,
) -> CheckReport:
    """Check a fleet host's disko config (default hosts/<name>/disko.nix) against its report."""
    info, report_path = host_report(fleet, name)
    report_path = report if report is not None else report_path
    path = disko_file or fleet.root / "hosts" / name / "disko.nix"
    profile = load_profile(report_path, display=str(report or info.report))
    settings = settings_for(profile, info, hibernate=hibernate)
    return _check(path, report_path, profile, settings, host=name)


def check_files(disko_file: Path, report: Path, *, hibernate: bool | None = None) -> CheckReport:
    """Check a disko config against a report, for a machine that is not a host yet."""
    profile = load_profile(report)
    return _check(disko_file, report, profile, settings_for(profile, None, hibernate=hibernate))


def _check(
    path: Path,
    report: Path,
    profile: HardwareProfile,
    settings: StorageSettings,
    *,
    host: str | None = None,
) -> CheckReport:
    from pantheros.storage.check import check_file

    return check_file(
        path,
        profile,
        settings,
        device_names=report_device_names(report),
        display_name=display_path(path),
        host=host,
    )


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it (as findings show it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
