"""The four real reports of the fleet PantherOS was made for (read from ../shared)."""

from __future__ import annotations

from .helpers import real

TB = 10**12


def test_zephyrus_is_a_uefi_laptop_with_intel_nvidia_prime_and_two_nvme() -> None:
    p = real("zephyrus")
    assert p.form_factor == "laptop"
    assert p.virtualisation == "none"
    assert p.provider is None
    assert p.boot_mode == "uefi"
    # No uefi field in this report: UEFI is inferred from the 2022 firmware, not read.
    assert p.boot_mode_confidence == "medium"
    assert p.cpu.vendor == "intel"
    assert p.cpu.microcode == "intel"
    assert (p.cpu.cores, p.cpu.threads) == (14, 20)
    assert p.hybrid_graphics is True
    # sysfs_bus_id 0000:00:02.0 (i915) and 0000:01:00.0 (nvidia) in the report.
    by_vendor = {g.vendor: g for g in p.gpus}
    assert by_vendor["intel"].bus_id == "PCI:0:2:0"
    assert by_vendor["intel"].kind == "integrated"
    assert by_vendor["nvidia"].bus_id == "PCI:1:0:0"
    assert by_vendor["nvidia"].kind == "discrete"
    assert by_vendor["nvidia"].driver == "nvidia"
    assert p.prime is not None
    assert (p.prime.intel_bus_id, p.prime.nvidia_bus_id) == ("PCI:0:2:0", "PCI:1:0:0")
    assert p.prime.amdgpu_bus_id is None
    assert [d.bus for d in p.disks] == ["nvme", "nvme"]
    assert all(d.rotational is False for d in p.disks)
    assert [d.by_id for d in p.disks] == [
        "/dev/disk/by-id/nvme-CT2000P310SSD8_24514D0F486C",
        "/dev/disk/by-id/nvme-Micron_2450_MTFDKBA1T0TFK_2146334B7D47",
    ]
    assert p.disks[0].size_bytes == 3907029168 * 512
    assert p.memory_bytes == 40 * 2**30
    assert p.wifi and p.bluetooth and p.battery
    assert not p.convertible
    assert p.nixos_hardware_modules == ["asus-zephyrus-gu603h"]
    assert p.nixos_hardware_exact is False  # nearest model, not the GU603Z itself
    assert {"asusd", "supergfxd"} <= set(p.quirks)
    for key in ("form_factor", "boot_mode", "hybrid_graphics", "prime", "disks[0].bus"):
        assert p.evidence[key]


def test_yoga_is_an_amd_convertible_with_one_nvme_and_zram_is_not_a_disk() -> None:
    p = real("yoga")
    assert p.form_factor == "laptop"
    assert p.convertible is True
    assert "31" in p.evidence["convertible"]  # chassis code 31, which hwinfo names "Other"
    assert p.product == "Yoga 7 2-in-1 14AKP10"  # Lenovo's marketing name is in `version`
    assert p.cpu.vendor == "amd"
    assert p.cpu.microcode == "amd"
    assert [g.vendor for g in p.gpus] == ["amd"]
    assert p.gpus[0].kind == "integrated"
    assert p.hybrid_graphics is False
    assert p.prime is None
    assert len(p.disks) == 1
    assert p.disks[0].name == "nvme0n1"
    assert p.disks[0].bus == "nvme"
    assert [x.name for x in p.excluded_disks] == ["zram0"]
    assert p.memory_bytes == 16 * 2**30
    assert p.boot_mode == "uefi"
    assert p.nixos_hardware_exact is False
    assert p.nixos_hardware_modules == [
        "common-cpu-amd",
        "common-cpu-amd-pstate",
        "common-gpu-amd",
        "common-pc-laptop",
        "common-pc-ssd",
    ]
    assert "no module" in p.evidence["nixos_hardware_modules"]
    assert "rotation-sensor" in p.quirks


def test_hetzner_is_a_kvm_guest_that_booted_uefi_with_one_scsi_disk() -> None:
    p = real("hetzner-vps")
    assert p.form_factor == "vm"
    assert p.virtualisation == "kvm"
    assert p.provider == "hetzner"
    assert p.provider_confidence == "high"
    assert p.boot_mode == "uefi"
    assert p.boot_mode_confidence == "high"
    assert "uefi.supported" in p.evidence["boot_mode"]
    assert len(p.disks) == 1
    disk = p.disks[0]
    assert disk.bus == "scsi"
    assert disk.by_id == "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_107063565"
    assert disk.rotational is None  # a virtual disk: the host's storage is invisible
    assert 0.49 * TB < disk.size_bytes < 0.5 * TB
    assert p.cpu.microcode is None
    assert p.nixos_hardware_modules == []
    assert not (p.wifi or p.bluetooth or p.battery)


def test_contabo_is_a_kvm_guest_on_seabios_with_one_scsi_disk() -> None:
    p = real("contabo-vps")
    assert p.form_factor == "vm"
    assert p.virtualisation == "kvm"
    assert p.boot_mode == "bios"
    assert p.boot_mode_confidence == "high"
    assert "SeaBIOS" in p.evidence["boot_mode"]
    # Generic QEMU strings: honest "unknown", never a made-up provider.
    assert p.provider == "unknown"
    assert p.vm_host == "unknown"
    assert p.provider_confidence == "low"
    assert len(p.disks) == 1
    assert p.disks[0].bus == "scsi"
    assert p.disks[0].by_id == "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi0"
    assert p.disks[0].size_bytes == 1048576000 * 512
    assert p.memory_bytes == 48 * 2**30


def test_boot_mode_override_wins_over_the_report() -> None:
    from ..conftest import real_report
    from .helpers import profile

    p = profile(real_report("hetzner-vps"), boot_mode_override="bios")
    assert p.boot_mode == "bios"
    assert "fleet.toml" in p.evidence["boot_mode"]
