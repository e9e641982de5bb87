"""validate reads a committed flake.lock and refuses an opnix too old for PantherOS."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pantheros.fleet.lockfile import OPNIX_MIN_DATE, lock_findings

from ..conftest import run_panther
from .test_cli import make_fleet


def lock(opnix_modified: int, node: str = "opnix") -> str:
    return json.dumps(
        {
            "nodes": {
                "root": {"inputs": {"opnix": node}},
                node: {
                    "locked": {"lastModified": opnix_modified, "repo": "opnix"},
                    "original": {"owner": "brizzbuzz", "repo": "opnix", "type": "github"},
                },
            },
            "root": "root",
            "version": 7,
        }
    )


def test_no_lock_no_finding(tmp_path: Path) -> None:
    assert lock_findings(tmp_path) == []


def test_opnix_from_before_v0_11_is_an_error_that_says_how_to_update(tmp_path: Path) -> None:
    (tmp_path / "flake.lock").write_text(lock(OPNIX_MIN_DATE - 86400, node="opnix_2"))
    [finding] = lock_findings(tmp_path)
    assert finding.severity == "error" and finding.code == "opnix-too-old"
    assert finding.location == "flake.lock: nodes.opnix_2"
    assert "nix flake update opnix_2" in finding.fix


def test_opnix_v0_11_or_later_is_fine(tmp_path: Path) -> None:
    (tmp_path / "flake.lock").write_text(lock(OPNIX_MIN_DATE))
    assert lock_findings(tmp_path) == []


def test_validate_reports_an_old_opnix_as_a_finding(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    (root / "flake.lock").write_text(lock(1_700_000_000))
    done = run_panther("validate", "--json", "--fleet", str(root))
    assert done.returncode == 1
    codes = [f["code"] for f in json.loads(done.stdout)["findings"]]
    assert "opnix-too-old" in codes


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        json_values,
        st.text(max_size=40),
        st.fixed_dictionaries({"nodes": st.dictionaries(st.text(max_size=6), json_values)}),
        st.fixed_dictionaries(
            {
                "nodes": st.dictionaries(
                    st.text(max_size=6),
                    st.fixed_dictionaries(
                        {
                            "original": st.one_of(
                                json_values,
                                st.just({"owner": "brizzbuzz", "repo": "opnix"}),
                            ),
                            "locked": st.one_of(
                                json_values, st.fixed_dictionaries({"lastModified": json_values})
                            ),
                        }
                    ),
                )
            }
        ),
    )
)
def test_any_lock_content_gives_findings_never_an_exception(tmp_path_factory, content) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("lock")
    text = content if isinstance(content, str) else json.dumps(content)
    (root / "flake.lock").write_text(text)
    for finding in lock_findings(root):
        assert finding.location.startswith("flake.lock")
