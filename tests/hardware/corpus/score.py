"""Score profiles against the corpus's expected facts.

Written against the profile's JSON (`model_dump`), with every newer field optional, so the same
scorer measures an older panther too (benchmarks/hw_accuracy.py runs it on the base commit).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cases import CASES, Case

Profile = dict[str, Any]


@dataclass(frozen=True)
class Check:
    case: str
    category: str
    fact: str
    expected: Any
    got: Any

    @property
    def ok(self) -> bool:
        return bool(self.expected == self.got)


def facts(profile: Profile, plan: str) -> dict[str, Any]:
    disks = profile.get("disks", [])
    return {
        "form_factor": profile.get("form_factor"),
        "boot_mode": profile.get("boot_mode"),
        "provider": profile.get("provider"),
        "vm_host": profile.get("vm_host"),
        "modules": profile.get("nixos_hardware_modules"),
        "exact": profile.get("nixos_hardware_exact"),
        "disks": [d.get("name") for d in disks],
        "buses": [d.get("bus") for d in disks],
        "rotational": [d.get("rotational") for d in disks],
        "removable": [d.get("removable", False) for d in disks],
        "convertible": profile.get("convertible"),
        "hybrid": profile.get("hybrid_graphics"),
        "passthrough": sorted(
            g.get("vendor") for g in profile.get("gpus", []) if g.get("passthrough")
        ),
        "plan": plan,
    }


def profile_of(raw: str, name: str) -> Profile:
    """The profile `hw show --json` prints for a report."""
    from pantheros.hardware.derive import profile_report
    from pantheros.hardware.read import parse_report

    return profile_report(parse_report(raw, name), name).model_dump(mode="json")


def plan_of(raw: str, name: str) -> str:
    """ "ok", or "refused" (an input error): `storage plan` with the host's default class."""
    from pantheros.errors import InputError
    from pantheros.hardware.derive import profile_report
    from pantheros.hardware.profile import default_host_class
    from pantheros.hardware.read import parse_report
    from pantheros.storage.model import StorageSettings
    from pantheros.storage.planner import plan_storage

    profile = profile_report(parse_report(raw, name), name)
    settings = StorageSettings.model_validate({"class": default_host_class(profile.form_factor)})
    try:
        plan_storage(profile, settings)
    except InputError:
        return "refused"
    return "ok"


def score(
    profile_of: Callable[[str, str], Profile] = profile_of,
    plan_of: Callable[[str, str], str] = plan_of,
    cases: list[Case] = CASES,
) -> list[Check]:
    """One Check per expected fact; a case that fails to profile misses all its facts."""
    checks: list[Check] = []
    for case in cases:
        raw = json.dumps(case.report)
        try:
            got = facts(profile_of(raw, case.name), plan_of(raw, case.name))
        except Exception as exc:  # an older panther may refuse a shape: every fact is a miss
            got = {key: f"error: {type(exc).__name__}" for key in case.expect}
        for fact, expected in case.expect.items():
            checks.append(Check(case.name, case.category, fact, expected, got.get(fact)))
    return checks


def summary(checks: list[Check]) -> dict[str, tuple[int, int]]:
    """category → (right, total), plus "all"."""
    out: dict[str, tuple[int, int]] = {}
    for check in checks:
        for key in (check.category, "all"):
            right, total = out.get(key, (0, 0))
            out[key] = (right + check.ok, total + 1)
    return out
