"""Check an existing disko configuration against a hardware report.

`evaluate_disko` evaluates the file with the real `nix-instantiate` (through pantheros.nix.cli),
calling it with stand-in arguments when it is a function (`{ lib, disks ? [...], ... }:`). The
file is treated as untrusted: restricted evaluation limited to its own folder, no network, an
empty environment, capped time and memory (`nix.eval_untrusted_json`).
`check_devices` is pure: it walks the evaluated `disko.devices` tree and returns findings.
`check_file` does both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from pantheros.errors import InputError
from pantheros.findings import Finding, Severity, has_errors
from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage import options as opts
from pantheros.storage.disko import nix_string
from pantheros.storage.model import StorageSettings
from pantheros.storage.shape import check_shape

GIB = 1024**3
MIB = 1024**2
ESP_MIN_BYTES = 256 * MIB  # below this, two generations of kernel + initrd may not fit
ESP_GOOD_BYTES = 512 * MIB
_UNIT = {"": 512, "K": 1024, "M": MIB, "G": GIB, "T": 1024**4, "P": 1024**5}
_SIZE = re.compile(r"^(?P<n>[0-9]+)(?P<u>[KMGTP]?)$")
_SWAP_SIZE = re.compile(r"^([0-9]+[KMGTP])?$")

# A builtins-only stand-in for the parts of nixpkgs' lib that disko configs commonly use.
# Anything else fails with "attribute '…' missing", which check_file explains.
_STUB_LIB = """
  let
    recursiveUpdate = a: b:
      a // builtins.mapAttrs (
        n: v:
        if builtins.isAttrs v && builtins.isAttrs (a.${n} or null)
        then recursiveUpdate a.${n} v
        else v
      ) b;
    id = x: x;
  in {
    inherit recursiveUpdate;
    mkDefault = id; mkForce = id; mkOverride = _: id; mkBefore = id; mkAfter = id;
    mkIf = c: v: if c then v else { };
    mkMerge = builtins.foldl' recursiveUpdate { };
    optional = c: v: if c then [ v ] else [ ];
    optionals = c: v: if c then v else [ ];
    optionalAttrs = c: v: if c then v else { };
    optionalString = c: v: if c then v else "";
    genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
    nameValuePair = name: value: { inherit name value; };
    listToAttrs = builtins.listToAttrs;
    mapAttrs = builtins.mapAttrs;
    attrNames = builtins.attrNames;
    attrValues = builtins.attrValues;
    replaceStrings = builtins.replaceStrings;
    concatStringsSep = builtins.concatStringsSep;
    concatMapStringsSep = sep: f: l: builtins.concatStringsSep sep (map f l);
    foldl' = builtins.foldl';
    elemAt = builtins.elemAt;
    head = builtins.head;
    length = builtins.length;
    toString = builtins.toString;
    imap0 = f: l: builtins.genList (i: f i (builtins.elemAt l i)) (builtins.length l);
    imap1 = f: l: builtins.genList (i: f (i + 1) (builtins.elemAt l i)) (builtins.length l);
  }
"""


def _expression(path: Path) -> str:
    return f"""
let
  lib = {_STUB_LIB};
  supplied = {{
    inherit lib;
    pkgs = throw "panther-stub: this disko config uses pkgs";
    config = {{ }};
    options = {{ }};
    modulesPath = "/";
  }};
  raw = import {nix_string(str(path))};
  fargs = if builtins.isFunction raw then builtins.functionArgs raw else {{ }};
  missing = builtins.filter (n: !fargs.${{n}} && !(supplied ? ${{n}})) (builtins.attrNames fargs);
  value = if builtins.isFunction raw then raw (builtins.intersectAttrs fargs supplied) else raw;
in
if missing != [ ] then
  {{ missingArgs = missing; }}
else if builtins.isAttrs value && value ? disko && value.disko ? devices then
  {{ devices = value.disko.devices; function = builtins.isFunction raw; }}
else if builtins.isAttrs value && value ? disk then
  {{ devices = value; function = builtins.isFunction raw; }}
else
  {{ noDevices = if builtins.isAttrs value then builtins.attrNames value else [ ]; }}
