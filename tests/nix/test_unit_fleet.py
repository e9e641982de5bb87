"""Run the builtins-only groups of tests/nix/unit.nix (`fleet`, `profiles`) with nix-instantiate.

nix-unit runs the whole file in `nix flake check`; here there is no nixpkgs, so these groups run
against a tiny stand-in for nixpkgs' lib made of builtins. The fleet is a copy of
the repository's inventory, with stand-in hardware reports for hosts that have none yet.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .nixeval import needs_nix, nix_json

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "fleet"

pytestmark = needs_nix

# Just enough of nixpkgs' lib for the `fleet` group.
STUB_LIB = """{
  mapAttrs = builtins.mapAttrs;
  filterAttrs = pred: set: builtins.listToAttrs (builtins.concatMap
    (name: if pred name set.${name} then [ { inherit name; value = set.${name}; } ] else [ ])
    (builtins.attrNames set));
  sort = builtins.sort;
  lessThan = a: b: a < b;
  concatMap = builtins.concatMap;
  length = builtins.length;
  attrNames = builtins.attrNames;
  elem = builtins.elem;
  # What the profiles use; mkDefault as nixpkgs' lib makes it.
  mkDefault = content: { _type = "override"; priority = 1000; inherit content; };
}"""

RUNNER = """
let
  lib = STUB_LIB;
  fleet = import REPO/lib/fleet.nix { root = ROOT; };
  suite = import REPO/tests/nix/unit.nix {
    inherit lib;
    root = ROOT;
    pantheros = { inherit fleet; nixosConfigurations = { }; deploy = { }; };
  };
  run = name: t:
    if t ? expectedError then
      let r = builtins.tryEval (builtins.deepSeq t.expr t.expr); in
      { ok = !r.success; got = null; want = "an error"; }
    else
      { ok = t.expr == t.expected; got = t.expr; want = t.expected; };
in
{ fleet = builtins.mapAttrs run suite.fleet; profiles = builtins.mapAttrs run suite.profiles; }
"""


def copy_fleet(dest: Path) -> Path:
    shutil.copy(EXAMPLE / "fleet.toml", dest / "fleet.toml")
    shutil.copytree(REPO / "profiles", dest / "profiles")
    for host_dir in (EXAMPLE / "hosts").iterdir():
        if not host_dir.is_dir():
            continue
        target = dest / "hosts" / host_dir.name
        target.mkdir(parents=True)
        shutil.copy(host_dir / "default.nix", target / "default.nix")
        report = host_dir / "facter.json"
        if report.exists():
            shutil.copy(report, target / "facter.json")
        else:
            (target / "facter.json").write_text(
                json.dumps({"version": 1, "system": "x86_64-linux"})
            )
    return dest


def test_fleet_group_of_unit_nix(tmp_path: Path) -> None:
    root = copy_fleet(tmp_path)
    expr = (
        RUNNER.replace("STUB_LIB", STUB_LIB).replace("REPO", str(REPO)).replace("ROOT", str(root))
    )
    groups = nix_json(expr, timeout=120)
    assert len(groups["fleet"]) >= 8
    assert len(groups["profiles"]) >= 5
    failed = {
        f"{group}.{name}": r
        for group, results in groups.items()
        for name, r in results.items()
        if not r["ok"]
    }
    assert not failed, json.dumps(failed, indent=2)
