"""`REPORT|HOST` arguments: a report file, or a fleet host whose report and overrides apply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pantheros.errors import InputError, PantherError
from pantheros.fleet.hosts import host_report
from pantheros.fleet.model import Fleet
from pantheros.hardware.derive import profile_report
from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.read import NotAReport, read_report

_PROVIDER_TAGS = ("hetzner", "ovh", "contabo")


def _exists(path: Path) -> bool:
    """Whether something is there; a name too long for the filesystem is not, not an error."""
    try:
        return path.exists()
    except OSError:
        return False


def profile_for(target: str, load_fleet: Callable[[], Fleet]) -> HardwareProfile:
    """Profile a report file, or the host of that name (its report, boot_mode and tags).

    A path that exists wins over a host name; the fleet is only loaded for host names. A folder
    is read as the facter.json in it (`hosts/web1`), and a folder without one that has a host's
    name (a checkout of that machine's files, say) does not hide the host.
    """
    path = Path(target)
    if _exists(path) and path.is_dir():
        inner = path / "facter.json"
        if inner.is_file():
            return profile_report(read_report(inner), str(inner))
        if "/" not in target:
            fleet = _fleet_or_none(load_fleet)
            if fleet is not None and target in fleet.document.hosts:
                return profile_host(fleet, target)
    if _exists(path):
        try:
            return profile_report(read_report(path), str(path))
        except NotAReport as error:
            also = "or a host name of the fleet (panther hosts lists them)"
            if (path / "fleet.toml").is_file():
                also = f"or a host name of that fleet (panther hosts --fleet {target} lists them)"
            raise NotAReport(
                error.message,
                location=error.location,
                fix=f"{error.fix or 'pass a report'}, {also}",
            ) from None
    if "/" in target or target.endswith(".json"):
        raise InputError(
            f"no report file at {target}",
            location=target,
            fix="pass the path of a facter.json (panther hw detect -o FILE writes one)",
        )
    fleet = load_fleet()
    if target not in fleet.document.hosts:
        known = ", ".join(fleet.host_names()) or "none"
        raise InputError(
            f"no report file and no host named {target!r}",
            location=target,
            fix=f"pass a facter.json path or a host of {fleet.path} ({known})",
        )
    return profile_host(fleet, target)


def _fleet_or_none(load_fleet: Callable[[], Fleet]) -> Fleet | None:
    try:
        return load_fleet()
    except PantherError:
        return None


def profile_host(fleet: Fleet, name: str) -> HardwareProfile:
    """The host's profile: its report, with the boot_mode and provider tag of fleet.toml."""
    info, report = host_report(fleet, name)
    hint = next((t for t in info.tags if t in _PROVIDER_TAGS), None)
    return profile_report(
        read_report(report),
        info.report,
        boot_mode_override=info.boot_mode,
        provider_hint=hint,
    )
