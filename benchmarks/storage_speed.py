"""Benchmark: storage plan, disko render and check speed (not a test; run it by hand).

    .venv/bin/python benchmarks/storage_speed.py [--runs 200]

1. plan: median time of `plan_storage` + `disko.render` for each real report's profile, after
   imports and profiling. Target: <= 50 ms.
2. check: median wall time of `check_file` on the rendered file, including the real
   `nix-instantiate` evaluation. Target: <= 1 s.
3. CLI: median wall time of `panther storage plan --report R --json` and
   `panther storage check --disko F --report R` as processes (imports included), for reference.

Reports are read from ../shared/fixtures/facter (or $PANTHER_SHARED/fixtures/facter).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pantheros.storage.check import check_file
from pantheros.storage.disko import header_for, render
from pantheros.storage.inputs import load_profile, report_device_names, settings_for
from pantheros.storage.planner import plan_storage

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PANTHER_SHARED", REPO.parent / "shared"))
FACTER = SHARED / "fixtures" / "facter"
PANTHER = Path(sys.executable).parent / "panther"
NAMES = ("zephyrus", "yoga", "hetzner-vps", "contabo-vps")
PLAN_TARGET_MS = 50.0
CHECK_TARGET_MS = 1000.0


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(name: str, tmp: Path, runs: int, check_runs: int) -> bool:
    report = FACTER / f"{name}.json"
    profile = load_profile(report)
    settings = settings_for(profile, None, workloads=["containers", "postgresql", "attic"])

    def plan_and_render() -> str:
        plan = plan_storage(profile, settings)
        return render(plan, header=header_for(plan, "bench"))

    plan_ms = median_ms(plan_and_render, runs)
    path = tmp / f"{name}.nix"
    path.write_text(plan_and_render())
    names = report_device_names(report)
    check_ms = median_ms(
        lambda: check_file(path, profile, settings, device_names=names), check_runs
    )
    plan_argv = [str(PANTHER), "storage", "plan", "--report", str(report), "--json"]
    check_argv = [str(PANTHER), "storage", "check", "--disko", str(path), "--report", str(report)]
    cli_plan = median_ms(
        lambda: subprocess.run(plan_argv, stdout=subprocess.DEVNULL, check=True), 5
    )
    cli_check = median_ms(
        lambda: subprocess.run(check_argv, stdout=subprocess.DEVNULL, check=False), 5
    )
    plan_ok = plan_ms <= PLAN_TARGET_MS
    check_ok = check_ms <= CHECK_TARGET_MS
    print(
        f"{name:12} plan+render {plan_ms:6.2f} ms ({'ok' if plan_ok else 'OVER'})  "
        f"check {check_ms:6.1f} ms ({'ok' if check_ok else 'OVER'})  "
        f"CLI plan {cli_plan:6.1f} ms  CLI check {cli_check:6.1f} ms"
    )
    return plan_ok and check_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--check-runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(name, Path(tmp), args.runs, args.check_runs) for name in NAMES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
