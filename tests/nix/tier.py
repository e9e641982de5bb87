"""Runs the evaluation tier (tests/nix/eval): every host through nixpkgs' real module system.

The tier needs checkouts that are not on a fresh machine; each comes from an environment
variable (tests/conftest.py fills them in from `.tier/<folder>`, see README "Tests"). When one
is missing the tests that need it skip and say which.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
TIER = REPO / "tests" / "nix" / "eval"
NIX = shutil.which("nix-instantiate")

# tier argument -> (environment variable, a file that proves the checkout)
INPUTS: dict[str, tuple[str, str]] = {
    "nixpkgsLib": ("PANTHER_NIXPKGS_LIB", "default.nix"),
    "disko": ("PANTHER_DISKO_SRC", "module.nix"),
    "opnix": ("PANTHER_OPNIX_SRC", "nix/module.nix"),
    "nixosHardware": ("PANTHER_NIXOS_HARDWARE_SRC", "flake.nix"),
    "homeManager": ("PANTHER_HOME_MANAGER_SRC", "modules/modules.nix"),
    "niri": ("PANTHER_NIRI_SRC", "settings.nix"),
    "dankMaterialShell": ("PANTHER_DANK_MATERIAL_SHELL_SRC", "distro/nix/home.nix"),
    "nixvim": ("PANTHER_NIXVIM_SRC", "modules/top-level/default.nix"),
}


def _locate(env: str, marker: str) -> Path | None:
    given = os.environ.get(env)
    if not given:
        return None
    # nixpkgs.lib checkouts hold lib/ inside; accept either.
    for path in (Path(given), Path(given) / "lib"):
        if (path / marker).is_file():
            return path
    return None


def sources() -> dict[str, Path] | str:
    """Every checkout the tier needs, or the reason it cannot run."""
    found: dict[str, Path] = {}
    missing: list[str] = []
    for arg, (env, marker) in INPUTS.items():
        path = _locate(env, marker)
        if path is None:
            missing.append(env)
        else:
            found[arg] = path
    if NIX is None:
        return "nix-instantiate is not installed"
    if missing:
        return "evaluation tier off: set " + ", ".join(missing)
    return found


def _skip_reason() -> str | None:
    found = sources()
    return found if isinstance(found, str) else None


needs_tier = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


def nix_string(text: str) -> str:
    return json.dumps(text).replace("${", "\\${")


def tier_expression(
    fleet_root: Path,
    *,
    probes: Iterable[str] = (),
    home_probes: Iterable[str] = (),
    extra_modules: Iterable[str] = (),
    extra_home_modules: Iterable[str] = (),
    select: str = "",
) -> str:
    found = sources()
    assert not isinstance(found, str), found
    args = "\n".join(f"    {arg} = {nix_string(str(path))};" for arg, path in found.items())
    probe_list = " ".join(nix_string(p) for p in probes)
    home_probe_list = " ".join(nix_string(p) for p in home_probes)
    modules = " ".join(f"({m})" for m in extra_modules)
    home_modules = " ".join(f"({m})" for m in extra_home_modules)
    return f"""
(import {nix_string(str(TIER))} {{
{args}
    fleetRoot = {nix_string(str(fleet_root))};
    frameworkRoot = {nix_string(str(REPO))};
    probes = [ {probe_list} ];
    homeProbes = [ {home_probe_list} ];
    extraModules = [ {modules} ];
    extraHomeModules = [ {home_modules} ];
}}){select}
"""


def run_tier(
    fleet_root: Path,
    *,
    probes: Iterable[str] = (),
    home_probes: Iterable[str] = (),
    extra_modules: Iterable[str] = (),
    extra_home_modules: Iterable[str] = (),
    select: str = ".hosts",
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    found = sources()
    assert not isinstance(found, str), found
    assert NIX is not None
    expr = tier_expression(
        fleet_root,
        probes=probes,
        home_probes=home_probes,
        extra_modules=extra_modules,
        extra_home_modules=extra_home_modules,
        select=select,
    )
    return subprocess.run(
        [
            NIX,
            "--eval",
            "--strict",
            "--json",
            "--option",
            "build-users-group",
            "",
            # opnix builds its package set with `import pkgs.path { … }`; the
            # stub package set finds nixpkgs' lib through this search path.
            "-I",
            f"nixpkgs-lib={found['nixpkgsLib']}",
            "--expr",
            expr,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def tier_json(fleet_root: Path, **kwargs: Any) -> Any:
    proc = run_tier(fleet_root, **kwargs)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)
