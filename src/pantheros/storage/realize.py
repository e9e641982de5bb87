"""Build a plan's disks for real on loop devices: partition, mkfs, subvolumes, attributes, mounts.

Root only. Used by the real-kernel tests and the conformance tier, so both check what the
kernel makes of a plan. It follows what disko's scripts do (lib/types/gpt.nix, btrfs.nix):
partitions in disko's priority order named `disk-<disk>-<part>`, mkfs with the plan's
extraArgs, subvolumes created from a top-level mount, the same postCreateHook text that
disko.nix carries, `btrfs filesystem mkswapfile` for swap, then every mount with the plan's
options plus subvol=<name>. The swapfile is shrunk (the plan's 40G would not fit an image).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pantheros.errors import PantherError, ToolFailed
from pantheros.storage import tools
from pantheros.storage.disko import post_create_script
from pantheros.storage.model import Btrfs, DiskPlan, Partition, StoragePlan, Vfat
from pantheros.storage.planner import SWAPFILE_NAME

GIB = 1024**3
_UNITS = {"K": 1024, "M": 1024**2, "G": GIB, "T": 1024**4}


def _size_bytes(size: str) -> int:
    return int(size[:-1]) * _UNITS[size[-1]] if size[-1] in _UNITS else int(size) * 512


def disko_priority(part: Partition) -> int:
    """disko's default partition priority (lib/types/gpt.nix): EF02 100, 100% 9001, else 1000."""
    if part.size == "100%":
        return 9001
    if part.type_code == "EF02":
        return 100
    return 1000


@dataclass
class RealizedDisk:
    plan: DiskPlan
    image: Path
    loop: str
    partitions: dict[str, str] = field(default_factory=dict)  # partition name -> /dev/loopNpM


@dataclass
class Mounted:
    mountpoint: str  # as in the plan ("/nix")
    path: Path  # where it is mounted here
    device: str
    options: list[str]
    subvolume: str | None


@dataclass
class Realized:
    root: Path
    disks: list[RealizedDisk] = field(default_factory=list)
    mounts: list[Mounted] = field(default_factory=list)
    # What could not be done on this kernel, with the reason (e.g. no vfat driver).
    skipped: list[str] = field(default_factory=list)

    def path(self, mountpoint: str) -> Path:
        return self.root / mountpoint.lstrip("/")

    def device_of(self, disk: str, partition: str) -> str:
        for realized in self.disks:
            if realized.plan.name == disk:
                return realized.partitions[partition]
        raise KeyError(f"{disk}.{partition}")


def _image_size(disk: DiskPlan, btrfs_bytes: int) -> int:
    fixed = sum(_size_bytes(p.size) for p in disk.partitions if p.size != "100%")
    return fixed + btrfs_bytes + 4 * 1024**2


def create_disk(disk: DiskPlan, workdir: Path, *, btrfs_bytes: int) -> RealizedDisk:
    """Image, loop device and GPT partitions for one planned disk."""
    image = workdir / f"{disk.name}.img"
    with image.open("wb") as handle:
        handle.truncate(_image_size(disk, btrfs_bytes))
    loop = tools.loop_attach(image, partscan=True)
    realized = RealizedDisk(plan=disk, image=image, loop=loop)
    try:
        tools.sgdisk_clear(loop)
        ordered = sorted(disk.partitions, key=disko_priority)
        for number, part in enumerate(ordered, start=1):
            tools.sgdisk_new(loop, number, part.size, part.type_code, part.label(disk.name))
        nodes = tools.partitions_add(loop)
        realized.partitions = {part.name: nodes[i] for i, part in enumerate(ordered)}
    except BaseException:
        with contextlib.suppress(PantherError):  # the error in flight says more
            tools.loop_detach(loop)
        raise
    return realized


