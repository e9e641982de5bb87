"""The held-out style corpus (tests/hardware/corpus): every expected fact holds.

benchmarks/hw_accuracy.py prints the same checks as shares per category, for this panther or
an older one.
"""

from __future__ import annotations

import pytest

from .corpus.cases import CASES, Case
from .corpus.fresh import FRESH
from .corpus.score import score, summary


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


@pytest.mark.parametrize("case", CASES + FRESH, ids=[c.name for c in CASES + FRESH])
def test_expected_facts(case: Case) -> None:
    wrong = [c for c in score(cases=[case]) if not c.ok]
    assert not wrong, [(c.fact, c.expected, c.got) for c in wrong]


def test_the_fresh_set_is_apart_from_the_corpus() -> None:
    assert len(FRESH) >= 15
    assert not {c.name for c in FRESH} & {c.name for c in CASES}


def test_summary_counts_every_fact() -> None:
    checks = score()
    right, total = summary(checks)["all"]
    assert total == sum(len(c.expect) for c in CASES)
    assert right == total
