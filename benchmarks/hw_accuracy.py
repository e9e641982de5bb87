"""Accuracy: the share of expected facts the hardware profile gets right on the held-out style
corpus (tests/hardware/corpus), per category (not a test; run it by hand).

    .venv/bin/python benchmarks/hw_accuracy.py [--fresh] [--misses] [--json]

--fresh scores corpus/fresh.py, a set written after the rules and measured before any rule
changed for it.

It uses whichever `pantheros` is importable, and only what older releases had too
(parse_report, profile_report, plan_storage), so it measures an older panther as well:

    git archive BASE src | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base/src .venv/bin/python benchmarks/hw_accuracy.py

A fact an older profile has no field for (vm_host, removable) counts as a miss, as does a
report it refuses or a plan that raises.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(1, str(REPO))  # the corpus lives with the tests; pantheros stays first

from tests.hardware.corpus.cases import CASES  # noqa: E402
from tests.hardware.corpus.fresh import FRESH  # noqa: E402
from tests.hardware.corpus.score import plan_of, score, summary  # noqa: E402


def tolerant_plan_of(raw: str, name: str) -> str:
    try:
        return plan_of(raw, name)
    except Exception as exc:  # an older planner may not know a bus or form factor
        return f"error: {type(exc).__name__}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong fact")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--fresh", action="store_true", help="the later set (corpus/fresh.py) instead of cases.py"
    )
    args = parser.parse_args()
    cases = FRESH if args.fresh else CASES
    checks = score(plan_of=tolerant_plan_of, cases=cases)
    totals = summary(checks)
    import pantheros.hardware.derive as derive

    where = Path(derive.__file__).resolve().parents[2]
    if args.json:
        print(json.dumps({k: {"right": r, "total": t} for k, (r, t) in totals.items()}))
        return 0
    print(f"pantheros from {where}; {len(cases)} reports, {totals['all'][1]} expected facts")
    for category, (right, total) in sorted(totals.items(), key=lambda kv: kv[0] == "all"):
        print(f"  {category:16} {right:4}/{total:<4} {100 * right / total:5.1f}%")
    if args.misses:
        for check in checks:
            if not check.ok:
                print(f"  miss {check.case}: {check.fact} = {check.got!r}, want {check.expected!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