"""


def evaluate_disko(path: Path) -> tuple[dict[str, Any], bool]:
    """Evaluate a disko file with nix-instantiate; returns (disko.devices, was_a_function)."""
    from pantheros.nix import cli as nix

    if not path.is_file():
        raise InputError("no such file", location=str(path), fix="pass an existing disko.nix")
    try:
        # The file may be anybody's (--disko, and agents over MCP): sandboxed evaluation.
        result = nix.eval_untrusted_json(
            _expression(path.resolve()), subject=path, allowed=path.resolve().parent
        )
    except InputError as exc:
        raise _explain(exc, path) from None
    assert isinstance(result, dict)
    if "missingArgs" in result:
        names = ", ".join(result["missingArgs"])
        raise InputError(
            f"the config is a function that needs argument(s) {names}, which have no default",
            location=str(path),
            fix='give them defaults (e.g. `disks ? [ "/dev/nvme0n1" ]`); panther supplies '
            "only lib (a builtins-only stand-in), pkgs (unusable), config and options",
        )
    if "noDevices" in result:
        found = ", ".join(result["noDevices"]) or "nothing"
        raise InputError(
            f"no disko.devices in this file (top-level attributes: {found})",
            location=str(path),
            fix="point --disko at the file that sets disko.devices",
        )
    return check_shape(result["devices"], str(path)), bool(result.get("function"))


def _explain(exc: InputError, path: Path) -> InputError:
    text = exc.message
    if "panther-stub: this disko config uses pkgs" in text:
        return InputError(
            "the config uses pkgs (e.g. a package path in a hook); panther evaluates disko "
            "files without nixpkgs",
            location=exc.location or str(path),
            fix="move package references out of disko.devices, or check it on a machine with "
            "nixpkgs via the conformance tier (PANTHER_NIXPKGS_LIB, PANTHER_DISKO_SRC)",
        )
    missing = re.search(r"attribute '(.+?)' missing", text)
    if missing:
        name = missing.group(1)
        return InputError(
            f"evaluation failed: attribute '{name}' missing",
            location=exc.location or str(path),
            fix=f"if it is lib.{name}: panther evaluates with a small builtins-only stand-in "
            "for nixpkgs' lib that lacks it (write it with builtins, or use the conformance "
            "tier with PANTHER_NIXPKGS_LIB); if it comes from config: panther passes an empty "
            "config, so keep disko.devices independent of other options",
        )
    if exc.fix is not None:  # the sandbox's own verdicts (time, memory, outside access)
        return exc
    return InputError(
        text,
        location=exc.location or str(path),
        fix="fix the Nix error (nix-instantiate --eval --strict shows the trace)",
    )


# --- the pure part ------------------------------------------------------------------------


@dataclass
class _Mount:
    mountpoint: str
    fstype: str
    options: list[str]
    where: list[str]
    fs_id: str | None = None  # the Btrfs filesystem this mount belongs to
    subvolume: str | None = None


@dataclass
class _Walk:
    source: str
    text: str
    findings: list[Finding] = field(default_factory=list)
    mounts: list[_Mount] = field(default_factory=list)
    swap_bytes: int = 0
    esp: list[tuple[list[str], int | None, dict[str, Any]]] = field(default_factory=list)
    bios_boot: list[list[str]] = field(default_factory=list)
    legacy_tables: list[list[str]] = field(default_factory=list)
    hooks: dict[str, str] = field(default_factory=dict)  # Btrfs fs_id -> its postCreateHook

    def add(
        self,
        severity: Severity,
        code: str,
        where: list[str],
        message: str,
        fix: str | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                severity=severity,
                code=code,
                location=location(self.source, self.text, where),
                message=message,
                fix=fix,
            )
        )


def location(source: str, text: str, where: list[str]) -> str:
    """`file:line: disko.devices.disk.main…`: the line of the innermost attribute found."""
    dotted = ".".join(["disko.devices", *where])
    position = 0
    line: int | None = None
    for part in where:
        if part.startswith("["):
            continue
        pattern = re.compile(r'(?<![\w"-])"?' + re.escape(part) + r'"?\s*[=.]')
        match = pattern.search(text, position)
        if match is None:
            break
        position = match.end()
        line = text.count("\n", 0, match.start()) + 1
    return f"{source}:{line}: {dotted}" if line else f"{source}: {dotted}"


# Sizes beyond any disk are all the same to the checker: bigger than the disk (and still a
# number float arithmetic can divide).
_TOO_BIG = 2**66


def parse_size(size: str) -> int | None:
    """Bytes for an sgdisk size ("512M", "1G", "2048" sectors); None for "100%" and others."""
    match = _SIZE.match(size.strip().lstrip("+"))
    if not match or len(match["n"]) > 30:  # more digits than any disk has bytes
        return None if not match else _TOO_BIG
    return min(int(match["n"]) * _UNIT[match["u"]], _TOO_BIG)


def _partition_bytes(part: dict[str, Any]) -> int | None:
    size = part.get("size")
    if isinstance(size, str) and size not in ("100%", "0"):
        return parse_size(size)
    end = part.get("end")
    start = part.get("start", "0")
    if isinstance(end, str):
        if end.startswith("+"):
            return parse_size(end[1:])
        if end.startswith("-"):
            return parse_size(end[1:])  # space left free at the end of the disk
        end_b, start_b = parse_size(end), parse_size(start) if isinstance(start, str) else 0
        if end_b is not None and start_b is not None and end_b > start_b:
            return end_b - start_b
    return None


def _stable(device: str) -> bool:
    return device.startswith(("/dev/disk/by-id/", "/dev/disk/by-partlabel/", "/dev/disk/by-uuid/"))


def _match_disk(
    device: str, profile: HardwareProfile | None, names: dict[str, set[str]]
) -> Disk | None:
    if profile is None:
        return None
    for disk in profile.disks:
        known = {disk.device, *([disk.by_id] if disk.by_id else []), *names.get(disk.name, set())}
        if device in known:
            return disk
    return None


def check_devices(
    devices: dict[str, Any],
    *,
    source: str,
    text: str,
    profile: HardwareProfile | None,
    settings: StorageSettings,
    device_names: dict[str, set[str]] | None = None,
    host: str | None = None,
) -> list[Finding]:
    """Findings for an evaluated `disko.devices` tree. Pure. `host` names the fleet host in
    fixes (`panther storage plan HOST --write`)."""
    walk = _Walk(source=source, text=text)
    names = device_names or {}
    used: set[str] = set()
    for kind in sorted(devices):
        if kind not in ("disk", "nodev"):
            walk.add(
                "info",
                "not-modelled",
                [kind],
                f"disko.devices.{kind} ({'LVM' if 'lvm' in kind else kind}) is not modelled by "
                "panther: what it holds is not checked",
            )
    for disk_name, disk in sorted(devices.get("disk", {}).items()):
        where = ["disk", disk_name]
        device = str(disk.get("device", ""))
        report_disk = _match_disk(device, profile, names)
        if profile is not None:
            if report_disk is None:
                known = ", ".join(d.stable_path for d in profile.disks) or "none"
                walk.add(
                    "error",
                    "device-not-in-report",
                    [*where, "device"],
                    f"{device or '(no device)'} is not a disk in {profile.source}",
                    f"use one of: {known}",
                )
            else:
                used.add(report_disk.name)
        if device and not _stable(device):
            stable = report_disk.by_id if report_disk is not None else None
            if stable is None and report_disk is not None and report_disk.bus == "virtio":
                walk.add(
                    "info",
                    "device-unstable-path",
                    [*where, "device"],
                    f"{device}: the report has no by-id name for this virtio disk; the kernel "
                    "name is the best available",
                )
            else:
                walk.add(
                    "warning",
                    "device-unstable-path",
                    [*where, "device"],
                    f"{device} is a kernel name or enumeration path, which can change when "
                    "disks are added or firmware changes",
                    f"use {stable}" if stable else "use a /dev/disk/by-id/ path",
                )
        content = disk.get("content")
        before = len(walk.mounts)
        if isinstance(content, dict):
            _content(walk, content, [*where, "content"], report_disk, disk_name)
        if report_disk is not None and any(m.mountpoint == "/" for m in walk.mounts[before:]):
            _check_system_size(walk, report_disk, where)
    for mount_point, node in sorted(devices.get("nodev", {}).items()):
        walk.mounts.append(
            _Mount(
                str(node.get("mountpoint") or mount_point),
                str(node.get("fsType", "nodev")),
                list(node.get("mountOptions", [])),
                ["nodev", mount_point],
            )
        )
    if profile is not None:
        for disk in profile.disks:
            if disk.name not in used:
                walk.add(
                    "info",
                    "disk-unused",
                    ["disk"],
                    f"{disk.stable_path} ({disk.model or disk.bus}) in the report is not used",
                )
    _check_boot(walk, profile, settings)
    _check_mounts(walk)
    _check_swap(walk, profile, settings)
    _check_workloads(walk, settings, host)
    return walk.findings


def _content(
    walk: _Walk, content: dict[str, Any], where: list[str], disk: Disk | None, disk_name: str
) -> None:
    kind = content.get("type")
    if kind == "gpt":
        parts = content.get("partitions", {})
        total = 0
        for name, part in sorted(parts.items()):
            pwhere = [*where, "partitions", name]
            size = _partition_bytes(part)
            total += size or 0
            type_code = str(part.get("type", "8300")).upper()
            inner = part.get("content")
            if type_code == "EF02":
                walk.bios_boot.append(pwhere)
                if isinstance(inner, dict):
                    walk.add(
                        "error",
                        "boot-partition-wrong",
                        pwhere,
                        "the BIOS-boot partition (EF02) has content: GRUB writes its core "
                        "image there raw",
                        "remove its content; 1M and no filesystem",
                    )
            if type_code in ("EF00", "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"):
                walk.esp.append((pwhere, size, inner if isinstance(inner, dict) else {}))
            if isinstance(inner, dict):
                if inner.get("type") == "swap" and size:
                    walk.swap_bytes += size
                _content(walk, inner, [*pwhere, "content"], disk, disk_name)
        if disk is not None and total > disk.size_bytes - 2 * MIB:
            walk.add(
                "error",
                "size-beyond-disk",
                [*where, "partitions"],
                f"fixed partition sizes add up to {total / GIB:.1f} GiB, more than the "
                f"{disk.size_bytes / GIB:.1f} GiB disk (less 2 MiB for GPT and alignment)",
                'shrink a partition, or give the last one size = "100%"',
            )
    elif kind == "table":
        walk.legacy_tables.append(where)
        for index, part in enumerate(content.get("partitions", [])):
            inner = part.get("content")
            if isinstance(inner, dict):
                _content(
                    walk, inner, [*where, "partitions", f"[{index}]", "content"], disk, disk_name
                )
    elif kind == "filesystem":
        mountpoint = content.get("mountpoint")
        if mountpoint:
            walk.mounts.append(
                _Mount(
                    mountpoint,
                    str(content.get("format")),
                    list(content.get("mountOptions", ["defaults"])),
                    where,
                )
            )
    elif kind == "btrfs":
        _btrfs(walk, content, where, disk)
    elif kind == "swap":
        pass  # counted by the partition that holds it
    elif kind == "luks":
        walk.add(
            "info",
            "not-modelled",
            where,
            "LUKS encryption is not checked itself (keys, settings); what is inside it is",
        )
        inner = content.get("content")
        if isinstance(inner, dict):
            _content(walk, inner, [*where, "content"], disk, disk_name)
    else:
        label = {
            "lvm_pv": "LVM physical volume",
            "mdraid": "mdadm RAID member",
            "zfs": "ZFS pool member",
            "bcachefs": "bcachefs member",
        }.get(str(kind), str(kind))
        walk.add(
            "warning" if kind not in ("lvm_pv", "mdraid", "zfs") else "info",
            "not-modelled",
            where,
            f"{label} (type {kind!r}) is not modelled by panther: its volumes are not checked",
        )


def _btrfs(walk: _Walk, content: dict[str, Any], where: list[str], disk: Disk | None) -> None:
    fs_id = ".".join(where)
    walk.hooks[fs_id] = str(content.get("postCreateHook") or "")
    top_options = list(content.get("mountOptions", ["defaults"]))
    if content.get("mountpoint"):
        walk.mounts.append(_Mount(content["mountpoint"], "btrfs", top_options, where, fs_id, "/"))
    for name, swap in sorted(content.get("swap", {}).items()):
        _swapfile(walk, swap, [*where, "swap", name])
    for name, sub in sorted(content.get("subvolumes", {}).items()):
        swhere = [*where, "subvolumes", name]
        sub_options = list(sub.get("mountOptions", ["defaults"]))
        if sub.get("mountpoint"):
            walk.mounts.append(_Mount(sub["mountpoint"], "btrfs", sub_options, swhere, fs_id, name))
        elif sub_options != ["defaults"]:
            walk.add(
                "warning",
                "options-without-mountpoint",
                [*swhere, "mountOptions"],
                f"subvolume {name} has mountOptions but no mountpoint: they are never used",
                "give it a mountpoint or drop the options",
            )
        for swap_name, swap in sorted(sub.get("swap", {}).items()):
            _swapfile(walk, swap, [*swhere, "swap", swap_name])
    if disk is not None and disk.rotational:
        for mount in walk.mounts:
            if mount.fs_id == fs_id and {"ssd", "discard", "discard=async"} & set(mount.options):
                walk.add(
                    "warning",
                    "ssd-options-on-hdd",
                    mount.where,
                    f"{disk.model or disk.name} is a rotational disk: ssd/discard do not apply",
                    "drop ssd and discard on HDDs",
                )
                break


def _swapfile(walk: _Walk, swap: dict[str, Any], where: list[str]) -> None:
    size = str(swap.get("size", ""))
    if not _SWAP_SIZE.match(size):
        walk.add(
            "error",
            "swap-size-invalid",
            [*where, "size"],
            f"swapfile size {size!r} does not match disko's ^([0-9]+[KMGTP])?$ (an integer "
            "and a unit, no decimals)",
            'write it as a whole number, e.g. "40G"',
        )
        return
    walk.swap_bytes += parse_size(size) or 0


def _check_system_size(walk: _Walk, disk: Disk, where: list[str]) -> None:
    """The planner's floor and its compact threshold, for any layout: the two agree."""
    from pantheros.storage.compact import COMPACT_BELOW_BYTES
    from pantheros.storage.disk_choice import MIN_SYSTEM_BYTES

    gib = disk.size_bytes / GIB
    if disk.size_bytes < MIN_SYSTEM_BYTES:
        walk.add(
            "error",
            "system-disk-too-small",
            [*where, "device"],
            f"/ is on {disk.stable_path}, {gib:.1f} GiB: NixOS and one rebuild need about "
            f"{MIN_SYSTEM_BYTES // GIB} GiB, so the system could not update itself",
            "use a bigger disk (8 GB or more)",
        )
    elif disk.size_bytes < COMPACT_BELOW_BYTES:
        walk.add(
            "warning",
            "small-system-disk",
            [*where, "device"],
            f"/ is on a {gib:.1f} GiB disk: old generations and snapshots fill it quickly",
            "keep few generations (panther.boot.configurationLimit) and snapshots "
            "(panther.storage.snapshots.keep.*), and collect garbage (nix.gc.automatic)",
        )


