"""Generated headers name reports relative to the fleet root, or by file name only."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import host_add, real_report, run_panther


def header(path: Path) -> str:
    lines = path.read_text().splitlines()
    return "\n".join(line for line in lines[: next(i for i, x in enumerate(lines) if x[:1] != "#")])


def test_host_add_headers_hold_no_absolute_report_path(empty_fleet: Path) -> None:
    report = real_report("hetzner-vps")  # outside the fleet
    host_add(empty_fleet, "web", report)
    for name in ("disko.nix", "default.nix"):
        text = header(empty_fleet / "hosts" / "web" / name)
        assert str(report.parent) not in text, text
        assert "--report hetzner-vps.json" in text, text
    disko_header = header(empty_fleet / "hosts" / "web" / "disko.nix")
    assert "from the hardware report hosts/web/facter.json." in disko_header


def test_host_add_names_a_report_inside_the_fleet_relative_to_its_root(empty_fleet: Path) -> None:
    inside = empty_fleet / "incoming" / "box.json"
    inside.parent.mkdir()
    shutil.copy(real_report("contabo-vps"), inside)
    host_add(empty_fleet, "box", inside)
    text = header(empty_fleet / "hosts" / "box" / "disko.nix")
    assert "--report incoming/box.json" in text and str(empty_fleet) not in text


def test_storage_plan_write_names_the_report_relative_to_the_fleet(empty_fleet: Path) -> None:
    host_add(empty_fleet, "web", real_report("hetzner-vps"))
    target = empty_fleet / "hosts" / "web" / "disko.nix"
    target.unlink()
    fleet = str(empty_fleet / "fleet.toml")
    done = run_panther("storage", "plan", "web", "--write", "--fleet", fleet)
    assert done.returncode == 0, done.stderr
    text = header(target)
    assert "from the hardware report hosts/web/facter.json." in text
    assert str(empty_fleet) not in text
    # fleet.toml may point at a report outside the fleet: the header names only the file.
    toml = empty_fleet / "fleet.toml"
    report = real_report("hetzner-vps")
    toml.write_text(toml.read_text().replace('"hosts/web/facter.json"', f'"{report}"'))
    target.unlink()
    done = run_panther("storage", "plan", "web", "--write", "--fleet", fleet)
    assert done.returncode == 0, done.stderr
    text = header(target)
    assert "from the hardware report hetzner-vps.json." in text
    assert str(report.parent) not in text


def test_storage_plan_report_output_headers(empty_fleet: Path, tmp_path: Path) -> None:
    inside = empty_fleet / "reports" / "yoga.json"
    inside.parent.mkdir()
    shutil.copy(real_report("yoga"), inside)
    out = empty_fleet / "hosts" / "new" / "disko.nix"
    done = run_panther("storage", "plan", "--report", str(inside), "--output", str(out))
    assert done.returncode == 0, done.stderr
    text = header(out)
    assert "from the hardware report reports/yoga.json." in text
    assert "--output hosts/new/disko.nix" in text
    assert str(tmp_path) not in text
    # Outside any fleet: only the file names.
    loose = tmp_path / "loose" / "disko.nix"
    loose.parent.mkdir()
    done = run_panther(
        "storage", "plan", "--report", str(real_report("yoga")), "--output", str(loose)
    )
    assert done.returncode == 0, done.stderr
    text = header(loose)
    assert "from the hardware report yoga.json." in text
    assert str(real_report("yoga").parent) not in text and str(tmp_path) not in text


def test_storage_plan_host_output_header_says_output(empty_fleet: Path, tmp_path: Path) -> None:
    host_add(empty_fleet, "web", real_report("hetzner-vps"))
    out = tmp_path / "try" / "disko.nix"
    out.parent.mkdir()
    fleet = str(empty_fleet / "fleet.toml")
    done = run_panther("storage", "plan", "web", "--output", str(out), "--fleet", fleet)
    assert done.returncode == 0, done.stderr
    text = header(out)
    assert "written by `panther storage plan web --output disko.nix`" in text, text
    assert "--write" not in text and str(tmp_path) not in text
