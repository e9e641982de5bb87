"""Measure Btrfs compression on a loop device: space used and write/read throughput.

Root only. A mixed corpus (by default files from /usr: binaries, libraries, text, locale
data, already-compressed docs) is held in memory, written to a fresh Btrfs filesystem per
algorithm, synced, measured with `btrfs filesystem df`, caches dropped, and read back. Loop
devices, mounts and the image are always removed (try/finally).
"""

from __future__ import annotations

import os
import platform
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pantheros.errors import InputError
from pantheros.storage import tools

DEFAULT_ROOTS = (
    "/usr/bin",
    "/usr/lib",
    "/usr/share/doc",
    "/usr/share/locale",
    "/usr/share/man",
    "/usr/include",
    "/usr/share",
)
DEFAULT_ALGORITHMS = ("none", "lzo", "zstd:1", "zstd:3", "zstd:6")
MIN_FILE = 512
MAX_FILE = 16 * 1024**2


class BenchRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    algorithm: str
    used_bytes: int  # data on disk after compression (btrfs filesystem df: Data used)
    ratio: float  # corpus bytes / used bytes
    write_seconds: float  # write + sync
    write_mb_s: float
    # CPU time all cores spent while writing (btrfs compresses in kernel worker threads, so
    # this is read from /proc/stat, not from this process)
    write_cpu_seconds: float
    read_seconds: float  # cold: after dropping caches
    read_mb_s: float


class BenchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    corpus_source: str
    corpus_files: int
    corpus_bytes: int
    rows: list[BenchRow]
    recommendation: str
    seconds: float
    cpu: str
    kernel: str
    note: str


def parse_size_arg(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", text, re.IGNORECASE)
    if not match:
        raise InputError(f"cannot read size {text!r}", location="--size", fix="e.g. 192M or 1G")
    unit = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[match.group(2).upper()]
    size = int(match.group(1)) * unit
    if not 4 * 1024**2 <= size <= 4 * 1024**3:
        raise InputError("corpus size out of range", location="--size", fix="use 4M to 4G")
    return size


def _walk(root: Path) -> Iterator[Path]:
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if not path.is_symlink():
                yield path


def collect_corpus(size_bytes: int, roots: list[Path]) -> list[bytes]:
    """Files from several trees, round-robin so the mix is not all one kind."""
    walkers = [_walk(root) for root in roots if root.is_dir()]
    data: list[bytes] = []
    total = 0
    seen: set[tuple[int, int]] = set()
    while walkers and total < size_bytes:
        for walker in list(walkers):
            path = next(walker, None)
            if path is None:
                walkers.remove(walker)
                continue
            try:
                stat = path.stat()
                if not (MIN_FILE <= stat.st_size <= MAX_FILE) or (stat.st_dev, stat.st_ino) in seen:
                    continue
                seen.add((stat.st_dev, stat.st_ino))
                content = path.read_bytes()
            except OSError:
                continue
            data.append(content)
            total += len(content)
            if total >= size_bytes:
                break
    return data


def _ram_dir(image_size: int) -> Path | None:
    """/dev/shm when it is a tmpfs with room for the image and twice the corpus to spare."""
    shm = Path("/dev/shm")
    try:
        stats = os.statvfs(shm)
    except OSError:
        return None
    return shm if stats.f_bavail * stats.f_frsize > image_size + 2 * 1024**3 else None


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} x{os.cpu_count()}"
    except OSError:
        pass
    return f"{platform.processor() or 'unknown CPU'} x{os.cpu_count()}"