def _check_boot(walk: _Walk, profile: HardwareProfile | None, settings: StorageSettings) -> None:
    mode = settings.boot_mode or (profile.boot_mode if profile is not None else None)
    for pwhere, size, content in walk.esp:
        if content.get("type") != "filesystem" or content.get("format") != "vfat":
            walk.add(
                "error",
                "boot-partition-wrong",
                pwhere,
                "the EFI system partition (EF00) must hold a vfat filesystem",
                'content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; }',
            )
        if size is not None and size < ESP_MIN_BYTES:
            walk.add(
                "error",
                "esp-too-small",
                [*pwhere, "size"],
                f"ESP of {size / MIB:.0f} MiB: systemd-boot keeps a kernel and initrd per "
                "generation there, and two generations may not fit",
                'size = "1G"',
            )
        elif size is not None and size < ESP_GOOD_BYTES:
            walk.add(
                "warning",
                "esp-too-small",
                [*pwhere, "size"],
                f"ESP of {size / MIB:.0f} MiB holds only a few generations (NVIDIA initrds pass "
                "100 MiB)",
                'size = "1G"',
            )
    if mode == "bios" and not walk.bios_boot and not walk.legacy_tables:
        walk.add(
            "error",
            "boot-partition-wrong",
            ["disk"],
            "legacy BIOS boot with GPT needs a 1 MiB BIOS-boot partition (type EF02) for GRUB",
            'add boot = { size = "1M"; type = "EF02"; }; to the system disk',
        )
    if mode == "uefi" and not walk.esp:
        walk.add(
            "error",
            "boot-partition-wrong",
            ["disk"],
            "the machine boots UEFI but there is no EFI system partition (type EF00)",
            'add ESP = { size = "1G"; type = "EF00"; content = { type = "filesystem"; '
            'format = "vfat"; mountpoint = "/boot"; mountOptions = [ "umask=0077" ]; }; };',
        )
    board = profile is not None and profile.form_factor == "board"
    if mode == "unknown" and board and not walk.esp:
        walk.add(
            "warning",
            "boot-partition-wrong",
            ["disk"],
            "a board that boots through u-boot or its own firmware needs a FAT /boot for "
            "extlinux (and for UEFI firmware, if it has one)",
            'add ESP = { size = "512M"; type = "EF00"; content = { type = "filesystem"; '
            'format = "vfat"; mountpoint = "/boot"; }; };',
        )
    elif mode == "unknown" and not board and not (walk.esp and walk.bios_boot):
        walk.add(
            "warning",
            "boot-partition-wrong",
            ["disk"],
            "the report cannot tell the boot mode; only a hybrid layout (EF02 + EF00) boots "
            "both ways",
            "add the missing partition, or set boot_mode for the host",
        )


