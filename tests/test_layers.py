"""Imports point down: areas never reach up into the operations that compose them.

cli, mcp        faces (render, serve)
ops             operations composing several areas (host add, validate, deploy, install)
storage, ssh    areas
hardware, nix   areas below storage
fleet           the inventory, below everything
errors, files, findings, proc, resources   shared helpers
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "pantheros"
# What each package may import from pantheros (besides itself and the shared helpers).
ALLOWED = {
    "fleet": {"nix"},  # validate's parse check lives in nix.cli, a thin runner
    "nix": set(),
    "hardware": {"fleet", "nix"},
    "storage": {"fleet", "hardware", "nix"},
    "ssh": set(),
    "ops": {"fleet", "hardware", "nix", "storage", "ssh"},
    "mcp": {"fleet", "hardware", "nix", "storage", "ssh", "ops", "cli"},
    "cli": {"fleet", "hardware", "nix", "storage", "ssh", "ops", "mcp"},
}
SHARED = {"errors", "files", "findings", "proc", "resources", "__init__", "__version__", ""}


def imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "pantheros":
                found.add(parts[1] if len(parts) > 1 else "")
                if len(parts) == 1:
                    found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "pantheros" and len(parts) > 1:
                    found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_what_is_below_it(package: str) -> None:
    wrong = {}
    for path in sorted((SRC / package).rglob("*.py")):
        bad = imported(path) - ALLOWED[package] - SHARED - {package}
        if bad:
            wrong[str(path.relative_to(SRC))] = sorted(bad)
    assert wrong == {}, f"imports that point up: {wrong}"
