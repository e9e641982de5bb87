"""The held-out style corpus (tests/hardware/corpus): every expected fact holds.

benchmarks/hw_accuracy.py prints the same checks as shares per category, for this panther or
an older one.
"""

from __future__ import annotations

from typing import Any

import pytest

from pantheros.errors import InputError
from pantheros.hardware.derive import profile_report
from pantheros.hardware.profile import default_host_class
from pantheros.hardware.read import parse_report
from pantheros.storage.model import StorageSettings
from pantheros.storage.planner import plan_storage

from .corpus.cases import CASES, Case
from .corpus.score import score, summary


def profile_of(raw: str, name: str) -> dict[str, Any]:
    return profile_report(parse_report(raw, name), name).model_dump(mode="json")


def plan_of(raw: str, name: str) -> str:
    profile = profile_report(parse_report(raw, name), name)
    settings = StorageSettings.model_validate({"class": default_host_class(profile.form_factor)})
    try:
        plan_storage(profile, settings)
    except InputError:
        return "refused"
    return "ok"


def test_the_corpus_is_broad() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    categories = {c.category for c in CASES}
    assert categories == {
        "nixos-hardware",
        "form factor",
        "boot mode",
        "disks",
        "small disks",
        "provider",
        "shapes",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_facts(case: Case) -> None:
    wrong = [c for c in score(profile_of, plan_of, [case]) if not c.ok]
    assert not wrong, [(c.fact, c.expected, c.got) for c in wrong]


def test_summary_counts_every_fact() -> None:
    checks = score(profile_of, plan_of)
    right, total = summary(checks)["all"]
    assert total == sum(len(c.expect) for c in CASES)
    assert right == total
