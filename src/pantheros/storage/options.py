"""What Btrfs and the VFS make of mount options (btrfs-progs Documentation/ch-mount-options.rst).

Btrfs applies its own options to the whole filesystem (the first mount's win); only the
generic VFS flags and subvol=/subvolid= are per mount.
"""

from __future__ import annotations

from typing import Literal

OptionScope = Literal["filesystem", "mount", "unknown", "removed"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Btrfs-specific options: filesystem-wide, whatever mount they are written on.
BTRFS_FS_WIDE = _words(
    "acl noacl autodefrag noautodefrag barrier nobarrier clear_cache commit compress "
    "compress-force datacow nodatacow datasum nodatasum degraded device discard nodiscard "
    "enospc_debug noenospc_debug fatal_errors flushoncommit noflushoncommit fragment "
    "nologreplay max_inline metadata_ratio norecovery rescan_uuid_tree rescue "
    "skip_balance space_cache nospace_cache ssd ssd_spread nossd nossd_spread thread_pool "
    "treelog notreelog usebackuproot user_subvol_rm_allowed "
)
# Btrfs options that pick what this mount shows: per mount.
BTRFS_PER_MOUNT = frozenset({"subvol", "subvolid"})
# Removed from the kernel (ch-mount-options.rst "DEPRECATED MOUNT OPTIONS").
BTRFS_REMOVED = {
    "inode_cache": "removed in kernel 5.11",
    "noinode_cache": "removed in kernel 5.11",
    "recovery": "deprecated: use rescue=usebackuproot",
    "check_int": "removed in kernel 6.7",
    "check_int_data": "removed in kernel 6.7",
    "check_int_print_mask": "removed in kernel 6.7",
    "alloc_start": "removed in kernel 4.13",
    "subvolrootid": "removed in kernel 5.0",
}
# Generic options handled by the VFS or by mount(8)/systemd: per mount.
VFS_PER_MOUNT = _words(
    "defaults ro rw noatime atime relatime norelatime strictatime nostrictatime lazytime "
    "nolazytime nodiratime diratime nodev dev nosuid suid noexec exec sync async dirsync "
    "nofail noauto auto user nouser users owner group _netdev context fscontext "
    "defcontext rootcontext nosymfollow silent loud nomand mand iversion noiversion "
)
# Options only vfat understands (the ESP).
VFAT_OPTIONS = _words(
    "umask fmask dmask uid gid codepage iocharset shortname utf8 flush errors quiet "
    "showexec tz time_offset "
)

ZSTD_LEVELS = range(-15, 16)
ZLIB_LEVELS = range(1, 10)


def key_of(option: str) -> str:
    return option.split("=", 1)[0]


def btrfs_scope(option: str) -> OptionScope:
    key = key_of(option)
    if key in BTRFS_REMOVED:
        return "removed"
    if key in BTRFS_FS_WIDE:
        return "filesystem"
    if key in BTRFS_PER_MOUNT or key in VFS_PER_MOUNT or key.lower().startswith(("x-", "comment")):
        return "mount"
    return "unknown"


def bad_value(option: str) -> str | None:
    """Why a known option's value is wrong, or None."""
    key, _, value = option.partition("=")
    if key in ("compress", "compress-force") and value:
        algo, _, level = value.partition(":")
        if algo not in ("zlib", "lzo", "zstd", "no", "none"):
            return f"unknown compression algorithm {algo!r} (zlib, lzo, zstd or no)"
        if level:
            if algo == "lzo":
                return "lzo has no levels"
            try:
                number = int(level)
            except ValueError:
                return f"level {level!r} is not a number"
            allowed = ZSTD_LEVELS if algo == "zstd" else ZLIB_LEVELS
            if number != 0 and number not in allowed:
                return f"{algo} level {number} is outside {allowed.start}..{allowed.stop - 1}"
    if key == "space_cache" and value and value not in ("v1", "v2"):
        return f"space_cache={value}: expected v1 or v2"
    if key == "discard" and value and value not in ("sync", "async"):
        return f"discard={value}: expected sync or async"
    return None


def conflicts(options: list[str]) -> list[str]:
    """Pairs of options on one mount that cancel each other out."""
    keys = [key_of(o) for o in options]
    found: list[str] = []
    compressing = [
        o
        for o in options
        if key_of(o) in ("compress", "compress-force") and o.partition("=")[2] not in ("no", "none")
    ]
    for nocow in ("nodatacow", "nodatasum"):
        if nocow in keys and compressing:
            found.append(f"{compressing[0]} and {nocow}: {nocow} disables compression")
    pairs = [
        ("ssd", "nossd"),
        ("discard", "nodiscard"),
        ("ro", "rw"),
        ("autodefrag", "noautodefrag"),
    ]
    for a, b in pairs:
        if a in keys and b in keys:
            found.append(f"{a} and {b}: the later one wins")
    atimes = [k for k in keys if k in ("noatime", "relatime", "strictatime", "atime")]
    if len(set(atimes)) > 1:
        found.append(f"{' and '.join(sorted(set(atimes)))}: only one atime mode applies")
    compress_values = {o for o in options if key_of(o) in ("compress", "compress-force")}
    if len(compress_values) > 1:
        found.append(f"{' and '.join(sorted(compress_values))}: only the last one applies")
    return found
