"""The real `panther hosts` and `panther validate` commands, as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import run_panther, tree_digest
from .test_load import GOOD

REPORT = json.dumps({"version": 1, "system": "x86_64-linux", "hardware": {}})


def make_fleet(root: Path, text: str = GOOD, hosts: tuple[str, ...] = ("alpha", "beta")) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "fleet.toml").write_text(text)
    systems = {"alpha": "x86_64-linux", "beta": "aarch64-linux"}
    for name in hosts:
        folder = root / "hosts" / name
        folder.mkdir(parents=True)
        (folder / "default.nix").write_text('{ ... }:\n{\n  networking.domain = "example";\n}\n')
        (folder / "facter.json").write_text(REPORT.replace("x86_64-linux", systems[name]))
    profiles = root / "profiles"
    profiles.mkdir()
    for klass in ("laptop", "server"):
        (profiles / f"{klass}.nix").write_text("{ ... }:\n{ }\n")
    return root


def test_hosts_json_has_a_stable_schema(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    done = run_panther("hosts", "--json", "--fleet", str(root))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["fleet"] == "t"
    assert data["example"] is False
    alpha = data["hosts"][0]
    assert set(alpha) == {
        "name",
        "class",
        "system",
        "stage",
        "stage_index",
        "user",
        "deploy_host",
        "deploy_user",
        "deploy_port",
        "host_key",
        "report",
        "tags",
        "workloads",
        "optional",
        "boot_mode",
        "hibernate",
    }
    assert alpha["deploy_host"] == "alpha.t.ts.net"
    assert alpha["deploy_port"] == 2222


def test_hosts_table_lists_every_host(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    (root / "notes").mkdir()
    done = run_panther("hosts", cwd=root / "notes")  # found by searching upward
    assert done.returncode == 0, done.stderr
    for name in ("alpha", "beta"):
        assert name in done.stdout
    assert "bundled example" not in done.stderr


def test_outside_any_fleet_the_bundled_example_is_used(tmp_path: Path) -> None:
    done = run_panther("hosts", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "showing the bundled example" in done.stderr
    assert json.loads(done.stdout)["example"] is True


def test_fleet_from_environment(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    done = run_panther("hosts", "--json", cwd=tmp_path, env={"PANTHER_FLEET": str(root)})
    assert json.loads(done.stdout)["fleet"] == "t"


def test_bad_fleet_is_one_line_exit_2_and_no_traceback(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f", GOOD.replace('class = "server"', 'class = "sever"'))
    before = tree_digest(root)
    for command in ("hosts", "validate"):
        done = run_panther(command, "--fleet", str(root))
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith(f"panther: error: {root / 'fleet.toml'}:10: hosts.alpha.class")
        assert "Traceback" not in done.stderr
    assert tree_digest(root) == before


def test_validate_passes_on_a_complete_fleet(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    done = run_panther("validate", "--json", "--fleet", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    codes = [f["code"] for f in report["findings"]]
    # No host key is pinned in GOOD: a warning per host, not an error.
    assert codes == ["host-key-missing", "host-key-missing"]
    if shutil.which("nix-instantiate"):
        assert report["nix_checked"] is True
        assert report["nix_files"] == 4


@pytest.mark.parametrize(
    ("breakage", "code", "where"),
    [
        (
            lambda r: shutil.rmtree(r / "hosts" / "beta"),
            "host-folder-missing+report-missing",
            "hosts.beta",
        ),
        (
            lambda r: (r / "hosts" / "beta" / "facter.json").unlink(),
            "report-missing",
            "hosts.beta.report",
        ),
        (
            lambda r: (r / "hosts" / "beta" / "default.nix").unlink(),
            "host-config-missing",
            "hosts/beta",
        ),
        (
            lambda r: (r / "hosts" / "beta" / "facter.json").write_text(REPORT),
            "system-mismatch",
            "hosts.beta.system",
        ),
        (
            lambda r: (r / "hosts" / "beta" / "facter.json").write_text("{trunc"),
            "report-unreadable",
            "hosts/beta/facter.json",
        ),
    ],
)
def test_validate_reports_each_problem_with_location(
    tmp_path: Path, breakage: object, code: str, where: str
) -> None:
    root = make_fleet(tmp_path / "f")
    breakage(root)  # type: ignore[operator]
    before = tree_digest(root)
    done = run_panther("validate", "--json", "--fleet", str(root))
    assert done.returncode == 1  # findings, not bad input (README: exit codes)
    errors = [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == code.split("+")
    assert where in errors[0]["location"]
    assert errors[0]["fix"]
    assert tree_digest(root) == before


@pytest.mark.skipif(not shutil.which("nix-instantiate"), reason="needs nix-instantiate")
def test_validate_finds_nix_that_does_not_parse(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    (root / "hosts" / "alpha" / "default.nix").write_text("{ ... }:\n{\n  a = 1\n}\n")
    (root / "profiles" / "server.nix").write_text("{ ... }:\n{ a = undefinedThing; }\n")
    done = run_panther("validate", "--fleet", str(root))
    assert done.returncode == 1
    assert "hosts/alpha/default.nix:4: does not parse" in done.stdout
    assert "undefined variable 'undefinedThing'" in done.stdout


def test_validate_without_nix_says_so(tmp_path: Path) -> None:
    root = make_fleet(tmp_path / "f")
    done = run_panther("validate", "--json", "--fleet", str(root), env={"PATH": "/nonexistent"})
    findings = json.loads(done.stdout)["findings"]
    assert any(f["code"] == "nix-missing" for f in findings)
    assert done.returncode == 0


def test_unknown_command_is_a_usage_error() -> None:
    done = run_panther("frobnicate")
    assert done.returncode == 2
