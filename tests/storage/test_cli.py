"""`panther storage plan|check|bench` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pantheros.cli import app
from pantheros.nix import cli as nix
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(not nix.available(), reason="nix-instantiate is not installed")
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    if isinstance(result.exception, Exception) and not isinstance(result.exception, SystemExit):
        from pantheros.errors import PantherError

        if isinstance(result.exception, PantherError):
            return result.exception.exit_code, result.exception.one_line()
        raise result.exception
    return result.exit_code, result.output


def test_plan_report_json(facter_dir: Path) -> None:
    code, out = run(
        "storage", "plan", "--report", str(facter_dir / "contabo-vps.json"),
        "--workloads", "containers,postgresql", "--class", "server", "--json",
    )  # fmt: skip
    assert code == 0
    plan = json.loads(out)
    assert plan["boot_mode"] == "bios" and plan["settings"]["class"] == "server"
    assert plan["settings"]["workloads"] == ["containers", "postgresql"]


def test_plan_human_output_explains(facter_dir: Path) -> None:
    code, out = run("storage", "plan", "--report", str(facter_dir / "zephyrus.json"))
    assert code == 0
    assert "why" in out and "map-swapfile" in out and "first mount" in out


def test_plan_write_then_check_a_host(fleet_copy: Path) -> None:
    target = fleet_copy / "hosts" / "laptop-b" / "disko.nix"
    target.unlink(missing_ok=True)
    code, out = run("storage", "plan", "laptop-b", "--write", "--fleet", str(fleet_copy))
    assert code == 0 and target.is_file()
    assert "written by `panther storage plan laptop-b --write`" in target.read_text()
    assert nix.parse_file(target) is None
    code, out = run("storage", "check", "laptop-b", "--fleet", str(fleet_copy), "--json")
    assert code == 0
    assert json.loads(out)["findings"] == []
    # A second --write over an edited file needs --force.
    target.write_text(target.read_text().replace('"1G"', '"100M"'))
    code, out = run("storage", "plan", "laptop-b", "--write", "--fleet", str(fleet_copy))
    assert code == 2 and "--force" in out
    code, out = run("storage", "check", "laptop-b", "--fleet", str(fleet_copy))
    assert code == 1 and "esp-too-small" in out


def test_plan_output_for_a_report(facter_dir: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "new" / "disko.nix"
    code, _ = run(
        "storage",
        "plan",
        "--report",
        str(facter_dir / "hetzner-vps.json"),
        "--output",
        str(out_file),
    )
    assert code == 0
    assert "from the hardware report" in out_file.read_text()


def test_check_disko_and_report(facter_dir: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "per-subvolume.nix"
    code, out = run(
        "storage", "check", "--disko", str(fixture), "--report", str(facter_dir / "yoga.json")
    )
    assert code == 1
    assert "per-subvolume-btrfs-option" in out and "device-not-in-report" in out


def test_usage_errors(facter_dir: Path) -> None:
    code, out = run("storage", "plan")
    assert code == 2 and "HOST or --report" in out
    code, out = run("storage", "plan", "--report", str(facter_dir / "yoga.json"), "--write")
    assert code == 2 and "--output" in out
    code, out = run(
        "storage", "plan", "--report", str(facter_dir / "yoga.json"), "--workloads", "x"
    )
    assert code == 2 and "unknown workload" in out
    code, out = run("storage", "check", "--disko", "nope.nix")
    assert code == 2


EXAMPLE_HOSTS = sorted(p.name for p in (EXAMPLE / "hosts").iterdir() if p.is_dir())


@pytest.mark.parametrize("host", EXAMPLE_HOSTS)
def test_example_hosts_disko_files_check_clean(host: str) -> None:
    code, out = run("storage", "check", host, "--fleet", str(EXAMPLE), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["ok"] is True
    assert not [f for f in report["findings"] if f["severity"] != "info"]
    header = (EXAMPLE / "hosts" / host / "disko.nix").read_text().splitlines()[0]
    assert header.startswith(f"# Storage layout for {host}, written by `panther storage plan")
