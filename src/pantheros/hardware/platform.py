"""What the machine-level rules share: the Fact type, SMBIOS strings and virtualisation.

The rules themselves live beside this: form.py (form factor), boards.py (single-board
computers), provider.py (who hosts a VM), boot.py (UEFI or BIOS). Each returns its answer with
the evidence, because most of these are inferences: facter reports what hwinfo and SMBIOS say,
not what the machine is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pantheros.hardware.profile import Confidence
from pantheros.hardware.report import Device, FacterReport

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
            "smbios.board.version": smbios.board.version,
        }
    if smbios.bios:
        found |= {
            "smbios.bios.vendor": smbios.bios.vendor,
            "smbios.bios.version": smbios.bios.version,
        }
    for i, chassis in enumerate(smbios.chassis):
        found[f"smbios.chassis[{i}].manufacturer"] = chassis.manufacturer
    return {k: v.strip() for k, v in found.items() if v and v.strip()}


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


def cpu_implementer(report: FacterReport) -> int | None:
    """The aarch64 CPU implementer code, from hwinfo's vendor name ("unknown (61)" = Apple)."""
    for cpu in report.hardware.cpu:
        name = (cpu.vendor_name or "").strip()
        if name.startswith("unknown (") and name.endswith(")"):
            try:
                return int(name[len("unknown (") : -1], 16)
            except ValueError:
                return None
        if name == "ARM Limited":
            return 0x41
        if name.startswith("QUALCOMM"):
            return 0x51
    return None


APPLE_IMPLEMENTER = 0x61


def pci_devices(report: FacterReport) -> list[tuple[str, Device]]:
    """Every device the rules look at for IDs and drivers, with its report path."""
    hw = report.hardware
    lists = {
        "bridge": hw.bridge,
        "graphics_card": hw.graphics_card,
        "network_controller": hw.network_controller,
        "network_interface": hw.network_interface,
        "storage_controller": hw.storage_controller,
        "mmc_controller": hw.mmc_controller,
        "sound": hw.sound,
        "disk": hw.disk,
    }
    return [
        (f"hardware.{key}[{i}]", d) for key, items in lists.items() for i, d in enumerate(items)
    ]
