"""Render a StoragePlan as a disko configuration (hosts/<name>/disko.nix).

The output is a plain Nix attrset (no `lib`, no `pkgs`), laid out the way nixfmt (RFC 166)
formats it, so it evaluates with `nix-instantiate --eval --strict` on a machine without
nixpkgs and reads like a file a person wrote. Attribute names follow disko's types
(nix-community/disko lib/types/{disk,gpt,btrfs,filesystem}.nix): see docs/storage.md.

Public surface, also used by `panther host add`:
    render(plan, header=...) -> str
    header_for(plan, command, report=...) -> str
"""

from __future__ import annotations

from collections.abc import Sequence

from pantheros.storage.model import Btrfs, DiskPlan, Partition, StoragePlan, Subvolume, Vfat

_INDENT = "  "


def nix_string(value: str) -> str:
    """A double-quoted Nix string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("${", "\\${")
    escaped = escaped.replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def nix_name(name: str) -> str:
    """An attribute name, quoted unless it is a plain identifier."""
    plain = name[:1].isalpha() or name[:1] == "_"
    if plain and all(c.isalnum() or c in "_-'" for c in name):
        return name
    return nix_string(name)


def _list(items: Sequence[str], level: int, prefix: str = "") -> str:
    """A list of strings, nixfmt style: one line for a single item, else one per line."""
    head = f"{prefix} ++ " if prefix else ""
    if not items:
        return prefix if prefix else "[ ]"
    if len(items) == 1:
        return f"{head}[ {nix_string(items[0])} ]"
    pad = _INDENT * (level + 1)
    inner = "\n".join(f"{pad}{nix_string(i)}" for i in items)
    return f"{head}[\n{inner}\n{_INDENT * level}]"


def _comment(text: str, level: int, width: int = 96) -> list[str]:
    pad = _INDENT * level
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(pad) + 2 + len(current) + 1 + len(word) > width:
            lines.append(f"{pad}# {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(f"{pad}# {current}")
    return lines


def options_var(disk: str) -> str:
    return f"{disk}FsOptions"


def post_create_script(btrfs: Btrfs) -> str:
    """The postCreateHook body: mount the top level, set per-subvolume attributes.

    disko runs it after creating the filesystem and its subvolumes, with `$device` set to
    the filesystem's device (lib/default.nix defineHookVariables). `realize` runs the same
    text, so the real-kernel tests exercise exactly what disko.nix contains.
    """
    lines = [
        "(",
        "  MNTPOINT=$(mktemp -d)",
        '  mount "$device" "$MNTPOINT" -o subvol=/',
        '  trap \'umount "$MNTPOINT"; rm -rf "$MNTPOINT"\' EXIT',
        *(f"  {line}" for line in btrfs.post_create_commands),
        ")",
    ]
    return "\n".join(lines) + "\n"


def _hook(btrfs: Btrfs, level: int) -> list[str]:
    pad = _INDENT * level
    body = post_create_script(btrfs).splitlines()
    out = _comment(
        "Per-subvolume attributes: Btrfs cannot set nodatacow or compression per subvolume "
        "by mount option (the first mount's options apply to the whole filesystem), so they "
        "are set as file attributes on the still-empty subvolumes, which new files inherit. "
        "$device is set by disko for this filesystem.",
        level,
    )
    out.append(f"{pad}postCreateHook = ''")
    out += [f"{pad}{_INDENT}{line}".replace("${", "''${") for line in body]
    out.append(f"{pad}'';")
    return out


def _subvolume(sub: Subvolume, fs_options: list[str], var: str, level: int) -> list[str]:
    pad = _INDENT * level
    inner = _INDENT * (level + 1)
    out: list[str] = []
    if sub.nodatacow:
        out += _comment("NOCOW (chattr +C in postCreateHook below), not a mount option.", level)
    if sub.compression_property is not None:
        out += _comment(
            f"compression {sub.compression_property} is a property set in postCreateHook below.",
            level,
        )
    out.append(f"{pad}{nix_name(sub.name)} = {{")
    out.append(f"{inner}mountpoint = {nix_string(sub.mountpoint)};")
    shared = sub.mount_options[: len(fs_options)] == fs_options
    if shared:
        extra = sub.mount_options[len(fs_options) :]
        out.append(f"{inner}mountOptions = {_list(extra, level + 1, var)};")
    else:
        out.append(f"{inner}mountOptions = {_list(sub.mount_options, level + 1)};")
    if sub.swapfile_size is not None:
        out.append(f"{inner}swap.swapfile.size = {nix_string(sub.swapfile_size)};")
    out.append(f"{pad}}};")
    return out


def _partition(part: Partition, disk: DiskPlan, level: int) -> list[str]:
    pad = _INDENT * level
    inner = _INDENT * (level + 1)
    out = [f"{pad}{nix_name(part.name)} = {{"]
    out.append(f"{inner}size = {nix_string(part.size)};")
    out.append(f"{inner}type = {nix_string(part.type_code)};")
    if part.hybrid_mbr_type is not None:
        c = _INDENT * (level + 2)
        out += [
            f"{inner}hybrid = {{",
            f"{c}mbrPartitionType = {nix_string(part.hybrid_mbr_type)};",
            f"{c}mbrBootableFlag = true;",
            f"{inner}}};",
        ]
    content = part.content
    if isinstance(content, Vfat):
        c = _INDENT * (level + 2)
        out += [
            f"{inner}content = {{",
            f'{c}type = "filesystem";',
            f'{c}format = "vfat";',
            f"{c}mountpoint = {nix_string(content.mountpoint)};",
            f"{c}mountOptions = {_list(content.mount_options, level + 2)};",
            f"{inner}}};",
        ]
    elif isinstance(content, Btrfs):
        c = _INDENT * (level + 2)
        var = options_var(disk.name)
        out += [
            f"{inner}content = {{",
            f'{c}type = "btrfs";',
            f"{c}extraArgs = {_list(content.extra_args, level + 2)};",
            f"{c}subvolumes = {{",
        ]
        for sub in content.subvolumes:
            out += _subvolume(sub, content.fs_options, var, level + 3)
        out.append(f"{c}}};")
        if content.post_create_commands:
            out += _hook(content, level + 2)
        out.append(f"{inner}}};")
    out.append(f"{pad}}};")
    return out


def _disk(disk: DiskPlan, level: int) -> list[str]:
    pad = _INDENT * level
    inner = _INDENT * (level + 1)
    out = _comment(disk.reason, level)
    out += [
        f"{pad}{nix_name(disk.name)} = {{",
        f'{inner}type = "disk";',
        f"{inner}device = {nix_string(disk.device)};",
        f"{inner}content = {{",
        f'{inner}{_INDENT}type = "gpt";',
    ]
    if any(p.hybrid_mbr_type is not None for p in disk.partitions):
        # The hybrid MBR lists the FAT partition first and the GPT's 0xEE entry after it, as
        # MBR-only firmware expects (disko's default puts 0xEE first, for GRUB).
        out.append(f"{inner}{_INDENT}efiGptPartitionFirst = false;")
    out += [
        f"{inner}{_INDENT}partitions = {{",
    ]
    for part in disk.partitions:
        out += _partition(part, disk, level + 3)
    out += [f"{inner}{_INDENT}}};", f"{inner}}};", f"{pad}}};"]
    return out


def header_for(plan: StoragePlan, command: str, *, report: str | None = None) -> str:
    """The header comment: which command wrote the file and from which report.

    `report` names the report as the file should record it (relative to the fleet root, or
    just its name: pantheros.files.display_path); default: the plan's own `report`.
    """
    shown = " ".join((report or plan.report).split())
    return "\n".join(
        [
            f"Storage layout{f' for {plan.host}' if plan.host else ''}, written by `{command}`",
            f"from the hardware report {shown}.",
            "It is yours now: edit it freely; `panther storage check` validates it against the "
            "report.",
        ]
    )


def render(plan: StoragePlan, header: str | None = None) -> str:
    """The disko configuration for `plan`, as Nix source text (ends with a newline)."""
    lines: list[str] = []
    if header:
        lines += [f"# {line}".rstrip() for line in header.splitlines()]
    btrfs_disks = [
        (disk, part.content)
        for disk in plan.disks
        for part in disk.partitions
        if isinstance(part.content, Btrfs)
    ]
    if btrfs_disks:
        lines.append("let")
        lines += _comment(
            "Filesystem-wide Btrfs options (compress, ssd, discard, space_cache): only the "
            "first mount of a filesystem sets them, so every subvolume mount repeats the same "
            "list and adds only per-mount VFS flags (noatime, nodev, nosuid, noexec).",
            1,
        )
        for disk, btrfs in btrfs_disks:
            lines.append(f"  {options_var(disk.name)} = {_list(btrfs.fs_options, 1)};")
        lines.append("in")
    lines += ["{", "  disko.devices = {", "    disk = {"]
    for disk in plan.disks:
        lines += _disk(disk, 3)
    lines += ["    };", "  };", "}"]
    return "\n".join(lines) + "\n"
