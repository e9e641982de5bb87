"""panther.editor.level -> the editor's training wheels (lib/editor-levels.nix), with nix-instantiate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .nixeval import needs_nix, nix_eval, nix_json

REPO = Path(__file__).resolve().parents[2]
LEVELS = REPO / "lib" / "editor-levels.nix"

pytestmark = needs_nix


def level(name: str) -> dict[str, Any]:
    result: dict[str, Any] = nix_json(f'(import {LEVELS}).for "{name}"')
    return result


def test_the_levels() -> None:
    assert nix_json(f"(import {LEVELS}).levels") == ["beginner", "intermediate", "advanced"]


def test_beginner_is_strict() -> None:
    beginner = level("beginner")
    hardtime = beginner["hardtime"]
    assert hardtime["enable"] is True
    assert hardtime["settings"]["restriction_mode"] == "block"  # jjjj is blocked
    assert hardtime["settings"]["max_count"] == 2
    assert hardtime["settings"]["disable_mouse"] is True
    # Arrow keys stay off: hardtime's own disabled_keys, not re-allowed.
    assert "disabled_keys" not in hardtime["settings"]
    assert beginner["mouse"] == ""
    assert beginner["precognition"] == {"enable": True, "settings": {"startVisible": True}}
    assert beginner["whichKey"]["delay"] == 0
    assert all(beginner["whichKey"]["plugins"]["presets"].values())  # shows everything


def test_intermediate_relaxes() -> None:
    intermediate = level("intermediate")
    hardtime = intermediate["hardtime"]
    assert hardtime["enable"] is True
    assert hardtime["settings"]["restriction_mode"] == "hint"
    assert hardtime["settings"]["disable_mouse"] is False
    # `false` re-allows a key hardtime disables by default.
    assert hardtime["settings"]["disabled_keys"] == {
        key: {"__raw": "false"} for key in ("<Up>", "<Down>", "<Left>", "<Right>")
    }
    assert intermediate["mouse"] == "nvi"
    assert intermediate["precognition"]["settings"]["startVisible"] is False
    assert intermediate["whichKey"]["delay"] > 0
    assert intermediate["whichKey"]["plugins"]["presets"]["motions"] is False


def test_advanced_takes_the_training_wheels_off() -> None:
    advanced = level("advanced")
    assert advanced["hardtime"]["enable"] is False
    assert advanced["precognition"]["enable"] is False
    assert advanced["mouse"] == "nvi"


def test_each_level_is_gentler_than_the_one_before() -> None:
    delays = [level(n)["whichKey"]["delay"] for n in ("beginner", "intermediate", "advanced")]
    assert delays == sorted(delays) and len(set(delays)) == 3


def test_an_unknown_level_names_the_choices() -> None:
    proc = nix_eval(f'(import {LEVELS}).for "expert"')
    assert proc.returncode != 0
    assert '"expert" is not one of beginner, intermediate, advanced' in proc.stderr
