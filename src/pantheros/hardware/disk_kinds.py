"""What kind of disk a report entry is: USB-attached, eMMC or SD, Hyper-V, spinning or flash.

facter has no rotational or removable flag, so these read the drivers, kernel paths, by-id
names and model strings (patterns from real reports and public dmidecode/smartctl dumps).
"""

from __future__ import annotations

import re

from pantheros.hardware.profile import DiskBus
from pantheros.hardware.report import Device

# hwinfo bus codes (bus_type.value).
BUS_SCSI = 0x84
BUS_IDE = 0x85
BUS_USB = 0x86
BUS_MMC = 0x88
BUS_NVME = 0x96

_USB_DRIVERS = {"usb-storage", "usb_storage", "uas"}
_BY_ID_DIR = "/dev/disk/by-id/"

_HDD_MODEL = re.compile(
    r"^(ST\d|WDC WD\d|WD\d{2,}[A-Z]|TOSHIBA (DT|MQ|MG|HDW|MD|MN)|HGST|Hitachi (HUA|HDS|HTS|HTE)|"
    r"HUS|HUH|WUH|SAMSUNG (HD|HN-)\d|MAXTOR|MB\d{3,4}G|MM\d{4}G|EG\d{4}|ST\d+NM)|\bHDD\b|"
    # USB enclosures of hard disks
    r"\b(Elements|My Passport|My Book|Expansion|Backup\+|Basic Portable|Canvio|Game Drive)\b",
    re.IGNORECASE,
)
_SSD_NAMED = re.compile(r"SSD|NVME|Solid State", re.IGNORECASE)
_SSD_MODEL = re.compile(
    r"^Micron_|^CT\d+(MX|BX|P)\d|^MZ[-7]|^HFS|^KINGSTON S|^OCZ|^SanDisk SD|"
    r"^INTEL SSD|^WDC\s+WDS|^WD (Blue|Green|Red) SA|^Samsung|^SAMSUNG MZ|^PM\d{3}|^SKHynix|"
    r"^TS\d+G(SSD|MTS)|^Crucial|^SPCC|^ADATA SU|^LITEON|^Patriot|^PNY CS|^Lexar|^Apacer|"
    # USB flash drives and SSDs
    r"\b(Ultra Fit|Cruzer|DataTraveler|Flash Drive|Extreme|T7|T5|Portable SSD)\b",
    re.IGNORECASE,
)
# Disks a cloud or hypervisor presents: the medium behind them is invisible.
_VIRTUAL_MODEL = re.compile(
    r"QEMU|Virtual Disk|VBOX|VMware|Amazon Elastic Block Store|EphemeralDisk|PersistentDisk|"
    r"nvme_card|Google|ORACLE BlockVolume|Msft",
    re.IGNORECASE,
)


def is_usb(device: Device) -> str | None:
    """Why the disk is USB-attached, or None."""
    drivers = device.all_drivers & _USB_DRIVERS
    if drivers:
        return f"driver {', '.join(sorted(drivers))}"
    if device.hotplug == "usb":
        return "hotplug usb"
    if device.bus_type is not None and device.bus_type.value == BUS_USB:
        return "USB bus"
    if "usb" in device.class_list:
        return "class_list has usb"
    if any(n.startswith(_BY_ID_DIR + "usb-") for n in device.unix_device_names):
        return "a usb- by-id name"
    link = device.sysfs_device_link or ""
    if re.search(r"/usb\d+/", link):
        return "its kernel path runs through a USB port"
    return None


def is_hyper_v(device: Device) -> bool:
    return (
        "hv_storvsc" in device.all_drivers
        or re.search(r"VMBUS|vmbus", device.sysfs_device_link or "") is not None
    )


def is_emmc(device: Device, name: str, names: set[str]) -> str | None:
    """Why an mmcblk disk is soldered-on eMMC rather than an SD card, or None."""
    if f"{name}boot0" in names or f"{name}rpmb" in names:
        return f"the report lists {name}boot0/{name}rpmb, which only eMMC has"
    # Linux gives (e)MMC devices relative card address 1; SD cards publish their own.
    if re.search(r"/mmc\d+:0001(/|$)", device.sysfs_device_link or ""):
        return "relative card address 0001, which Linux assigns to eMMC"
    return None


def rotational(device: Device, bus: DiskBus, *, virtual: bool) -> tuple[bool | None, str]:
    model = device.model or ""
    if virtual and (_VIRTUAL_MODEL.search(model) or bus in ("virtio", "scsi", "nvme", "other")):
        return None, f"virtual disk ({model or bus}): the report cannot see the host's storage"
    if _VIRTUAL_MODEL.search(model):
        return None, f"model {model!r} is a virtual disk: the host's storage is invisible"
    if bus == "nvme":
        return False, "NVMe drives are solid state"
    if bus == "mmc":
        return False, "eMMC/SD is flash"
    if _SSD_NAMED.search(model):
        return False, f"model {model!r} says SSD"
    # Hard-disk names before the SSD makers: Samsung and WD sell both.
    if _HDD_MODEL.search(model):
        return True, f"model {model!r} matches a hard-disk pattern"
    if _SSD_MODEL.search(model):
        return False, f"model {model!r} matches an SSD or flash pattern"
    if virtual:
        return None, "virtual disk: the report cannot see the host's storage"
    return None, f"model {model!r} matches no SSD or HDD pattern; facter has no rotational flag"
