"""The storage planner: hardware profile + host settings → a Btrfs layout with reasons.

`plan_storage` is a pure function (no I/O). Every choice it makes is recorded as a Decision,
so `panther storage plan` can show the reasoning and tests can assert it. The figures behind
the compression defaults are in docs/storage.md ("Measured compression").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage.compact import (
    COMPACT_GENERATIONS,
    COMPACT_SNAPSHOTS,
    budget,
    compact_swap,
)
from pantheros.storage.disk_choice import disk_label, pick_disks, system_disk_reason
from pantheros.storage.model import (
    Bootloader,
    Btrfs,
    Compression,
    CompressionProperty,
    Decision,
    DiskPlan,
    Partition,
    PlanBootMode,
    StoragePlan,
    StorageSettings,
    Subvolume,
    SwapPlan,
    Vfat,
)

GIB = 1024**3
MIB = 1024**2
BIOS_BOOT_SIZE = "1M"
SWAP_MOUNTPOINT = "/.swapvol"
SWAPFILE_NAME = "swapfile"
TOP_LEVEL_NOTE = "subvol=/ (id 5) is never mounted: the flat layout keeps snapshots simple"

# Per-mount VFS flags (these really are per mount; Btrfs options are not, see fs_options).
VFS_DEFAULT = ["noatime"]
VFS_PRIVATE = ["noatime", "nodev", "nosuid"]
VFS_DATA = ["noatime", "nodev", "nosuid", "noexec"]


@dataclass(frozen=True)
class SubvolSpec:
    name: str
    mountpoint: str
    vfs: list[str]
    reason: str
    nodatacow: bool = False
    compression_property: CompressionProperty | None = None


_WORKLOAD_SUBVOLUMES: dict[str, list[SubvolSpec]] = {
    "containers": [
        SubvolSpec(
            "@containers",
            "/var/lib/containers",
            VFS_DEFAULT,
            "container images and layers churn and must stay out of root snapshots; CoW and "
            "compression stay on (podman's btrfs/overlay drivers rely on reflinks and "
            "snapshots; images compress well); no nodev: images may carry device nodes",
        )
    ],
    "postgresql": [
        SubvolSpec(
            "@postgresql",
            "/var/lib/postgresql",
            VFS_DATA,
            "database pages are overwritten in place: CoW fragments them and doubles write "
            "amplification, so the empty subvolume gets chattr +C (nodatacow, which also "
            "means no Btrfs checksums or compression: enable PostgreSQL data checksums)",
            nodatacow=True,
        )
    ],
    "mysql": [
        SubvolSpec(
            "@mysql",
            "/var/lib/mysql",
            VFS_DATA,
            "InnoDB overwrites pages in place and has its own doublewrite buffer and page "
            "checksums: nodatacow (chattr +C on the empty subvolume) avoids CoW fragmentation",
            nodatacow=True,
        )
    ],
    "vm-images": [
        SubvolSpec(
            "@libvirt-images",
            "/var/lib/libvirt/images",
            VFS_DATA,
            "VM disk images take random in-place writes: nodatacow (chattr +C on the empty "
            "subvolume) keeps them from fragmenting; the guest filesystem does its own "
            "checksumming",
            nodatacow=True,
        )
    ],
    "attic": [
        SubvolSpec(
            "@atticd",
            "/var/lib/atticd",
            VFS_DATA,
            "attic stores NAR chunks already zstd-compressed: `btrfs property set … "
            "compression none` stops Btrfs from trying again; its own subvolume keeps the "
            "cache out of root snapshots (the cache can be re-filled, snapshots would pin it)",
            compression_property="none",
        )
    ],
    # hercules-ci-agent builds into /nix/store (already its own noatime subvolume) and keeps
    # a small state directory; nothing about it needs a subvolume of its own.
    "hercules-ci": [],
    # The fleet's monitoring server (modules/nixos/monitoring-server.nix).
    "monitoring": [
        SubvolSpec(
            "@prometheus",
            "/var/lib/prometheus2",
            VFS_DATA,
            "Prometheus rewrites its TSDB blocks at every compaction: its own subvolume keeps "
            "the churn out of root snapshots (which would pin deleted blocks) and out of backups "
            "(metrics are history, not state to restore)",
        ),
        SubvolSpec(
            "@loki",
            "/var/lib/loki",
            VFS_DATA,
            "Loki stores log chunks already compressed (snappy): `btrfs property set … "
            "compression none` stops Btrfs from trying again; its own subvolume keeps the logs "
            "out of root snapshots and backups",
            compression_property="none",
        ),
    ],
}


def workload_subvolumes(workload: str) -> list[SubvolSpec]:
    """The subvolumes the planner gives a workload (what `storage check` expects to find)."""
    return list(_WORKLOAD_SUBVOLUMES.get(workload, []))


_BOOTLOADERS: dict[PlanBootMode, Bootloader] = {
    "uefi": "systemd-boot",
    "bios": "grub",
    "hybrid": "grub-hybrid",
    "extlinux": "extlinux",
}


def disk_speed_class(disk: Disk) -> str:
    """fast (NVMe), medium (SATA SSD, virtual disks), slow (HDD, eMMC, unknown)."""
    if disk.rotational:
        return "slow"
    if disk.bus == "nvme":
        return "fast"
    if disk.bus in ("sata", "virtio", "scsi") or (disk.bus == "usb" and disk.rotational is False):
        return "medium"
    return "slow"


def is_virtual_disk(disk: Disk) -> bool:
    return disk.bus in ("virtio", "scsi") and disk.model is not None and "QEMU" in disk.model


def choose_compression(disk: Disk, profile: HardwareProfile) -> tuple[Compression, str]:
    """Pick the filesystem-wide compression for a filesystem on `disk`.

    Measured on this project's bench (docs/storage.md): zstd:1 keeps most of zstd:3's space
    saving at a clearly higher write throughput; lzo is fastest but saves much less; zstd:3
    only pays off where the disk, not the CPU, is the bottleneck.
    """
    threads = profile.cpu.threads or profile.cpu.cores or 1
    speed = disk_speed_class(disk)
    virtual = profile.virtualisation != "none" or disk.bus in ("virtio", "scsi")
    if speed == "fast":
        return "zstd:1", (
            "NVMe (GB/s) is faster than compression, so the CPU sets the write speed: measured, "
            "zstd:1 compresses ~40% faster per core than zstd:3 for 97% of its space saving "
            "(53% vs 55%; docs/storage.md)"
        )
    if virtual:
        return "zstd:1", (
            "virtual disk on a shared CPU: zstd:1 saves about half the space and I/O (measured "
            "53%) for the least CPU of the zstd levels, which your workloads need more"
        )
    if threads <= 2:
        return "zstd:1", f"only {threads} CPU thread(s): keep compression cheap with zstd:1"
    if speed == "slow":
        return "zstd:3", (
            "rotational/slow disk: the disk is the bottleneck, so zstd:3's better ratio means "
            "less I/O for the same data"
        )
    return "zstd:3", (
        "SATA SSD (~500 MB/s): zstd:3 compresses about as fast as the disk writes and saves "
        "more space than zstd:1"
    )


def fs_options_for(disk: Disk, compression: Compression) -> tuple[list[str], str]:
    """Filesystem-wide Btrfs options: the same on every mount of the filesystem."""
    options = [f"compress={compression}"] if compression != "none" else []
    if disk.rotational:
        options.append("space_cache=v2")
        why = "HDD: no ssd, no discard (nothing to trim)"
    elif is_virtual_disk(disk) or disk.bus in ("virtio", "scsi"):
        options += ["discard=async", "space_cache=v2"]
        why = (
            "virtual disk: discard=async returns freed blocks to the host (harmless if it "
            "does not pass discards through); no ssd flag, the medium is unknown"
        )
    elif disk.bus == "usb" and disk.rotational is None:
        options += ["discard=async", "space_cache=v2"]
        why = (
            "USB disk of unknown kind: discard=async where the bridge passes it on (harmless "
            "where it does not); no ssd flag"
        )
    else:
        options += ["ssd", "discard=async", "space_cache=v2"]
        why = "SSD: ssd and discard=async (the kernel default since 6.2, stated explicitly)"
    return options, (
        f"{why}; space_cache=v2 is the free-space tree. These are filesystem-wide: Btrfs "
        "applies only the first mount's options, so every subvolume mount repeats them "
        "identically"
    )


def _round_up_gib(size_bytes: int) -> int:
    return max(1, math.ceil(size_bytes / GIB))


def _boot_mode(
    profile: HardwareProfile, settings: StorageSettings, warnings: list[str]
) -> tuple[PlanBootMode, str]:
    if settings.boot_mode is not None:
        return settings.boot_mode, f"set for this host (boot_mode = {settings.boot_mode!r})"
    evidence = profile.evidence.get("boot_mode", "the hardware profile")
    if profile.boot_mode == "unknown" and profile.form_factor == "board":
        warnings.append(
            "board firmware: check that it finds the FAT /boot (listed in a GPT and a hybrid "
            "MBR) and that u-boot or the vendor firmware is on the board or the disk; set "
            'boot_mode = "uefi" in fleet.toml if the board runs UEFI firmware'
        )
        return "extlinux", (
            f"a board that boots through its own firmware or u-boot ({evidence}): "
            "extlinux, which u-boot reads from the FAT /boot partition"
        )
    if profile.boot_mode == "unknown":
        warnings.append(
            "boot mode unknown: writing a hybrid layout (1M BIOS-boot + ESP) that boots both "
            "ways; set boot_mode in fleet.toml to get a clean single-mode layout"
        )
        return "hybrid", f"the report cannot tell UEFI from legacy BIOS ({evidence})"
    if profile.boot_mode_confidence == "low":
        warnings.append(
            f"boot mode {profile.boot_mode} is a low-confidence guess ({evidence}); "
            "check the firmware or set boot_mode in fleet.toml"
        )
    return profile.boot_mode, f"{evidence} (confidence {profile.boot_mode_confidence})"


def plan_storage(
    profile: HardwareProfile, settings: StorageSettings, *, host: str | None = None
) -> StoragePlan:
    """Plan a Btrfs layout for one machine. Pure: same inputs, same plan."""
    decisions: list[Decision] = []
    warnings: list[str] = []
    post_install: list[str] = []
    nixos: dict[str, str] = {}

    boot_mode, boot_reason = _boot_mode(profile, settings, warnings)
    bootloader = _BOOTLOADERS[boot_mode]
    decisions.append(
        Decision(topic="boot", choice=f"{boot_mode}, {bootloader}", reason=boot_reason)
    )

    system_disk, data_disk, ignored = pick_disks(profile, decisions)
    space = budget(system_disk)
    if space.compact:
        decisions.append(Decision(topic="space", choice="compact layout", reason=space.reason))
        warnings.append(
            f"small system disk ({system_disk.size_bytes / GIB:.1f} GiB): the layout is "
            "compact; collect garbage often (nix.gc.automatic) and keep few generations, or "
            "rebuilds run out of space"
        )
    for disk in ignored:
        decisions.append(
            Decision(
                topic="disks",
                choice=f"leave {disk_label(disk)} alone",
                reason="the layout uses two disks at most; add it by hand (a second "
                "filesystem or a RAID1 profile) if you need it",
            )
        )
    data_role = "/home" if settings.class_ != "server" else "/srv and workload data"
    if data_disk is None:
        decisions.append(
            Decision(
                topic="disks",
                choice=f"everything on {disk_label(system_disk)}",
                reason="the only disk in the report",
            )
        )
    else:
        decisions.append(
            Decision(
                topic="disks",
                choice=f"system on {disk_label(system_disk)}; {data_role} on "
                f"{disk_label(data_disk)}",
                reason="two separate Btrfs filesystems, not one spanning both: a disk failure "
                "costs one of them and the swapfile needs a single-device filesystem. "
                + system_disk_reason(system_disk, data_disk),
            )
        )

    compression, compression_reason = choose_compression(system_disk, profile)
    decisions.append(Decision(topic="compression", choice=compression, reason=compression_reason))
    fs_options, fs_reason = fs_options_for(system_disk, compression)
    decisions.append(Decision(topic="mount options", choice=",".join(fs_options), reason=fs_reason))
    decisions.append(
        Decision(
            topic="per-mount flags",
            choice="noatime everywhere; nodev/nosuid/noexec where nothing runs from there",
            reason="only VFS flags are per mount; noatime because relatime still rewrites "
            "(and so copies) metadata in bulk after snapshots; /nix keeps exec, containers "
            "keep device nodes",
        )
    )

    # --- boot partitions ------------------------------------------------------------------
    boot_parts: list[Partition] = []
    if boot_mode in ("bios", "hybrid"):
        boot_parts.append(
            Partition(
                name="boot",
                type_code="EF02",
                size=BIOS_BOOT_SIZE,
                reason="GRUB on GPT needs a 1 MiB BIOS-boot partition for its core image; "
                "disko adds the disk to boot.loader.grub.devices because of it",
            )
        )
    if boot_mode in ("uefi", "hybrid", "extlinux"):
        holds = (
            "u-boot reads extlinux/extlinux.conf and each generation's kernel, initrd and "
            "device trees from it, and type EF00 lets UEFI firmware (EDK2, u-boot's EFI) boot "
            "from it too"
            if boot_mode == "extlinux"
            else "systemd-boot keeps a kernel and initrd per generation there"
        )
        boot_parts.append(
            Partition(
                name="ESP",
                type_code="EF00",
                size=space.esp_size,
                content=Vfat(mountpoint="/boot", mount_options=["umask=0077"]),
                reason=f"FAT /boot, {space.esp_size}: {holds}; umask=0077 keeps the random seed "
                "and keys private"
                + (" (512M on a small disk, with fewer generations)" if space.compact else "")
                + (
                    "; also in a hybrid MBR (FAT32, bootable), since Raspberry Pi firmware "
                    "before the Pi 4 and some boot ROMs read only MBR tables"
                    if boot_mode == "extlinux"
                    else ""
                ),
                hybrid_mbr_type="0x0c" if boot_mode == "extlinux" else None,
            )
        )

    # --- swap -----------------------------------------------------------------------------
    system_fs_bytes = system_disk.size_bytes - (space.esp_bytes if boot_mode != "bios" else 0) - MIB
    ram_gib = _round_up_gib(profile.memory_bytes)
    hibernate = settings.wants_hibernation
    if hibernate and space.compact:
        warnings.append(
            f"hibernation needs a {ram_gib}G swapfile, too much for a "
            f"{system_fs_bytes / GIB:.0f} GiB system filesystem: planned without hibernation"
        )
        hibernate = False
    if hibernate and ram_gib * GIB > system_fs_bytes // 2:
        warnings.append(
            f"hibernation needs a {ram_gib}G swapfile, more than half of the "
            f"{system_fs_bytes / GIB:.0f} GiB system filesystem: planned without hibernation"
        )
        hibernate = False
    # Never let swap crowd out the system: half the filesystem for hibernation, else a quarter.
    swap_cap = max(1, system_fs_bytes // (2 if hibernate else 4) // GIB)
    swap_reason: str
    if hibernate:
        swap_gib = ram_gib
        zram = True
        zram_percent = 50
        swap_reason = (
            f"hibernation writes RAM to swap: swapfile {swap_gib}G ≥ RAM "
            f"({profile.memory_bytes / GIB:.1f} GiB rounded up to whole GiB); zram stays in front "
            "of it for everyday swapping, since hibernation skips zram devices and its "
            "compressed pages go into the image like any other memory"
        )
    elif settings.class_ == "server":
        swap_gib = min(8, max(2, math.ceil(ram_gib / 8)), swap_cap)
        zram = True
        zram_percent = 50
        swap_reason = (
            f"server: zram (zstd, up to 50% of RAM, higher priority) absorbs bursts in memory; a "
            f"modest {swap_gib}G swapfile behind it lets the kernel page out cold anonymous "
            "memory instead of thrashing or killing services"
        )
    else:
        swap_gib = min(4, ram_gib, swap_cap)
        zram = True
        zram_percent = 50
        swap_reason = (
            f"no hibernation: zram first, a small {swap_gib}G swapfile as overflow for cold pages"
        )
    swap_size = f"{swap_gib}G"
    if space.compact:
        swap_size, _ = compact_swap(system_fs_bytes)
        swap_reason = (
            f"small disk: zram first, a {swap_size} swapfile as overflow for cold pages; more "
            "would crowd out the Nix store"
        )
    decisions.append(
        Decision(
            topic="swap",
            choice=f"swapfile {swap_size}" + (" + zram" if zram else ""),
            reason=swap_reason,
        )
    )

    # --- subvolumes -----------------------------------------------------------------------
    def subvol(spec: SubvolSpec, options: list[str], swapfile: str | None = None) -> Subvolume:
        return Subvolume(
            name=spec.name,
            mountpoint=spec.mountpoint,
            mount_options=[*options, *spec.vfs],
            nodatacow=spec.nodatacow,
            compression_property=spec.compression_property,
            swapfile_size=swapfile,
            reason=spec.reason,
        )

    system_specs: list[SubvolSpec] = [
        SubvolSpec("@root", "/", VFS_DEFAULT, "the root filesystem; snapshotted by snapper"),
        SubvolSpec(
            "@nix",
            "/nix",
            ["noatime", "nodev"],
            "the Nix store: rebuilt from the flake, so never snapshotted; noatime avoids a "
            "metadata write (and CoW) on every read of the store",
        ),
        SubvolSpec(
            "@log",
            "/var/log",
            VFS_DATA,
            "logs survive a rollback of @root, so you can read what went wrong",
        ),
        SubvolSpec(
            "@swap",
            SWAP_MOUNTPOINT,
            VFS_DATA,
            "swapfiles must be NOCOW and their subvolume cannot be snapshotted while swap is "
            "active: a dedicated subvolume, created with `btrfs filesystem mkswapfile` (which "
            "sets NOCOW and preallocates)",
        ),
        SubvolSpec(
            "@snapshots",
            "/.snapshots",
            VFS_DATA,
            "snapshots live beside, not inside, what they snapshot (snapshots are not "
            "recursive); snapper needs /.snapshots to be a subvolume",
        ),
    ]
    home = SubvolSpec(
        "@home",
        "/home",
        VFS_PRIVATE,
        "user data: its own subvolume so a root rollback does not roll back your files",
    )
    workload_specs: list[SubvolSpec] = []
    for workload in settings.workloads:
        specs = _WORKLOAD_SUBVOLUMES[workload]
        workload_specs.extend(s for s in specs if s not in workload_specs)
        if not specs:
            decisions.append(
                Decision(
                    topic=f"workload {workload}",
                    choice="no subvolume",
                    reason="hercules-ci-agent builds into /nix/store (already its own noatime, "
                    "compressed subvolume) and keeps only a small state directory",
                )
            )

    system_subvols: list[Subvolume] = []
    data_partition: Partition | None = None
    if data_disk is None:
        system_specs.insert(1, home)
        system_specs.extend(workload_specs)
    else:
        data_compression, data_reason = choose_compression(data_disk, profile)
        data_fs_options, _ = fs_options_for(data_disk, data_compression)
        if settings.class_ == "server":
            data_specs = [
                SubvolSpec("@srv", "/srv", VFS_PRIVATE, "service data on the second disk"),
                *workload_specs,
                SubvolSpec(
                    "@snapshots",
                    "/srv/.snapshots",
                    VFS_DATA,
                    "snapshots must be on the same filesystem as what they snapshot",
                ),
            ]
        else:
            vm = [s for s in workload_specs if s.name == "@libvirt-images"]
            workload_specs = [s for s in workload_specs if s not in vm]
            system_specs.extend(workload_specs)
            data_specs = [
                home,
                *vm,
                SubvolSpec(
                    "@snapshots",
                    "/home/.snapshots",
                    VFS_DATA,
                    "snapshots of @home must be on the same filesystem; snapper's home "
                    "config needs /home/.snapshots to be a subvolume",
                ),
            ]
        decisions.append(
            Decision(topic="compression (data disk)", choice=data_compression, reason=data_reason)
        )
        data_partition = Partition(
            name="data",
            type_code="8300",
            size="100%",
            content=Btrfs(
                label="data",
                extra_args=["-f", "-L", "data"],
                fs_options=data_fs_options,
                subvolumes=[subvol(s, data_fs_options) for s in data_specs],
            ),
            reason="the whole second disk as one Btrfs filesystem",
        )
    for spec in system_specs:
        system_subvols.append(subvol(spec, fs_options, swap_size if spec.name == "@swap" else None))
    for sub in system_subvols + (
        data_partition.content.subvolumes
        if data_partition is not None and isinstance(data_partition.content, Btrfs)
        else []
    ):
        if sub.nodatacow or sub.compression_property:
            what = "chattr +C" if sub.nodatacow else f"compression {sub.compression_property}"
            decisions.append(
                Decision(
                    topic=f"subvolume {sub.name}",
                    choice=f"{what} (file attribute, set in the postCreateHook)",
                    reason=sub.reason
                    + ". Mount options cannot do this per subvolume: nodatacow/compress are "
                    "filesystem-wide and the first mount wins",
                )
            )

    root_partition = Partition(
        name="root",
        type_code="8300",
        size="100%",
        content=Btrfs(
            label="nixos",
            extra_args=["-f", "-L", "nixos"],
            fs_options=fs_options,
            subvolumes=system_subvols,
        ),
        reason="the rest of the disk: one Btrfs filesystem with a flat subvolume layout ("
        + TOP_LEVEL_NOTE
        + ")",
    )
    disks = [
        DiskPlan(
            name="main",
            device=system_disk.stable_path,
            model=system_disk.model,
            size_bytes=system_disk.size_bytes,
            role="system",
            partitions=[*boot_parts, root_partition],
            reason=f"system disk: {disk_label(system_disk)}",
        )
    ]
    if data_disk is not None and data_partition is not None:
        disks.append(
            DiskPlan(
                name="data",
                device=data_disk.stable_path,
                model=data_disk.model,
                size_bytes=data_disk.size_bytes,
                role="data",
                partitions=[data_partition],
                reason=f"data disk: {disk_label(data_disk)}",
            )
        )
    for maybe in (system_disk, data_disk):
        if maybe is not None and maybe.by_id is None:
            warnings.append(
                f"{maybe.name} has no /dev/disk/by-id name in the report: using {maybe.device}, "
                "which can change if disks are added"
                + ("" if maybe.bus == "virtio" else "; prefer a by-id path")
            )

    resume_device = f"/dev/disk/by-partlabel/{root_partition.label('main')}"
    swapfile_path = f"{SWAP_MOUNTPOINT}/{SWAPFILE_NAME}"
    if hibernate:
        post_install.append(
            f"after the first boot, find the swapfile's resume offset with "
            f"`btrfs inspect-internal map-swapfile -r {swapfile_path}` (btrfs-progs ≥ 6.1; the "
            "value is already in pages) and set panther.power.hibernate.resumeOffset to it "
            "(boot.resumeDevice and resume_offset follow); it is only known once the file "
            "exists. On UEFI, systemd in the initrd usually finds the swapfile without it"
        )
        nixos["panther.power.hibernate.resumeOffset"] = "<from map-swapfile -r>"
        nixos["panther.power.hibernate.resumeDevice"] = f"{resume_device} (the default)"
    if zram:
        nixos["zramSwap.enable"] = "true"
        nixos["zramSwap.memoryPercent"] = str(zram_percent)
    if boot_mode == "uefi":
        nixos["boot.loader.systemd-boot.enable"] = "true"
    elif boot_mode == "bios":
        nixos["boot.loader.grub.enable"] = "true (disko sets grub.devices from the EF02 disk)"
    elif boot_mode == "extlinux":
        nixos["boot.loader.grub.enable"] = "false"
        nixos["boot.loader.generic-extlinux-compatible.enable"] = "true"
    else:
        nixos["boot.loader.grub.efiSupport"] = "true"
        nixos["boot.loader.grub.efiInstallAsRemovable"] = "true"
    if space.compact:
        limit = (
            "boot.loader.generic-extlinux-compatible.configurationLimit"
            if boot_mode == "extlinux"
            else "panther.boot.configurationLimit"
        )
        nixos[limit] = str(COMPACT_GENERATIONS)
        for period, keep in COMPACT_SNAPSHOTS.items():
            nixos[f"panther.storage.snapshots.keep.{period}"] = str(keep)
        nixos["nix.gc.automatic"] = "true"
        decisions.append(
            Decision(
                topic="generations and snapshots",
                choice=f"{COMPACT_GENERATIONS} boot entries; snapshots: "
                + ", ".join(f"{n} {p}" for p, n in COMPACT_SNAPSHOTS.items())
                + "; automatic garbage collection",
                reason="every generation and snapshot pins blocks a rebuild freed; on a small "
                "disk they, not your data, fill it (the ESP holds a kernel and initrd per boot "
                "entry)",
            )
        )
    if any(
        s.nodatacow
        for d in disks
        for p in d.partitions
        if isinstance(p.content, Btrfs)
        for s in p.content.subvolumes
    ):
        post_install.append(
            "nodatacow subvolumes are excluded from Btrfs checksums: back them up with the "
            "application's own dump tool, not by snapshot alone"
        )
    if "containers" in settings.workloads:
        nixos["virtualisation.containers.storage.settings.storage.driver"] = '"btrfs"'

    return StoragePlan(
        host=host,
        report=profile.source,
        settings=settings,
        boot_mode=boot_mode,
        bootloader=bootloader,
        compression=compression,
        disks=disks,
        swap=SwapPlan(
            swapfile_size=swap_size,
            swapfile_path=swapfile_path,
            zram=zram,
            zram_memory_percent=zram_percent,
            hibernate=hibernate,
            resume_device=resume_device if hibernate else None,
            reason=swap_reason,
        ),
        decisions=decisions,
        warnings=warnings,
        post_install=post_install,
        nixos_settings=nixos,
    )
