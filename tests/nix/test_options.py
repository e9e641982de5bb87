"""Every panther.* option that profiles, hosts and tests set is declared by a module.

Without nixpkgs the NixOS module system cannot run here, so this reads the option
declarations of modules/nixos/*.nix with a stand-in for nixpkgs' lib that only records where
options are declared, and compares them with what the profiles and hosts set. A typo such as
`panther.storage.snapshot.interval` fails here instead of on the first full evaluation.
"""

from __future__ import annotations

from pathlib import Path

from .nixeval import needs_nix, nix_json

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "fleet"

pytestmark = needs_nix

# The NixOS modules, and the personal options they share with home-manager
# (modules/home/options, which modules/nixos/home.nix and desktop.nix import).
MODULES = sorted(
    p
    for folder in (REPO / "modules" / "nixos", REPO / "modules" / "home" / "options")
    for p in folder.glob("*.nix")
    if p.name != "default.nix"
)
SETTERS = sorted([*(REPO / "profiles").glob("*.nix"), *(EXAMPLE / "hosts").glob("*/default.nix")])

EXPR = r"""
let
  inherit (builtins) attrNames concatMap concatStringsSep isAttrs mapAttrs foldl';
  ty = { __functor = self: _: self; };
  types = {
    str = ty; bool = ty; lines = ty; port = ty; package = ty; raw = ty;
    listOf = _: ty; nullOr = _: ty; enum = _: ty; attrsOf = _: ty; submodule = _: ty;
    ints = { unsigned = ty; positive = ty; between = _: _: ty; };
  };
  declaredHere = { _option = true; };
  lib = {
    inherit types mapAttrs;
    mkOption = _: declaredHere;
    mkEnableOption = _: declaredHere;
    mkDefault = x: x;
    mkForce = x: x;
    literalMD = x: x;
    literalExpression = x: x;
  };
  config = {
    panther.host.hibernate = true;
    panther.secrets.vault = "vault";
    panther.fleet.tailnet = "example.ts.net";
    services.onepassword-secrets.secretPaths = { };
  };
  args = { inherit config lib; options = { }; pkgs = { }; inputs = { nixos-hardware.nixosModules = { }; }; };

  merge = a: b: a // mapAttrs (n: v:
    if a ? ${n} && isAttrs v && !(v ? _option) && !(a.${n} ? _option) then merge a.${n} v else v) b;
  declared = foldl' merge { } (map (f: (import f args).options or { }) MODULES);

  unknown = decl: path: v:
    if decl ? _option then [ ]
    else if isAttrs v then
      concatMap (n:
        if decl ? ${n} then unknown decl.${n} (path ++ [ n ]) v.${n}
        else [ (concatStringsSep "." (path ++ [ n ])) ]) (attrNames v)
    else [ (concatStringsSep "." path) ];

  settersOf = f: let m = import f; in if builtins.isFunction m then m args else m;
in
{
  declared = attrNames declared.panther;
  unknown = mapAttrs (name: f: unknown declared.panther [ "panther" ] ((settersOf f).panther or { })) SETTERS;
  vmCommon = unknown declared.panther [ "panther" ] ((import REPO/tests/nix/vm/common.nix {
    baseModules = [ ]; profile = null; name = "vm"; class = "server"; snakeOilPublicKey = "key";
  }) args).panther;
}
"""


def run() -> dict:
    setters = " ".join(f'"{p.relative_to(REPO)}" = {p};' for p in SETTERS)
    expr = (
        EXPR.replace("MODULES", "[ " + " ".join(str(p) for p in MODULES) + " ]")
        .replace("SETTERS", "{ " + setters + " }")
        .replace("REPO", str(REPO))
    )
    return nix_json(expr)


def test_modules_declare_their_areas() -> None:
    declared = set(run()["declared"])
    assert {
        "storage", "backup", "security", "network", "secrets", "containers", "nix", "users",
        "desktop", "monitoring", "boot", "power", "bluetooth", "headless", "host", "fleet",
        "audio", "home", "editor", "shell", "ai", "packages",
    } <= declared  # fmt: skip


def test_profiles_and_hosts_only_set_declared_options() -> None:
    result = run()
    assert result["unknown"] == {name: [] for name in result["unknown"]}
    assert result["vmCommon"] == []
