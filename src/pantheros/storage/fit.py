"""Do a host's files still fit its hardware report? (`panther validate`)

`panther host add` writes hosts/NAME/default.nix and disko.nix from the report; when the report
is replaced later (another machine, a UEFI report swapped for a BIOS one, new disks), the files
keep describing the old machine. This compares them with the report:

- boot mode: the report's (or fleet.toml's `boot_mode`) against the disko layout (an EFI system
  partition, type EF00, for UEFI; a BIOS-boot partition, type EF02, for legacy BIOS) and
  against default.nix (`panther.boot.mode = "…"`, `boot.loader.systemd-boot.enable = true`);
- disks: every disk that disko.nix names by /dev/disk/by-id/… (or by kernel name) must be a disk
  of the report.

The files are read as text, without Nix, so validate needs no evaluation; a hand-written file
that computes these values is simply not matched. `fit_text_findings` is pure;
`fit_findings` reads the two files; `host_fit_findings` also reads and profiles the report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pantheros.errors import InputError
from pantheros.findings import Finding
from pantheros.fleet.model import HostInfo
from pantheros.hardware.profile import HardwareProfile

_ESP_TYPES = {"EF00", "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"}
_BIOS_BOOT_TYPES = {"EF02", "21686148-6449-6E6F-744E-656564454649"}
_TYPE = re.compile(r'\btype\s*=\s*"([0-9A-Fa-f-]+)"\s*;')
_DEVICE = re.compile(r'\bdevice\s*=\s*"(/dev/[^"$]+)"\s*;')
_KERNEL_NAME = re.compile(r"^/dev/[a-z]+[0-9]*(n[0-9]+)?$")
_BOOT_MODE = re.compile(r'\bpanther\.boot\.mode\s*=\s*"(\w+)"\s*;')
_SYSTEMD_BOOT = re.compile(r"\bboot\.loader\.systemd-boot\.enable\s*=\s*true\s*;")
_MODE_NAMES = {"uefi": "UEFI", "bios": "legacy BIOS"}


def _code_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every line that is not a comment."""
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if not line.lstrip().startswith("#")
    ]


