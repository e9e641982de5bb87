"""Start-up of panther against the floor for any Python CLI doing the same job.

The floor is this interpreter reading the example's fleet.toml with tomllib and printing it as
JSON. Every command is run interleaved with it (floor, command, floor, command, …) so that load
on the machine hits both alike; the figure is each command's median over the floor's median.

Measured: `panther hosts --json` with a current snapshot (what scripts and shell completion
run), the same without one (the full load: pydantic models and every check), `--help`, and
`panther validate` on the example (target: 0.5 s). Goal: hosts --json within 3x the floor.

Run: `python benchmarks/cli_startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "fleet"
PANTHER = Path(sys.executable).parent / "panther"
FLOOR = (
    "import json, sys, tomllib\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    print(json.dumps(tomllib.load(f), indent=2))\n"
)


def once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=EXAMPLE, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    cache = Path(tempfile.mkdtemp(prefix="panther-bench-cache-"))
    warm = {**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(cache)}
    floor_argv = [sys.executable, "-c", FLOOR, str(EXAMPLE / "fleet.toml")]
    commands: list[tuple[str, list[str], bool]] = [
        ("hosts --json (snapshot)", [str(PANTHER), "hosts", "--json"], True),
        ("hosts --json (full load)", [str(PANTHER), "hosts", "--json"], False),
        ("--help", [str(PANTHER), "--help"], True),
        ("validate", [str(PANTHER), "validate"], True),
    ]
    once([str(PANTHER), "hosts", "--json"], warm)  # writes the snapshot
    floors: list[float] = []
    results: dict[str, list[float]] = {label: [] for label, _, _ in commands}
    try:
        for _ in range(args.runs):
            for label, argv, use_snapshot in commands:
                floors.append(once(floor_argv, warm))
                env = warm
                if not use_snapshot:
                    env = {**warm, "XDG_CACHE_HOME": tempfile.mkdtemp(dir=cache)}
                results[label].append(once(argv, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    floor = statistics.median(floors)
    print(f"{'floor (python: tomllib + json)':32} median {floor:7.1f} ms")
    verdict = 0
    for label, times in results.items():
        ms = statistics.median(times)
        ratio = ms / floor
        note = ""
        if label == "hosts --json (snapshot)":
            note = "ok (goal <= 3x)" if ratio <= 3 else "OVER GOAL (3x)"
            verdict |= ratio > 3
        if label == "validate":
            note = "ok (goal <= 500 ms)" if ms <= 500 else "OVER GOAL (500 ms)"
            verdict |= ms > 500
        print(f"{label:32} median {ms:7.1f} ms  {ratio:4.1f}x floor  {note}")
    return int(verdict)


if __name__ == "__main__":
    sys.exit(main())
