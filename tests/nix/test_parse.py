"""Every .nix file in the repository parses with `nix-instantiate --parse`.

Parsing also catches undefined variables (outside `with`), so a typo in a module's arguments
fails here and not only on the first `nix flake check`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NIX = shutil.which("nix-instantiate")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "result", ".direnv", "__pycache__"}


def nix_files() -> list[Path]:
    found = []
    for path in sorted(REPO.rglob("*.nix")):
        rel = path.relative_to(REPO)
        if any(part in SKIP_DIRS or part.startswith("result") for part in rel.parts[:-1]):
            continue
        found.append(path)
    return found


FILES = nix_files()


def test_there_are_nix_files() -> None:
    assert any(p.name == "flake.nix" for p in FILES) or FILES, "no .nix files found"


@pytest.mark.skipif(
    NIX is None, reason="nix-instantiate is not installed, so .nix files cannot be parsed"
)
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REPO)) for p in FILES])
def test_parses(path: Path) -> None:
    assert NIX is not None
    proc = subprocess.run(
        [NIX, "--parse", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, f"{path.relative_to(REPO)}:\n{proc.stderr}"
