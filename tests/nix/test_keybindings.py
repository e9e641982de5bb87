"""The keybinding table (lib/keybindings.nix) and what is made from it, with nix-instantiate.

One table gives niri's binds, Zellij's keybinds and Neovim's keymaps; docs/keybindings.md shows
the same table. No layer may use one key for two actions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .nixeval import needs_nix, nix_eval, nix_json

REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "lib" / "keybindings.nix"

pytestmark = needs_nix


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    result: dict[str, Any] = nix_json(
        f"let k = import {TABLE}; in {{ inherit (k) rows layers conflicts niri zellij nixvim markdown; }}"
    )
    return result


def test_no_two_actions_share_a_key_in_a_layer(keys: dict[str, Any]) -> None:
    assert keys["layers"] == ["desktop", "terminal", "editor"]
    assert keys["conflicts"] == {"desktop": {}, "terminal": {}, "editor": {}}


def test_the_check_finds_a_clash_however_the_key_is_written() -> None:
    clashes = nix_json(
        f"""let k = import {TABLE}; in k.conflictsIn (k.rows ++ [
          {{ action = "again"; what = "x"; desktop = "mod+h"; terminal = "ALT H"; editor = "gd"; }}
        ])"""
    )
    assert clashes["desktop"] == {"mod+h": ["focus-left", "again"]}
    assert clashes["terminal"] == {"alt h": ["focus-left", "again"]}
    assert clashes["editor"] == {"n gd": ["definition", "again"]}
    # Neovim tells case apart: K (hover) is not k.
    assert (
        nix_json(
            f"""let k = import {TABLE}; in k.conflictsIn [
          {{ action = "a"; what = "a"; editor = "K"; }} {{ action = "b"; what = "b"; editor = "k"; }}
        ]"""
        )["editor"]
        == {}
    )


def test_every_row_is_described_and_named_once(keys: dict[str, Any]) -> None:
    names = [row["action"] for row in keys["rows"]]
    assert len(names) == len(set(names))
    for row in keys["rows"]:
        assert row["what"], row
        assert any(layer in row for layer in keys["layers"]), row
        # A mapped key belongs to its layer.
        assert "niri" not in row or "desktop" in row, row
        assert "zellij" not in row or "terminal" in row, row
        assert "nvim" not in row or "editor" in row, row


def test_the_same_letters_mean_the_same_in_every_layer(keys: dict[str, Any]) -> None:
    rows = {row["action"]: row for row in keys["rows"]}
    for direction, letter in (("left", "h"), ("down", "j"), ("up", "k"), ("right", "l")):
        focus, move = rows[f"focus-{direction}"], rows[f"move-{direction}"]
        assert focus["desktop"] == f"Mod+{letter.upper()}"
        assert focus["terminal"] == f"Alt {letter}"
        assert focus["editor"] == f"<C-w>{letter}"
        # Shift moves instead of focusing.
        assert move["desktop"] == f"Mod+Shift+{letter.upper()}"
        assert move["terminal"] == f"Alt Shift {letter}"
        assert move["editor"] == f"<C-w>{letter.upper()}"


def test_niri_binds_are_niri_flake_settings(keys: dict[str, Any]) -> None:
    binds = keys["niri"]
    desktop_rows = [row for row in keys["rows"] if "niri" in row]
    assert len(binds) == len(desktop_rows)
    for bind in binds.values():
        assert len(bind["action"]) == 1  # one action, as niri-flake's binds.<key>.action takes it
        assert bind["hotkey-overlay"]["title"]
    assert binds["Mod+Shift+N"]["action"] == {
        "spawn": ["dms", "ipc", "call", "notifications", "toggleDoNotDisturb"]
    }
    assert binds["Mod+T"]["action"] == {"spawn": ["ghostty"]}
    assert binds["XF86AudioMute"]["allow-when-locked"] is True
    assert binds["Mod+Q"]["repeat"] is False
    assert "repeat" not in binds["Mod+H"]


def test_zellij_keybinds_work_in_every_mode(keys: dict[str, Any]) -> None:
    kdl = keys["zellij"]
    assert kdl.startswith("keybinds {\n    shared {\n")
    binds = re.findall(r'^        bind "([^"]+)" \{ (.+) \}$', kdl, re.MULTILINE)
    terminal_rows = [row for row in keys["rows"] if "zellij" in row]
    assert len(binds) == len(terminal_rows)
    assert ("Alt h", 'MoveFocusOrTab "Left";') in binds
    assert all(action.endswith(";") for _, action in binds)
    assert kdl.count("{") == kdl.count("}")


def test_neovim_keymaps_carry_their_description(keys: dict[str, Any]) -> None:
    maps = {m["key"]: m for m in keys["nixvim"]}
    assert maps["<leader>ff"] == {
        "mode": "n",
        "key": "<leader>ff",
        "action": "<cmd>Telescope find_files<CR>",
        "options": {"desc": "Find an application / a file"},
    }
    # Neovim's own keys are documented, not mapped.
    assert "<C-w>h" not in maps and "K" not in maps


def test_the_documented_table_is_the_table(keys: dict[str, Any]) -> None:
    doc = (REPO / "docs" / "keybindings.md").read_text()
    assert keys["markdown"] in doc, "docs/keybindings.md: paste the table from lib/keybindings.nix"


def test_the_table_needs_only_builtins() -> None:
    proc = nix_eval(f"builtins.length (import {TABLE}).rows")
    assert proc.returncode == 0, proc.stderr
