"""Static facts about flake.nix that hold without fetching anything.

flake.nix is a plain attribute set, so nix-instantiate can read its inputs and nixConfig.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .nixeval import needs_nix, nix_json

REPO = Path(__file__).resolve().parents[2]

pytestmark = needs_nix


@pytest.fixture(scope="module")
def flake() -> dict:
    return nix_json(f'builtins.removeAttrs (import {REPO}/flake.nix) [ "outputs" ]')


def test_inputs(flake: dict) -> None:
    inputs = flake["inputs"]
    expected = {
        "nixpkgs", "flake-parts", "home-manager", "disko", "nixos-hardware",
        "opnix", "deploy-rs", "nix-unit", "git-hooks",
        "niri", "dank-material-shell", "nixvim",
    }  # fmt: skip
    assert set(inputs) == expected
    assert inputs["nixpkgs"]["url"] == "github:NixOS/nixpkgs/nixos-unstable"


def test_inputs_are_on_named_branches(flake: dict) -> None:
    for name, spec in flake["inputs"].items():
        if name == "flake-parts":
            continue  # its default branch; it follows our nixpkgs for lib
        url = spec["url"]
        assert url.startswith("github:") and url.count("/") == 2, f"{name}: {url}"


def test_inputs_follow_our_nixpkgs(flake: dict) -> None:
    for name, spec in flake["inputs"].items():
        if name in {"nixpkgs", "nixos-hardware"}:
            continue  # nixos-hardware has no inputs
        follows = spec.get("inputs", {})
        assert "nixpkgs" in follows or "nixpkgs-lib" in follows, name
        ours = follows.get("nixpkgs", follows.get("nixpkgs-lib"))
        assert ours["follows"] == "nixpkgs", name


def test_the_framework_names_no_cache(flake: dict) -> None:
    # A fleet's cache (URL and key) belongs in its fleet.toml, not in PantherOS's flake.
    assert "nixConfig" not in flake


def test_every_folder_flake_module_is_imported() -> None:
    text = (REPO / "flake.nix").read_text()
    for module in REPO.glob("**/flake-module.nix"):
        rel = module.relative_to(REPO).as_posix()
        if rel.startswith((".git/", ".venv/")):
            continue
        assert f"./{rel}" in text, f"{rel} is not imported by flake.nix"