def _cpu_busy_seconds() -> float:
    """Busy CPU time of the whole machine so far (user+nice+system+irq+softirq), seconds."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _measure(algorithm: str, loop: str, mnt: Path, corpus: list[bytes], total: int) -> BenchRow:
    tools.mkfs_btrfs(loop, ["-f", "-q"])
    options = ["noatime"] + ([f"compress={algorithm}"] if algorithm != "none" else [])
    tools.mount(loop, mnt, options)
    try:
        busy = _cpu_busy_seconds()
        start = time.perf_counter()
        for index, content in enumerate(corpus):
            folder = mnt / f"d{index // 200:03d}"
            if index % 200 == 0:
                folder.mkdir()
            (folder / f"f{index:06d}").write_bytes(content)
        os.sync()
        tools.filesystem_sync(mnt)
        write_seconds = time.perf_counter() - start
        write_cpu = _cpu_busy_seconds() - busy
        used = tools.filesystem_df_data_used(mnt)
        tools.drop_caches()
        start = time.perf_counter()
        read = 0
        for index in range(len(corpus)):
            read += len((mnt / f"d{index // 200:03d}" / f"f{index:06d}").read_bytes())
        read_seconds = time.perf_counter() - start
        assert read == total
    finally:
        tools.umount(mnt)
    mb = total / 1e6
    return BenchRow(
        algorithm=algorithm,
        used_bytes=used,
        ratio=total / used if used else 0.0,
        write_seconds=write_seconds,
        write_mb_s=mb / write_seconds,
        write_cpu_seconds=write_cpu,
        read_seconds=read_seconds,
        read_mb_s=mb / read_seconds,
    )


def _best(old: BenchRow | None, new: BenchRow) -> BenchRow:
    if old is None:
        return new
    return BenchRow(
        algorithm=new.algorithm,
        used_bytes=min(old.used_bytes, new.used_bytes),
        ratio=max(old.ratio, new.ratio),
        write_seconds=min(old.write_seconds, new.write_seconds),
        write_mb_s=max(old.write_mb_s, new.write_mb_s),
        write_cpu_seconds=min(old.write_cpu_seconds, new.write_cpu_seconds),
        read_seconds=min(old.read_seconds, new.read_seconds),
        read_mb_s=max(old.read_mb_s, new.read_mb_s),
    )


def recommend(rows: list[BenchRow]) -> str:
    by = {r.algorithm: r for r in rows}
    if "zstd:1" not in by or "zstd:3" not in by or "none" not in by:
        best = max(rows, key=lambda r: r.ratio)
        return f"{best.algorithm} (best ratio of those measured)"
    none, z1, z3 = by["none"], by["zstd:1"], by["zstd:3"]
    saved1 = 1 - z1.used_bytes / none.used_bytes
    saved3 = 1 - z3.used_bytes / none.used_bytes
    text = (
        f"zstd:1 saves {saved1:.0%} of the space for {z1.write_cpu_seconds:.1f} CPU-s; zstd:3 "
        f"saves {saved3:.0%} for {z3.write_cpu_seconds:.1f} CPU-s"
    )
    if "lzo" in by:
        saved_lzo = 1 - by["lzo"].used_bytes / none.used_bytes
        text += f"; lzo saves {saved_lzo:.0%} for {by['lzo'].write_cpu_seconds:.1f} CPU-s"
    text += f" (none: {none.write_cpu_seconds:.1f} CPU-s)"
    if saved3 - saved1 >= 0.05 and z3.write_cpu_seconds <= 1.25 * z1.write_cpu_seconds:
        return f"zstd:3 — {text}: the extra saving is worth its cost here"
    return (
        f"zstd:1 for fast disks and shared CPUs, zstd:3 only where the disk is slower than "
        f"zstd:3 compresses (HDD, SATA) — {text}"
    )


def run_bench(
    *,
    size_bytes: int = 384 * 1024**2,
    corpus_dir: Path | None = None,
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS,
    progress: Callable[[str], None] | None = None,
    image_dir: Path | None = None,
    rounds: int = 2,
) -> BenchResult:
    """Run the benchmark. The image lives in RAM (/dev/shm) when it fits, so write speed
    shows what compression costs the CPU rather than how fast this machine's disk is."""
    tools.require_root("panther storage bench")
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    if corpus_dir is not None and not corpus_dir.is_dir():
        raise InputError("not a directory", location=str(corpus_dir), fix="pass a folder of files")
    roots = [corpus_dir] if corpus_dir is not None else [Path(r) for r in DEFAULT_ROOTS]
    corpus = collect_corpus(size_bytes, roots)
    total = sum(len(c) for c in corpus)
    if total == 0:
        raise InputError("no files to use", location=str(corpus_dir or "/usr"), fix="pass --corpus")
    say(f"corpus: {len(corpus)} files, {total / 2**20:.0f} MiB")
    rows: list[BenchRow] = []
    image_size = max(1024**3, 3 * total + 512 * 1024**2)
    where = image_dir or _ram_dir(image_size)
    # A mount namespace of our own: a namespace made elsewhere meanwhile (nix, a build
    # sandbox, a systemd unit) cannot pin the filesystem, which would make the next round's
    # mkfs.btrfs fail with "Device or resource busy" (tools.private_mounts).
    with (
        tempfile.TemporaryDirectory(prefix="panther-bench-", dir=where) as tmp,
        tools.private_mounts(),
    ):
        image = Path(tmp) / "bench.img"
        mnt = Path(tmp) / "mnt"
        mnt.mkdir()
        with image.open("wb") as handle:
            handle.truncate(image_size)
        loop = tools.loop_attach(image, partscan=False, direct_io=True)
        try:
            # Best of `rounds`, in alternating order: the machine may be busy with other work.
            best: dict[str, BenchRow] = {}
            for round_number in range(rounds):
                order = algorithms if round_number % 2 == 0 else tuple(reversed(algorithms))
                for algorithm in order:
                    row = _measure(algorithm, loop, mnt, corpus, total)
                    best[algorithm] = _best(best.get(algorithm), row)
                    say(f"round {round_number + 1}: {algorithm} done")
            rows = [best[a] for a in algorithms]
        finally:
            if os.path.ismount(mnt):
                tools.umount(mnt, lazy=True)
            tools.loop_detach(loop)
    return BenchResult(
        corpus_source=str(corpus_dir) if corpus_dir else "files under /usr",
        corpus_files=len(corpus),
        corpus_bytes=total,
        rows=rows,
        recommendation=recommend(rows),
        seconds=time.perf_counter() - started,
        cpu=_cpu_name(),
        kernel=platform.release(),
        note=(
            "image in RAM (/dev/shm): write speed is bounded by compression on this CPU, as on "
            "a fast NVMe"
            if where is not None and str(where).startswith("/dev/shm")
            else f"image on {where or tempfile.gettempdir()}: speeds include that disk"
        ),
    )
