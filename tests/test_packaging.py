"""The wheel ships the example fleet, so a fresh install runs read-only commands at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built wheel, unpacked as pip would install it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("pantheros-*.whl")
    site = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def panther(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PANTHER_FLEET"}
    # Only the unpacked wheel provides pantheros; dependencies come from this environment.
    env["PYTHONPATH"] = str(site)
    code = "import sys; sys.path.insert(0, sys.argv.pop(1)); from pantheros.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-I", "-c", code, str(site), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_wheel_contains_the_example_fleet_and_the_template(installed: Path) -> None:
    example = installed / "pantheros" / "_example"
    source = REPO / "examples" / "fleet"
    assert (example / "fleet.toml").read_bytes() == (source / "fleet.toml").read_bytes()
    assert (example / "flake.nix").is_file()
    assert sorted(p.name for p in (example / "hosts").iterdir()) == sorted(
        p.name for p in (source / "hosts").iterdir() if p.is_dir()
    )
    template = installed / "pantheros" / "_template"
    assert (template / "flake.nix").read_bytes() == (
        REPO / "templates" / "fleet" / "flake.nix"
    ).read_bytes()
    assert (template / ".gitignore").is_file()


def test_installed_panther_uses_the_bundled_example(installed: Path, tmp_path: Path) -> None:
    done = panther(installed, tmp_path, "hosts", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["example"] is True
    assert Path(data["path"]).is_relative_to(installed / "pantheros" / "_example")
    assert len(data["hosts"]) == 5
    assert "showing the bundled example" in done.stderr


def test_installed_example_validates(installed: Path, tmp_path: Path) -> None:
    done = panther(installed, tmp_path, "validate")
    assert done.returncode == 0, done.stdout + done.stderr


def test_wheel_contains_the_option_index(installed: Path) -> None:
    """`panther mcp`'s search_options reads it; a wheel has no modules/ to make it from."""
    index = installed / "pantheros" / "mcp" / "options.json"
    assert index.read_bytes() == (REPO / "src" / "pantheros" / "mcp" / "options.json").read_bytes()
    assert (installed / "pantheros" / "mcp" / "declared_options.nix").is_file()
