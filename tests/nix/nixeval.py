"""The Nix tests' one way to evaluate an expression with the real nix-instantiate."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

NIX = shutil.which("nix-instantiate")
needs_nix = pytest.mark.skipif(NIX is None, reason="nix-instantiate is not installed")


def nix_eval(expr: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Evaluate strictly to JSON; the caller looks at the exit code and output."""
    assert NIX is not None
    return subprocess.run(
        [NIX, "--eval", "--strict", "--json", "--expr", expr],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def nix_json(expr: str, timeout: float = 60) -> Any:
    """Evaluate and decode; the evaluation must succeed."""
    proc = nix_eval(expr, timeout)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
