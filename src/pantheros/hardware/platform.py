"""Machine-level facts: virtualisation, form factor, cloud provider and boot mode.

Each function returns its answer with the evidence, because most of these are inferences:
facter reports what hwinfo and SMBIOS say, not what the machine is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from pantheros.hardware.profile import BootModeGuess, Confidence, FormFactor, Provider
from pantheros.hardware.report import FacterReport

# SMBIOS chassis codes (smbios.chassis[].chassis_type.value); hwinfo mislabels 31 and 35.
LAPTOP_CHASSIS = {8, 9, 10, 14}
TWO_IN_ONE_CHASSIS = {30, 31, 32}  # tablet, convertible, detachable
DESKTOP_CHASSIS = {3, 4, 5, 6, 7, 13, 15, 16, 24, 34, 35, 36}
SERVER_CHASSIS = {17, 23, 25, 28, 29}
_FORM_FACTOR_HINTS: dict[str | None, FormFactor] = {
    "laptop": "laptop",
    "desktop": "desktop",
    "server": "server",
}
_PROVIDER_TAGS: dict[str | None, Provider] = {
    "hetzner": "hetzner",
    "ovh": "ovh",
    "contabo": "contabo",
}
_BOOT_MODES: dict[str | None, BootModeGuess] = {"uefi": "uefi", "bios": "bios"}


T = TypeVar("T")


@dataclass(frozen=True)
class Fact(Generic[T]):
    value: T
    confidence: Confidence
    evidence: str


def smbios_strings(report: FacterReport) -> dict[str, str]:
    """The SMBIOS strings the rules look at, by their report path; missing ones left out."""
    smbios = report.smbios
    found: dict[str, str | None] = {}
    if smbios.system:
        found |= {
            "smbios.system.manufacturer": smbios.system.manufacturer,
            "smbios.system.product": smbios.system.product,
            "smbios.system.version": smbios.system.version,
        }
    if smbios.board:
        found |= {
            "smbios.board.manufacturer": smbios.board.manufacturer,
            "smbios.board.product": smbios.board.product,
        }
    if smbios.bios:
        found |= {
            "smbios.bios.vendor": smbios.bios.vendor,
            "smbios.bios.version": smbios.bios.version,
        }
    for i, chassis in enumerate(smbios.chassis):
        found[f"smbios.chassis[{i}].manufacturer"] = chassis.manufacturer
    return {k: v for k, v in found.items() if v}


def virtualisation(report: FacterReport) -> Fact[str]:
    virt = report.virtualisation or "none"
    if virt != "none":
        return Fact(virt, "high", f"virtualisation = {virt!r} (systemd-detect-virt)")
    if any("hypervisor" in cpu.features for cpu in report.hardware.cpu):
        return Fact(
            "vm_other",
            "medium",
            "virtualisation = 'none' but the CPU has the `hypervisor` flag "
            "(systemd-detect-virt was probably missing when facter ran)",
        )
    return Fact("none", "high", "virtualisation = 'none' and no `hypervisor` CPU flag")


def chassis_codes(report: FacterReport) -> list[int]:
    return [c.chassis_type.value for c in report.smbios.chassis if c.chassis_type]


def convertible(report: FacterReport) -> Fact[bool]:
    codes = [c for c in chassis_codes(report) if c in TWO_IN_ONE_CHASSIS]
    if codes:
        return Fact(True, "high", f"smbios.chassis type {codes[0]} (tablet/convertible/detachable)")
    names = " ".join(smbios_strings(report).values())
    if re.search(r"2-in-1|\bx360\b|\bflip\b|\bYoga\b.*\bGen\b", names, re.IGNORECASE):
        return Fact(True, "medium", f"the product name says so: {names!r}")
    return Fact(False, "high", "no two-in-one chassis code")


def form_factor(report: FacterReport, *, is_vm: bool, has_radio: bool) -> Fact[FormFactor]:
    if is_vm:
        return Fact("vm", "high", "a virtual machine (see virtualisation)")
    for code in chassis_codes(report):
        if code in LAPTOP_CHASSIS or code in TWO_IN_ONE_CHASSIS:
            return Fact("laptop", "high", f"smbios.chassis type {code} (portable)")
        if code in SERVER_CHASSIS:
            return Fact("server", "high", f"smbios.chassis type {code} (server)")
    server_sign = _server_sign(report, has_radio=has_radio)
    if server_sign:
        return Fact("server", "medium", server_sign)
    for code in chassis_codes(report):
        if code in DESKTOP_CHASSIS:
            return Fact("desktop", "high", f"smbios.chassis type {code} (desktop)")
    hinted = report.hardware.system.form_factor if report.hardware.system else None
    if hinted in _FORM_FACTOR_HINTS:
        return Fact(
            _FORM_FACTOR_HINTS[hinted],
            "low",
            f"hardware.system.form_factor = {hinted!r} (hwinfo's guess; no usable chassis code)",
        )
    return Fact("desktop", "low", "no chassis code or form factor in the report: assumed desktop")


def _server_sign(report: FacterReport, *, has_radio: bool) -> str | None:
    strings = smbios_strings(report)
    if strings.get("smbios.system.manufacturer", "").lower().startswith("hetzner"):
        return "smbios.system.manufacturer is Hetzner (a dedicated server)"
    board = strings.get("smbios.board.manufacturer", "")
    if re.search(r"asrockrack|asrock rack|supermicro", board, re.IGNORECASE):
        return f"server board vendor {board!r}"
    if any(g.vendor_id == 0x1A03 for g in report.hardware.graphics_card):
        return "an ASPEED BMC display adapter"
    ecc = [a.ecc.value for a in report.smbios.memory_array if a.ecc]
    # SMBIOS ECC types 3 (none), 1/2 (other/unknown) do not count.
    if any(v >= 4 for v in ecc) and not has_radio:
        return "ECC memory and no Wi-Fi or Bluetooth"
    return None


# (provider, pattern over SMBIOS strings, confidence, what the evidence should add)
_PROVIDER_RULES: tuple[tuple[Provider, str, str, Confidence, str], ...] = (
    ("hetzner", "smbios.system.manufacturer", r"^Hetzner", "high", "Hetzner Cloud vServer"),
    ("hetzner", "smbios.bios.vendor", r"^Hetzner", "high", "Hetzner firmware"),
    ("ovh", "*", r"\bOVH", "high", "OVH string in SMBIOS"),
    (
        "ovh",
        "smbios.system.product",
        r"^OpenStack Nova",
        "medium",
        "OpenStack Nova guest: OVH Public Cloud (and its newer VPS range) shows exactly this, "
        "but so does any OpenStack cloud",
    ),
    ("contabo", "*", r"contabo", "high", "Contabo string in SMBIOS"),
)
# Clouds we recognise but do not model as a provider of their own.
_OTHER_CLOUDS = (
    ("smbios.system.manufacturer", r"^netcup", "netcup"),
    ("smbios.system.manufacturer", r"^Vultr", "Vultr"),
    ("smbios.system.manufacturer", r"^DigitalOcean", "DigitalOcean"),
    ("smbios.system.manufacturer", r"^(Amazon EC2|Xen)", "AWS"),
    ("smbios.system.manufacturer", r"^Google", "Google Cloud"),
    ("smbios.system.manufacturer", r"^Microsoft", "Azure/Hyper-V"),
    ("smbios.chassis[0].manufacturer", r"^OracleCloud", "Oracle Cloud"),
    ("smbios.bios.version", r"ionos", "IONOS"),
    ("smbios.system.manufacturer", r"^Scaleway", "Scaleway"),
)


def provider(
    report: FacterReport, *, is_vm: bool, hint: str | None = None
) -> Fact[Provider | None]:
    if not is_vm:
        return Fact(None, "high", "bare metal: no cloud provider")
    strings = smbios_strings(report)
    for name, key, pattern, confidence, what in _PROVIDER_RULES:
        keys = strings if key == "*" else {key: strings.get(key, "")}
        for found_key in keys:
            value = strings.get(found_key, "")
            if re.search(pattern, value, re.IGNORECASE):
                return Fact(name, confidence, f"{found_key} = {value!r}: {what}")
    if hint in _PROVIDER_TAGS:
        return Fact(
            _PROVIDER_TAGS[hint],
            "medium",
            f"fleet.toml tags the host {hint!r}; SMBIOS does not say",
        )
    for key, pattern, cloud in _OTHER_CLOUDS:
        value = strings.get(key, "")
        if re.search(pattern, value, re.IGNORECASE):
            return Fact("other", "high", f"{key} = {value!r}: {cloud}")
    if not strings:
        return Fact(
            "other",
            "low",
            "no SMBIOS at all (typical of aarch64 clouds such as Hetzner arm64): provider unknown",
        )
    generic = strings.get("smbios.system.product") or strings.get("smbios.bios.vendor") or "?"
    return Fact(
        "other",
        "low",
        f"generic QEMU/KVM strings ({generic!r}); Contabo and many small hosts look exactly like "
        "this, so the provider cannot be told from the report",
    )


_INTEL_NO_CSM_YEAR = 2020


def boot_mode(
    report: FacterReport, *, is_vm: bool, override: str | None = None
) -> Fact[BootModeGuess]:
    """UEFI or legacy BIOS: fleet.toml override, the report's `uefi` field, then firmware hints."""
    if override in _BOOT_MODES:
        return Fact(
            _BOOT_MODES[override],
            "high",
            f"fleet.toml boot_mode = {override!r} (overrides the report)",
        )
    if report.uefi is not None:
        if report.uefi.supported:
            return Fact("uefi", "high", "uefi.supported = true (/sys/firmware/efi existed at scan)")
        return Fact("bios", "high", "uefi.supported = false (no /sys/firmware/efi at scan)")
    bios = report.smbios.bios
    vendor = (bios.vendor if bios else None) or ""
    if re.search(r"SeaBIOS", vendor, re.IGNORECASE):
        return Fact("bios", "high", f"smbios.bios.vendor = {vendor!r}: SeaBIOS is legacy-only")
    if re.search(r"EDK ?II|OVMF|EFI Development Kit", vendor, re.IGNORECASE):
        return Fact("uefi", "high", f"smbios.bios.vendor = {vendor!r}: UEFI firmware (EDK II)")
    if report.system.startswith("aarch64"):
        return Fact("uefi", "medium", "aarch64: servers and clouds boot through UEFI")
    if re.search(r"^Apple", vendor, re.IGNORECASE):
        return Fact("uefi", "high", f"smbios.bios.vendor = {vendor!r}: Macs boot EFI")
    year = _bios_year(bios.date if bios else None)
    if not is_vm and year is not None and year >= _INTEL_NO_CSM_YEAR:
        return Fact(
            "uefi",
            "medium",
            f"no uefi field; bare-metal firmware dated {year}: PCs of 2020 and later boot UEFI "
            "(most no longer ship a legacy CSM)",
        )
    return Fact(
        "unknown",
        "low",
        "no uefi field and no firmware string that decides it; set boot_mode in fleet.toml",
    )


def _bios_year(date: str | None) -> int | None:
    match = re.search(r"(19|20)\d\d", date or "")
    return int(match.group(0)) if match else None
