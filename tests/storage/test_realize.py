"""Real kernel: realize plans on loop devices and check what the kernel reports (root only)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pantheros.errors import ToolFailed
from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage import tools
from pantheros.storage.model import Btrfs, StoragePlan, StorageSettings
from pantheros.storage.planner import plan_storage
from pantheros.storage.realize import Realized, realize
from tests.conftest import needs_root  # conftest is loaded first

pytestmark = [needs_root, pytest.mark.root]

ALL_WORKLOADS = ["containers", "postgresql", "mysql", "vm-images", "attic", "hercules-ci"]


def mountinfo() -> dict[str, tuple[str, set[str], set[str]]]:
    """mountpoint -> (root within the fs, per-mount options, super-block options)."""
    table: dict[str, tuple[str, set[str], set[str]]] = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields = left.split()
        super_options = right.split()[2]
        table[fields[4]] = (fields[3], set(fields[5].split(",")), set(super_options.split(",")))
    return table


def loops_backed_under(folder: Path) -> set[str]:
    """Loop devices whose image lies under `folder`: this test's own, not other processes'
    (other test runs on the machine attach and detach loop devices at any time)."""
    out = subprocess.run(
        ["losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        line.split()[0]
        for line in out.splitlines()
        if len(line.split()) > 1 and line.split()[1].startswith(f"{folder}/")
    }


@pytest.fixture
def no_leaks(tmp_path: Path) -> Iterator[None]:
    yield
    assert loops_backed_under(tmp_path) == set(), "realize left a loop device attached"


def assert_kernel_agrees(plan: StoragePlan, realized: Realized) -> None:
    table = mountinfo()
    for disk in plan.disks:
        for part in disk.partitions:
            if not isinstance(part.content, Btrfs):
                continue
            fs_options = part.content.fs_options
            for sub in part.content.subvolumes:
                root, per_mount, super_options = table[str(realized.path(sub.mountpoint))]
                assert root == f"/{sub.name}"
                # Per-mount VFS flags show up per mount.
                vfs = set(sub.mount_options[len(fs_options) :])
                expected_flags = {"nodev", "nosuid", "noexec"} & vfs
                assert expected_flags <= per_mount, (sub.mountpoint, per_mount)
                assert "noatime" in per_mount
                # Filesystem-wide options show up in the super-block options of every mount.
                for option in fs_options:
                    assert option in super_options, (sub.mountpoint, option, super_options)
                flags = tools.lsattr_flags(realized.path(sub.mountpoint))
                assert ("C" in flags) == sub.nodatacow, (sub.mountpoint, flags)
                prop = tools.property_get(realized.path(sub.mountpoint), "compression")
                assert prop == sub.compression_property, (sub.mountpoint, prop)
                if sub.swapfile_size:
                    swapfile = realized.path(sub.mountpoint) / "swapfile"
                    assert "C" in tools.lsattr_flags(swapfile)
                    # How the plan says resume_offset is found: it works on this file.
                    assert tools.map_swapfile_offset(swapfile) > 0


@pytest.mark.parametrize(
    ("kind", "boot_mode", "two_disks", "workloads"),
    [
        ("laptop", "uefi", True, ["containers", "vm-images"]),
        ("server", "bios", False, ALL_WORKLOADS),
        ("server", "unknown", False, ["postgresql", "attic"]),
    ],
)
def test_plan_realized_matches_the_kernel(
    kind: str,
    boot_mode: str,
    two_disks: bool,
    workloads: list[str],
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
    no_leaks: None,
) -> None:
    disks = [disk_factory("nvme0n1")]
    if two_disks:
        disks.append(disk_factory("nvme1n1", size_gib=2000))
    plan = plan_storage(
        profile_factory(disks=disks, boot_mode=boot_mode),
        StorageSettings.model_validate({"class": kind, "workloads": workloads}),
    )
    with realize(plan, tmp_path) as realized:
        assert_kernel_agrees(plan, realized)
        # The GPT matches disko's: partition names disk-<disk>-<part> and type codes.
        for disk_state in realized.disks:
            table = tools.sgdisk_print(disk_state.loop)
            for part in disk_state.plan.partitions:
                row = next(
                    r for r in table.splitlines() if r.endswith(part.label(disk_state.plan.name))
                )
                assert part.type_code in row.split()


def test_real_reports_realize(facter_dir: Path, tmp_path: Path, no_leaks: None) -> None:
    from pantheros.storage.inputs import load_profile, settings_for

    for name in ("zephyrus", "yoga", "hetzner-vps", "contabo-vps"):
        profile = load_profile(facter_dir / f"{name}.json")
        plan = plan_storage(profile, settings_for(profile, None, workloads=["postgresql", "attic"]))
        with realize(plan, tmp_path / name) as realized:
            assert_kernel_agrees(plan, realized)


def test_nocow_and_compression_attributes_are_inherited(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path, no_leaks: None
) -> None:
    plan = plan_storage(
        profile_factory(),
        StorageSettings.model_validate({"class": "server", "workloads": ["postgresql", "attic"]}),
    )
    with realize(plan, tmp_path) as realized:
        db_file = realized.path("/var/lib/postgresql") / "base.dat"
        db_file.write_bytes(b"page " * 100_000)
        cache_file = realized.path("/var/lib/atticd") / "chunk"
        cache_file.write_bytes(b"chunk " * 100_000)
        home_file = realized.path("/home") / "notes.txt"
        home_file.write_bytes(b"notes " * 100_000)
        os.sync()
        assert "C" in tools.lsattr_flags(db_file)  # NOCOW inherited from the subvolume
        assert not tools.filefrag_encoded(db_file)  # NOCOW means no compression
        # `compression none` on the directory reaches new files as the NOCOMPRESS flag (m)
        assert "m" in tools.lsattr_flags(cache_file)
        assert not tools.filefrag_encoded(cache_file)  # property none beats compress=zstd:1
        assert "C" not in tools.lsattr_flags(home_file)
        assert tools.filefrag_encoded(home_file)  # the filesystem-wide compress applies


def test_per_subvolume_mount_options_follow_the_filesystem(tmp_path: Path, no_leaks: None) -> None:
    """Why the planner never writes nodatacow/compress per subvolume.

    Mount subvolume A with compress=zstd:1, then B with compress=lzo and nodatacow, as a
    naive disko file would. The kernel shows B with A's super-block options, and a file in B
    is copy-on-write and compressed with zstd, whatever B's mount options said.
    """
    image = tmp_path / "pitfall.img"
    with image.open("wb") as handle:
        handle.truncate(1024**3)
    loop = tools.loop_attach(image, partscan=False)
    top, a, b = tmp_path / "top", tmp_path / "a", tmp_path / "b"
    for path in (top, a, b):
        path.mkdir()
    mounted: list[Path] = []
    try:
        tools.mkfs_btrfs(loop, ["-f", "-q"])
        tools.mount(loop, top)
        tools.subvolume_create(top / "A")
        tools.subvolume_create(top / "B")
        tools.umount(top)
        tools.mount(loop, a, ["subvol=A", "compress=zstd:1"])
        mounted.append(a)
        tools.mount(loop, b, ["subvol=B", "compress=lzo", "nodatacow"])
        mounted.append(b)
        table = mountinfo()
        super_b = table[str(b)][2]
        assert "compress=zstd:1" in super_b
        assert "compress=lzo" not in super_b and "nodatacow" not in super_b

        def fs_wide(options: set[str]) -> set[str]:
            return {o for o in options if not o.startswith(("subvol=", "subvolid="))}

        assert fs_wide(table[str(a)][2]) == fs_wide(super_b)  # one super block, one option set
        sample = b / "file"
        sample.write_bytes(b"the same words again and again " * 40_000)
        os.sync()
        assert "C" not in tools.lsattr_flags(sample)  # still copy-on-write
        assert tools.filefrag_encoded(sample)  # and still compressed
    finally:
        for path in reversed(mounted):
            tools.umount(path)
        tools.loop_detach(loop)


def test_realize_cleans_up_after_a_failure(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path, no_leaks: None
) -> None:
    plan = plan_storage(profile_factory(), StorageSettings())
    with pytest.raises(RuntimeError), realize(plan, tmp_path):
        raise RuntimeError("boom")
    assert not any(
        str(tmp_path) in line for line in Path("/proc/self/mounts").read_text().splitlines()
    )


def test_a_namespace_made_meanwhile_cannot_keep_the_disks_attached(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path, no_leaks: None
) -> None:
    """The flake: nix-instantiate (as root), build sandboxes and systemd units create mount
    namespaces; one made while realize's filesystems are mounted used to get a copy of them,
    so after the teardown the filesystem lived on there, the loop device stayed open and
    `losetup --detach` returned having only set autoclear. Realize mounts in a namespace of
    its own now, so such a copy holds nothing of it."""
    bystander = subprocess.Popen(
        ["bash", "-c", "read -r _; exec unshare --mount --propagation private bash -c "
         "'echo unshared; read -r _'"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert bystander.stdin is not None and bystander.stdout is not None
    try:
        plan = plan_storage(profile_factory(boot_mode="bios"), StorageSettings())
        with realize(plan, tmp_path) as realized:
            loops = [d.loop for d in realized.disks]
            bystander.stdin.write("go\n")
            bystander.stdin.flush()
            assert bystander.stdout.readline().strip() == "unshared"  # its namespace exists now
            ours = Path("/proc/self/ns/mnt").readlink()
            assert Path(f"/proc/{bystander.pid}/ns/mnt").readlink() != ours
        assert not [loop for loop in loops if tools.loop_attached(loop)]
        other = Path(f"/proc/{bystander.pid}/mountinfo").read_text()
        assert str(tmp_path) not in other  # it never saw realize's mounts
    finally:
        bystander.stdin.close()
        bystander.wait(timeout=30)


def test_detach_waits_for_the_kernel_and_names_the_holder(tmp_path: Path) -> None:
    image = tmp_path / "held.img"
    with image.open("wb") as handle:
        handle.truncate(64 * 1024**2)
    loop = tools.loop_attach(image, partscan=False)
    holder: int | None = os.open(loop, os.O_RDONLY)
    try:
        with pytest.raises(ToolFailed, match="still has it attached") as caught:
            tools.loop_detach(loop, timeout=0.2)  # returns from losetup; the kernel waits
        assert loop in caught.value.message
        assert tools.loop_attached(loop)
        assert holder is not None
        os.close(holder)  # the last close: the kernel detaches now (autoclear)
        holder = None
        tools.loop_detach(loop)  # and detaching what is detached already is fine
        assert not tools.loop_attached(loop)
        assert loops_backed_under(tmp_path) == set()
    finally:
        if holder is not None:
            os.close(holder)
        if tools.loop_attached(loop):
            subprocess.run(["losetup", "--detach", loop], check=False)


def test_realize_mounts_are_its_own(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path, no_leaks: None
) -> None:
    """Inside the block the mounts are there; outside, this process never had them."""
    outside = Path("/proc/self/ns/mnt").readlink()
    cwd = Path.cwd()
    with realize(plan_storage(profile_factory(), StorageSettings()), tmp_path) as realized:
        assert str(realized.path("/nix")) in Path("/proc/self/mountinfo").read_text()
        assert Path("/proc/self/ns/mnt").readlink() != outside
    assert Path("/proc/self/ns/mnt").readlink() == outside
    assert Path.cwd() == cwd
    assert str(tmp_path) not in Path("/proc/self/mountinfo").read_text()
