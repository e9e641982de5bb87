"""Small system disks (10 GB VPS plans, 16 GB SD cards and eMMC) get a compact layout; disks
are judged by what they are (bus, removable), and below the floor the plan is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pantheros.errors import InputError
from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage.check import check_devices
from pantheros.storage.disko import render
from pantheros.storage.model import Btrfs, StoragePlan, StorageSettings
from pantheros.storage.planner import plan_storage

Profile = Callable[..., HardwareProfile]
MakeDisk = Callable[..., Disk]
GB = 10**9 / 1024**3  # one GB in GiB, for sizes as shops sell them


def settings(class_: str = "server", **more: object) -> StorageSettings:
    return StorageSettings.model_validate({"class": class_, **more})


def sd_board(profile_factory: Profile, disk_factory: MakeDisk) -> HardwareProfile:
    """A board booting from a 16 GB SD card, the report saying nothing of its boot mode."""
    return profile_factory(
        disks=[disk_factory("mmcblk0", bus="mmc", size_gib=16 * GB, removable=True)],
        boot_mode="unknown",
        form_factor="board",
        confidence="low",
        memory_gib=4,
    )


def parts(plan: StoragePlan) -> dict[str, str]:
    return {p.name: p.size for p in plan.disks[0].partitions}


def test_a_10_gb_vps_gets_a_compact_layout(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    vps = profile_factory(
        disks=[disk_factory("vda", bus="virtio", size_gib=10 * GB, by_id=None)],
        boot_mode="bios",
        form_factor="vm",
        virtualisation="kvm",
        memory_gib=2,
    )
    plan = plan_storage(vps, settings())
    assert parts(plan) == {"boot": "1M", "root": "100%"}
    assert plan.swap.swapfile_size == "512M"
    assert any("small system disk (9.3 GiB)" in w for w in plan.warnings)
    space = next(d for d in plan.decisions if d.topic == "space")
    assert "compact" in space.choice and "9.3 GiB" in space.reason
    assert plan.nixos_settings["panther.boot.configurationLimit"] == "5"
    assert plan.nixos_settings["panther.storage.snapshots.keep.daily"] == "3"
    assert plan.nixos_settings["nix.gc.automatic"] == "true"


def test_a_uefi_small_disk_gets_a_512m_esp(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    plan = plan_storage(
        profile_factory(disks=[disk_factory(size_gib=20)], form_factor="vm"), settings()
    )
    assert parts(plan) == {"ESP": "512M", "root": "100%"}
    assert plan.swap.swapfile_size == "1G"


def test_a_large_disk_keeps_the_full_layout(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    plan = plan_storage(profile_factory(disks=[disk_factory(size_gib=64)]), settings())
    assert parts(plan)["ESP"] == "1G"
    assert not any(d.topic == "space" for d in plan.decisions)
    assert "panther.boot.configurationLimit" not in plan.nixos_settings


def test_a_board_boots_extlinux_from_a_fat_boot(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    board = sd_board(profile_factory, disk_factory)
    plan = plan_storage(board, settings())
    assert (plan.boot_mode, plan.bootloader) == ("extlinux", "extlinux")
    assert parts(plan) == {"ESP": "512M", "root": "100%"}  # no BIOS-boot partition on ARM
    assert plan.nixos_settings["boot.loader.generic-extlinux-compatible.enable"] == "true"
    assert plan.nixos_settings["boot.loader.grub.enable"] == "false"
    assert plan.nixos_settings["boot.loader.generic-extlinux-compatible.configurationLimit"] == "5"
    assert any("hybrid MBR" in w for w in plan.warnings)
    esp = plan.disks[0].partitions[0]
    assert esp.hybrid_mbr_type == "0x0c" and "hybrid MBR" in esp.reason
    text = render(plan)
    assert 'mbrPartitionType = "0x0c";' in text and "mbrBootableFlag = true;" in text


def test_only_a_board_gets_a_hybrid_mbr(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    for boot_mode in ("uefi", "bios", "unknown"):
        plan = plan_storage(profile_factory(boot_mode=boot_mode), settings())
        assert all(p.hybrid_mbr_type is None for d in plan.disks for p in d.partitions)
        assert "mbrPartitionType" not in render(plan)


def test_a_small_laptop_does_not_hibernate(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    laptop = profile_factory(
        disks=[disk_factory("mmcblk0", bus="mmc", size_gib=32 * GB * 0.5)], memory_gib=4
    )
    plan = plan_storage(laptop, settings("laptop"))
    assert plan.swap.hibernate is False
    assert any("planned without hibernation" in w for w in plan.warnings)


@pytest.mark.parametrize("size_gib", [0.5, 3.7, 5.9])
def test_below_the_floor_is_refused_with_the_size(
    size_gib: float, profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    with pytest.raises(InputError) as caught:
        plan_storage(
            profile_factory(disks=[disk_factory("mmcblk0", bus="mmc", size_gib=size_gib)]),
            settings(),
        )
    assert f"{size_gib:.1f} GiB" in caught.value.message
    assert "6 GiB" in caught.value.message
    assert caught.value.fix and "8 GB" in caught.value.fix


def test_an_sd_card_is_not_the_data_disk(profile_factory: Profile, disk_factory: MakeDisk) -> None:
    laptop = profile_factory(
        disks=[
            disk_factory("nvme0n1", size_gib=500),
            disk_factory("mmcblk0", bus="mmc", size_gib=128, removable=True),
        ]
    )
    plan = plan_storage(laptop, settings("laptop"))
    assert [d.role for d in plan.disks] == ["system"]
    assert any("removable" in d.reason for d in plan.decisions if d.topic == "disks")


def test_a_board_prefers_its_usb_ssd_to_its_sd_card(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    board = profile_factory(
        disks=[
            disk_factory("mmcblk0", bus="mmc", size_gib=32, removable=True),
            disk_factory("sda", bus="usb", size_gib=500, removable=True),
        ],
        boot_mode="unknown",
        form_factor="board",
    )
    plan = plan_storage(board, settings())
    assert plan.disks[0].device.endswith("_sda")
    assert len(plan.disks) == 1  # the SD card is removable: no data on it


def test_a_second_small_disk_is_a_data_disk(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    server = profile_factory(
        disks=[
            disk_factory("vda", bus="virtio", size_gib=40),
            disk_factory("vdb", bus="virtio", size_gib=10),
        ],
        form_factor="vm",
    )
    plan = plan_storage(server, settings())
    assert [d.role for d in plan.disks] == ["system", "data"]


def _layout(size: str, disk: str = "/dev/disk/by-id/mmc-x") -> dict[str, object]:
    root = {"type": "btrfs", "subvolumes": {"@root": {"mountpoint": "/"}}}
    return {
        "disk": {
            "main": {
                "device": disk,
                "content": {
                    "type": "gpt",
                    "partitions": {
                        "ESP": {
                            "size": size,
                            "type": "EF00",
                            "content": {
                                "type": "filesystem",
                                "format": "vfat",
                                "mountpoint": "/boot",
                            },
                        },
                        "root": {"size": "100%", "content": root},
                    },
                },
            }
        }
    }


@pytest.mark.parametrize(
    ("size_gib", "code", "severity"),
    [(4, "system-disk-too-small", "error"), (14.9, "small-system-disk", "warning")],
)
def test_check_agrees_with_the_planner_on_small_disks(
    size_gib: float,
    code: str,
    severity: str,
    profile_factory: Profile,
    disk_factory: MakeDisk,
) -> None:
    disk = disk_factory("mmcblk0", bus="mmc", size_gib=size_gib, by_id="/dev/disk/by-id/mmc-x")
    profile = profile_factory(disks=[disk], boot_mode="uefi", form_factor="board")
    findings = check_devices(
        _layout("512M"), source="disko.nix", text="", profile=profile, settings=settings()
    )
    assert [(f.code, f.severity) for f in findings if f.code == code] == [(code, severity)]


def test_planned_compact_layout_has_no_subvolume_surprises(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    plan = plan_storage(
        profile_factory(disks=[disk_factory(size_gib=10)], form_factor="vm"), settings()
    )
    root = plan.disks[0].partitions[-1].content
    assert isinstance(root, Btrfs)
    assert {s.mountpoint for s in root.subvolumes} >= {"/", "/nix", "/.snapshots", "/.swapvol"}


def test_a_board_stub_names_the_exact_command_that_writes_it_again(
    profile_factory: Profile, disk_factory: MakeDisk
) -> None:
    from pantheros.hardware.host_stub import render_default_nix

    board = sd_board(profile_factory, disk_factory)
    text = render_default_nix(
        "pi", board, command="panther host add pi --report pi.json", report="hosts/pi/facter.json"
    )
    flat = " ".join(line.lstrip("# ").strip() for line in text.splitlines())
    assert "run `panther host add pi --report hosts/pi/facter.json --force`" in flat