def _check_mounts(walk: _Walk) -> None:
    seen: dict[str, _Mount] = {}
    for mount in walk.mounts:
        if mount.mountpoint in seen:
            walk.add(
                "error",
                "duplicate-mountpoint",
                mount.where,
                f"{mount.mountpoint} is also mounted by {'.'.join(seen[mount.mountpoint].where)}",
                "give each mountpoint to one filesystem or subvolume",
            )
        else:
            seen[mount.mountpoint] = mount
        if mount.fstype == "btrfs":
            for option in mount.options:
                scope = opts.btrfs_scope(option)
                if scope == "unknown":
                    walk.add(
                        "error",
                        "unknown-mount-option",
                        [*mount.where, "mountOptions"],
                        f"{option!r} is not a Btrfs or generic mount option: the mount fails",
                        "check the spelling (btrfs(5) MOUNT OPTIONS)",
                    )
                elif scope == "removed":
                    walk.add(
                        "error",
                        "unknown-mount-option",
                        [*mount.where, "mountOptions"],
                        f"{option!r}: {opts.BTRFS_REMOVED[opts.key_of(option)]}",
                        "remove it",
                    )
                elif (why := opts.bad_value(option)) is not None:
                    walk.add(
                        "error",
                        "unknown-mount-option",
                        [*mount.where, "mountOptions"],
                        why,
                        "fix the value",
                    )
            for conflict in opts.conflicts(mount.options):
                walk.add(
                    "error" if "disables" in conflict else "warning",
                    "conflicting-mount-options",
                    [*mount.where, "mountOptions"],
                    conflict,
                    "keep one of them",
                )
    # /nix lives on its own mount, or else on the root filesystem's.
    nix_mount = seen.get("/nix") or seen.get("/")
    if nix_mount is not None and "noatime" not in nix_mount.options:
        walk.add(
            "warning",
            "nix-without-noatime",
            [*nix_mount.where, "mountOptions"],
            f"/nix{'' if nix_mount.mountpoint == '/nix' else ' (on /)'} without noatime: every "
            "read of the store writes an access time, and on Btrfs each such write is a CoW "
            "metadata update",
            'add "noatime"',
        )
    _check_fs_wide(walk)


