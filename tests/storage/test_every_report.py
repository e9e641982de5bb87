"""Every report `hw show` accepts gets a storage plan that disko's own types accept and that
`storage check` passes: the corpus (tests/hardware/corpus), the synthetic and trimmed reports
and the real ones.

A report is only refused a plan when it has no disk NixOS fits on (the corpus marks those
`plan = "refused"`); the refusal is an input error with a fix, never a crash.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.nix import cli as nix
from pantheros.storage import conformance
from pantheros.storage.check import check_file
from pantheros.storage.disko import render
from pantheros.storage.inputs import load_profile, report_device_names, settings_for
from pantheros.storage.planner import plan_storage
from tests.conftest import REAL_REPORTS, real_report
from tests.hardware.corpus.cases import CASES as CORPUS
from tests.hardware.corpus.fresh import FRESH
from tests.hardware.helpers import SYNTHETIC, TRIMMED

CASES = CORPUS + FRESH
pytestmark = pytest.mark.skipif(not nix.available(), reason="nix-instantiate is not installed")

REFUSED = {c.name for c in CASES if c.expect.get("plan") == "refused"}
FILES = {
    **{f"synthetic/{p.stem}": p for p in sorted(SYNTHETIC.glob("*.json"))},
    **{f"trimmed/{p.stem}": p for p in sorted(TRIMMED.glob("*.json"))},
    **{f"real/{name}": real_report(name) for name in REAL_REPORTS},
}
REPORTS = [f"corpus/{c.name}" for c in CASES] + sorted(FILES)


def report_path(which: str, tmp_path: Path) -> Path:
    kind, _, name = which.partition("/")
    if kind != "corpus":
        path = FILES[which]
        if not path.is_file():
            # As everywhere in the suite: the real reports are required, never skipped.
            pytest.fail(f"{path} missing (set PANTHER_SHARED)")
        return path
    case = next(c for c in CASES if c.name == name)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(case.report))
    return path


@pytest.mark.parametrize("which", REPORTS)
def test_the_plan_passes_disko_and_storage_check(which: str, tmp_path: Path) -> None:
    path = report_path(which, tmp_path)
    profile = load_profile(path)  # what hw show reads
    settings = settings_for(profile, None)  # what storage plan decides without a fleet
    refusal_expected = which in {f"corpus/{name}" for name in REFUSED}
    try:
        plan = plan_storage(profile, settings)
    except InputError as refused:
        assert refusal_expected or not profile.disks, (which, refused.message)
        assert refused.fix
        return
    assert not refusal_expected, which
    disko = tmp_path / "disko.nix"
    disko.write_text(render(plan))
    sources = conformance.sources()
    if conformance.missing_reason() is None and sources is not None:
        evaluated = conformance.disko_evaluate(disko, *sources)
        assert "/" in evaluated.file_systems and "/nix" in evaluated.file_systems
    decided = settings.model_copy(update={"hibernate": plan.swap.hibernate})
    result = check_file(disko, profile, decided, device_names=report_device_names(path))
    errors = [f"{f.code}: {f.message}" for f in result.findings if f.severity == "error"]
    assert not errors, which
