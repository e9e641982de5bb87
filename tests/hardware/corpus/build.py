"""Builders for nixos-facter reports, in the shapes real reports have (hwinfo IDs with `hex`,
`name` and `value`, resources, unix_device_names, smbios sections).

Each builder returns plain JSON data; `report()` assembles a whole report. Strings in the
corpus follow public dmidecode and facter dumps; where a case's strings are inferred, the
case says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JSON = dict[str, Any]
GB = 10**9


def ident(value: int, name: str | None = None, *, hexed: bool = True) -> JSON:
    out: JSON = {"value": value}
    if hexed:
        out["hex"] = f"{value:04x}"
    if name:
        out["name"] = name
    return out


def smbios(
    vendor: str | None,
    product: str | None,
    version: str | None = None,
    *,
    board_vendor: str | None = None,
    board: str | None = None,
    bios_vendor: str | None = None,
    bios_version: str | None = None,
    bios_date: str | None = None,
    chassis: int | None = None,
    chassis_vendor: str | None = None,
    dimms_gib: tuple[int, ...] = (8, 8),
    ecc: int = 3,
) -> JSON:
    out: JSON = {
        "system": {"handle": 1, "manufacturer": vendor, "product": product, "version": version},
        "memory_device": [
            {"handle": 40 + i, "location": f"DIMM {i}", "size": gib * 1024 * 1024}
            for i, gib in enumerate(dimms_gib)
        ],
        "memory_array": [{"handle": 39, "ecc": ident(ecc, "None" if ecc == 3 else "ECC")}],
    }
    if board or board_vendor:
        out["board"] = {"handle": 2, "manufacturer": board_vendor or vendor, "product": board}
    if bios_vendor or bios_version or bios_date:
        out["bios"] = {
            "handle": 0,
            "vendor": bios_vendor,
            "version": bios_version,
            "date": bios_date,
            "features": None,
        }
    if chassis is not None:
        out["chassis"] = [
            {
                "handle": 3,
                "manufacturer": chassis_vendor or vendor,
                "version": "",
                "chassis_type": ident(chassis, "Other" if chassis > 25 else None),
                "lock_present": False,
            }
        ]
    return out


def cpu(
    vendor: str,
    model: str | None,
    *,
    cores: int = 8,
    threads: int | None = None,
    arch: str = "x86_64",
    features: tuple[str, ...] = (),
    platform: str | None = None,
) -> JSON:
    out: JSON = {
        "architecture": arch,
        "vendor_name": vendor,
        "family": 6,
        "model": 1,
        "features": ["fpu", "vme", *features],
        "cores": cores,
        "siblings": threads or cores,
    }
    if model:
        out["model_name"] = model
    if platform:
        out["platform"] = platform
    return out


def intel(model: str, cores: int = 8, threads: int = 16, *features: str) -> JSON:
    return cpu("GenuineIntel", model, cores=cores, threads=threads, features=("vmx", *features))


def amd(model: str, cores: int = 8, threads: int = 16, *features: str) -> JSON:
    return cpu(
        "AuthenticAMD", model, cores=cores, threads=threads, features=("svm", "cppc", *features)
    )


def guest(vendor: str = "AuthenticAMD", model: str = "AMD EPYC Processor", cores: int = 2) -> JSON:
    return cpu(vendor, model, cores=cores, features=("hypervisor",))


def arm(vendor: str = "ARM Limited", cores: int = 4, platform: str | None = None) -> JSON:
    return cpu(vendor, None, cores=cores, arch="aarch64", platform=platform,
               features=("fp", "asimd", "evtstrm", "crc32", "cpuid"))  # fmt: skip


def _size(size_bytes: int, sector: int = 512) -> JSON:
    return {"type": "size", "unit": "sectors", "value_1": size_bytes // sector, "value_2": sector}


def disk(
    name: str,
    size_bytes: int,
    *,
    model: str | None = None,
    bus: int | None = None,
    drivers: tuple[str, ...] = (),
    by_id: tuple[str, ...] = (),
    link: str | None = None,
    hotplug: str | None = None,
    classes: tuple[str, ...] = ("disk", "block_device"),
) -> JSON:
    out: JSON = {
        "index": 50,
        "class_list": list(classes),
        "base_class": ident(262, "Mass Storage Device"),
        "sub_class": ident(0, "Disk"),
        "sysfs_id": f"/class/block/{name}",
        "unix_device_names": [*(f"/dev/disk/by-id/{b}" for b in by_id), f"/dev/{name}"],
        "resources": [_size(size_bytes)],
    }
    if model:
        out["model"] = model
    if bus is not None:
        out["bus_type"] = ident(bus)
    if drivers:
        out["driver"] = drivers[-1]
        out["driver_module"] = drivers[-1].replace("-", "_")
        out["drivers"] = list(drivers)
        out["driver_modules"] = [d.replace("-", "_") for d in drivers]
    if link:
        out["sysfs_device_link"] = link
    if hotplug:
        out["hotplug"] = hotplug
    return out


def nvme(name: str, model: str, size_bytes: int, serial: str = "S1") -> JSON:
    return disk(name, size_bytes, model=model, bus=0x96, drivers=("nvme",),
                by_id=(f"nvme-{model.replace(' ', '_')}_{serial}",),
                link=f"/devices/pci0000:00/0000:00:06.0/0000:02:00.0/nvme/{name[:5]}",
                classes=("disk", "block_device", "nvme"))  # fmt: skip


def sata(name: str, model: str, size_bytes: int, serial: str = "Z1") -> JSON:
    return disk(name, size_bytes, model=model, bus=0x85, drivers=("ahci", "sd"),
                by_id=(f"ata-{model.replace(' ', '_')}_{serial}",),
                classes=("disk", "ide", "block_device"))  # fmt: skip


def virtio_blk(name: str, size_bytes: int) -> JSON:
    return disk(name, size_bytes, drivers=("virtio_blk",),
                link="/devices/pci0000:00/0000:00:04.0/virtio2")  # fmt: skip


def qemu_scsi(name: str, size_bytes: int, tag: str = "drive-scsi0") -> JSON:
    return disk(name, size_bytes, model="QEMU HARDDISK", bus=0x84, drivers=("virtio_scsi", "sd"),
                by_id=(f"scsi-0QEMU_QEMU_HARDDISK_{tag}",),
                classes=("disk", "scsi", "block_device"))  # fmt: skip


def hyperv_disk(name: str, size_bytes: int) -> JSON:
    return disk(name, size_bytes, model="Msft Virtual Disk", bus=0x84, drivers=("hv_storvsc", "sd"),
                by_id=(f"scsi-36002248{name}0000000000000000000000",),
                link="/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/f8b3781b/host0",
                classes=("disk", "scsi", "block_device"))  # fmt: skip


def usb_disk(name: str, model: str, size_bytes: int, *, uas: bool = True) -> JSON:
    driver = "uas" if uas else "usb-storage"
    return disk(name, size_bytes, model=model, bus=0x84, drivers=("sd", driver),
                by_id=(f"usb-{model.replace(' ', '_')}_0123456789-0:0",), hotplug="usb",
                link="/devices/platform/scb/fd500000.pcie/pci0000:00/0000:01:00.0/usb2/2-1",
                classes=("disk", "usb", "scsi", "block_device"))  # fmt: skip


def mmc(name: str, size_bytes: int, *, link: str, model: str = "SC32G", emmc: bool = False) -> JSON:
    rca = "0001" if emmc else "aaaa"
    return disk(name, size_bytes, model=model, bus=0x88, drivers=("mmcblk",),
                by_id=(f"mmc-{model}_0x1234abcd",), link=f"{link}/mmc_host/mmc0/mmc0:{rca}",
                classes=("disk", "block_device"))  # fmt: skip


def emmc_parts(name: str) -> list[JSON]:
    return [
        disk(f"{name}boot0", 4 * 1024**2, bus=0x88, drivers=("mmcblk",)),
        disk(f"{name}boot1", 4 * 1024**2, bus=0x88, drivers=("mmcblk",)),
        disk(f"{name}rpmb", 4 * 1024**2, bus=0x88, drivers=("mmcblk",)),
    ]


def zram() -> JSON:
    return disk("zram0", 8 * 1024**3)


def pci(
    vendor: int,
    device: int,
    address: str,
    *,
    driver: str | None = None,
    sub_class: int = 0,
    base_class: int = 3,
    sysfs: str | None = None,
    name: str | None = None,
) -> JSON:
    out: JSON = {
        "index": 20,
        "class_list": ["graphics_card", "pci"],
        "bus_type": ident(4, "PCI"),
        "base_class": ident(base_class),
        "sub_class": ident(sub_class),
        "vendor": ident(vendor),
        "device": ident(device, name),
        "sysfs_id": sysfs or f"/devices/pci0000:00/{address}",
        "sysfs_bus_id": address,
    }
    if driver:
        out |= {
            "driver": driver,
            "driver_module": driver.replace("-", "_"),
            "drivers": [driver],
            "driver_modules": [driver.replace("-", "_")],
        }
    return out


def igpu_intel(device: int = 0x46A6) -> JSON:
    return pci(0x8086, device, "0000:00:02.0", driver="i915")


def igpu_amd(device: int = 0x15BF, address: str = "0000:c1:00.0") -> JSON:
    return pci(0x1002, device, address, driver="amdgpu",
               sysfs=f"/devices/pci0000:00/0000:00:08.1/{address}")  # fmt: skip


def nvidia(device: int = 0x2520, address: str = "0000:01:00.0", *, driver: str = "nvidia",
           optimus: bool = True) -> JSON:  # fmt: skip
    return pci(0x10DE, device, address, driver=driver, sub_class=2 if optimus else 0,
               sysfs=f"/devices/pci0000:00/0000:00:01.0/{address}")  # fmt: skip


def radeon(device: int = 0x7480, address: str = "0000:03:00.0") -> JSON:
    return pci(0x1002, device, address, driver="amdgpu",
               sysfs=f"/devices/pci0000:00/0000:00:01.1/{address}")  # fmt: skip


def wlan() -> JSON:
    return {
        "index": 35,
        "class_list": ["network_controller", "pci", "wlan_card"],
        "base_class": ident(2, "Network controller"),
        "sub_class": ident(0x82, "WLAN controller"),
        "vendor": ident(0x8086),
        "device": ident(0x51F0),
        "driver": "iwlwifi",
        "drivers": ["iwlwifi"],
    }


def nic(driver: str, vendor: int = 0x10EC, device: int = 0x8125, link: str | None = None) -> JSON:
    out: JSON = {
        "index": 34,
        "class_list": ["network_controller"],
        "base_class": ident(2, "Network controller"),
        "sub_class": ident(0, "Ethernet controller"),
        "vendor": ident(vendor),
        "device": ident(device),
        "driver": driver,
        "drivers": [driver],
    }
    if link:
        out["sysfs_id"] = link
    return out


def hyperv_nic() -> JSON:
    return {
        "index": 36,
        "class_list": ["network_controller"],
        "base_class": ident(2, "Network controller"),
        "sub_class": ident(0, "Ethernet controller"),
        "sysfs_id": "/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/000d3a6f",
        "driver": "hv_netvsc",
        "drivers": ["hv_netvsc"],
    }


def virtio_nic() -> JSON:
    return {
        "index": 36,
        "class_list": ["network_controller"],
        "bus_type": ident(0x8F, "Virtio"),
        "base_class": ident(2, "Network controller"),
        "sub_class": ident(0, "Ethernet controller"),
        "vendor": "Virtio",
        "device": "Ethernet Card 0",
        "driver": "virtio_net",
        "drivers": ["virtio_net"],
    }


def sound(vendor: int = 0x8086, device: int = 0x293E) -> JSON:
    return {
        "index": 40,
        "class_list": ["sound", "pci"],
        "base_class": ident(4, "Multimedia controller"),
        "sub_class": ident(3),
        "vendor": ident(vendor),
        "device": ident(device),
        "driver": "snd_hda_intel",
        "drivers": ["snd_hda_intel"],
    }


def bridge(vendor: int, device: int, address: str) -> JSON:
    return {
        "index": 7,
        "class_list": ["pci", "bridge"],
        "bus_type": ident(4, "PCI"),
        "base_class": ident(6, "Bridge"),
        "sub_class": ident(4, "PCI bridge"),
        "vendor": ident(vendor),
        "device": ident(device),
        "sysfs_id": f"/devices/platform/axi/{address}",
        "drivers": ["pcieport"],
    }


def report(
    *,
    system: str = "x86_64-linux",
    virt: str = "none",
    uefi: bool | None = None,
    uefi_bits: int = 64,
    smbios_data: JSON | None = None,
    cpus: list[JSON] | None = None,
    disks: Sequence[JSON] = (),
    gpus: Sequence[JSON] = (),
    nics: Sequence[JSON] = (),
    bluetooth: bool = False,
    memory_gib: float = 16,
    hw_form: str | None = None,
    bda: tuple[int, bool] | None = None,
    extra: JSON | None = None,
) -> JSON:
    hardware: JSON = {
        "cpu": cpus if cpus is not None else [intel("Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz")],
        "disk": list(disks),
        "graphics_card": list(gpus),
        "network_controller": list(nics),
        "memory": [
            {"index": 15, "resources": [{"type": "phys_mem", "range": int(memory_gib * 2**30)}]}
        ],
    }
    if bluetooth:
        hardware["bluetooth"] = [{"index": 63, "class_list": ["usb", "bluetooth"]}]
    if hw_form is not None:
        hardware["system"] = {"form_factor": hw_form}
    elif not system.startswith("x86"):
        hardware["system"] = {}
    if bda is not None:
        hardware["bios"] = {"low_memory_size": bda[0], "pnp": bda[1], "smbios_version": 772}
    for key, value in (extra or {}).items():
        hardware[key] = value
    out: JSON = {"version": 1, "system": system, "virtualisation": virt, "hardware": hardware}
    if uefi is not None:
        out["uefi"] = {"supported": uefi, **({"platform_size": uefi_bits} if uefi else {})}
    if smbios_data is not None:
        out["smbios"] = smbios_data
    return out


def laptop_report(*, gpus: Sequence[JSON], cpu_vendor: str = "intel") -> JSON:
    """A laptop no table knows, for properties over its other parts."""
    processor = (
        intel("12th Gen Intel(R) Core(TM) i7-1260P")
        if cpu_vendor == "intel"
        else amd("AMD Ryzen 7 5800H with Radeon Graphics")
    )
    return report(
        smbios_data=smbios("Acme", "Book 14", chassis=10, bios_date="01/01/2023"),
        cpus=[processor],
        gpus=gpus,
        disks=[nvme("nvme0n1", "Acme SSD", 512 * GB)],
        nics=[wlan()],
        hw_form="laptop",
        bda=(0, False),
    )