_PER_SUBVOL_LOOKALIKES = (
    "nodatacow",
    "nodatasum",
    "datacow",
    "datasum",
    "compress",
    "compress-force",
)


def _check_fs_wide(walk: _Walk) -> None:
    """Btrfs options differing between mounts of one filesystem: the first mount wins.

    disko (and systemd) mount parents before children, so the first mount is the one with
    the smallest mountpoint in sort order; its filesystem-wide options are what every other
    mount of the filesystem gets.
    """
    by_fs: dict[str, list[_Mount]] = {}
    for mount in walk.mounts:
        if mount.fs_id is not None:
            by_fs.setdefault(mount.fs_id, []).append(mount)
    for fs_mounts in by_fs.values():
        ordered = sorted(fs_mounts, key=lambda m: m.mountpoint)
        first = ordered[0]
        effective = {o for o in first.options if opts.btrfs_scope(o) == "filesystem"}
        shown = ", ".join(sorted(effective)) or "no Btrfs options"
        for mount in ordered[1:]:
            wide = {o for o in mount.options if opts.btrfs_scope(o) == "filesystem"}
            extra = sorted(wide - effective)
            missing = sorted(effective - wide)
            if not extra and not missing:
                continue
            lookalike = [o for o in extra if opts.key_of(o) in _PER_SUBVOL_LOOKALIKES]
            if lookalike:
                walk.add(
                    "error",
                    "per-subvolume-btrfs-option",
                    [*mount.where, "mountOptions"],
                    f"{', '.join(lookalike)} on {mount.mountpoint} does nothing: Btrfs options "
                    f"are filesystem-wide and the first mount ({first.mountpoint}) sets them, "
                    f"so {mount.mountpoint} gets {shown}",
                    "repeat the same filesystem-wide options on every mount; for NOCOW run "
                    "chattr +C on the empty subvolume in a postCreateHook; for another "
                    "compression use `btrfs property set <dir> compression <algo>`",
                )
                extra = [o for o in extra if o not in lookalike]
                missing = []  # the error already says what the mount gets
            if extra or missing:
                differs = ", ".join([*(f"+{o}" for o in extra), *(f"-{o}" for o in missing)])
                walk.add(
                    "warning",
                    "per-subvolume-btrfs-option",
                    [*mount.where, "mountOptions"],
                    f"{mount.mountpoint} lists different Btrfs options ({differs}) than the "
                    f"first mount {first.mountpoint}; it gets {shown} regardless",
                    "repeat the same filesystem-wide options on every mount",
                )


