"""A held-out style set of reports across the machines people run NixOS on, with the facts a
correct profile has. Written for this test set in nixos-facter's format (no machine's report is
copied); SMBIOS strings follow public dmidecode and facter dumps, and a case whose strings are
inferred says so in its note.

Expected facts (only those a case names are checked):
  form_factor, boot_mode, provider (None: no hosting provider), vm_host, modules (the
  nixos-hardware list), exact, disks (kernel names, in order), buses, rotational, removable,
  convertible, hybrid, passthrough (GPU vendors bound to vfio-pci), plan ("ok" or "refused":
  `storage plan` with the host's default class).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .build import (
    GB,
    JSON,
    amd,
    arm,
    bridge,
    disk,
    emmc_parts,
    guest,
    hyperv_disk,
    hyperv_nic,
    igpu_amd,
    igpu_intel,
    intel,
    mmc,
    nic,
    nvidia,
    nvme,
    pci,
    qemu_scsi,
    radeon,
    report,
    sata,
    smbios,
    sound,
    usb_disk,
    virtio_blk,
    virtio_nic,
    wlan,
    zram,
)

UEFI_BDA = (0, False)  # the BIOS data area a UEFI boot leaves empty
LEGACY_BDA = (654336, True)  # 639 KiB: a legacy BIOS filled it


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    report: JSON
    expect: dict[str, Any]
    note: str = ""
    tags: list[str] = field(default_factory=list)


def laptop(
    vendor: str,
    product: str,
    version: str | None = None,
    *,
    cpus: JSON | None = None,
    gpus: tuple[JSON, ...] | None = None,
    chassis: int = 10,
    disks: tuple[JSON, ...] | None = None,
    board: str | None = None,
    bios_date: str = "05/02/2023",
    bios_vendor: str = "INSYDE Corp.",
) -> JSON:
    return report(
        smbios_data=smbios(vendor, product, version, board=board, bios_vendor=bios_vendor,
                           bios_version="1.07", bios_date=bios_date, chassis=chassis),
        cpus=[cpus or intel("13th Gen Intel(R) Core(TM) i7-1360P", 12, 16)],
        gpus=list(gpus if gpus is not None else (igpu_intel(),)),
        disks=list(disks or (nvme("nvme0n1", "WD PC SN740 SDDQNQD-1T00", 1024 * GB), zram())),
        nics=[wlan()],
        bluetooth=True,
        hw_form="laptop",
        bda=UEFI_BDA,
    )  # fmt: skip


def vps(
    vendor: str | None,
    product: str | None,
    *,
    virt: str = "kvm",
    bios_vendor: str | None = "SeaBIOS",
    bios_version: str | None = "rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org",
    disks: tuple[JSON, ...] | None = None,
    version: str | None = None,
    uefi: bool | None = None,
    bda: tuple[int, bool] | None = LEGACY_BDA,
    gpus: tuple[JSON, ...] = (),
    extra: JSON | None = None,
    system: str = "x86_64-linux",
    cpus: JSON | None = None,
    memory_gib: float = 4,
    nics: tuple[JSON, ...] | None = None,
) -> JSON:
    return report(
        system=system,
        virt=virt,
        uefi=uefi,
        smbios_data=smbios(vendor, product, version, bios_vendor=bios_vendor,
                           bios_version=bios_version, bios_date="04/01/2014", chassis=1,
                           dimms_gib=(int(memory_gib) or 1,)),
        cpus=[cpus or guest()],
        disks=list(disks or (virtio_blk("vda", 80 * GB),)),
        gpus=list(gpus),
        nics=list(nics if nics is not None else (virtio_nic(),)),
        memory_gib=memory_gib,
        hw_form="desktop",
        bda=bda,
        extra=extra,
    )  # fmt: skip


NVME = nvme("nvme0n1", "Samsung SSD 980 PRO 1TB", 1000 * GB)

CASES: list[Case] = [
    # --- nixos-hardware coverage -------------------------------------------------------
    Case(
        "framework-13-11th",
        "nixos-hardware",
        laptop(
            "Framework", "Laptop", "AA", cpus=intel("11th Gen Intel(R) Core(TM) i7-1165G7", 4, 8)
        ),
        {"modules": ["framework-11th-gen-intel"], "exact": True, "form_factor": "laptop"},
    ),
    Case(
        "framework-13-12th",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop (12th Gen Intel Core)",
            "A6",
            cpus=intel("12th Gen Intel(R) Core(TM) i7-1260P"),
        ),
        {"modules": ["framework-12th-gen-intel"], "exact": True},
    ),
    Case(
        "framework-13-13th",
        "nixos-hardware",
        laptop("Framework", "Laptop (13th Gen Intel Core)", "A8"),
        {"modules": ["framework-13th-gen-intel"], "exact": True},
    ),
    Case(
        "framework-13-7040",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop 13 (AMD Ryzen 7040Series)",
            "A5",
            board="FRANMDCP07",
            cpus=amd("AMD Ryzen 7 7840U w/ Radeon  780M Graphics"),
            gpus=(igpu_amd(),),
        ),
        {"modules": ["framework-13-7040-amd"], "exact": True, "hybrid": False},
    ),
    Case(
        "framework-13-ai300",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop 13 (AMD Ryzen AI 300 Series)",
            "A6",
            cpus=amd("AMD Ryzen AI 9 HX 370 w/ Radeon 890M"),
            gpus=(igpu_amd(0x150E),),
        ),
        {"modules": ["framework-amd-ai-300-series"], "exact": True},
    ),
    Case(
        "framework-16-7040-dgpu",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop 16 (AMD Ryzen 7040 Series)",
            "A5",
            cpus=amd("AMD Ryzen 9 7940HS w/ Radeon 780M Graphics"),
            gpus=(igpu_amd(), radeon()),
        ),
        {"modules": ["framework-16-7040-amd"], "exact": True, "hybrid": True},
    ),
    Case(
        "framework-16-ai300-nvidia",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop 16 (AMD Ryzen AI 300 Series)",
            "A7",
            board="FRANMHCP09",
            cpus=amd("AMD Ryzen AI 9 HX 370 w/ Radeon 890M"),
            gpus=(igpu_amd(0x150E, "0000:c3:00.0"), nvidia(0x2D18, "0000:c2:00.0")),
        ),
        {"modules": ["framework-16-amd-ai-300-series-nvidia"], "exact": True, "hybrid": True},
    ),
    Case(
        "framework-16-ai300",
        "nixos-hardware",
        laptop(
            "Framework",
            "Laptop 16 (AMD Ryzen AI 300 Series)",
            "A7",
            cpus=amd("AMD Ryzen AI 9 HX 370 w/ Radeon 890M"),
            gpus=(igpu_amd(0x150E),),
        ),
        {"modules": ["framework-16-amd-ai-300-series"], "exact": True},
    ),
    Case(
        "framework-12",
        "nixos-hardware",
        laptop(
            "Framework", "Laptop 12 (13th Gen Intel Core)", "A5", chassis=31, board="FRAPMACP05"
        ),
        {"modules": ["framework-12-13th-gen-intel"], "exact": True, "convertible": True},
    ),
    Case(
        "thinkpad-t14-gen1-amd",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "20UD0013US",
            "ThinkPad T14 Gen 1",
            cpus=amd("AMD Ryzen 7 PRO 4750U with Radeon Graphics"),
            gpus=(igpu_amd(0x1636, "0000:07:00.0"),),
        ),
        {"modules": ["lenovo-thinkpad-t14-amd-gen1"], "exact": True},
    ),
    Case(
        "thinkpad-t480",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "20L5CTO1WW",
            "ThinkPad T480",
            cpus=intel("Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz", 4, 8),
        ),
        {"modules": ["lenovo-thinkpad-t480"], "exact": True},
    ),
    Case(
        "thinkpad-x1-carbon-gen9",
        "nixos-hardware",
        laptop("LENOVO", "20XW0055GE", "ThinkPad X1 Carbon Gen 9"),
        {"modules": ["lenovo-thinkpad-x1-9th-gen"], "exact": True},
    ),
    Case(
        "thinkpad-x1-carbon-6th",
        "nixos-hardware",
        laptop("LENOVO", "20KHCTO1WW", "ThinkPad X1 Carbon 6th"),
        {"modules": ["lenovo-thinkpad-x1-6th-gen"], "exact": True},
    ),
    Case(
        "thinkpad-x1-carbon-gen8-family",
        "nixos-hardware",
        laptop("LENOVO", "20U9CTO1WW", "ThinkPad X1 Carbon Gen 8"),
        {"modules": ["lenovo-thinkpad-x1"], "exact": False},
        note="no Gen 8 module: the X1 family's module, said not exact",
    ),
    Case(
        "thinkpad-x1-yoga-gen7",
        "nixos-hardware",
        laptop("LENOVO", "21CDCTO1WW", "ThinkPad X1 Yoga Gen 7", chassis=31),
        {"modules": ["lenovo-thinkpad-x1-yoga-7th-gen"], "exact": True, "convertible": True},
    ),
    Case(
        "thinkpad-p14s-gen4-amd",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "21K5CTO1WW",
            "ThinkPad P14s Gen 4",
            cpus=amd("AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics"),
            gpus=(igpu_amd(),),
        ),
        {"modules": ["lenovo-thinkpad-p14s-amd-gen4"], "exact": True},
    ),
    Case(
        "thinkpad-l15-family",
        "nixos-hardware",
        laptop("LENOVO", "20U3S0H900", "ThinkPad L15 Gen 1"),
        {"modules": ["lenovo-thinkpad"], "exact": False},
    ),
    Case(
        "dell-xps-13-9310",
        "nixos-hardware",
        laptop("Dell Inc.", "XPS 13 9310", chassis=10, board="0DXP1F"),
        {"modules": ["dell-xps-13-9310"], "exact": True},
    ),
    Case(
        "dell-xps-15-9520-nvidia",
        "nixos-hardware",
        laptop("Dell Inc.", "XPS 15 9520", gpus=(igpu_intel(0x46A6), nvidia(0x25A0))),
        {"modules": ["dell-xps-15-9520-nvidia"], "exact": True, "hybrid": True},
    ),
    Case(
        "dell-xps-15-9520-integrated",
        "nixos-hardware",
        laptop("Dell Inc.", "XPS 15 9520"),
        {"modules": ["dell-xps-15-9520"], "exact": True},
    ),
    Case(
        "macbook-pro-16-1-t2",
        "nixos-hardware",
        laptop(
            "Apple Inc.",
            "MacBookPro16,1",
            "1.0",
            gpus=(igpu_intel(0x3E9B), radeon(0x7340)),
            bios_vendor="Apple Inc.",
            disks=(nvme("nvme0n1", "APPLE SSD AP0512N", 500 * GB),),
        ),
        {"modules": ["apple-t2"], "exact": True, "boot_mode": "uefi"},
    ),
    Case(
        "macbook-air-7-2",
        "nixos-hardware",
        laptop("Apple Inc.", "MacBookAir7,2", "1.0", bios_date="06/30/2015"),
        {"modules": ["apple-macbook-air-7"], "exact": True},
    ),
    Case(
        "surface-pro-7",
        "nixos-hardware",
        laptop(
            "Microsoft Corporation",
            "Surface Pro 7",
            "124000000000000000000000D:0B:08F:1C:03P:38S:01E:0Y:0K:0U:02",
            chassis=9,
        ),
        {
            "modules": ["microsoft-surface-pro-intel"],
            "exact": True,
            "form_factor": "laptop",
            "provider": None,
            "vm_host": None,
        },
        note="bare metal 'Microsoft Corporation' is a Surface, never Azure or Hyper-V",
    ),
    Case(
        "surface-laptop-4-amd",
        "nixos-hardware",
        laptop(
            "Microsoft Corporation",
            "Surface Laptop 4",
            cpus=amd("AMD Ryzen 7 Microsoft Surface Edition"),
            gpus=(igpu_amd(0x1636, "0000:03:00.0"),),
        ),
        {"modules": ["microsoft-surface-laptop-amd"], "exact": True},
    ),
    Case(
        "legion-7-16achg6-hybrid",
        "nixos-hardware",
        laptop(
            "LENOVO",
            "82N6",
            "Legion 7 16ACHg6",
            cpus=amd("AMD Ryzen 9 5900HX with Radeon Graphics"),
            gpus=(igpu_amd(0x1638, "0000:05:00.0"), nvidia(0x249D)),
        ),
        {"modules": ["lenovo-legion-16achg6-hybrid"], "exact": True, "hybrid": True},
    ),
    Case(
        "asus-rog-strix-g513im",
        "nixos-hardware",
        laptop(
            "ASUSTeK COMPUTER INC.",
            "ROG Strix G513IM_G513IM",
            "1.0",
            cpus=amd("AMD Ryzen 7 4800H with Radeon Graphics"),
            gpus=(igpu_amd(0x1636, "0000:06:00.0"), nvidia(0x2520)),
        ),
        {"modules": ["asus-rog-strix-g513im"], "exact": True},
    ),
    Case(
        "asus-zenbook-ux371",
        "nixos-hardware",
        laptop("ASUSTeK COMPUTER INC.", "ZenBook Flip S UX371EA_UX371EA", "1.0", chassis=31),
        {"modules": ["asus-zenbook-ux371"], "exact": True, "convertible": True},
    ),
    Case(
        "hp-elitebook-845-g8",
        "nixos-hardware",
        laptop(
            "HP",
            "HP EliteBook 845 G8 Notebook PC",
            cpus=amd("AMD Ryzen 7 PRO 5850U with Radeon Graphics"),
            gpus=(igpu_amd(0x1638, "0000:04:00.0"),),
        ),
        {"modules": ["hp-elitebook-845g8"], "exact": True},
    ),
    Case(
        "hp-zbook-no-module",
        "nixos-hardware",
        laptop("HP", "HP ZBook Firefly 14 G8 Mobile Workstation PC"),
        {"modules": ["common-cpu-intel", "common-pc-laptop", "common-pc-ssd"], "exact": False},
    ),
    Case(
        "system76-darter-pro",
        "nixos-hardware",
        laptop("System76", "Darter Pro", "darp6"),
        {"modules": ["system76-darp6"], "exact": True},
    ),
    Case(
        "system76-lemur-family",
        "nixos-hardware",
        laptop("System76", "Lemur Pro", "lemp11"),
        {"modules": ["system76"], "exact": False},
    ),
    # --- form factor --------------------------------------------------------------------
    Case(
        "mini-pc-chassis-35",
        "form factor",
        report(
            smbios_data=smbios(
                "Micro Computer (HK) Tech Limited",
                "UM790 Pro",
                bios_vendor="American Megatrends International, LLC.",
                bios_date="08/22/2023",
                chassis=35,
            ),
            cpus=[amd("AMD Ryzen 9 7940HS w/ Radeon 780M Graphics")],
            gpus=[igpu_amd()],
            disks=[NVME],
            nics=[nic("r8169"), wlan()],
            bluetooth=True,
            hw_form="desktop",
            bda=UEFI_BDA,
        ),
        {"form_factor": "desktop", "modules": ["minisforum-um790-pro"], "exact": True},
    ),
    Case(
        "desktop-says-laptop",
        "form factor",
        report(
            smbios_data=smbios(
                "ASUS",
                "System Product Name",
                board_vendor="ASUSTeK COMPUTER INC.",
                board="PRIME B550-PLUS",
                bios_vendor="American Megatrends Inc.",
                bios_date="03/10/2021",
                chassis=3,
            ),
            cpus=[amd("AMD Ryzen 5 5600X 6-Core Processor")],
            gpus=[radeon(0x73FF, "0000:0a:00.0")],
            disks=[NVME],
            nics=[nic("r8169")],
            hw_form="laptop",
            bda=UEFI_BDA,
        ),
        {"form_factor": "desktop", "boot_mode": "uefi"},
        note="hwinfo says laptop (a UPS battery driver); the chassis says desktop",
    ),
    Case(
        "detachable-0x20",
        "form factor",
        laptop("LENOVO", "82AT", "IdeaPad Duet 3 10IGL5", chassis=32),
        {"form_factor": "laptop", "convertible": True},
    ),
    Case(
        "tablet-0x1e",
        "form factor",
        laptop(
            "Chuwi",
            "Hi10 X",
            chassis=30,
            cpus=intel("Intel(R) Celeron(R) N4120 CPU @ 1.10GHz", 4, 4),
            disks=(
                mmc(
                    "mmcblk0", 64 * GB, link="/devices/pci0000:00/0000:00:1c.0/mmc_host", emmc=True
                ),
                *emmc_parts("mmcblk0"),
            ),
        ),
        {
            "form_factor": "laptop",
            "convertible": True,
            "disks": ["mmcblk0"],
            "removable": [False],
            "plan": "ok",
        },
    ),
    Case(
        "nas-supermicro-old-shapes",
        "form factor",
        report(
            smbios_data=smbios(
                "Supermicro",
                "Super Server",
                board_vendor="Supermicro",
                board="X11SCH-F",
                bios_vendor="American Megatrends Inc.",
                bios_date="02/12/2021",
                chassis=17,
                ecc=6,
                dimms_gib=(32, 32),
            ),
            cpus=[intel("Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz", 6, 12)],
            gpus=[pci(0x1A03, 0x2000, "0000:03:00.0", driver="ast")],
            disks=[
                sata("sda", "Samsung SSD 870 EVO 500GB", 500 * GB),
                sata("sdb", "WDC WD120EFBX-68B0EN0", 12000 * GB, "A"),
                sata("sdc", "ST12000VN0008-2YS101", 12000 * GB, "B"),
            ],
            nics=[nic("igb", 0x8086, 0x1533)],
            hw_form="desktop",
            bda=UEFI_BDA,
        ),
        {
            "form_factor": "server",
            "disks": ["sda", "sdb", "sdc"],
            "rotational": [False, True, True],
            "plan": "ok",
        },
    ),
    Case(
        "hetzner-dedicated",
        "form factor",
        report(
            smbios_data=smbios(
                "Hetzner",
                "AX41-NVMe",
                board_vendor="ASRockRack",
                board="B565D4-V1L",
                bios_vendor="American Megatrends International, LLC.",
                bios_date="11/10/2022",
                chassis=3,
            ),
            cpus=[amd("AMD Ryzen 5 3600 6-Core Processor")],
            disks=[
                nvme("nvme0n1", "SAMSUNG MZVL2512HCJQ-00B00", 512 * GB, "A"),
                nvme("nvme1n1", "SAMSUNG MZVL2512HCJQ-00B00", 512 * GB, "B"),
            ],
            nics=[nic("r8169")],
            hw_form="desktop",
            bda=UEFI_BDA,
        ),
        {"form_factor": "server", "provider": None, "boot_mode": "uefi", "plan": "ok"},
    ),
    # --- boot mode ----------------------------------------------------------------------
    Case(
        "old-desktop-2009",
        "boot mode",
        report(
            smbios_data=smbios(
                "Dell Inc.",
                "OptiPlex 760",
                bios_vendor="Dell Inc.",
                bios_version="A12",
                bios_date="10/29/2009",
                chassis=6,
            ),
            cpus=[intel("Intel(R) Core(TM)2 Duo CPU E8400 @ 3.00GHz", 2, 2)],
            disks=[sata("sda", "ST3250310AS", 250 * GB)],
            nics=[nic("e1000e", 0x8086, 0x10DE)],
        ),
        {"boot_mode": "bios", "form_factor": "desktop", "rotational": [True]},
        note="no hardware.bios in this report: the firmware's age decides",
    ),
    Case(
        "legacy-bda-2016",
        "boot mode",
        report(
            smbios_data=smbios(
                "Gigabyte Technology Co., Ltd.",
                "B150M-D3H",
                bios_vendor="American Megatrends Inc.",
                bios_date="05/27/2016",
                chassis=3,
            ),
            cpus=[intel("Intel(R) Core(TM) i5-6500 CPU @ 3.20GHz", 4, 4)],
            disks=[NVME],
            nics=[nic("r8169")],
            bda=LEGACY_BDA,
        ),
        {"boot_mode": "bios"},
    ),
    Case(
        "uefi-bda-2016",
        "boot mode",
        report(
            smbios_data=smbios(
                "Gigabyte Technology Co., Ltd.",
                "B150M-D3H",
                bios_vendor="American Megatrends Inc.",
                bios_date="05/27/2016",
                chassis=3,
            ),
            cpus=[intel("Intel(R) Core(TM) i5-6500 CPU @ 3.20GHz", 4, 4)],
            disks=[NVME],
            nics=[nic("r8169")],
            bda=UEFI_BDA,
        ),
        {"boot_mode": "uefi"},
    ),
    Case(
        "chromebook-mrchromebox",
        "boot mode",
        laptop("Google", "Eve", "1.0", chassis=9, bios_date="11/12/2023"),
        {"boot_mode": "unknown"},
        note="coreboot vendor string filled in below",
    ),
    Case(
        "coreboot-seabios",
        "boot mode",
        laptop("Purism", "Librem 14", "1.0"),
        {"boot_mode": "bios"},
        note="payload version string filled in below (inferred)",
    ),
    Case(
        "hyperv-gen2-desktop",
        "boot mode",
        vps(
            "Microsoft Corporation",
            "Virtual Machine",
            virt="microsoft",
            bios_vendor="Microsoft Corporation",
            bios_version="Hyper-V UEFI Release v4.1",
            version="Hyper-V UEFI Release v4.1",
            bda=None,
            disks=(hyperv_disk("sda", 128 * GB),),
            nics=(hyperv_nic(),),
        ),
        {
            "boot_mode": "uefi",
            "provider": None,
            "vm_host": "local",
            "buses": ["scsi"],
            "rotational": [None],
        },
    ),
    Case(
        "hyperv-gen1",
        "boot mode",
        vps(
            "Microsoft Corporation",
            "Virtual Machine",
            virt="microsoft",
            bios_vendor="American Megatrends Inc.",
            bios_version="090008",
            bda=None,
            disks=(hyperv_disk("sda", 64 * GB),),
            nics=(hyperv_nic(),),
        ),
        {"boot_mode": "bios", "vm_host": "local"},
    ),
    Case(
        "raspberry-pi-4-sd",
        "boot mode",
        report(
            system="aarch64-linux",
            cpus=[arm(platform="BCM2835")],
            disks=[mmc("mmcblk0", 32 * GB, link="/devices/platform/emmc2bus/fe340000.mmc")],
            nics=[nic("bcmgenet", 0, 0, "/devices/platform/scb/fd580000.ethernet")],
            extra={"bridge": [bridge(0x14E4, 0x2711, "fd500000.pcie/pci0000:00/0000:00:00.0")]},
            memory_gib=4,
        ),
        {
            "form_factor": "board",
            "boot_mode": "unknown",
            "modules": ["raspberry-pi-4"],
            "exact": True,
            "disks": ["mmcblk0"],
            "buses": ["mmc"],
            "removable": [True],
            "plan": "ok",
        },
    ),
    Case(
        "raspberry-pi-4-edk2",
        "boot mode",
        report(
            system="aarch64-linux",
            uefi=True,
            cpus=[arm()],
            smbios_data=smbios(
                "Raspberry Pi Foundation",
                "Raspberry Pi 4 Model B",
                bios_vendor="https://github.com/pftf/RPi4",
                bios_version="UEFI Firmware v1.38",
                bios_date="09/28/2024",
                chassis=3,
            ),
            disks=[usb_disk("sda", "Samsung Portable SSD T7", 500 * GB)],
        ),
        {
            "form_factor": "board",
            "boot_mode": "uefi",
            "modules": ["raspberry-pi-4"],
            "buses": ["usb"],
            "plan": "ok",
        },
    ),
    Case(
        "old-laptop-uefi-32",
        "boot mode",
        report(
            uefi=True,
            uefi_bits=32,
            smbios_data=smbios(
                "ASUSTeK COMPUTER INC.",
                "T100TA",
                bios_vendor="American Megatrends Inc.",
                bios_date="03/12/2014",
                chassis=32,
            ),
            cpus=[intel("Intel(R) Atom(TM) CPU  Z3740  @ 1.33GHz", 4, 4)],
            disks=[mmc("mmcblk0", 32 * GB, link="/devices/pci0000:00/80860F14:00", emmc=True)],
        ),
        {"boot_mode": "uefi", "form_factor": "laptop"},
    ),
    # --- disks --------------------------------------------------------------------------
    Case(
        "usb-ssd-only-disk",
        "disks",
        report(
            smbios_data=smbios(
                "Intel(R) Client Systems", "NUC8i7BEH", bios_date="02/02/2022", chassis=35
            ),
            cpus=[intel("Intel(R) Core(TM) i7-8559U CPU @ 2.70GHz", 4, 8)],
            disks=[usb_disk("sda", "Samsung Portable SSD T5", 500 * GB, uas=True)],
            bda=UEFI_BDA,
        ),
        {
            "disks": ["sda"],
            "buses": ["usb"],
            "removable": [True],
            "rotational": [False],
            "modules": ["intel-nuc-8i7beh"],
            "plan": "ok",
        },
    ),
    Case(
        "laptop-with-installer-stick",
        "disks",
        laptop(
            "Dell Inc.",
            "XPS 13 9300",
            disks=(NVME, usb_disk("sda", "SanDisk Ultra Fit", 32 * GB, uas=False)),
        ),
        {"disks": ["nvme0n1"], "modules": ["dell-xps-13-9300"]},
    ),
    Case(
        "laptop-sd-card-reader",
        "disks",
        laptop(
            "LENOVO",
            "20L5CTO1WW",
            "ThinkPad T480",
            disks=(
                NVME,
                mmc(
                    "mmcblk0",
                    128 * GB,
                    link="/devices/pci0000:00/0000:00:1c.0/0000:03:00.0/rtsx_pci_sdmmc.0",
                ),
            ),
        ),
        {"disks": ["nvme0n1"], "plan": "ok"},
        note="a 128 GB SD card in the reader must not become /home",
    ),
    Case(
        "linode-swap-disk",
        "disks",
        vps(
            "Linode",
            "Compute Instance",
            disks=(
                qemu_scsi("sda", 25 * 2**30, "drive-scsi-disk-0"),
                qemu_scsi("sdb", 512 * 2**20, "drive-scsi-disk-1"),
            ),
        ),
        {"provider": "linode", "disks": ["sda"], "plan": "ok"},
        note="Linode's SMBIOS strings are inferred from its docs",
    ),
    Case(
        "digitalocean-config-drive",
        "disks",
        vps(
            "DigitalOcean",
            "Droplet",
            bios_vendor="DigitalOcean",
            bios_version="20171212",
            disks=(virtio_blk("vda", 25 * 2**30), virtio_blk("vdb", 466 * 1024)),
        ),
        {"provider": "digitalocean", "disks": ["vda"], "boot_mode": "bios", "plan": "ok"},
        note="no uefi field; the BIOS data area is filled",
    ),
    Case(
        "old-report-no-class-list-hdd",
        "disks",
        report(
            smbios_data=smbios(
                "To Be Filled By O.E.M.",
                "To Be Filled By O.E.M.",
                board_vendor="ASRock",
                board="B450M Pro4",
                bios_date="12/25/2019",
                chassis=3,
            ),
            cpus=[amd("AMD Ryzen 5 3400G with Radeon Vega Graphics")],
            disks=[
                disk(
                    "sda",
                    4000 * GB,
                    model="TOSHIBA HDWD240",
                    bus=0x85,
                    drivers=("ahci", "sd"),
                    classes=(),
                ),
                disk(
                    "sdb",
                    240 * GB,
                    model="KINGSTON SA400S37240G",
                    bus=0x85,
                    drivers=("ahci", "sd"),
                    classes=(),
                ),
            ],
        ),
        {"disks": ["sda", "sdb"], "rotational": [True, False], "plan": "ok"},
    ),
    # --- small system disks -------------------------------------------------------------
    Case(
        "vps-10gb",
        "small disks",
        vps(None, "Standard PC (i440FX + PIIX, 1996)", disks=(virtio_blk("vda", 10 * GB),)),
        {"plan": "ok", "provider": "unknown", "boot_mode": "bios"},
    ),
    Case(
        "aws-8gib-ebs",
        "small disks",
        vps(
            "Amazon EC2",
            "t3.micro",
            virt="amazon",
            bios_vendor="Amazon EC2",
            bios_version="1.0",
            bda=None,
            disks=(
                disk(
                    "nvme0n1",
                    8 * 2**30,
                    model="Amazon Elastic Block Store",
                    bus=0x96,
                    drivers=("nvme",),
                ),
            ),
            memory_gib=1,
        ),
        {"provider": "aws", "plan": "ok", "rotational": [None], "boot_mode": "unknown"},
        note="Nitro boots either way and the report has no uefi field",
    ),
    Case(
        "pi-16gb-emmc",
        "small disks",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4)],
            disks=[
                mmc(
                    "mmcblk0",
                    16 * GB,
                    link="/devices/platform/soc/fe2e0000.mmc",
                    model="8GTF4R",
                    emmc=True,
                ),
                *emmc_parts("mmcblk0"),
            ],
            memory_gib=4,
        ),
        {
            "form_factor": "board",
            "modules": [],
            "disks": ["mmcblk0"],
            "removable": [False],
            "plan": "ok",
            "boot_mode": "unknown",
        },
        note="a Rockchip board: a board, but which one the report cannot say",
    ),
    Case(
        "board-4gb-emmc-refused",
        "small disks",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4)],
            disks=[
                mmc("mmcblk0", 4 * GB, link="/devices/platform/soc/ffe07000.mmc", emmc=True),
                *emmc_parts("mmcblk0"),
            ],
            memory_gib=1,
        ),
        {"plan": "refused", "form_factor": "board"},
    ),
    Case(
        "pi-3-8gb-sd",
        "small disks",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4, platform="BCM2835")],
            disks=[mmc("mmcblk0", 8 * GB, link="/devices/platform/soc/3f202000.mmc")],
            nics=[nic("smsc95xx", 0, 0, "/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.1")],
            memory_gib=1,
        ),
        {"form_factor": "board", "modules": ["raspberry-pi-3"], "exact": True, "plan": "ok"},
    ),
    # --- provider -----------------------------------------------------------------------
    Case(
        "virtualbox",
        "provider",
        vps(
            "innotek GmbH",
            "VirtualBox",
            virt="oracle",
            bios_vendor="innotek GmbH",
            bios_version="VirtualBox",
            disks=(sata("sda", "VBOX HARDDISK", 40 * GB),),
        ),
        {"provider": None, "vm_host": "local", "rotational": [None], "boot_mode": "bios"},
    ),
    Case(
        "vmware-workstation",
        "provider",
        vps(
            "VMware, Inc.",
            "VMware20,1",
            virt="vmware",
            bios_vendor="VMware, Inc.",
            bios_version="VMW201.00V.21805430.B64.2305221830",
            bda=None,
            extra={"sound": [sound(0x1274, 0x1371)]},
            disks=(nvme("nvme0n1", "VMware Virtual NVMe Disk", 60 * GB),),
            nics=(nic("vmxnet3", 0x15AD, 0x07B0),),
        ),
        {"provider": None, "vm_host": "local", "boot_mode": "uefi", "rotational": [None]},
    ),
    Case(
        "virt-manager-desktop",
        "provider",
        vps(
            "QEMU",
            "Standard PC (Q35 + ICH9, 2009)",
            bios_vendor="EDK II",
            bios_version="edk2-stable202402",
            bda=None,
            gpus=(pci(0x1B36, 0x0100, "0000:00:01.0", driver="qxl"),),
            extra={"sound": [sound()]},
        ),
        {"provider": None, "vm_host": "local", "boot_mode": "uefi"},
    ),
    Case(
        "utm-apple-silicon",
        "provider",
        vps(
            "QEMU",
            "QEMU Virtual Machine",
            virt="qemu",
            system="aarch64-linux",
            bios_vendor="EFI Development Kit II / OVMF",
            bios_version="0.0.0",
            bda=None,
            cpus=arm("unknown (61)", cores=4),
            disks=(virtio_blk("vda", 64 * GB),),
        ),
        {"provider": None, "vm_host": "local", "boot_mode": "uefi", "form_factor": "vm"},
    ),
    Case(
        "vultr-hyperv-enlightened",
        "provider",
        vps("Vultr", "VC2", virt="microsoft"),
        {"provider": "vultr", "vm_host": "cloud"},
        note="Vultr's KVM borrows Hyper-V's interface: systemd-detect-virt says microsoft",
    ),
    Case(
        "gcp",
        "provider",
        vps(
            "Google",
            "Google Compute Engine",
            virt="google",
            bios_vendor="Google",
            bios_version="Google",
            bda=None,
            disks=(
                disk(
                    "sda",
                    10 * GB,
                    model="PersistentDisk",
                    bus=0x84,
                    drivers=("virtio_scsi", "sd"),
                    by_id=(
                        "google-persistent-disk-0",
                        "scsi-0Google_PersistentDisk_persistent-disk-0",
                    ),
                ),
            ),
        ),
        {"provider": "gcp", "plan": "ok", "rotational": [None]},
    ),
    Case(
        "azure",
        "provider",
        vps(
            "Microsoft Corporation",
            "Virtual Machine",
            virt="microsoft",
            bios_vendor="Microsoft Corporation",
            bios_version="Hyper-V UEFI Release v4.1",
            bda=None,
            disks=(hyperv_disk("sda", 30 * 2**30),),
            extra={"network_controller": [nic("mlx5_core", 0x15B3, 0x1016)]},
        ),
        {"provider": "azure", "vm_host": "cloud", "boot_mode": "uefi"},
    ),
    Case(
        "oracle-cloud-a1",
        "provider",
        vps(
            "QEMU",
            "KVM Virtual Machine",
            system="aarch64-linux",
            bios_vendor="EFI Development Kit II / OVMF",
            bios_version="0.0.0",
            bda=None,
            cpus=arm(cores=4),
            disks=(
                disk(
                    "sda",
                    47 * GB,
                    model="ORACLE BlockVolume",
                    bus=0x84,
                    drivers=("virtio_scsi", "sd"),
                ),
            ),
        ),
        {"provider": "oracle", "boot_mode": "uefi"},
    ),
    Case(
        "ionos",
        "provider",
        vps(
            "QEMU", "Standard PC (i440FX + PIIX, 1996)", virt="qemu", bios_version="1.16.0-ionos-1"
        ),
        {"provider": "ionos"},
        note="IONOS's version string as seen in a public report",
    ),
    Case(
        "scaleway",
        "provider",
        vps("Scaleway", "SCW-DEV1-S", bios_vendor="SeaBIOS"),
        {"provider": "scaleway"},
    ),
    Case(
        "upcloud",
        "provider",
        vps("UpCloud", "Cloud Server"),
        {"provider": "upcloud"},
        note="UpCloud's strings are inferred",
    ),
    Case(
        "netcup",
        "provider",
        vps("netcup", "KVM Server", version="RS 1000 G11"),
        {"provider": "netcup"},
    ),
    Case(
        "hetzner-arm-no-smbios",
        "provider",
        report(
            system="aarch64-linux",
            virt="kvm",
            cpus=[arm(cores=2)],
            disks=[qemu_scsi("sda", 40 * GB, "drive-scsi0-0-0-0")],
            nics=[virtio_nic()],
        ),
        {"provider": "unknown", "vm_host": "unknown", "boot_mode": "uefi"},
    ),
    # --- report shapes ------------------------------------------------------------------
    Case(
        "smbios-missing-x86",
        "shapes",
        {
            "version": 1,
            "system": "x86_64-linux",
            "virtualisation": "none",
            "hardware": {
                "cpu": [intel("Intel(R) Celeron(R) J4125 CPU @ 2.00GHz", 4, 4)],
                "disk": [sata("sda", "KINGSTON SA400S37120G", 120 * GB)],
            },
        },
        {"form_factor": "desktop", "disks": ["sda"], "plan": "ok"},
    ),
    Case(
        "smbios-empty-object",
        "shapes",
        report(
            smbios_data={}, cpus=[intel("Intel(R) N100", 4, 4)], disks=[NVME], hw_form="desktop"
        ),
        {"form_factor": "desktop", "plan": "ok"},
    ),
    Case(
        "gpu-vfio-passthrough",
        "shapes",
        report(
            smbios_data=smbios(
                "ASUS",
                "System Product Name",
                board="ROG STRIX X570-E GAMING",
                board_vendor="ASUSTeK COMPUTER INC.",
                bios_date="09/01/2023",
                chassis=3,
            ),
            cpus=[amd("AMD Ryzen 9 5950X 16-Core Processor")],
            gpus=[
                radeon(0x73BF, "0000:0b:00.0"),
                nvidia(0x2684, "0000:0c:00.0", driver="vfio-pci", optimus=False),
            ],
            disks=[NVME],
            bda=UEFI_BDA,
        ),
        {
            "modules": ["asus-rog-strix-x570e"],
            "exact": True,
            "hybrid": False,
            "passthrough": ["nvidia"],
        },
    ),
    Case(
        "gpu-3d-controller-server",
        "shapes",
        report(
            smbios_data=smbios(
                "Dell Inc.", "PowerEdge R740", bios_date="04/05/2022", chassis=23, ecc=6
            ),
            cpus=[intel("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", 20, 40)],
            gpus=[
                pci(0x102B, 0x0536, "0000:03:00.0", driver="mgag200"),
                nvidia(0x1EB8, "0000:3b:00.0"),
            ],
            disks=[sata("sda", "MZ7LH480HAHQ0D3", 480 * GB)],
            bda=UEFI_BDA,
        ),
        {"form_factor": "server", "hybrid": False, "rotational": [False]},
    ),
]


def _patch_bios(case_name: str, vendor: str, version: str) -> None:
    case = next(c for c in CASES if c.name == case_name)
    case.report["smbios"]["bios"] = {"vendor": vendor, "version": version, "date": "11/12/2023"}


_patch_bios("chromebook-mrchromebox", "coreboot", "Google_Eve.9584.230.0")
_patch_bios("coreboot-seabios", "coreboot", "4.14-Purism-1 SeaBIOS")
# A coreboot ROM with MrChromebox's UEFI payload says so in its version.
CASES.append(
    Case(
        "chromebook-mrchromebox-uefi",
        "boot mode",
        laptop("Google", "Eve", "1.0", chassis=9),
        {"boot_mode": "uefi", "modules": ["google-pixelbook"]},
    )
)
CASES[-1].report["smbios"]["bios"] = {"vendor": "coreboot", "version": "MrChromebox-2305.2"}

# Added with the EFI-only firmware rules, the Raspberry Pi 5 and GleSYS (the first corpus had
# none of them).
CASES += [
    Case(
        "raspberry-pi-5-nvme-hat",
        "nixos-hardware",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4)],
            disks=[
                disk(
                    "nvme0n1",
                    256 * GB,
                    model="KBG50ZNS256G KIOXIA",
                    bus=0x96,
                    drivers=("nvme",),
                    link="/devices/platform/axi/1000110000.pcie/pci0000:00/0000:00:00.0/"
                    "0000:01:00.0/nvme/nvme0",
                ),
                mmc("mmcblk0", 32 * GB, link="/devices/platform/axi/1000fff000.mmc"),
            ],
            extra={
                "bridge": [
                    bridge(0x14E4, 0x2712, "1000110000.pcie/pci0000:00/0000:00:00.0"),
                    bridge(0x1DE4, 0x0001, "1000120000.pcie/pci0001:00/0001:01:00.0"),
                ]
            },
            memory_gib=8,
        ),
        {
            "form_factor": "board",
            "boot_mode": "unknown",
            "modules": ["raspberry-pi-5"],
            "exact": True,
            "buses": ["nvme", "mmc"],
            "plan": "ok",
        },
        note="an NVMe HAT beside the SD card the Pi booted the installer from",
    ),
    Case(
        "raspberry-pi-5-sd",
        "form factor",
        report(
            system="aarch64-linux",
            cpus=[arm(cores=4)],
            disks=[mmc("mmcblk0", 64 * GB, link="/devices/platform/axi/1000fff000.mmc")],
            memory_gib=4,
        ),
        {
            "form_factor": "board",
            "boot_mode": "unknown",
            "modules": ["raspberry-pi-5"],
            "removable": [True],
            "plan": "ok",
        },
        note="only the SD host's address tells the generation",
    ),
    Case(
        "surface-go-2-efi-only",
        "boot mode",
        laptop(
            "Microsoft Corporation",
            "Surface Go 2",
            "124I:00036T:000M:0300000D:11B:05P:48S:01E:0Y:0K:0U:02",
            chassis=9,
            bios_date="06/12/2019",
            bios_vendor="Microsoft Corporation",
        ),
        {"boot_mode": "uefi", "form_factor": "laptop"},
        note="firmware dated 2019 and no BIOS data area in the report: only the maker decides",
    ),
    Case(
        "hyperv-gen2-no-version",
        "boot mode",
        vps(
            "Microsoft Corporation",
            "Virtual Machine",
            virt="microsoft",
            bios_vendor="Microsoft Corporation",
            bios_version=None,
            bda=None,
            disks=(hyperv_disk("sda", 127 * GB),),
            nics=(hyperv_nic(),),
        ),
        {"boot_mode": "uefi", "vm_host": "local", "plan": "ok"},
    ),
    Case(
        "hyperv-gen1-emulated-vga",
        "boot mode",
        vps(
            "Microsoft Corporation",
            "Virtual Machine",
            virt="microsoft",
            bios_vendor=None,
            bios_version=None,
            bda=None,
            gpus=(pci(0x1414, 0x5353, "0000:00:08.0", driver="hyperv_drm"),),
            disks=(hyperv_disk("sda", 127 * GB),),
            nics=(hyperv_nic(),),
        ),
        {"boot_mode": "bios", "vm_host": "local", "plan": "ok"},
    ),
    Case(
        "glesys",
        "provider",
        vps("GleSYS AB", "KVM", bios_vendor="SeaBIOS"),
        {"provider": "glesys", "vm_host": "cloud", "boot_mode": "bios"},
        note="GleSYS's strings are inferred",
    ),
    Case(
        "framework-13-no-firmware-date",
        "boot mode",
        laptop("Framework", "Laptop (12th Gen Intel Core)", "A6", bios_date=""),
        {"boot_mode": "uefi", "modules": ["framework-12th-gen-intel"]},
    ),
]
