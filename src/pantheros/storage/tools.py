"""The one place storage code runs block-device programs (btrfs, sgdisk, mkfs, losetup, mount…).

Every call goes through `pantheros.proc.run` (timeouts, captured stderr, clear "not installed"
errors); each function here is one program and raises ToolFailed naming the step on failure.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pantheros import proc
from pantheros.errors import InputError

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


# --- losetup ------------------------------------------------------------------------------


def loop_attach(image: Path, *, partscan: bool = True, direct_io: bool = False) -> str:
    argv = ["losetup", "--find", "--show"]
    if partscan:
        argv.append("--partscan")
    if direct_io:
        argv.append("--direct-io=on")
    return _run([*argv, str(image)], "attach loop device").strip()


def loop_detach(device: str) -> None:
    _run(["losetup", "--detach", device], f"detach {device}")


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
