"""A second, later set of reports, written after the rules and measured before any rule was
changed for it: the accuracy on these is how well the rules carry over to machines they were
not written against (benchmarks/hw_accuracy.py --fresh). Same format and conventions as
cases.py; SMBIOS strings follow public dmidecode dumps, inferred ones say so.

First measured at 54 of 56 facts: HP's "HP EliteBook 845 14 inch G9 Notebook PC" missed its
module (the table expected "EliteBook 845 G9"); the HP patterns take both forms since, and the
set joined the corpus test.
"""

from __future__ import annotations

from .build import (
    GB,
    amd,
    arm,
    bridge,
    disk,
    igpu_amd,
    igpu_intel,
    intel,
    mmc,
    nic,
    nvidia,
    nvme,
    pci,
    qemu_scsi,
    report,
    sata,
    smbios,
    sound,
    usb_disk,
    virtio_blk,
    virtio_nic,
    wlan,
)
from .cases import LEGACY_BDA, UEFI_BDA, Case, laptop, vps

FRESH: list[Case] = [
    # --- nixos-hardware -------------------------------------------------------------------
    Case(
        "dell-xps-13-9370",
        "nixos-hardware",
        laptop(
            "Dell Inc.",
            "XPS 13 9370",
            cpus=intel("Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz", 4, 8),
            gpus=(igpu_intel(0x5917),),
            chassis=9,
            bios_date="07/12/2022",
        ),
        {"modules": ["dell-xps-13-9370"], "exact": True, "form_factor": "laptop"},
    ),
    Case(
        "thinkpad-t14s-gen1-amd",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "20UHCTO1WW",
            "ThinkPad T14s Gen 1",
            cpus=amd("AMD Ryzen 7 PRO 4750U with Radeon Graphics"),
            gpus=(igpu_amd(0x1636, "0000:07:00.0"),),
        ),
        {"modules": ["lenovo-thinkpad-t14s-amd-gen1"], "exact": True},
    ),
    Case(
        "thinkpad-x1-carbon-gen10",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "21CBCTO1WW",
            "ThinkPad X1 Carbon Gen 10",
            cpus=intel("12th Gen Intel(R) Core(TM) i7-1260P", 12, 16),
            gpus=(igpu_intel(0x46A6),),
        ),
        {"modules": ["lenovo-thinkpad-x1-10th-gen"], "exact": True},
    ),
    Case(
        "framework-16-7040-radeon",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop 16 (AMD Ryzen 7040 Series)",
            "AJ",
            cpus=amd("AMD Ryzen 9 7940HS w/ Radeon 780M Graphics"),
            gpus=(igpu_amd(0x15BF), pci(0x1002, 0x7480, "0000:03:00.0", driver="amdgpu")),
        ),
        {"modules": ["framework-16-7040-amd"], "exact": True, "form_factor": "laptop"},
    ),
    Case(
        "hp-elitebook-845-g9",
        "nixos-hardware",
        laptop(
            "HP",
            "HP EliteBook 845 14 inch G9 Notebook PC",
            cpus=amd("AMD Ryzen 7 PRO 6850U with Radeon Graphics"),
            gpus=(igpu_amd(0x1681, "0000:04:00.0"),),
        ),
        {"modules": ["hp-elitebook-845g9"], "exact": True},
    ),
    Case(
        "legion-5-15ach6h-hybrid",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "82JU",
            "Legion 5 15ACH6H",
            cpus=amd("AMD Ryzen 7 5800H with Radeon Graphics"),
            gpus=(igpu_amd(0x1638, "0000:06:00.0"), nvidia(0x2520)),
        ),
        {"modules": ["lenovo-legion-15ach6h-hybrid"], "exact": True, "hybrid": True},
    ),
    Case(
        "macbook-pro-15-1-t2",
        "nixos-hardware",
        laptop(
            "Apple Inc.",
            "MacBookPro15,1",
            "1.0",
            cpus=intel("Intel(R) Core(TM) i7-8750H CPU @ 2.20GHz", 6, 12),
            gpus=(igpu_intel(0x3E9B), pci(0x1002, 0x67EF, "0000:01:00.0", driver="amdgpu")),
            bios_vendor="Apple Inc.",
            bios_date="",
        ),
        {"modules": ["apple-t2"], "boot_mode": "uefi", "form_factor": "laptop"},
        note="T2 Macs share nixos-hardware's apple-t2 module",
    ),
    Case(
        "raspberry-pi-4-usb-ssd",
        "nixos-hardware",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4)],
            disks=[usb_disk("sda", "Samsung Portable SSD T7", 500 * GB)],
            nics=[nic("bcmgenet", 0, 0, "/devices/platform/scb/fd580000.ethernet")],
            memory_gib=8,
        ),
        {
            "form_factor": "board",
            "modules": ["raspberry-pi-4"],
            "boot_mode": "unknown",
            "buses": ["usb"],
            "plan": "ok",
        },
        note="booted from USB, no SD card: the GENET Ethernet is what is left of the SoC",
    ),
    # --- form factor ----------------------------------------------------------------------
    Case(
        "beelink-mini-pc",
        "form factor",
        report(
            smbios_data=smbios("AZW", "SER", "Default string", bios_date="06/14/2023", chassis=35),
            cpus=[amd("AMD Ryzen 7 5800H with Radeon Graphics")],
            gpus=[igpu_amd(0x1638, "0000:04:00.0")],
            disks=[nvme("nvme0n1", "Kingston OM8PDP3512B", 512 * GB)],
            nics=[nic("r8169"), wlan()],
            hw_form="laptop",
            bda=UEFI_BDA,
        ),
        {"form_factor": "desktop", "boot_mode": "uefi", "plan": "ok"},
        note="a mini PC whose hwinfo form factor says laptop",
    ),
    Case(
        "pi-zero-2w-sd",
        "small disks",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4, platform="BCM2835")],
            disks=[mmc("mmcblk0", 16 * GB, link="/devices/platform/soc/3f300000.mmcnr")],
            memory_gib=0.5,
        ),
        {
            "form_factor": "board",
            "modules": ["raspberry-pi-3"],
            "exact": False,
            "removable": [True],
            "plan": "ok",
        },
        note="the Zero 2 W shares the Pi 3's SoC; no USB Ethernet",
    ),
    # --- disks ----------------------------------------------------------------------------
    Case(
        "nas-two-hdds-and-a-stick",
        "disks",
        report(
            smbios_data=smbios(
                "Gigabyte Technology Co., Ltd.",
                "B550M DS3H",
                bios_vendor="American Megatrends International, LLC.",
                bios_date="10/11/2022",
                chassis=3,
            ),
            cpus=[amd("AMD Ryzen 5 5600G with Radeon Graphics")],
            disks=[
                sata("sda", "WDC WD40EFRX-68N32N0", 4000 * GB),
                sata("sdb", "ST2000DM008-2FR102", 2000 * GB),
                usb_disk("sdc", "SanDisk Cruzer Blade", 16 * GB, uas=False),
                nvme("nvme0n1", "Samsung SSD 970 EVO Plus 500GB", 500 * GB),
            ],
            bda=UEFI_BDA,
        ),
        {
            "disks": ["sda", "sdb", "nvme0n1"],
            "rotational": [True, True, False],
            "form_factor": "desktop",
            "plan": "ok",
        },
    ),
    # --- provider -------------------------------------------------------------------------
    Case(
        "proxmox-homelab-vm",
        "provider",
        vps("QEMU", "Standard PC (i440FX + PIIX, 1996)", virt="kvm"),
        {"provider": "unknown", "boot_mode": "bios", "form_factor": "vm"},
        note="a home Proxmox guest looks like any small KVM host: nothing decides",
    ),
    Case(
        "ovh-public-cloud",
        "provider",
        vps("OpenStack Foundation", "OpenStack Nova", version="27.1.0", uefi=False),
        {"provider": "ovh", "boot_mode": "bios"},
    ),
    Case(
        "hetzner-cloud-cx22",
        "provider",
        vps(
            "Hetzner",
            "vServer",
            bios_vendor="Hetzner",
            bios_version="20171111",
            disks=(qemu_scsi("sda", 40 * GB),),
        ),
        {"provider": "hetzner", "vm_host": "cloud", "disks": ["sda"], "plan": "ok"},
    ),
    Case(
        "vultr-uefi",
        "provider",
        vps("Vultr", "VHF", uefi=True, bios_vendor="EDK II", bios_version="0.0.0", bda=None),
        {"provider": "vultr", "boot_mode": "uefi"},
    ),
    Case(
        "utm-intel-mac-q35",
        "provider",
        vps(
            "QEMU",
            "Standard PC (Q35 + ICH9, 2009)",
            bios_vendor="EDK II",
            bios_version="edk2-stable202302",
            bda=None,
            gpus=(pci(0x1AF4, 0x1050, "0000:00:01.0", driver="virtio-pci"),),
            extra={"sound": [sound()]},
            disks=(virtio_blk("vda", 64 * GB),),
            nics=(virtio_nic(),),
        ),
        {"provider": None, "vm_host": "local", "boot_mode": "uefi"},
    ),
    # --- shapes ---------------------------------------------------------------------------
    Case(
        "old-desktop-legacy-no-hex",
        "shapes",
        report(
            smbios_data=smbios(
                "Hewlett-Packard",
                "HP Compaq 8200 Elite SFF PC",
                bios_vendor="Hewlett-Packard",
                bios_date="10/23/2017",
                chassis=4,
            ),
            cpus=[intel("Intel(R) Core(TM) i5-2400 CPU @ 3.10GHz", 4, 4)],
            disks=[
                disk(
                    "sda",
                    500 * GB,
                    model="ST500DM002-1BD142",
                    bus=0x85,
                    drivers=("ahci", "sd"),
                    classes=(),
                )
            ],
            bda=LEGACY_BDA,
        ),
        {"boot_mode": "bios", "form_factor": "desktop", "rotational": [True], "plan": "ok"},
    ),
    Case(
        "pi-5-nvme-bridge-only",
        "shapes",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4)],
            disks=[
                disk(
                    "nvme0n1",
                    512 * GB,
                    model="WD Blue SN580 500GB",
                    bus=0x96,
                    drivers=("nvme",),
                )
            ],
            extra={"bridge": [bridge(0x1DE4, 0x0001, "1000120000.pcie/pci0001:00/0001:01:00.0")]},
            memory_gib=8,
        ),
        {"form_factor": "board", "modules": ["raspberry-pi-5"], "plan": "ok"},
    ),
]
