"""Benchmark: wall time of `panther storage bench` with the default corpus (root only).

    sudo .venv/bin/python benchmarks/storage_bench.py

Target: <= 90 s on a 2-core machine. Prints the command's table and JSON-derived summary,
then checks that no loop device was left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

PANTHER = Path(sys.executable).parent / "panther"
TARGET_S = 90.0


def loops() -> set[str]:
    """Loop devices backed by a bench image (other programs' loop devices come and go)."""
    out = subprocess.run(
        ["losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if "/panther-bench-" in line}


def main() -> int:
    if os.geteuid() != 0:
        print("storage_bench.py needs root (loop devices, mounts)", file=sys.stderr)
        return 2
    before = loops()
    start = time.perf_counter()
    done = subprocess.run(
        [str(PANTHER), "storage", "bench", "--json"], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    result = json.loads(done.stdout)
    for row in result["rows"]:
        print(
            f"{row['algorithm']:7} used {row['used_bytes'] / 2**20:7.1f} MiB  ratio "
            f"{row['ratio']:.2f}  write {row['write_mb_s']:5.0f} MB/s "
            f"({row['write_cpu_seconds']:.1f} CPU-s)  read {row['read_mb_s']:5.0f} MB/s"
        )
    print(f"corpus {result['corpus_files']} files, {result['corpus_bytes'] / 2**20:.0f} MiB")
    print(f"recommendation: {result['recommendation']}")
    leaked = bool(loops() - before)
    verdict = "ok" if seconds <= TARGET_S else "OVER TARGET"
    print(f"wall time {seconds:.1f} s ({verdict}); loop devices {'LEAKED' if leaked else 'clean'}")
    return 0 if seconds <= TARGET_S and not leaked else 1


if __name__ == "__main__":
    sys.exit(main())
