"""Optional tier: generated disko files against disko's own types and scripts.

Runs when PANTHER_NIXPKGS_LIB (nixpkgs' lib checkout) and PANTHER_DISKO_SRC (disko checkout)
are set; the script runs also need root. Otherwise every test skips and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage import conformance, tools
from pantheros.storage.disko import render
from pantheros.storage.model import Btrfs, StoragePlan, StorageSettings
from pantheros.storage.planner import plan_storage
from tests.conftest import needs_root  # conftest is loaded first

REASON = conformance.missing_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"conformance tier off: {REASON}")

CASES = [
    ("laptop", "uefi", 2, ["containers", "vm-images"]),
    ("server", "bios", 1, ["containers", "postgresql", "mysql", "attic", "hercules-ci"]),
    ("server", "unknown", 1, ["postgresql"]),
]


def make_plan(
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    kind: str,
    boot: str,
    disks: int,
    workloads: list[str],
) -> StoragePlan:
    chosen = [disk_factory(f"nvme{i}n1", size_gib=1000 + 1000 * i) for i in range(disks)]
    return plan_storage(
        profile_factory(disks=chosen, boot_mode=boot),
        StorageSettings.model_validate({"class": kind, "workloads": workloads}),
    )


def sources() -> tuple[Path, Path]:
    found = conformance.sources()
    assert found is not None
    return found


@pytest.mark.parametrize(("kind", "boot", "disks", "workloads"), CASES)
def test_disko_types_accept_the_plan_and_agree_on_filesystems(
    kind: str,
    boot: str,
    disks: int,
    workloads: list[str],
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    plan = make_plan(profile_factory, disk_factory, kind, boot, disks, workloads)
    path = tmp_path / "disko.nix"
    path.write_text(render(plan))
    result = conformance.disko_evaluate(path, *sources())
    expected = {}
    for disk in plan.disks:
        for part in disk.partitions:
            device = f"/dev/disk/by-partlabel/{part.label(disk.name)}"
            if isinstance(part.content, Btrfs):
                for sub in part.content.subvolumes:
                    expected[sub.mountpoint] = {
                        "device": device,
                        "fsType": "btrfs",
                        "options": [*sub.mount_options, f"subvol={sub.name}"],
                    }
            elif part.content is not None:
                expected[part.content.mountpoint] = {
                    "device": device,
                    "fsType": "vfat",
                    "options": part.content.mount_options,
                }
    assert result.file_systems == expected
    assert [s["device"] for s in result.swap_devices] == ["/.swapvol/swapfile"]
    grub = result.boot.get("loader", {}).get("grub", {}).get("devices", [])
    assert grub == ([plan.disks[0].device] if plan.boot_mode in ("bios", "hybrid") else [])
    # The postCreateHook made it into disko's format script.
    for disk in plan.disks:
        for part in disk.partitions:
            if isinstance(part.content, Btrfs):
                for line in part.content.post_create_commands:
                    assert line in result.create and line in result.format_script
    assert result.format_script.startswith("export PATH=/panther-stub/")
    assert {"btrfs-progs", "gptfdisk", "coreutils-full"} <= set(result.packages)


def test_host_files_type_check(repo: Path) -> None:
    for path in sorted(repo.glob("hosts/*/disko.nix")):
        result = conformance.disko_evaluate(path, *sources())
        assert "/" in result.file_systems and "/nix" in result.file_systems, path


@needs_root
@pytest.mark.root
@pytest.mark.parametrize(("kind", "boot", "disks", "workloads"), CASES)
def test_disko_scripts_build_what_the_plan_says(
    kind: str,
    boot: str,
    disks: int,
    workloads: list[str],
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    plan = make_plan(profile_factory, disk_factory, kind, boot, disks, workloads)
    with conformance.run_disko(plan, tmp_path, *sources()) as run:
        table = {}
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            left, _, right = line.partition(" - ")
            fields = left.split()
            table[fields[4]] = (
                fields[3],
                set(fields[5].split(",")),
                set(right.split()[2].split(",")),
            )
        for disk in plan.disks:
            for part in disk.partitions:
                if not isinstance(part.content, Btrfs):
                    continue
                for sub in part.content.subvolumes:
                    root, per_mount, super_options = table[str(run.path(sub.mountpoint))]
                    assert root == f"/{sub.name}"
                    assert "noatime" in per_mount
                    assert set(part.content.fs_options) <= super_options
                    flags = tools.lsattr_flags(run.path(sub.mountpoint))
                    assert ("C" in flags) == sub.nodatacow, (sub.mountpoint, flags)
                    prop = tools.property_get(run.path(sub.mountpoint), "compression")
                    assert prop == sub.compression_property
                    if sub.swapfile_size:
                        swapfile = run.path(sub.mountpoint) / "swapfile"
                        assert "C" in tools.lsattr_flags(swapfile)
                        assert tools.map_swapfile_offset(swapfile) > 0
        if not conformance.kernel_has_vfat() and plan.boot_mode != "bios":
            assert run.skipped, "the ESP mount should be reported as skipped"
    assert not Path(plan.disks[0].device).exists()


@needs_root
@pytest.mark.root
def test_a_board_disk_gets_its_hybrid_mbr(
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    """disko's own script writes the MBR that older Raspberry Pi firmware reads: the FAT /boot
    as a bootable FAT32 (0x0c) entry beside the GPT's protective one (0xee)."""
    board = profile_factory(
        disks=[disk_factory("mmcblk0", bus="mmc", size_gib=16, removable=True)],
        boot_mode="unknown",
        form_factor="board",
    )
    plan = plan_storage(board, StorageSettings.model_validate({"class": "server"}))
    assert plan.boot_mode == "extlinux"
    with (
        conformance.run_disko(plan, tmp_path, *sources()) as run,
        Path(run.loops[plan.disks[0].name]).open("rb") as device,
    ):
        mbr = device.read(512)
    assert mbr[510:512] == b"\x55\xaa"
    entries = [mbr[446 + 16 * i : 446 + 16 * (i + 1)] for i in range(4)]
    kinds = {entry[4]: entry[0] for entry in entries if entry[4]}
    assert kinds.get(0x0C) == 0x80, kinds  # FAT32 LBA, marked active
    assert 0xEE in kinds, kinds  # the rest of the disk stays GPT
