"""Typed edges of the storage planner: its input settings and the plan it returns.

A plan is a value: it can be printed, serialised to JSON (`StoragePlan.model_dump_json`),
compared in tests and rendered to disko Nix (`pantheros.storage.disko.render`). Nothing here
touches a disk.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pantheros.fleet.model import BootMode, HostClass, Workload

# "extlinux": a board's firmware or u-boot reading extlinux.conf from a FAT /boot.
PlanBootMode = Literal["uefi", "bios", "hybrid", "extlinux"]
Compression = Literal["none", "zstd:1", "zstd:3", "zstd:6", "lzo"]
CompressionProperty = Literal["none", "zstd", "lzo", "zlib"]
Bootloader = Literal["systemd-boot", "grub", "grub-hybrid", "extlinux"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StorageSettings(_Frozen):
    """What the planner needs to know about a host beyond its hardware.

    The same model is the input of the CLI (`panther storage plan`) and of the Python API.
    `hibernate=None` means "the class decides" (laptops hibernate), `boot_mode=None` means
    "trust the hardware profile".
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    class_: HostClass = Field(alias="class", default="server")
    workloads: list[Workload] = []
    hibernate: bool | None = None
    boot_mode: BootMode | None = None

    @property
    def wants_hibernation(self) -> bool:
        return self.hibernate if self.hibernate is not None else self.class_ == "laptop"


class Decision(_Frozen):
    """One choice the planner made and why (shown by `panther storage plan`)."""

    topic: str  # "boot", "disks", "compression", "swap", "subvolume @nix", …
    choice: str
    reason: str


class Subvolume(_Frozen):
    name: str  # "@root": the path below the Btrfs top level (subvol=<name>)
    mountpoint: str
    # The whole option list for this mount: the filesystem-wide options (identical on every
    # mount of the filesystem) followed by this mount's VFS flags.
    mount_options: list[str]
    nodatacow: bool = False  # chattr +C on the empty subvolume, in the postCreateHook
    compression_property: CompressionProperty | None = None  # btrfs property set … compression
    swapfile_size: str | None = None  # "40G": disko `swap.swapfile.size` (integer + unit)
    reason: str


class Btrfs(_Frozen):
    kind: Literal["btrfs"] = "btrfs"
    label: str
    extra_args: list[str]
    fs_options: list[str]  # filesystem-wide: compress, ssd, discard, space_cache
    subvolumes: list[Subvolume]

    @property
    def post_create_commands(self) -> list[str]:
        """Per-subvolume attributes, as shell lines run with the top level mounted at $MNTPOINT."""
        lines: list[str] = []
        for sub in self.subvolumes:
            if sub.nodatacow:
                lines.append(f'chattr +C "$MNTPOINT/{sub.name}"')
            if sub.compression_property is not None:
                lines.append(
                    f'btrfs property set "$MNTPOINT/{sub.name}" compression '
                    f"{sub.compression_property}"
                )
        return lines


class Vfat(_Frozen):
    kind: Literal["vfat"] = "vfat"
    mountpoint: str
    mount_options: list[str]


class Partition(_Frozen):
    name: str  # disko attribute name: "ESP", "boot", "root", "data"
    type_code: str  # sgdisk code: EF00, EF02, 8300
    size: str  # disko size: "1M", "1G", "100%"
    content: Btrfs | Vfat | None = Field(default=None, discriminator="kind")
    reason: str
    # Also listed in a hybrid MBR with this type code ("0x0c": FAT32 LBA), for firmware that
    # reads only MBR tables (Raspberry Pi firmware before the Pi 4); disko's gpt `hybrid`.
    hybrid_mbr_type: str | None = None

    def label(self, disk: str) -> str:
        """The GPT partition name disko gives it (lib/types/gpt.nix: disk-<disk>-<part>)."""
        label = f"disk-{disk}-{self.name}"
        if len(label) > 36:
            import hashlib

            return hashlib.sha256(label.encode()).hexdigest()[:36]
        return label


class DiskPlan(_Frozen):
    name: str  # disko attribute name: "main", "data"
    device: str  # stable path (/dev/disk/by-id/… or /dev/vda)
    model: str | None
    size_bytes: int
    role: Literal["system", "data"]
    partitions: list[Partition]
    reason: str


class SwapPlan(_Frozen):
    swapfile_size: str | None  # "40G"
    swapfile_path: str | None  # "/.swapvol/swapfile"
    zram: bool
    zram_memory_percent: int | None
    hibernate: bool
    resume_device: str | None  # by-partlabel path of the Btrfs partition holding the swapfile
    reason: str


class StoragePlan(_Frozen):
    """A complete storage layout for one machine, with the reason for every choice."""

    host: str | None
    report: str
    settings: StorageSettings
    boot_mode: PlanBootMode
    bootloader: Bootloader
    compression: Compression
    disks: list[DiskPlan]
    swap: SwapPlan
    decisions: list[Decision]
    warnings: list[str]
    # What to do after `disko` and `nixos-install` (e.g. find resume_offset).
    post_install: list[str]
    # NixOS options this plan expects the host to set (shown, not written).
    nixos_settings: dict[str, str]

    def mountpoints(self) -> list[str]:
        points: list[str] = []
        for disk in self.disks:
            for part in disk.partitions:
                if isinstance(part.content, Vfat):
                    points.append(part.content.mountpoint)
                elif isinstance(part.content, Btrfs):
                    points.extend(s.mountpoint for s in part.content.subvolumes)
        return points