def _check_swap(walk: _Walk, profile: HardwareProfile | None, settings: StorageSettings) -> None:
    if profile is None or not settings.wants_hibernation:
        return
    if walk.swap_bytes < profile.memory_bytes:
        need = -(-profile.memory_bytes // GIB)
        walk.add(
            "error",
            "swap-too-small-for-hibernate",
            ["disk"],
            f"{walk.swap_bytes / GIB:.1f} GiB of disk swap is less than the "
            f"{profile.memory_bytes / GIB:.1f} GiB of RAM: hibernation may fail to write its "
            "image",
            f'swap.swapfile.size = "{need}G" on the swap subvolume (or --no-hibernate)',
        )


def _covering(mounts: list[_Mount], path: str) -> _Mount | None:
    """The mount a path lives on: the longest mountpoint that is the path or above it."""
    best: _Mount | None = None
    for mount in mounts:
        point = mount.mountpoint.rstrip("/") or "/"
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best.mountpoint.rstrip("/") or "/")):
            best = mount
    return best


def _hook_sets(hook: str, subvolume: str, command: re.Pattern[str]) -> bool:
    """Whether a postCreateHook line matching `command` names the subvolume's path."""
    name = re.escape(subvolume.strip("/"))
    target = re.compile(r"""[/"'\s]""" + name + r"""(?:["'/\s]|$)""")
    return any(command.search(line) and target.search(line) for line in hook.splitlines())


