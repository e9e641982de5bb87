"""Both halves read fleet.toml: the flake's lib/fleet.nix and panther must derive the same hosts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic.alias_generators import to_camel

from pantheros.fleet.load import load
from pantheros.nix.cli import eval_json

from ..conftest import EXAMPLE, REPO
from .test_cli import make_fleet
from .test_load import GOOD

pytestmark = pytest.mark.skipif(not shutil.which("nix-instantiate"), reason="needs Nix")


def nix_hosts(root: Path) -> object:
    lib = REPO / "lib" / "fleet.nix"
    return eval_json(f"(import {lib} {{ root = {root}; }}).hosts")


def python_hosts(root: Path) -> dict[str, dict[str, object]]:
    fleet = load(root / "fleet.toml")
    return {
        info.name: {to_camel(k): v for k, v in info.model_dump(by_alias=True).items()}
        for info in fleet.infos()
    }


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        GOOD.replace('tailnet = "t.ts.net"\n', ""),
        GOOD + "optional = true\nhibernate = false\n",
    ],
)
def test_same_metadata_for_a_fleet(tmp_path: Path, text: str) -> None:
    root = make_fleet(tmp_path / "f", text)
    assert nix_hosts(root) == python_hosts(root)


def test_same_metadata_for_the_example_fleet() -> None:
    assert nix_hosts(EXAMPLE) == python_hosts(EXAMPLE)


def test_same_allowed_values() -> None:
    from typing import get_args

    from pantheros.fleet.model import HOST_CLASSES, WORKLOADS, BootMode, System

    schema = eval_json(f"import {REPO / 'lib' / 'schema.nix'}")
    assert schema == {
        "classes": list(HOST_CLASSES),
        "systems": list(get_args(System)),
        "workloads": list(WORKLOADS),
        "bootModes": list(get_args(BootMode)),
    }
