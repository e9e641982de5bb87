"""UEFI or legacy BIOS: fleet.toml, the report's `uefi` field, then what the firmware shows.

Without the `uefi` field (added to nixos-facter in 2025-11, so most reports lack it) the
firmware's own strings come first, then the BIOS data area hwinfo read at scan time, then the
platform. A board's u-boot or vendor firmware is neither: its boot mode stays "unknown" rather
than a guess, and so does a firmware that can boot either way.
"""

from __future__ import annotations

import re

from pantheros.hardware.boards import is_board
from pantheros.hardware.platform import Fact, pci_devices, smbios_strings
from pantheros.hardware.profile import BootModeGuess
from pantheros.hardware.report import FacterReport, Id

_BOOT_MODES: dict[str | None, BootModeGuess] = {"uefi": "uefi", "bios": "bios"}
_UEFI_FROM_YEAR = 2020  # PCs of 2020 and later boot UEFI; most no longer ship a legacy CSM
_BIOS_BEFORE_YEAR = 2011  # UEFI on PCs older than this is rare (Macs aside)
# (SMBIOS key, pattern, mode, confidence, why): firmware that boots one way only.
_FIRMWARE: tuple[tuple[str, str, BootModeGuess, str], ...] = (
    ("smbios.bios.vendor", r"SeaBIOS", "bios", "SeaBIOS is legacy-only"),
    ("smbios.bios.version", r"^rel-1\.\d+|SeaBIOS", "bios", "a SeaBIOS release string"),
    ("smbios.bios.vendor", r"EDK ?II|OVMF|EFI Development Kit", "uefi", "UEFI firmware (EDK II)"),
    ("smbios.bios.version", r"Hyper-V UEFI", "uefi", "Hyper-V generation 2, which is UEFI-only"),
    ("smbios.bios.version", r"MrChromebox|edk2|UEFI", "uefi", "coreboot with a UEFI payload"),
    ("smbios.bios.vendor", r"^Apple", "uefi", "Macs boot EFI"),
    # Machines whose firmware has no legacy mode at all (no CSM).
    (
        "smbios.system.manufacturer",
        r"^Framework$",
        "uefi",
        "Framework laptops ship UEFI-only firmware (no legacy CSM)",
    ),
    (
        "smbios.system.product",
        r"^Surface (Pro|Laptop|Book|Go|Studio)\b",
        "uefi",
        "Surface firmware is UEFI-only",
    ),
    ("smbios.bios.vendor", r"^Phoenix Technologies", "bios", "VMware's legacy PhoenixBIOS"),
)


def boot_mode(
    report: FacterReport, *, is_vm: bool, override: str | None = None
) -> Fact[BootModeGuess]:
    if override in _BOOT_MODES:
        return Fact(
            _BOOT_MODES[override],
            "high",
            f"fleet.toml boot_mode = {override!r} (overrides the report)",
        )
    if report.uefi is not None:
        if report.uefi.supported:
            bits = report.uefi.platform_size
            size = f", {bits}-bit firmware" if bits else ""
            return Fact(
                "uefi",
                "high",
                f"uefi.supported = true (/sys/firmware/efi existed at scan{size})",
            )
        return Fact("bios", "high", "uefi.supported = false (no /sys/firmware/efi at scan)")
    return _from_firmware(report, is_vm=is_vm)


def _from_firmware(report: FacterReport, *, is_vm: bool) -> Fact[BootModeGuess]:
    strings = smbios_strings(report)
    vm_mode = _vm_firmware(report, strings) if is_vm else None
    if vm_mode is not None:
        return vm_mode
    for key, pattern, mode, why in _FIRMWARE:
        value = strings.get(key, "")
        if value and re.search(pattern, value, re.IGNORECASE):
            return Fact(mode, "high", f"{key} = {value!r}: {why}")
    vendor = strings.get("smbios.bios.vendor", "")
    if vendor.lower() == "coreboot":
        return Fact(
            "unknown",
            "low",
            "smbios.bios.vendor = 'coreboot': its payload decides (SeaBIOS boots legacy, edk2 "
            "UEFI) and the version string names neither",
        )
    arch = report.system.split("-", 1)[0]
    if arch != "x86_64" and arch != "i686":
        return _non_x86(report, is_vm=is_vm)
    bda = _bios_data_area(report)
    if bda is not None:
        return bda
    year = _bios_year(report.smbios.bios.date if report.smbios.bios else None)
    if not is_vm and year is not None and year >= _UEFI_FROM_YEAR:
        return Fact(
            "uefi",
            "medium",
            f"no uefi field; bare-metal firmware dated {year}: PCs of 2020 and later boot UEFI "
            "(most no longer ship a legacy CSM)",
        )
    if not is_vm and year is not None and year < _BIOS_BEFORE_YEAR:
        return Fact(
            "bios",
            "medium",
            f"no uefi field; firmware dated {year}: PCs that old boot legacy BIOS (UEFI came "
            "to most PCs around 2011)",
        )
    return Fact(
        "unknown",
        "low",
        "no uefi field and no firmware string that decides it; set boot_mode in fleet.toml",
    )


