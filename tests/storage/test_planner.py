"""The planner: hand-built profiles for each rule, and the four real reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage.model import Btrfs, StoragePlan, StorageSettings, Subvolume, Vfat
from pantheros.storage.planner import plan_storage

GIB = 1024**3
Profile = Callable[..., HardwareProfile]
MakeDisk = Callable[..., Disk]


def settings(cls: str = "laptop", **extra: object) -> StorageSettings:
    return StorageSettings.model_validate({"class": cls, **extra})


def subvolumes(plan: StoragePlan) -> dict[str, Subvolume]:
    found: dict[str, Subvolume] = {}
    for disk in plan.disks:
        for part in disk.partitions:
            if isinstance(part.content, Btrfs):
                for sub in part.content.subvolumes:
                    found[sub.mountpoint] = sub
    return found


def btrfs_of(plan: StoragePlan, disk: int = 0) -> Btrfs:
    content = plan.disks[disk].partitions[-1].content
    assert isinstance(content, Btrfs)
    return content


def test_uefi_laptop_single_nvme(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(memory_gib=15.3), settings())
    assert plan.boot_mode == "uefi" and plan.bootloader == "systemd-boot"
    parts = plan.disks[0].partitions
    assert [(p.name, p.type_code, p.size) for p in parts] == [
        ("ESP", "EF00", "1G"),
        ("root", "8300", "100%"),
    ]
    esp = parts[0].content
    assert isinstance(esp, Vfat) and esp.mountpoint == "/boot"
    assert esp.mount_options == ["umask=0077"]
    subs = subvolumes(plan)
    assert set(subs) == {"/", "/home", "/nix", "/var/log", "/.swapvol", "/.snapshots"}
    # Hibernation: a whole-GiB swapfile of at least RAM, and how to find resume_offset.
    assert plan.swap.hibernate and plan.swap.swapfile_size == "16G"
    assert subs["/.swapvol"].swapfile_size == "16G"
    assert any("map-swapfile -r" in step for step in plan.post_install)
    assert plan.swap.resume_device == "/dev/disk/by-partlabel/disk-main-root"
    assert plan.compression == "zstd:1"


def test_filesystem_wide_options_are_identical_on_every_mount(profile_factory: Profile) -> None:
    plan = plan_storage(
        profile_factory(), settings("server", workloads=["postgresql", "attic", "containers"])
    )
    btrfs = btrfs_of(plan)
    assert btrfs.fs_options == ["compress=zstd:1", "ssd", "discard=async", "space_cache=v2"]
    per_mount = {"noatime", "nodev", "nosuid", "noexec"}
    for sub in btrfs.subvolumes:
        assert sub.mount_options[: len(btrfs.fs_options)] == btrfs.fs_options
        assert set(sub.mount_options[len(btrfs.fs_options) :]) <= per_mount
        assert "noatime" in sub.mount_options
        assert not any("nodatacow" in o or "nodatasum" in o for o in sub.mount_options)


def test_nocow_and_compression_are_attributes_not_mount_options(profile_factory: Profile) -> None:
    plan = plan_storage(
        profile_factory(),
        settings("server", workloads=["postgresql", "mysql", "vm-images", "attic"]),
    )
    subs = subvolumes(plan)
    for mountpoint in ("/var/lib/postgresql", "/var/lib/mysql", "/var/lib/libvirt/images"):
        assert subs[mountpoint].nodatacow
    assert subs["/var/lib/atticd"].compression_property == "none"
    assert not subs["/nix"].nodatacow and not subs["/home"].nodatacow
    commands = btrfs_of(plan).post_create_commands
    assert 'chattr +C "$MNTPOINT/@postgresql"' in commands
    assert 'btrfs property set "$MNTPOINT/@atticd" compression none' in commands
    reasons = " ".join(d.reason for d in plan.decisions if d.topic.startswith("subvolume"))
    assert "first mount wins" in reasons


def test_hercules_ci_needs_nothing_but_says_why(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(), settings("server", workloads=["hercules-ci"]))
    assert set(subvolumes(plan)) == {"/", "/home", "/nix", "/var/log", "/.swapvol", "/.snapshots"}
    assert any(d.topic == "workload hercules-ci" for d in plan.decisions)


def test_the_monitoring_server_keeps_metrics_and_logs_out_of_root_snapshots(
    profile_factory: Profile,
) -> None:
    plan = plan_storage(profile_factory(), settings("server", workloads=["monitoring"]))
    subs = subvolumes(plan)
    # Where nixpkgs' Prometheus (StateDirectory prometheus2) and Loki keep their data.
    assert subs["/var/lib/prometheus2"].name == "@prometheus"
    assert subs["/var/lib/loki"].name == "@loki"
    assert subs["/var/lib/loki"].compression_property == "none"  # chunks are compressed
    assert not subs["/var/lib/prometheus2"].nodatacow and not subs["/var/lib/loki"].nodatacow
    assert {"nodev", "nosuid", "noexec"} <= set(subs["/var/lib/loki"].mount_options)


def test_legacy_bios_gets_bios_boot_partition_and_grub(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(boot_mode="bios"), settings("server"))
    assert plan.bootloader == "grub"
    parts = plan.disks[0].partitions
    assert [(p.name, p.type_code, p.size) for p in parts] == [
        ("boot", "EF02", "1M"),
        ("root", "8300", "100%"),
    ]
    assert parts[0].content is None


def test_unknown_boot_mode_is_hybrid_with_a_warning(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(boot_mode="unknown"), settings("server"))
    assert plan.boot_mode == "hybrid"
    assert [p.type_code for p in plan.disks[0].partitions] == ["EF02", "EF00", "8300"]
    assert any("hybrid" in w for w in plan.warnings)


def test_boot_mode_setting_overrides_the_profile(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(boot_mode="uefi"), settings("server", boot_mode="bios"))
    assert plan.boot_mode == "bios"
    assert "set for this host" in plan.decisions[0].reason


def test_low_confidence_boot_mode_warns(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(confidence="low"), settings("server"))
    assert any("low-confidence" in w for w in plan.warnings)


def test_two_disks_split_system_and_home(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    big = disk_factory("nvme0n1", size_gib=1863, model="Big")
    small = disk_factory("nvme1n1", size_gib=954, model="Small")
    plan = plan_storage(
        profile_factory(disks=[big, small], memory_gib=39.4),
        settings(workloads=["containers", "vm-images"]),
    )
    assert [(d.name, d.device, d.role) for d in plan.disks] == [
        ("main", small.by_id, "system"),
        ("data", big.by_id, "data"),
    ]
    system = {s.mountpoint for s in btrfs_of(plan, 0).subvolumes}
    data = {s.mountpoint for s in btrfs_of(plan, 1).subvolumes}
    assert {"/", "/nix", "/.swapvol", "/var/lib/containers"} <= system
    assert "/home" not in system
    assert data == {"/home", "/home/.snapshots", "/var/lib/libvirt/images"}
    disks_decision = next(d for d in plan.decisions if d.topic == "disks")
    assert "smaller" in disks_decision.reason
    assert plan.swap.swapfile_size == "40G"


def test_ssd_beats_hdd_for_the_system(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    hdd = disk_factory("sda", bus="sata", size_gib=3726, model="ST4000DM004", rotational=True)
    ssd = disk_factory("sdb", bus="sata", size_gib=465, model="Samsung SSD 870")
    plan = plan_storage(
        profile_factory(disks=[hdd, ssd], form_factor="desktop"), settings("workstation")
    )
    assert plan.disks[0].device == ssd.by_id
    assert "faster" in next(d.reason for d in plan.decisions if d.topic == "disks")
    data = btrfs_of(plan, 1)
    assert "ssd" not in data.fs_options and "discard=async" not in data.fs_options
    assert data.fs_options[0] == "compress=zstd:3"
    assert btrfs_of(plan, 0).fs_options[0] == "compress=zstd:3"  # SATA SSD


def test_third_disk_is_left_alone(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    disks = [disk_factory(f"nvme{i}n1", size_gib=500 + i) for i in range(3)]
    plan = plan_storage(profile_factory(disks=disks), settings())
    assert len(plan.disks) == 2
    assert any("leave" in d.choice for d in plan.decisions)


def test_server_second_disk_holds_workload_data(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    disks = [
        disk_factory("sda", bus="scsi", size_gib=80),
        disk_factory("sdb", bus="scsi", size_gib=500),
    ]
    plan = plan_storage(
        profile_factory(disks=disks, virtualisation="kvm", form_factor="vm"),
        settings("server", workloads=["postgresql"]),
    )
    data = {s.mountpoint for s in btrfs_of(plan, 1).subvolumes}
    assert data == {"/srv", "/srv/.snapshots", "/var/lib/postgresql"}


def test_virtual_disk_options(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    vda = disk_factory("vda", bus="virtio", model=None, by_id=None, rotational=None)
    plan = plan_storage(
        profile_factory(disks=[vda], virtualisation="kvm", form_factor="vm"), settings("server")
    )
    assert btrfs_of(plan).fs_options == ["compress=zstd:1", "discard=async", "space_cache=v2"]
    assert plan.disks[0].device == "/dev/vda"
    assert any("no /dev/disk/by-id" in w for w in plan.warnings)
    # Servers: zram plus a modest swapfile, no hibernation.
    assert plan.swap.zram and not plan.swap.hibernate
    assert plan.swap.swapfile_size == "2G"


def test_hibernation_that_does_not_fit_is_dropped(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    plan = plan_storage(
        profile_factory(disks=[disk_factory(size_gib=32)], memory_gib=64), settings()
    )
    assert not plan.swap.hibernate
    assert any("hibernation" in w for w in plan.warnings)
    size = int((plan.swap.swapfile_size or "0G")[:-1])
    assert size * GIB <= 32 * GIB // 4


def test_no_usable_disk_is_an_input_error(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    with pytest.raises(InputError) as caught:
        plan_storage(profile_factory(disks=[disk_factory(size_gib=4)]), settings())
    assert caught.value.location == "test-report.json"
    assert "at least 6 GiB" in caught.value.message and "4.0 GiB" in caught.value.message
    assert caught.value.fix


def test_plan_is_a_json_value(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(), settings(workloads=["containers"]))
    again = StoragePlan.model_validate_json(plan.model_dump_json())
    assert again == plan
    data = json.loads(plan.model_dump_json(by_alias=True))
    assert data["settings"]["class"] == "laptop"


def test_every_choice_has_a_reason(profile_factory: Profile) -> None:
    plan = plan_storage(profile_factory(), settings(workloads=["postgresql", "attic"]))
    assert all(d.reason for d in plan.decisions)
    assert all(p.reason for d in plan.disks for p in d.partitions)
    assert all(s.reason for s in subvolumes(plan).values())
    topics = {d.topic for d in plan.decisions}
    assert {"boot", "disks", "compression", "mount options", "swap"} <= topics


# --- the four real reports ----------------------------------------------------------------


@pytest.fixture
def real(facter_dir: Path) -> Callable[[str], HardwareProfile]:
    from pantheros.storage.inputs import load_profile

    return lambda name: load_profile(facter_dir / f"{name}.json")


def test_zephyrus_uses_both_nvme(real: Callable[[str], HardwareProfile]) -> None:
    plan = plan_storage(real("zephyrus"), settings(workloads=["containers"]), host="zephyrus")
    assert plan.boot_mode == "uefi"
    assert [d.device for d in plan.disks] == [
        "/dev/disk/by-id/nvme-Micron_2450_MTFDKBA1T0TFK_2146334B7D47",
        "/dev/disk/by-id/nvme-CT2000P310SSD8_24514D0F486C",
    ]
    assert "/home" in {s.mountpoint for s in btrfs_of(plan, 1).subvolumes}
    assert plan.swap.hibernate and plan.swap.swapfile_size == "40G"
    assert plan.compression == "zstd:1"


def test_yoga_single_nvme_hibernates(real: Callable[[str], HardwareProfile]) -> None:
    plan = plan_storage(real("yoga"), settings())
    assert len(plan.disks) == 1 and plan.disks[0].device.startswith("/dev/disk/by-id/nvme-WD")
    assert plan.swap.swapfile_size == "16G" and plan.swap.hibernate
    assert plan.disks[0].partitions[0].type_code == "EF00"


def test_hetzner_uefi_server(real: Callable[[str], HardwareProfile]) -> None:
    plan = plan_storage(
        real("hetzner-vps"),
        settings("server", workloads=["containers", "postgresql", "attic", "hercules-ci"]),
    )
    assert plan.boot_mode == "uefi"
    assert plan.disks[0].device == "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_107063565"
    assert plan.swap.zram and not plan.swap.hibernate and plan.swap.swapfile_size == "3G"
    subs = subvolumes(plan)
    assert subs["/var/lib/postgresql"].nodatacow
    assert subs["/var/lib/atticd"].compression_property == "none"
    assert "ssd" not in btrfs_of(plan).fs_options


def test_contabo_legacy_bios(real: Callable[[str], HardwareProfile]) -> None:
    plan = plan_storage(real("contabo-vps"), settings("server", workloads=["containers"]))
    assert plan.boot_mode == "bios" and plan.bootloader == "grub"
    assert [p.type_code for p in plan.disks[0].partitions] == ["EF02", "8300"]
    assert plan.disks[0].device == "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi0"
    assert plan.swap.swapfile_size == "6G"
