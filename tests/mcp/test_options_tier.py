"""The index's names and types against nixpkgs' real module system (the evaluation tier).

With a checkout of nixpkgs' lib, the same modules are evaluated by lib.evalModules (declarations
only, tests/nix/eval/options-only.nix) and documented by lib.optionAttrSetToDocList, as the
NixOS manual is: every option and every type's wording must be what options.json says.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pantheros.mcp import options_gen
from pantheros.mcp.options_index import load
from tests.conftest import REPO
from tests.nix.nixeval import NIX, nix_json


def _lib() -> Path | None:
    given = os.environ.get("PANTHER_NIXPKGS_LIB")
    if not given:
        return None
    for path in (Path(given), Path(given) / "lib"):
        if (path / "types.nix").is_file():
            return path
    return None


REAL_DOCS = """
let
  lib = import LIB;
  optionsOnly = import OPTIONS_ONLY { inherit lib; };
  evaluated = lib.evalModules {
    modules = map optionsOnly [ FILES ] ++ [
      { _module.check = false; _module.args = { pkgs = { }; inputs = { }; }; }
    ];
  };
in
map (o: { inherit (o) name type; }) (
  builtins.filter (o: lib.hasPrefix "panther." o.name && o.visible && !o.internal) (
    lib.optionAttrSetToDocList evaluated.options
  )
)
"""


@pytest.mark.skipif(
    _lib() is None or NIX is None, reason="set PANTHER_NIXPKGS_LIB (README, Tests) and install Nix"
)
def test_names_and_types_are_nixpkgs_own() -> None:
    expression = (
        REAL_DOCS.replace("LIB", str(_lib()))
        .replace("OPTIONS_ONLY", str(REPO / "tests" / "nix" / "eval" / "options-only.nix"))
        .replace("FILES", " ".join(str(p) for p in options_gen.module_files(REPO)))
    )
    real = {o["name"]: o["type"] for o in nix_json(expression)}
    ours = {o.name: o.type for o in load().options}
    assert json.dumps(ours, indent=1, sort_keys=True) == json.dumps(real, indent=1, sort_keys=True)
