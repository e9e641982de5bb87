"""Which block devices in a report are real disks, and what kind each one is.

facter lists zram, USB sticks and card readers beside the internal disks and has no
rotational flag, so both the filter and the SSD/HDD guess live here, with their evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pantheros.hardware.profile import Disk, DiskBus, ExcludedDisk
from pantheros.hardware.report import Device

# hwinfo bus codes (bus_type.value).
BUS_SCSI = 0x84
BUS_IDE = 0x85
BUS_USB = 0x86
BUS_MMC = 0x88
BUS_NVME = 0x96

_NOT_DISKS = re.compile(r"^(zram|loop|ram|sr|fd|nbd|dm-|md)\d*|^mmcblk\d+(boot\d+|rpmb)$")
_USB_DRIVERS = {"usb-storage", "usb_storage", "uas"}
_SATA_DRIVERS = {"ahci", "ata_piix", "sata_nv", "sata_via", "sata_sil", "pata_amd"}

# facter has no rotational flag: tell HDDs from SSDs by model name (patterns from real reports).
_HDD_MODEL = re.compile(
    r"^(ST\d|WDC WD\d|WD\d{2,}[A-Z]|TOSHIBA (DT|MQ|MG|HDW|MD)|HGST|Hitachi (HUA|HDS|HTS)|"
    r"HUS|SAMSUNG HD\d|MAXTOR)|\bHDD\b",
    re.IGNORECASE,
)
_SSD_MODEL = re.compile(
    r"SSD|NVME|^Micron_|^CT\d+(MX|BX|P)\d|^MZ[-7]|^HFS|^KINGSTON S|^OCZ|^SanDisk SD|"
    r"^INTEL SSD|^WDC WDS|^Samsung|^SAMSUNG MZ|^PM\d{3}|^SKHynix|^TS\d+GSSD",
    re.IGNORECASE,
)
# By-id prefixes, most stable first; eui/wwn names are stable too but say nothing to people.
_BY_ID_RANK = ("nvme-", "ata-", "scsi-0", "scsi-3", "scsi-S", "scsi-", "virtio-", "mmc-", "wwn-")
_BY_ID_DIR = "/dev/disk/by-id/"


@dataclass
class DiskScan:
    disks: list[Disk] = field(default_factory=list)
    excluded: list[ExcludedDisk] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)


def scan_disks(devices: list[Device], *, virtual: bool) -> DiskScan:
    scan = DiskScan()
    for position, device in enumerate(devices):
        where = f"hardware.disk[{position}]"
        name = kernel_name(device) or f"disk{position}"
        reason = _exclusion(device, name)
        size = size_bytes(device)
        if reason is not None or not size:
            no_size = "no size in the report (empty card reader or zero-size device)"
            scan.excluded.append(ExcludedDisk(name=name, reason=reason or no_size))
            continue
        key = f"disks[{len(scan.disks)}]"
        bus, bus_why = _bus(device, name)
        rotational, rot_why = _rotational(device, bus, virtual=virtual)
        by_id = _by_id(device)
        scan.disks.append(
            Disk(
                name=name,
                model=device.model,
                device=f"/dev/{name}",
                by_id=by_id,
                bus=bus,
                rotational=rotational,
                size_bytes=size,
            )
        )
        scan.evidence[f"{key}.bus"] = f"{where}: {bus_why}"
        scan.evidence[f"{key}.rotational"] = f"{where}: {rot_why}"
        scan.evidence[f"{key}.by_id"] = (
            f"{where}.unix_device_names" if by_id else f"{where}: no /dev/disk/by-id name listed"
        )
    return scan


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
    drivers = device.all_drivers
    if drivers & _USB_DRIVERS or device.hotplug == "usb" or _bus_value(device) == BUS_USB:
        return "removable USB storage (installer stick or card reader)"
    return None


def _bus_value(device: Device) -> int | None:
    return device.bus_type.value if device.bus_type else None


def _bus(device: Device, name: str) -> tuple[DiskBus, str]:
    drivers = device.all_drivers
    bus = _bus_value(device)
    by_id = [n for n in device.unix_device_names if n.startswith(_BY_ID_DIR)]
    if bus == BUS_NVME or "nvme" in drivers or name.startswith("nvme"):
        return "nvme", "NVMe bus or nvme driver"
    if "virtio_blk" in drivers or name.startswith("vd"):
        return "virtio", "virtio_blk driver / vdX name"
    if bus == BUS_MMC or name.startswith("mmcblk"):
        return "mmc", "MMC bus or mmcblk name (eMMC/SD)"
    if "virtio_scsi" in drivers:
        return "scsi", "SCSI disk behind the virtio_scsi driver"
    if (
        bus == BUS_IDE
        or drivers & _SATA_DRIVERS
        or any(n.startswith(_BY_ID_DIR + "ata-") for n in by_id)
    ):
        return "sata", "IDE/SATA bus, ahci driver or ata- by-id name"
    if bus == BUS_SCSI or name.startswith("sd"):
        return "scsi", "SCSI bus (sdX) without ATA or virtio signs"
    return "other", "bus not recognised"


def _rotational(device: Device, bus: DiskBus, *, virtual: bool) -> tuple[bool | None, str]:
    model = device.model or ""
    if bus == "nvme":
        return False, "NVMe drives are solid state"
    if bus == "mmc":
        return False, "eMMC/SD is flash"
    if virtual:
        return None, "virtual disk: the report cannot see the host's storage"
    if _SSD_MODEL.search(model):
        return False, f"model {model!r} matches an SSD pattern"
    if _HDD_MODEL.search(model):
        return True, f"model {model!r} matches a hard-disk pattern"
    return None, f"model {model!r} matches no SSD or HDD pattern; facter has no rotational flag"


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
