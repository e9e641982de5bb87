"""Which disk holds the system and which holds data, judged by what each disk is.

Bus and kind come first (NVMe, SATA, virtual, then USB and eMMC, then SD cards), size only
last: a 16 GB eMMC or a 10 GB VPS disk is a fine system disk, and a 128 GB SD card is not a
place for /home. Below `MIN_SYSTEM_BYTES` no NixOS fits, whatever the disk is.
"""

from __future__ import annotations

from pantheros.errors import InputError
from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.storage.model import Decision

GIB = 1024**3
# NixOS's closure is 2-3 GiB; a rebuild needs room for a second one before the first is
# collected. Below this the system cannot update itself.
MIN_SYSTEM_BYTES = 6 * GIB
BUS_RANK = {"nvme": 0, "sata": 1, "virtio": 2, "scsi": 2, "usb": 3, "mmc": 3, "other": 3}


def _rank(disk: Disk) -> tuple[int, bool, bool, bool, int]:
    # eMMC before USB before SD cards; SSD before HDD; between equals the smaller disk (the
    # system is bounded by garbage collection, user data is not).
    sd_card = disk.bus == "mmc" and disk.removable
    return (BUS_RANK[disk.bus], disk.removable, sd_card, bool(disk.rotational), disk.size_bytes)


def pick_disks(
    profile: HardwareProfile, decisions: list[Decision]
) -> tuple[Disk, Disk | None, list[Disk]]:
    """(system disk, data disk or None, disks left alone)."""
    usable = [d for d in profile.disks if d.size_bytes >= MIN_SYSTEM_BYTES]
    for disk in profile.disks:
        if disk not in usable:
            decisions.append(
                Decision(
                    topic="disks",
                    choice=f"leave {disk.name} alone",
                    reason=f"{disk.size_bytes / GIB:.1f} GiB is below the "
                    f"{MIN_SYSTEM_BYTES // GIB} GiB a NixOS system needs",
                )
            )
    if not usable:
        largest = max(profile.disks, key=lambda d: d.size_bytes, default=None)
        has = (
            f" (the largest, {largest.name}, has {largest.size_bytes / GIB:.1f} GiB)"
            if largest is not None
            else ""
        )
        raise InputError(
            f"no disk of at least {MIN_SYSTEM_BYTES // GIB} GiB in the hardware report{has}: "
            "NixOS and one rebuild do not fit in less",
            location=profile.source,
            fix="give the machine a bigger disk (an 8 GB or larger SD card or USB disk on a "
            "board, a 10 GB or larger VPS plan), or check the report (USB sticks beside an "
            "internal disk, zram and card readers are ignored)",
        )
    ranked = sorted(usable, key=_rank)
    system = ranked[0]
    rest = []
    for disk in ranked[1:]:
        if disk.removable:
            decisions.append(
                Decision(
                    topic="disks",
                    choice=f"leave {disk_label(disk)} alone",
                    reason="removable (SD card or USB disk): data on it leaves with it",
                )
            )
        else:
            rest.append(disk)
    rest.sort(key=lambda d: -d.size_bytes)
    data = rest[0] if rest else None
    return system, data, rest[1:]


def system_disk_reason(system: Disk, data: Disk) -> str:
    if BUS_RANK[system.bus] < BUS_RANK[data.bus] or (not system.rotational and data.rotational):
        return (
            f"The system goes on the faster disk ({system.bus}"
            f"{', SSD' if system.rotational is False else ''}): the Nix store, builds and "
            "swap want low latency; bulk data tolerates the slower one"
        )
    if system.removable or (system.bus == "mmc") != (data.bus == "mmc"):
        return (
            f"The system goes on the {system.bus} disk the machine boots from; the other "
            "one holds data"
        )
    return (
        "Both disks are the same kind, so the system goes on the smaller one: its size is "
        "bounded by Nix garbage collection, while user data only grows"
    )


def disk_label(disk: Disk) -> str:
    return f"{disk.model or disk.bus} {disk.size_bytes / 1e9:.0f} GB ({disk.name})"
