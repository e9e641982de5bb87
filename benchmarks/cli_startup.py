"""Median wall time of `panther --help` and `panther hosts` on the bundled fleet.

Target: both ≤ 250 ms on a 2-core machine. Run: `python benchmarks/cli_startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PANTHER = Path(sys.executable).parent / "panther"
TARGET_MS = 250.0


def median_ms(argv: list[str], runs: int) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    worst = 0.0
    for label, argv in (
        ("panther --help", [str(PANTHER), "--help"]),
        ("panther hosts", [str(PANTHER), "hosts"]),
        ("panther hosts --json", [str(PANTHER), "hosts", "--json"]),
    ):
        ms = median_ms(argv, args.runs)
        worst = max(worst, ms)
        verdict = "ok" if ms <= TARGET_MS else "OVER TARGET"
        print(f"{label:24} median {ms:7.1f} ms over {args.runs} runs  ({verdict})")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
