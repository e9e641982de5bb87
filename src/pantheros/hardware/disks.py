"""Which block devices in a report are disks to install on, and what kind each one is.

facter lists zram, USB sticks, card readers and a provider's swap disk beside the system
disk, and has no rotational or removable flag. So the filter and the guesses live here, each
with its evidence: a disk is judged by its bus, driver and kind first and by its size last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pantheros.hardware.disk_kinds import (
    BUS_IDE,
    BUS_MMC,
    BUS_NVME,
    BUS_SCSI,
    BUS_USB,
    is_emmc,
    is_hyper_v,
    is_usb,
    rotational,
)
from pantheros.hardware.profile import Disk, DiskBus, ExcludedDisk
from pantheros.hardware.report import Device

_NOT_DISKS = re.compile(r"^(zram|loop|ram|sr|fd|nbd|dm-|md)\d*|^mmcblk\d+(boot\d+|rpmb)$")
_SATA_DRIVERS = {"ahci", "ata_piix", "sata_nv", "sata_via", "sata_sil", "pata_amd"}
# No NixOS fits below this: what is smaller is a provider's swap or config-drive disk, or a
# firmware partition exposed as a disk.
TINY_BYTES = 2 * 1024**3
# By-id prefixes, most stable first; eui/wwn names are stable too but say nothing to people.
_BY_ID_RANK = (
    "nvme-",
    "ata-",
    "scsi-0",
    "scsi-3",
    "scsi-S",
    "scsi-",
    "virtio-",
    "mmc-",
    "usb-",
    "wwn-",
)
_BY_ID_DIR = "/dev/disk/by-id/"


@dataclass
class DiskScan:
    disks: list[Disk] = field(default_factory=list)
    excluded: list[ExcludedDisk] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class _Candidate:
    position: int
    name: str
    device: Device
    disk: Disk
    bus_why: str
    rot_why: str


def scan_disks(devices: list[Device], *, virtual: bool, board: bool = False) -> DiskScan:
    """The disks to install on. `board`: SD cards and USB disks are the machine's own disks."""
    scan = DiskScan()
    names = {kernel_name(d) or f"disk{i}" for i, d in enumerate(devices)}
    candidates: list[_Candidate] = []
    for position, device in enumerate(devices):
        name = kernel_name(device) or f"disk{position}"
        reason = _exclusion(device, name)
        size = size_bytes(device)
        if reason is not None or not size:
            no_size = "no size in the report (empty card reader or zero-size device)"
            scan.excluded.append(ExcludedDisk(name=name, reason=reason or no_size))
            continue
        bus, bus_why = _bus(device, name)
        rot, rot_why = rotational(device, bus, virtual=virtual)
        removable, removable_why = _removable(device, name, bus, names)
        disk = Disk(
            name=name,
            model=device.model,
            device=f"/dev/{name}",
            by_id=_by_id(device),
            bus=bus,
            rotational=rot,
            size_bytes=size,
            removable=removable,
        )
        why = f"{bus_why}; {removable_why}" if removable_why else bus_why
        candidates.append(_Candidate(position, name, device, disk, why, rot_why))
    for candidate in _keep(candidates, scan, board=board):
        where = f"hardware.disk[{candidate.position}]"
        key = f"disks[{len(scan.disks)}]"
        scan.disks.append(candidate.disk)
        scan.evidence[f"{key}.bus"] = f"{where}: {candidate.bus_why}"
        scan.evidence[f"{key}.rotational"] = f"{where}: {candidate.rot_why}"
        scan.evidence[f"{key}.by_id"] = (
            f"{where}.unix_device_names"
            if candidate.disk.by_id
            else f"{where}: no /dev/disk/by-id name listed"
        )
    return scan


def _keep(candidates: list[_Candidate], scan: DiskScan, *, board: bool) -> list[_Candidate]:
    """Drop tiny disks beside real ones, and removable ones beside fixed ones (not on boards,
    whose SD cards and USB disks are what they boot from)."""
    real = [c for c in candidates if c.disk.size_bytes >= TINY_BYTES] or candidates
    for c in candidates:
        if c not in real:
            gib = c.disk.size_bytes / 1024**3
            scan.excluded.append(
                ExcludedDisk(
                    name=c.name,
                    reason=f"{gib:.2f} GiB beside a real disk: a provider's swap or config disk "
                    "(or a firmware area), too small to install on",
                )
            )
    fixed = [c for c in real if not c.disk.removable]
    if board or not fixed:
        return real
    for c in real:
        if c.disk.removable:
            what = (
                "USB storage (installer stick or external disk)"
                if c.disk.bus == "usb"
                else "an SD card in a card reader"
            )
            scan.excluded.append(
                ExcludedDisk(
                    name=c.name,
                    reason=f"removable {what} beside the internal disk(s); a system that runs "
                    "from it has no internal disk in the report",
                )
            )
    return fixed