def _vm_firmware(report: FacterReport, strings: dict[str, str]) -> Fact[BootModeGuess] | None:
    if report.virtualisation == "microsoft" and strings.get("smbios.system.product") == (
        "Virtual Machine"
    ):
        hyperv = _hyperv_generation(report, strings)
        if hyperv is not None:
            return hyperv
    if report.virtualisation == "vmware" and strings.get("smbios.bios.vendor", "").startswith(
        "VMware"
    ):
        return Fact(
            "uefi",
            "medium",
            "smbios.bios.vendor = 'VMware, Inc.': VMware's EFI firmware (its legacy BIOS is "
            "PhoenixBIOS)",
        )
    return None


# Emulated PC hardware only a Hyper-V generation 1 VM has (generation 2 has VMBus devices only).
_HYPERV_GEN1_DEVICES = {
    (0x1414, 0x5353): "Hyper-V's emulated S3 VGA adapter",
    (0x8086, 0x7111): "the emulated PIIX4 IDE controller",
    (0x8086, 0x7110): "the emulated PIIX4 ISA bridge",
    (0x1011, 0x0009): "the emulated DEC 21140 legacy network adapter",
}


def _hyperv_generation(report: FacterReport, strings: dict[str, str]) -> Fact[BootModeGuess] | None:
    version = strings.get("smbios.bios.version", "")
    vendor = strings.get("smbios.bios.vendor", "")
    if re.search(r"UEFI", version):
        return Fact(
            "uefi",
            "high",
            f"smbios.bios.version = {version!r}: Hyper-V generation 2, which is UEFI-only",
        )
    for where, device in pci_devices(report):
        ids = (_id_value(device.vendor), _id_value(device.device))
        if ids in _HYPERV_GEN1_DEVICES:
            return Fact(
                "bios",
                "high",
                f"{where} is {_HYPERV_GEN1_DEVICES[ids]} ({ids[0]:04x}:{ids[1]:04x}), which only "
                "a Hyper-V generation 1 VM has; generation 1 boots legacy BIOS only",
            )
    if vendor.startswith("American Megatrends"):
        return Fact(
            "bios",
            "high",
            f"Hyper-V with smbios.bios.vendor = {vendor!r}: a generation 1 VM (AMI's BIOS), "
            "which boots legacy BIOS only (generation 2 says 'Hyper-V UEFI Release')",
        )
    if vendor.startswith("Microsoft"):
        return Fact(
            "uefi",
            "medium",
            f"Hyper-V with smbios.bios.vendor = {vendor!r} and no emulated legacy devices: "
            "generation 2 firmware (Microsoft's own UEFI; generation 1 runs AMI's BIOS)",
        )
    return None


def _id_value(value: Id | str | None) -> int | None:
    return value.value if isinstance(value, Id) else None


def _non_x86(report: FacterReport, *, is_vm: bool) -> Fact[BootModeGuess]:
    arch = report.system.split("-", 1)[0]
    if not report.smbios.empty:
        return Fact(
            "uefi",
            "high",
            f"{arch} with SMBIOS: on ARM, SMBIOS tables reach Linux only through the EFI "
            "system table (UEFI firmware, or u-boot's EFI)",
        )
    if is_vm:
        return Fact("uefi", "medium", f"{arch} guest: ARM clouds and VMs boot through UEFI")
    board = is_board(report, is_vm=False)
    if board.value:
        return Fact(
            "unknown",
            "low",
            f"{arch} board without UEFI tables: it boots through its vendor firmware or u-boot "
            "(extlinux), which is neither UEFI nor BIOS; not guessed",
        )
    return Fact("unknown", "low", f"{arch} without SMBIOS or a uefi field")


def _bios_data_area(report: FacterReport) -> Fact[BootModeGuess] | None:
    """hwinfo reads the BIOS data area at 0x400: a legacy boot fills it, UEFI leaves it empty."""
    bios = report.hardware.bios
    if bios is None or bios.low_memory_size is None:
        return None
    if bios.low_memory_size > 0:
        return Fact(
            "bios",
            "medium",
            f"hardware.bios.low_memory_size = {bios.low_memory_size // 1024} KiB: the BIOS data "
            "area is filled, which a legacy BIOS (or a UEFI CSM) boot does",
        )
    if bios.pnp is False:
        return Fact(
            "uefi",
            "medium",
            "hardware.bios.low_memory_size = 0 and no $PnP BIOS: the BIOS data area is empty, "
            "as a UEFI boot leaves it",
        )
    return None


def _bios_year(date: str | None) -> int | None:
    match = re.search(r"(19|20)\d\d", date or "")
    return int(match.group(0)) if match else None
