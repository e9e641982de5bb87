"""Benchmark: reading + profiling nixos-facter reports (not a test; run it by hand).

    .venv/bin/python benchmarks/hw_profile.py [--facter-dir DIR] [--count 1000]

1. Median time to read and profile one ~150 KB report (the largest real one), after imports.
   Target: <= 30 ms.
2. Time to profile a directory of 1,000 reports made from the real ones with small variations
   (serials, sizes, DIMMs, chassis, disks dropped). Target: <= 10 s.

The real reports are read from ../shared/fixtures/facter (or $PANTHER_SHARED/fixtures/facter);
they are never copied into the repository, only varied into a temporary folder.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pantheros.hardware.derive import profile_report
from pantheros.hardware.read import read_report

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = Path(os.environ.get("PANTHER_SHARED", REPO.parent / "shared")) / "fixtures" / "facter"


def vary(report: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A plausible sibling of a real report: other serials, sizes, memory and chassis."""
    doc = copy.deepcopy(report)
    hardware = doc.get("hardware", {})
    for disk in hardware.get("disk", []):
        serial = f"{rng.getrandbits(48):012X}"
        disk["serial"] = serial
        disk["unix_device_names"] = [
            n.rsplit("_", 1)[0] + f"_{serial}" if "/by-id/" in n and "_" in n else n
            for n in disk.get("unix_device_names", [])
        ]
        for resource in disk.get("resources", []):
            if resource.get("type") == "size":
                gigabytes = rng.choice([250, 500, 1000, 2000, 4000])
                resource["value_1"] = gigabytes * 10**9 // resource.get("value_2", 512)
    if hardware.get("disk") and rng.random() < 0.2:
        hardware["disk"] = hardware["disk"][:1]
    for device in doc.get("smbios", {}).get("memory_device", []):
        device["size"] = rng.choice([4, 8, 16, 32]) * 1024 * 1024
    chassis = doc.get("smbios", {}).get("chassis")
    if isinstance(chassis, list) and chassis and rng.random() < 0.3:
        doc["smbios"]["chassis"] = chassis[0]  # the pre-2025 single-object shape
    if rng.random() < 0.3:
        doc["uefi"] = {"supported": rng.random() < 0.5}
    return doc


def profile_file(path: Path) -> None:
    profile_report(read_report(path), str(path))


def bench_single(path: Path, rounds: int) -> float:
    profile_file(path)  # warm caches (known-model table, regexes)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        profile_file(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_directory(sources: list[Path], count: int, seed: int) -> tuple[float, int]:
    rng = random.Random(seed)
    reports = [json.loads(p.read_text()) for p in sources]
    with tempfile.TemporaryDirectory(prefix="panther-bench-") as folder:
        root = Path(folder)
        for i in range(count):
            doc = vary(reports[i % len(reports)], rng)
            (root / f"report-{i:04d}.json").write_text(json.dumps(doc))
        files = sorted(root.glob("*.json"))
        start = time.perf_counter()
        for path in files:
            profile_file(path)
        return time.perf_counter() - start, sum(p.stat().st_size for p in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facter-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    sources = sorted(args.facter_dir.glob("*.json"))
    if not sources:
        print(f"no reports in {args.facter_dir} (set PANTHER_SHARED)", file=sys.stderr)
        return 2
    largest = max(sources, key=lambda p: p.stat().st_size)
    single = bench_single(largest, args.rounds)
    total, size = bench_directory(sources, args.count, args.seed)
    print(
        f"one report ({largest.name}, {largest.stat().st_size / 1000:.0f} KB): "
        f"median {single * 1000:.2f} ms over {args.rounds} runs (target <= 30 ms)"
    )
    print(
        f"{args.count} reports ({size / 1e6:.0f} MB): {total:.2f} s, "
        f"{total / args.count * 1000:.2f} ms each (target <= 10 s)"
    )
    return 0 if single <= 0.030 and total <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