def kernel_name(device: Device) -> str | None:
    if device.sysfs_id:
        tail = device.sysfs_id.rstrip("/").rsplit("/", 1)[-1]
        if tail:
            return tail
    names = [*device.unix_device_names, device.unix_device_name or ""]
    for candidate in names:
        if candidate.startswith("/dev/") and candidate.count("/") == 2:
            return candidate.removeprefix("/dev/")
    return None


def size_bytes(device: Device) -> int | None:
    for resource in device.resources:
        if resource.type == "size" and resource.unit == "sectors" and resource.value_1:
            sector = resource.value_2 if resource.value_2 and resource.value_2 > 0 else 512
            size = resource.value_1 * sector if resource.value_1 > 0 else None
            # No disk holds more than 2**64 bytes: a bigger product is a broken report.
            return size if size is not None and size <= 2**64 else None
    return None


def _exclusion(device: Device, name: str) -> str | None:
    if _NOT_DISKS.match(name):
        return f"{name} is a virtual or special block device, not a disk"
    if "cdrom" in device.class_list:
        return "optical drive"
    return None


def _bus_value(device: Device) -> int | None:
    return device.bus_type.value if device.bus_type else None


def _bus(device: Device, name: str) -> tuple[DiskBus, str]:
    drivers = device.all_drivers
    bus = _bus_value(device)
    by_id = [n for n in device.unix_device_names if n.startswith(_BY_ID_DIR)]
    usb = is_usb(device)
    if usb:
        return "usb", f"USB-attached ({usb})"
    if bus == BUS_NVME or "nvme" in drivers or name.startswith("nvme"):
        return "nvme", "NVMe bus or nvme driver"
    if "virtio_blk" in drivers or name.startswith("vd"):
        return "virtio", "virtio_blk driver / vdX name"
    if bus == BUS_MMC or name.startswith("mmcblk"):
        return "mmc", "MMC bus or mmcblk name (eMMC/SD)"
    if "virtio_scsi" in drivers:
        return "scsi", "SCSI disk behind the virtio_scsi driver"
    if is_hyper_v(device):
        return "scsi", "Hyper-V synthetic SCSI (hv_storvsc, on VMBus)"
    if (
        bus == BUS_IDE
        or drivers & _SATA_DRIVERS
        or any(n.startswith(_BY_ID_DIR + "ata-") for n in by_id)
    ):
        return "sata", "IDE/SATA bus, ahci driver or ata- by-id name"
    if bus == BUS_SCSI or name.startswith("sd"):
        return "scsi", "SCSI bus (sdX) without ATA or virtio signs"
    if bus == BUS_USB:
        return "usb", "USB bus"
    return "other", "bus not recognised"


def _removable(device: Device, name: str, bus: DiskBus, names: set[str]) -> tuple[bool, str]:
    if bus == "usb":
        return True, "removable"
    if bus != "mmc":
        return False, ""
    emmc = is_emmc(device, name, names)
    if emmc:
        return False, f"eMMC ({emmc}), soldered on"
    return True, "an SD card (no eMMC boot partitions or RCA 0001): removable"


def _by_id(device: Device) -> str | None:
    names = [
        n
        for n in device.unix_device_names
        if n.startswith(_BY_ID_DIR) and "-part" not in n.removeprefix(_BY_ID_DIR)
    ]

    def rank(path: str) -> tuple[int, int, str]:
        tail = path.removeprefix(_BY_ID_DIR)
        if tail.startswith(("nvme-eui.", "nvme-nvme.")):
            prefix_rank = len(_BY_ID_RANK)
        else:
            prefix_rank = next(
                (i for i, p in enumerate(_BY_ID_RANK) if tail.startswith(p)), len(_BY_ID_RANK)
            )
        # The shortest name of a kind drops suffixes such as the NVMe namespace "_1".
        return prefix_rank, len(tail), tail

    return min(names, key=rank) if names else None