_CHATTR_C = re.compile(r"\bchattr\b.*\+[A-Za-z]*C")
_COMPRESSION = re.compile(r"\bbtrfs\s+property\s+set\b.*\bcompression\b")


def _check_workloads(walk: _Walk, settings: StorageSettings, host: str | None) -> None:
    """Each workload's data where the planner would put it: its own subvolume, NOCOW for
    databases and VM images, compression off for attic. Only Btrfs needs this: a path on
    another filesystem (ext4, XFS) has no copy-on-write to avoid."""
    from pantheros.storage.planner import workload_subvolumes

    replan = (
        f"re-plan with `panther storage plan {host or 'HOST'} --write`, review the difference "
        "it shows, then add --force"
    )
    for workload in settings.workloads:
        for spec in workload_subvolumes(workload):
            mount = _covering(walk.mounts, spec.mountpoint)
            if mount is None or mount.fstype != "btrfs":
                continue  # not on Btrfs, or not mounted by this file: nothing to check here
            if mount.mountpoint.rstrip("/") != spec.mountpoint:
                if spec.nodatacow:
                    why = (
                        "its files are copy-on-write there, and in-place writes fragment them "
                        "and double the write amplification"
                    )
                    extra = " and chattr +C on it in the postCreateHook"
                elif spec.compression_property:
                    why = (
                        f"snapshots of {mount.mountpoint} pin it and Btrfs compresses it "
                        "again (it is compressed already)"
                    )
                    extra = f" and compression {spec.compression_property} set on it"
                else:
                    why = f"snapshots of {mount.mountpoint} would pin its churn"
                    extra = ""
                walk.add(
                    "warning",
                    "workload-subvolume-missing",
                    mount.where,
                    f"the host runs {workload}, but {spec.mountpoint} is not its own subvolume "
                    f"(it lives on {mount.mountpoint}): {why}",
                    f"{replan}, or add a subvolume {spec.name} mounted at {spec.mountpoint}{extra}",
                )
                continue
            hook = walk.hooks.get(mount.fs_id or "", "")
            first = min(
                (m for m in walk.mounts if m.fs_id == mount.fs_id), key=lambda m: m.mountpoint
            )
            subvolume = mount.subvolume or spec.name
            nocow = "nodatacow" in first.options or _hook_sets(hook, subvolume, _CHATTR_C)
            if spec.nodatacow and not nocow:
                walk.add(
                    "warning",
                    "workload-subvolume-cow",
                    mount.where,
                    f"the host runs {workload}, but {subvolume} ({spec.mountpoint}) stays "
                    "copy-on-write: no chattr +C on it in the postCreateHook, so in-place "
                    "writes fragment its files",
                    f'{replan}; or add chattr +C "$MNTPOINT/{subvolume}" to the postCreateHook, '
                    "before any file is created in it",
                )
            if spec.compression_property and not _hook_sets(hook, subvolume, _COMPRESSION):
                walk.add(
                    "info",
                    "workload-compression",
                    mount.where,
                    f"the host runs {workload}: {subvolume} ({spec.mountpoint}) keeps the "
                    "filesystem's compression, for data that is compressed already",
                    f'{replan}; or add btrfs property set "$MNTPOINT/{subvolume}" compression '
                    f"{spec.compression_property} to the postCreateHook",
                )


class CheckReport(BaseModel):
    """What `panther storage check` found (the --json schema)."""

    model_config = ConfigDict(frozen=True)

    file: str
    report: str | None
    evaluated_as_function: bool
    findings: list[Finding]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def check_file(
    path: Path,
    profile: HardwareProfile | None,
    settings: StorageSettings,
    *,
    device_names: dict[str, set[str]] | None = None,
    display_name: str | None = None,
    host: str | None = None,
) -> CheckReport:
    devices, was_function = evaluate_disko(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    source = display_name or str(path)
    findings = check_devices(
        devices,
        source=source,
        text=text,
        profile=profile,
        settings=settings,
        device_names=device_names,
        host=host,
    )
    if was_function:
        findings.insert(
            0,
            Finding(
                severity="info",
                code="evaluated-with-stubs",
                location=source,
                message="the file is a function: evaluated with panther's builtins-only lib "
                "stand-in and the arguments' defaults",
            ),
        )
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: order[f.severity])
    return CheckReport(
        file=source,
        report=profile.source if profile is not None else None,
        evaluated_as_function=was_function,
        findings=findings,
    )
