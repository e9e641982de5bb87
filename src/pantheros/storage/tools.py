"""The one place storage code runs block-device programs (btrfs, sgdisk, mkfs, losetup, mount…).

Every call goes through `pantheros.proc.run` (timeouts, captured stderr, clear "not installed"
errors); each function here is one program and raises ToolFailed naming the step on failure.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from pantheros import proc
from pantheros.errors import InputError, ToolFailed

_HINTS = {
    "losetup": "install util-linux (apt-get install util-linux)",
    "mount": "install util-linux (apt-get install util-linux)",
    "umount": "install util-linux (apt-get install util-linux)",
    "mkfs.btrfs": "install btrfs-progs (apt-get install btrfs-progs)",
    "mkfs.vfat": "install dosfstools (apt-get install dosfstools)",
    "chattr": "install e2fsprogs (apt-get install e2fsprogs)",
    "lsattr": "install e2fsprogs (apt-get install e2fsprogs)",
    "filefrag": "install e2fsprogs (apt-get install e2fsprogs)",
    "partx": "install util-linux (apt-get install util-linux)",
    "bash": "install bash",
}


def _run(argv: Sequence[str], step: str, timeout: float = 120) -> str:
    if proc.which(argv[0]) is None and argv[0] in _HINTS:
        from pantheros.errors import ToolMissing

        raise ToolMissing(f"`{argv[0]}` is not installed", fix=_HINTS[argv[0]])
    return proc.run(argv, timeout=timeout).check(step).stdout


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise InputError(
            f"{what} needs root (it creates loop devices and mounts filesystems)",
            fix="run it with sudo, or as root in a VM or container with loop devices",
        )


# --- a mount namespace of our own -----------------------------------------------------------

_CLONE_NEWNS = 0x00020000
_MS_REC = 0x4000
_MS_PRIVATE = 1 << 18


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


@contextlib.contextmanager
def private_mounts() -> Iterator[bool]:
    """Run the block in a mount namespace of its own: this thread and the programs it starts.

    Why: every process that creates a mount namespace while our loop filesystems are mounted
    (nix-instantiate as root does, so do nix build sandboxes, systemd units with PrivateTmp,
    container runtimes) gets a private copy of those mounts. Our umount then leaves that copy,
    and with it the filesystem, alive: the loop device stays open, `losetup --detach` only
    marks it for autoclear and returns, and mkfs on it fails with "Device or resource busy".
    Mounts made in a namespace of our own, with propagation private, are in no other
    namespace's copy. Leaving the block returns to the original namespace (and working
    directory); mounts still left in ours die with it.

    Yields False, and isolates nothing, where the kernel refuses a new namespace.
    """
    libc = _libc()
    original = os.open("/proc/thread-self/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
    cwd = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        if libc.unshare(_CLONE_NEWNS) != 0:
            yield False
            return
        try:
            # Without this, mounts under a shared parent (/ usually is) would propagate back.
            if libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
                code = ctypes.get_errno()
                raise ToolFailed(f"cannot make mounts private: {os.strerror(code)}")
            yield True
        finally:
            if libc.setns(original, _CLONE_NEWNS) != 0:
                code = ctypes.get_errno()
                raise ToolFailed(
                    f"cannot return to the original mount namespace: {os.strerror(code)}"
                )
            os.fchdir(cwd)  # setns moves the working directory to the namespace's root
    finally:
        os.close(original)
        os.close(cwd)


# --- losetup ------------------------------------------------------------------------------


def loop_attach(image: Path, *, partscan: bool = True, direct_io: bool = False) -> str:
    argv = ["losetup", "--find", "--show"]
    if partscan:
        argv.append("--partscan")
    if direct_io:
        argv.append("--direct-io=on")
    return _run([*argv, str(image)], "attach loop device").strip()


DETACH_TIMEOUT = 30.0


def loop_attached(device: str) -> bool:
    """Whether the kernel still has a backing file for this loop device."""
    return (Path("/sys/block") / Path(device).name / "loop" / "backing_file").exists()


def loop_detach(device: str, *, timeout: float = DETACH_TIMEOUT) -> None:
    """Detach a loop device and return only once the kernel has let go of it.

    `losetup --detach` does not wait: when anything else still has the device (or one of its
    partitions) open, the kernel only sets autoclear and detaches at the last close. Until
    then the device is attached, its partitions exist and its image is in use. So wait for
    the backing file to go; if it does not, say who holds the device.
    """
    try:
        _run(["losetup", "--detach", device], f"detach {device}")
    except ToolFailed:
        if loop_attached(device):
            raise
        return  # already detached (an earlier detach completed at the last close)
    deadline = time.monotonic() + timeout
    while loop_attached(device):
        if time.monotonic() > deadline:
            raise ToolFailed(
                f"`losetup --detach {device}` returned, but after {timeout:g} s the kernel "
                f"still has it attached (marked for autoclear): {_holders(device)}"
            )
        time.sleep(0.01)


def _holders(device: str) -> str:
    """Who keeps a loop device open: mounts of it in any mount namespace, kernel holders."""
    name = Path(device).name
    numbers = set()
    for node in [Path("/sys/block") / name, *(Path("/sys/block") / name).glob(f"{name}p*")]:
        with contextlib.suppress(OSError):
            numbers.add((node / "dev").read_text().strip())
    found: list[str] = []
    for pid_dir in Path("/proc").glob("[0-9]*"):
        try:
            lines = (pid_dir / "mountinfo").read_text().splitlines()
            namespace = str((pid_dir / "ns" / "mnt").readlink())
            command = (pid_dir / "comm").read_text().strip()
        except OSError:
            continue
        points = [line.split()[4] for line in lines if line.split()[2] in numbers]
        if points:
            found.append(f"pid {pid_dir.name} ({command}, {namespace}) mounts it at {points[0]}")
    with contextlib.suppress(OSError):
        found += [f"held by {h.name}" for h in (Path("/sys/block") / name / "holders").iterdir()]
    return "; ".join(sorted(set(found))[:5]) or "an open file descriptor somewhere"


def loop_partitions(device: str) -> list[str]:
    """The partition nodes of a loop device, in order (/dev/loop3p1, …)."""
    base = Path(device).name
    sys_dir = Path("/sys/block") / base
    parts = sorted(
        (p for p in sys_dir.iterdir() if p.name.startswith(base + "p")),
        key=lambda p: int(p.name.removeprefix(base + "p")),
    )
    return [f"/dev/{p.name}" for p in parts]


def partitions_add(device: str) -> list[str]:
    """Tell the kernel about the partitions on `device` and return their nodes.

    `partx --add` reads the table in user space and adds partitions with BLKPG, so it works
    even where the kernel's own partition scan does not (kernels without EFI_PARTITION, as on
    some VM kernels); devtmpfs then creates /dev/<dev>pN. No udev is needed.
    """
    if loop_partitions(device):
        _run(["partx", "--update", device], f"update partitions of {device}")
    else:
        _run(["partx", "--add", device], f"add partitions of {device}")
    return loop_partitions(device)


# --- sgdisk -------------------------------------------------------------------------------


def sgdisk_new(device: str, number: int, size: str, type_code: str, name: str) -> None:
    end = "0" if size == "100%" else f"+{size}"
    _run(
        [
            "sgdisk",
            f"--new={number}:0:{end}",
            f"--typecode={number}:{type_code}",
            f"--change-name={number}:{name}",
            device,
        ],
        f"create partition {number} ({name}) on {device}",
    )


def sgdisk_clear(device: str) -> None:
    _run(["sgdisk", "--clear", device], f"clear partition table of {device}")


def sgdisk_print(device: str) -> str:
    return _run(["sgdisk", "--print", device], f"print partition table of {device}")


# --- mkfs ---------------------------------------------------------------------------------


def mkfs_btrfs(device: str, extra_args: Sequence[str] = ()) -> None:
    _run(["mkfs.btrfs", *extra_args, device], f"mkfs.btrfs {device}")


def mkfs_vfat(device: str) -> None:
    _run(["mkfs.vfat", "-F", "32", device], f"mkfs.vfat {device}")


# --- btrfs --------------------------------------------------------------------------------


def subvolume_create(path: Path) -> None:
    _run(["btrfs", "subvolume", "create", str(path)], f"create subvolume {path}")


def subvolume_list(mountpoint: Path) -> list[str]:
    out = _run(["btrfs", "subvolume", "list", str(mountpoint)], "list subvolumes")
    return [line.split(" path ", 1)[1] for line in out.splitlines() if " path " in line]


def property_set(path: Path, name: str, value: str) -> None:
    _run(["btrfs", "property", "set", str(path), name, value], f"set {name} on {path}")


def property_get(path: Path, name: str) -> str | None:
    out = _run(["btrfs", "property", "get", str(path), name], f"get {name} of {path}")
    for line in out.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == name:
            return value.strip()
    return None


def mkswapfile(path: Path, size: str) -> None:
    _run(
        ["btrfs", "filesystem", "mkswapfile", "--size", size, str(path)],
        f"create swapfile {path}",
    )


def map_swapfile_offset(path: Path) -> int:
    out = _run(["btrfs", "inspect-internal", "map-swapfile", "-r", str(path)], "map swapfile")
    return int(out.strip())


def filesystem_df_data_used(mountpoint: Path) -> int:
    """Bytes of data stored on disk (after compression), from `btrfs filesystem df`."""
    out = _run(["btrfs", "filesystem", "df", "-b", str(mountpoint)], "btrfs filesystem df")
    for line in out.splitlines():
        if line.startswith("Data"):
            for field in line.split(","):
                key, _, value = field.strip().partition("=")
                if key == "used":
                    return int(value)
    raise ValueError(f"no Data line in `btrfs filesystem df` output: {out!r}")


def filesystem_sync(mountpoint: Path) -> None:
    _run(["btrfs", "filesystem", "sync", str(mountpoint)], "btrfs filesystem sync")


# --- mount --------------------------------------------------------------------------------


def mount(
    device: str, target: Path, options: Sequence[str] = (), fstype: str | None = None
) -> None:
    argv = ["mount"]
    if fstype:
        argv += ["-t", fstype]
    if options:
        argv += ["-o", ",".join(options)]
    _run([*argv, device, str(target)], f"mount {device} on {target}")


def umount(target: Path, *, lazy: bool = False) -> None:
    _run(["umount", *(["--lazy"] if lazy else []), str(target)], f"unmount {target}")


# --- file attributes ----------------------------------------------------------------------


def chattr(path: Path, flags: str) -> None:
    _run(["chattr", flags, str(path)], f"chattr {flags} {path}")


def lsattr_flags(path: Path) -> str:
    """The attribute letters of one file or directory (`lsattr -d`)."""
    out = _run(["lsattr", "-d", str(path)], f"lsattr {path}")
    return out.split()[0] if out.split() else ""


def filefrag_encoded(path: Path) -> bool:
    """Whether any extent of the file is encoded (compressed), from `filefrag -v`."""
    out = _run(["filefrag", "-v", str(path)], f"filefrag {path}")
    return "encoded" in out


def run_shell(script: str, env: dict[str, str], step: str, *, strict: bool = True) -> str:
    """Run a shell snippet (a disko hook or script) with bash, as disko would.

    strict adds -euo pipefail; disko's own scripts set their flags themselves (set -efux).
    """
    full_env = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), **env}
    flags = ["-euo", "pipefail"] if strict else []
    done = proc.run(["bash", *flags, "-c", script], env=full_env, timeout=300)
    return done.check(step).stdout


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")
