"""The space budget of a small system disk: a 10 GB VPS plan, a 16 GB SD card or eMMC.

Below `COMPACT_BELOW_BYTES` the planner shrinks what it reserves (ESP, swapfile), skips
hibernation, and asks the host to keep fewer boot entries and snapshots, because on such a
disk old generations and snapshots, not data, are what fills it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pantheros.hardware.profile import Disk

GIB = 1024**3
MIB = 1024**2
COMPACT_BELOW_BYTES = 24 * GIB
# systemd-boot copies a kernel and an initrd per generation onto the ESP; an NVIDIA initrd
# alone can pass 100 MiB, so 1 GiB holds about ten generations with room to spare.
ESP_SIZE, ESP_BYTES = "1G", GIB
# Five generations of a headless system's kernel and initrd (30-60 MiB each) fit in 512 MiB,
# the size storage check starts to warn below.
COMPACT_ESP_SIZE, COMPACT_ESP_BYTES = "512M", 512 * MIB
COMPACT_GENERATIONS = 5
# snapper timeline limits (panther.storage.snapshots.keep.*) on a small disk: snapshots pin
# every block a rebuild or update frees.
COMPACT_SNAPSHOTS = {"daily": 3, "weekly": 2, "monthly": 0}


@dataclass(frozen=True)
class Budget:
    compact: bool
    esp_size: str
    esp_bytes: int
    reason: str


def budget(system: Disk) -> Budget:
    gib = system.size_bytes / GIB
    if system.size_bytes >= COMPACT_BELOW_BYTES:
        return Budget(False, ESP_SIZE, ESP_BYTES, f"{gib:.1f} GiB: the full layout fits")
    return Budget(
        True,
        COMPACT_ESP_SIZE,
        COMPACT_ESP_BYTES,
        f"{gib:.1f} GiB system disk, under {COMPACT_BELOW_BYTES // GIB} GiB: a compact layout "
        f"(ESP {COMPACT_ESP_SIZE}, a small swapfile, no hibernation, "
        f"{COMPACT_GENERATIONS} boot entries, few snapshots), since on a disk this size old "
        "generations and snapshots are what fills it",
    )


def compact_swap(system_fs_bytes: int) -> tuple[str, int]:
    """A small swapfile (behind zram) for a compact disk: half a GiB below 12 GiB, else 1."""
    if system_fs_bytes < 12 * GIB:
        return "512M", 512 * MIB
    return "1G", GIB
