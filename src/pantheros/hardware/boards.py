"""Single-board computers and other device-tree machines, and which board a report is.

nixos-facter does not report the device-tree model ("Raspberry Pi 4 Model B Rev 1.4"): hwinfo
reads /proc/device-tree only on PowerPC, and nixos-facter issue #133 (smbios missing on a
Raspberry Pi 4) is still open. What such a report does carry is an ARM or RISC-V CPU, no SMBIOS
(or a board maker's SMBIOS when u-boot or EDK2 provides one), and devices whose kernel paths,
PCI IDs and drivers belong to one SoC. Those identify the Raspberry Pi generations; other
boards are recognised as boards, with no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pantheros.hardware.platform import Fact, pci_devices, smbios_strings
from pantheros.hardware.report import FacterReport

BOARD_ARCHES = ("aarch64", "armv7l", "armv6l", "riscv64")
_BOARD_MAKERS = re.compile(
    r"raspberry ?pi|radxa|pine64|hardkernel|friendly ?(arm|elec)|xunlong|orange ?pi|khadas|"
    r"libre ?computer|turing machines|beagle|starfive|milk-?v|sipeed|rockchip|allwinner|amlogic",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Board:
    family: str | None  # the key known_models.toml matches ("raspberry-pi-4"), None: unknown
    name: str
    exact: bool  # False: the family is certain, the model within it is not
    evidence: str


# (family, name, exact, patterns that must each match some device's signature line, what the
# match shows). Kernel addresses are the SoC's peripheral bases in the kernel device trees:
# BCM2837 (Pi 3) at 0x3f000000, BCM2711 (Pi 4) at 0xfe000000, BCM2712 (Pi 5) at 0x10_0000_0000.
_BCM2837 = r"/3f[0-9a-f]{6}\.(mmc|mmcnr|usb|sdhost)\b"
_SOC_RULES: tuple[tuple[str, str, bool, tuple[str, ...], str], ...] = (
    ("raspberry-pi-5", "Raspberry Pi 5", True, (r"\bid 14e4:2712\b",), "BCM2712 PCIe root port"),
    ("raspberry-pi-5", "Raspberry Pi 5", True, (r"\bid 1de4:0001\b",), "the RP1 I/O chip"),
    ("raspberry-pi-5", "Raspberry Pi 5", True, (r"/1000fff000\.mmc\b",), "BCM2712 SD host"),
    ("raspberry-pi-4", "Raspberry Pi 4", True, (r"\bid 14e4:2711\b",), "BCM2711 PCIe root port"),
    ("raspberry-pi-4", "Raspberry Pi 4", True, (r"/(emmc2bus|fe340000\.mmc)\b",), "BCM2711 EMMC2"),
    ("raspberry-pi-4", "Raspberry Pi 4", True, (r"\bdrivers [^|]*\bbcmgenet\b",), "GENET Ethernet"),
    (
        "raspberry-pi-3",
        "Raspberry Pi 3",
        True,
        (_BCM2837, r"\bdrivers [^|]*\b(smsc95xx|lan78xx)\b"),
        "BCM2837 peripherals and the Pi 3's USB Ethernet",
    ),
    (
        "raspberry-pi-3",
        "Raspberry Pi 3 family (3, Zero 2 W, CM3)",
        False,
        (_BCM2837,),
        "BCM2837 peripherals, which the Pi 3, Zero 2 W and CM3 share",
    ),
)
_PI_SMBIOS = (
    (r"Raspberry Pi 5", "raspberry-pi-5", "Raspberry Pi 5"),
    (r"Raspberry Pi (4|400|Compute Module 4)", "raspberry-pi-4", "Raspberry Pi 4"),
    (r"Raspberry Pi (3|Zero 2)", "raspberry-pi-3", "Raspberry Pi 3"),
)


def signatures(report: FacterReport) -> list[tuple[str, str]]:
    """One line per device: its path, PCI ID, kernel paths and drivers (what rules search)."""
    lines = []
    for where, device in pci_devices(report):
        ids = (
            f"id {device.vendor_id:04x}:{device.device_id:04x}"
            if device.vendor_id is not None and device.device_id is not None
            else "id -"
        )
        paths = " ".join(p for p in (device.sysfs_id, device.sysfs_device_link) if p)
        drivers = " ".join(sorted(device.all_drivers))
        lines.append((where, f"{ids} {paths} drivers {drivers} |"))
    return lines


def is_board(report: FacterReport, *, is_vm: bool) -> Fact[bool]:
    """A board: bare metal with an ARM/RISC-V CPU and no PC firmware, or a board maker's
    SMBIOS."""
    if is_vm:
        return Fact(False, "high", "a virtual machine")
    strings = smbios_strings(report)
    maker = next(
        ((k, v) for k, v in strings.items() if "manufacturer" in k and _BOARD_MAKERS.search(v)),
        None,
    )
    if maker is not None:
        return Fact(True, "high", f"{maker[0]} = {maker[1]!r}: a board maker")
    arch = report.system.split("-", 1)[0]
    if arch in BOARD_ARCHES and report.smbios.empty:
        return Fact(
            True,
            "high",
            f"bare-metal {arch} without SMBIOS: a single-board computer or another device-tree "
            "machine (PCs, servers and their UEFI firmware all provide SMBIOS)",
        )
    return Fact(False, "high", "not an ARM/RISC-V machine without SMBIOS")


def identify(report: FacterReport) -> Board | None:
    """Which board this is, when the SoC's devices or the SMBIOS name say so."""
    product = " ".join(
        v for k, v in smbios_strings(report).items() if k.endswith(("product", "version"))
    )
    for pattern, family, name in _PI_SMBIOS:
        if re.search(pattern, product, re.IGNORECASE):
            return Board(family, name, True, f"SMBIOS names it: {product!r}")
    lines = signatures(report)
    for family, name, exact, patterns, what in _SOC_RULES:
        found = [next((w for w, line in lines if re.search(p, line)), None) for p in patterns]
        if all(found):
            return Board(family, name, exact, f"{', '.join(map(str, found))}: {what}")
    platform = next((c.platform for c in report.hardware.cpu if c.platform), None)
    if platform and re.match(r"BCM2(835|836|837|711|712)", platform):
        return Board(
            None,
            "Raspberry Pi (generation unknown)",
            False,
            f"hardware.cpu[].platform = {platform!r} (Raspberry Pi's kernel), but no device that "
            "tells the generation",
        )
    return None
