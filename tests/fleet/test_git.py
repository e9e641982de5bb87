"""A fleet in git: what panther writes is staged, and what the flake would miss is named.

Nix reads a flake in a git work tree from git, so an untracked host is invisible to
`nix build`, a deploy and nixos-anywhere. These tests use real git and the real CLI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import FACTER_DIR, run_panther, tree_digest

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 sam@x"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def tracked(root: Path) -> set[str]:
    done = subprocess.run(
        ["git", "-C", str(root), "ls-files"], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = tmp_path / "mine"
    done = run_panther("init", str(root), "--user", "sam", "--ssh-key", KEY)
    assert done.returncode == 0, done.stderr
    return root


def test_init_and_host_add_stage_what_they_write(fleet: Path) -> None:
    assert tracked(fleet) == {".gitignore", "flake.nix", "fleet.toml"}
    report = FACTER_DIR / "contabo-vps.json"
    done = run_panther("host", "add", "box", "--report", str(report), "--fleet", str(fleet))
    assert done.returncode == 0, done.stderr
    assert "git add" in done.stdout
    assert {"hosts/box/default.nix", "hosts/box/disko.nix", "hosts/box/facter.json"} <= tracked(
        fleet
    )
    checked = run_panther("validate", "--json", "--fleet", str(fleet))
    codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
    assert "untracked-in-git" not in codes


def test_what_the_flake_would_miss_is_an_error_and_stops_deploy_and_install(
    fleet: Path,
) -> None:
    report = FACTER_DIR / "contabo-vps.json"
    done = run_panther("host", "add", "box", "--report", str(report), "--fleet", str(fleet))
    assert done.returncode == 0, done.stderr
    (fleet / "hosts" / "box" / "extra.nix").write_text("{ }\n")  # made by hand, not added
    (fleet / "NOTES.md").write_text("not read by the flake\n")
    (fleet / ".panther").mkdir()
    (fleet / ".panther" / "state.json").write_text("{}\n")  # panther's own, gitignored

    checked = run_panther("validate", "--json", "--fleet", str(fleet))
    assert checked.returncode == 1
    [finding] = [
        f for f in json.loads(checked.stdout)["findings"] if f["code"] == "untracked-in-git"
    ]
    assert finding["severity"] == "error" and finding["location"] == "hosts/box/extra.nix"
    assert "NOTES.md" not in finding["message"] and ".panther" not in finding["message"]
    assert finding["fix"].startswith("git add hosts/box/extra.nix")

    before = tree_digest(fleet)
    deploy = run_panther(
        "deploy", "box", "--dry-run", "--accept-new-host-key", "--fleet", str(fleet)
    )
    assert deploy.returncode == 2
    assert "not tracked by git" in deploy.stderr and "hosts/box/extra.nix" in deploy.stderr
    install = run_panther(
        "install", "box", "--target", "root@203.0.113.7", "--dry-run", "--fleet", str(fleet)
    )
    assert install.returncode == 2
    assert "installing box" in install.stderr and "git add hosts/box/extra.nix" in install.stderr
    assert tree_digest(fleet) == before

    subprocess.run(["git", "-C", str(fleet), "add", "hosts/box/extra.nix"], check=True)
    checked = run_panther("validate", "--json", "--fleet", str(fleet))
    codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
    assert "untracked-in-git" not in codes


def test_outside_git_nothing_is_staged_or_demanded(tmp_path: Path) -> None:
    # A fleet copied somewhere without git (a path: flake): nothing about git applies.
    root = tmp_path / "plain"
    done = run_panther("init", str(root), "--user", "sam", "--ssh-key", KEY)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(root / ".git")
    report = FACTER_DIR / "contabo-vps.json"
    done = run_panther("host", "add", "box", "--report", str(report), "--fleet", str(root))
    assert done.returncode == 0 and "git add" not in done.stdout
    checked = run_panther("validate", "--json", "--fleet", str(root))
    codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
    assert "untracked-in-git" not in codes
