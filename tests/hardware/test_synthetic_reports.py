"""Edge cases from the synthetic reports in tests/fixtures/facter/, and the example fleet's."""

from __future__ import annotations

import json

from pantheros.fleet.load import load_file

from ..conftest import EXAMPLE
from .helpers import synthetic, trimmed


def test_aarch64_vps_without_smbios() -> None:
    p = synthetic("arm-vps")
    assert p.system == "aarch64-linux"
    assert p.form_factor == "vm"
    assert p.vendor is None and p.product is None
    assert p.cpu.vendor == "arm"
    assert p.cpu.cores == 2  # the null CPU entry is skipped
    assert p.boot_mode == "uefi"
    assert p.boot_mode_confidence == "medium"
    # ARM Limited cores (Ampere, Graviton): a cloud, but no SMBIOS to say whose.
    assert (p.provider, p.vm_host) == ("unknown", "unknown")
    assert "no SMBIOS" in p.evidence["provider"]
    assert p.memory_bytes > 3 * 2**30  # phys_mem: no SMBIOS memory devices
    assert [d.bus for d in p.disks] == ["scsi"]


def test_sata_hdd_desktop() -> None:
    p = synthetic("hdd-desktop")
    assert p.form_factor == "desktop"
    ssd, hdd = p.disks
    assert (ssd.bus, ssd.rotational) == ("sata", False)
    assert (hdd.bus, hdd.rotational) == ("sata", True)
    assert hdd.by_id == "/dev/disk/by-id/ata-ST2000DM008-2FR102_ZFL1ABCD"  # not the wwn- name
    # NVIDIA card driving the display beside an idle iGPU: not hybrid.
    assert p.hybrid_graphics is False
    assert p.prime is None
    assert p.boot_mode == "unknown"
    assert p.boot_mode_confidence == "low"
    assert any("boot_mode" in w for w in p.warnings)
    assert "common-gpu-nvidia-nonprime" in p.nixos_hardware_modules
    assert {"common-pc", "common-pc-ssd"} <= set(p.nixos_hardware_modules)
    # common-pc-hdd only warns that it is deprecated (nixos-hardware @ 0471accf).
    assert "common-pc-hdd" not in p.nixos_hardware_modules
    assert p.memory_bytes == 16 * 2**30  # the empty DIMM slot (size 0) adds nothing


def test_no_disks() -> None:
    p = synthetic("no-disks")
    assert p.disks == []
    assert any("no disk" in w for w in p.warnings)
    assert p.form_factor == "desktop"  # chassis 35 (Mini PC), which hwinfo names "Other"


def test_usb_stick_is_not_a_disk() -> None:
    p = synthetic("usb-stick")
    assert [d.name for d in p.disks] == ["nvme0n1"]
    excluded = {x.name: x.reason for x in p.excluded_disks}
    assert "USB" in excluded["sda"]


def test_amd_nvidia_laptop_gets_amdgpu_prime_ids_in_decimal() -> None:
    p = synthetic("amd-nvidia-laptop")
    assert p.hybrid_graphics is True
    assert p.prime is not None
    assert p.prime.amdgpu_bus_id == "PCI:101:0:0"  # bus 0x65
    assert p.prime.intel_bus_id is None
    assert p.prime.nvidia_bus_id == "PCI:1:0:0"
    assert "Optimus" in p.evidence["hybrid_graphics"]
    # A Legion 5 Pro 16ACH6H with PRIME offload: nixos-hardware's hybrid variant for it.
    assert p.nixos_hardware_modules == ["lenovo-legion-16ach6h-hybrid"]
    assert p.nixos_hardware_exact is True


def test_unknown_vendor_placeholders_and_emmc() -> None:
    p = synthetic("unknown-vendor")
    assert p.report_version == 2
    assert "pre-release" in p.evidence["report_version"]
    assert p.vendor is None and p.product is None  # "Default string"
    assert p.cpu.vendor == "other"
    assert p.gpus[0].vendor == "other"
    assert [(d.name, d.bus, d.rotational) for d in p.disks] == [("mmcblk0", "mmc", False)]
    assert [x.name for x in p.excluded_disks] == ["mmcblk0boot0"]
    assert p.known_model is None
    assert p.nixos_hardware_exact is False
    assert p.form_factor == "desktop"
    assert any("guess" in w for w in p.warnings)


def test_example_reports_agree_with_fleet_toml() -> None:
    fleet = load_file(EXAMPLE / "fleet.toml")
    assert fleet.host_names()
    for info in fleet.infos():
        report = EXAMPLE / info.report
        assert json.loads(report.read_text())["system"] == info.system, info.name
        assert report.stat().st_size < 60_000  # trimmed: smaller than the real ones


def test_trimmed_zephyrus() -> None:
    p = trimmed("zephyrus")
    assert p.hybrid_graphics and p.prime is not None
    assert (p.prime.intel_bus_id, p.prime.nvidia_bus_id) == ("PCI:0:2:0", "PCI:1:0:0")
    assert [d.bus for d in p.disks] == ["nvme", "nvme"]
    assert p.nixos_hardware_modules == ["asus-zephyrus-gu603h"]


def test_trimmed_yoga() -> None:
    p = trimmed("yoga")
    assert p.convertible and p.cpu.vendor == "amd"
    assert len(p.disks) == 1 and [x.name for x in p.excluded_disks] == ["zram0"]


def test_trimmed_vps_reports() -> None:
    hetzner, ovh, contabo = trimmed("hetzner-vps"), trimmed("ovh-vps"), trimmed("contabo-vps")
    assert (hetzner.provider, hetzner.boot_mode, hetzner.disks[0].bus) == (
        "hetzner",
        "uefi",
        "scsi",
    )
    assert (ovh.provider, ovh.disks[0].bus, ovh.disks[0].by_id) == ("ovh", "virtio", None)
    assert ovh.disks[0].stable_path == "/dev/vda"
    assert "OVH Public Cloud" in ovh.evidence["provider"]
    assert contabo.boot_mode == "bios" and contabo.disks[0].bus == "scsi"
    assert all(p.form_factor == "vm" for p in (hetzner, ovh, contabo))