def _find(pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    return [
        (number, match.group(1) if pattern.groups else match.group(0))
        for number, line in _code_lines(text)
        for match in pattern.finditer(line)
    ]


def fit_text_findings(
    name: str,
    report: str,
    profile: HardwareProfile,
    *,
    default_nix: str | None,
    disko_nix: str | None,
    device_names: set[str] | None = None,
) -> list[Finding]:
    """Findings for the texts of hosts/NAME/default.nix and disko.nix (None: no such file).

    `report` is the report's path as fleet.toml gives it; `profile.boot_mode` is the machine's
    boot mode (derive it with fleet.toml's boot_mode override); `device_names` every /dev name
    the report lists for its disks (default: the profile's device and by-id paths). Pure.
    """
    findings: list[Finding] = []
    folder = f"hosts/{name}"
    mode = profile.boot_mode
    said = _MODE_NAMES.get(mode, mode)
    why = profile.evidence.get("boot_mode", "")
    because = f"the report {report} says the machine boots {said}" + (f" ({why})" if why else "")
    add_again = (
        f"regenerate it with `panther host add {name} --report {report} --force` (it keeps "
        "disko.nix)"
    )
    replan = (
        f"re-plan it with `panther storage plan {name} --write --force` while the disks are "
        "still to be partitioned (disko formats them)"
    )

    if disko_nix is not None and mode in _MODE_NAMES:
        types = _find(_TYPE, disko_nix)
        esp = [(n, t) for n, t in types if t.upper() in _ESP_TYPES]
        bios_boot = [(n, t) for n, t in types if t.upper() in _BIOS_BOOT_TYPES]
        if mode == "uefi" and not esp:
            line = bios_boot[0][0] if bios_boot else None
            only = ", only a BIOS-boot (EF02) one" if bios_boot else ""
            findings.append(
                Finding(
                    severity="error",
                    code="fit-disko-boot",
                    location=f"{folder}/disko.nix" + (f":{line}" if line else ""),
                    message=f"{because}, but the layout has no EFI system partition (type "
                    f"EF00){only}: UEFI firmware would find no boot loader",
                    fix=f"{replan}; or add an ESP (1G, EF00, vfat on /boot)",
                )
            )
        if mode == "bios" and not bios_boot:
            line = esp[0][0] if esp else None
            only = ", only an EFI system partition (EF00)" if esp else ""
            findings.append(
                Finding(
                    severity="error",
                    code="fit-disko-boot",
                    location=f"{folder}/disko.nix" + (f":{line}" if line else ""),
                    message=f"{because}, but the layout has no BIOS-boot partition (type "
                    f"EF02){only}: GRUB on GPT would have nowhere to put its core image",
                    fix=f'{replan}; or add boot = {{ size = "1M"; type = "EF02"; }} first',
                )
            )

    if default_nix is not None and mode in _MODE_NAMES:
        for line, value in _find(_BOOT_MODE, default_nix):
            if value != mode:
                findings.append(
                    Finding(
                        severity="error",
                        code="fit-config-boot",
                        location=f"{folder}/default.nix:{line}",
                        message=f'{because}, but default.nix sets panther.boot.mode = "{value}"',
                        fix=f'{add_again}, or set panther.boot.mode = "{mode}"',
                    )
                )
        if mode == "bios":
            for line, _ in _find(_SYSTEMD_BOOT, default_nix):
                findings.append(
                    Finding(
                        severity="error",
                        code="fit-config-boot",
                        location=f"{folder}/default.nix:{line}",
                        message=f"{because}, but default.nix enables systemd-boot, which needs "
                        "UEFI",
                        fix=f"{add_again}, or use GRUB (boot.loader.grub.enable = true)",
                    )
                )

    if disko_nix is not None:
        known = set(device_names or ())
        for disk in profile.disks:
            known |= {disk.device, *([disk.by_id] if disk.by_id else [])}
        listed = ", ".join(d.stable_path for d in profile.disks) or "none"
        for line, device in _find(_DEVICE, disko_nix):
            named = device.startswith("/dev/disk/by-id/") or _KERNEL_NAME.match(device)
            if named and device not in known:
                findings.append(
                    Finding(
                        severity="error",
                        code="fit-disk-missing",
                        location=f"{folder}/disko.nix:{line}",
                        message=f"{device} is not a disk of the report {report} (its disks: "
                        f"{listed})",
                        fix=f"if the report is this machine's, {replan}; if not, put the "
                        "machine's own report back",
                    )
                )
    return findings


def fit_findings(
    root: Path,
    host_info: HostInfo,
    report_profile: HardwareProfile,
    *,
    device_names: set[str] | None = None,
) -> list[Finding]:
    """`fit_text_findings` for the host's files under the fleet root (missing files: skipped)."""
    folder = root / "hosts" / host_info.name
    return fit_text_findings(
        host_info.name,
        host_info.report,
        report_profile,
        default_nix=_read(folder / "default.nix"),
        disko_nix=_read(folder / "disko.nix"),
        device_names=device_names,
    )


def host_fit_findings(root: Path, host_info: HostInfo) -> list[Finding]:
    """Read and profile the host's report, then `fit_findings`.

    A missing or unreadable report gives nothing here: validate reports it already.
    """
    from pantheros.hardware.derive import profile_report
    from pantheros.hardware.disks import kernel_name
    from pantheros.hardware.read import parse_report

    path = root / host_info.report
    try:
        raw = path.read_bytes()
        json.loads(raw)
    except (OSError, ValueError):
        return []
    try:
        report = parse_report(raw, host_info.report)
        profile = profile_report(report, host_info.report, boot_mode_override=host_info.boot_mode)
    except InputError as error:
        return [
            Finding(
                severity="warning",
                code="fit-not-checked",
                location=error.location or host_info.report,
                message=f"the host's files were not checked against its report: {error.message}",
                fix=error.fix,
            )
        ]
    names: set[str] = set()
    for device in report.hardware.disk:
        if kernel_name(device):
            names |= {n for n in (*device.unix_device_names, device.unix_device_name) if n}
    return fit_findings(root, host_info, profile, device_names=names)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