def format_disk(realized: RealizedDisk, workdir: Path, *, swap_size: str) -> None:
    """mkfs, subvolumes, the postCreateHook and swapfiles, as disko's format script does."""
    for part in realized.plan.partitions:
        device = realized.partitions[part.name]
        content = part.content
        if isinstance(content, Vfat):
            tools.mkfs_vfat(device)
        elif isinstance(content, Btrfs):
            tools.mkfs_btrfs(device, content.extra_args)
            top = Path(tempfile.mkdtemp(prefix="top-", dir=workdir))
            tools.mount(device, top, ["subvol=/"])
            try:
                for sub in content.subvolumes:
                    tools.subvolume_create(top / sub.name)
                    if sub.swapfile_size is not None:
                        tools.mkswapfile(top / sub.name / SWAPFILE_NAME, swap_size)
            finally:
                tools.umount(top)
                top.rmdir()
            if content.post_create_commands:
                tools.run_shell(post_create_script(content), {"device": device}, "postCreateHook")


def kernel_has(fstype: str) -> bool:
    try:
        text = Path("/proc/filesystems").read_text()
    except OSError:
        return False
    return any(line.split()[-1] == fstype for line in text.splitlines() if line.split())


def mount_all(
    realized_disks: list[RealizedDisk], root: Path, skipped: list[str] | None = None
) -> list[Mounted]:
    """Mount everything under `root`, parents first (disko sorts mountpoints the same way)."""
    wanted: list[Mounted] = []
    for realized in realized_disks:
        for part in realized.plan.partitions:
            device = realized.partitions[part.name]
            content = part.content
            if isinstance(content, Vfat) and not kernel_has("vfat"):
                if skipped is not None:
                    skipped.append(
                        f"{content.mountpoint}: this kernel has no vfat driver (formatted, "
                        "not mounted)"
                    )
            elif isinstance(content, Vfat):
                wanted.append(
                    Mounted(content.mountpoint, root, device, content.mount_options, None)
                )
            elif isinstance(content, Btrfs):
                for sub in content.subvolumes:
                    options = [*sub.mount_options, f"subvol={sub.name}"]
                    wanted.append(Mounted(sub.mountpoint, root, device, options, sub.name))
    wanted.sort(key=lambda m: m.mountpoint)
    done: list[Mounted] = []
    try:
        for mount in wanted:
            mount.path = root / mount.mountpoint.lstrip("/")
            mount.path.mkdir(parents=True, exist_ok=True)
            fstype = "vfat" if mount.subvolume is None else "btrfs"
            tools.mount(mount.device, mount.path, mount.options, fstype=fstype)
            done.append(mount)
    except BaseException:
        unmount_all(done)
        raise
    return done


def unmount_all(mounts: list[Mounted]) -> list[str]:
    """Unmount children first; every failure is returned, none stops the others."""
    failures: list[str] = []
    for mount in reversed(mounts):
        try:
            tools.umount(mount.path)
        except PantherError as error:
            failures.append(error.message)
    return failures


def tear_down(realized: Realized) -> list[str]:
    """Unmount everything, then detach every loop device (each detach waits for the kernel)."""
    failures = unmount_all(realized.mounts)
    for disk_state in realized.disks:
        try:
            tools.loop_detach(disk_state.loop)
        except PantherError as error:
            failures.append(error.message)
    return failures


@contextlib.contextmanager
def realize(
    plan: StoragePlan,
    workdir: Path,
    *,
    btrfs_bytes: int = 2 * GIB,
    swap_size: str = "64M",
    mount: bool = True,
) -> Iterator[Realized]:
    """Realize `plan` on loop devices under `workdir`; everything is torn down on exit.

    The mounts live in a mount namespace of this thread's own (tools.private_mounts): the
    block inside `with realize(…)` sees them, other processes do not, and none can keep a
    filesystem (and so its loop device) alive past the teardown. The teardown returns only
    when every loop device is really detached, and raises if one is not.
    """
    tools.require_root("realizing a storage plan")
    root = workdir / "root"
    root.mkdir(parents=True, exist_ok=True)
    realized = Realized(root=root)
    with tools.private_mounts():
        try:
            for disk in plan.disks:
                realized.disks.append(create_disk(disk, workdir, btrfs_bytes=btrfs_bytes))
            for disk_state in realized.disks:
                format_disk(disk_state, workdir, swap_size=swap_size)
            if mount:
                realized.mounts = mount_all(realized.disks, root, realized.skipped)
            yield realized
        finally:
            failures = tear_down(realized)
            if failures and sys.exc_info()[0] is None:
                raise ToolFailed("realize could not clean up: " + "; ".join(failures))
