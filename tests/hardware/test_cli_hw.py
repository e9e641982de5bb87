"""`panther hw show|compare|detect` as users run them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from ..conftest import real_report, run_panther, tree_digest
from .helpers import SYNTHETIC


def test_show_json_has_the_documented_fields() -> None:
    done = run_panther("hw", "show", str(real_report("zephyrus")), "--json")
    assert done.returncode == 0, done.stderr
    p = json.loads(done.stdout)
    for key in (
        "form_factor",
        "virtualisation",
        "provider",
        "boot_mode",
        "hybrid_graphics",
        "memory_bytes",
        "nixos_hardware_modules",
        "evidence",
    ):
        assert key in p
    assert p["cpu"]["vendor"] == "intel"
    assert [g["bus_id"] for g in p["gpus"]] == ["PCI:1:0:0", "PCI:0:2:0"]
    assert {"by_id", "bus", "size_bytes", "rotational"} <= set(p["disks"][0])


def test_show_human_output() -> None:
    done = run_panther("hw", "show", str(real_report("contabo-vps")))
    assert done.returncode == 0, done.stderr
    assert "bios (high)" in done.stdout
    assert "SeaBIOS" in done.stdout
    assert "scsi-0QEMU_QEMU_HARDDISK_drive-scsi0" in done.stdout


def test_a_board_without_smbios_is_named_by_its_board(tmp_path: Path) -> None:
    from tests.hardware.corpus.cases import CASES

    [case] = [c for c in CASES if c.name == "raspberry-pi-4-sd"]
    report = tmp_path / "pi.json"
    report.write_text(json.dumps(case.report))
    done = run_panther("hw", "show", str(report))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0].strip()
    assert first.startswith(f"Raspberry Pi 4 ({report}"), first  # no "?" for the missing vendor


def test_show_host_uses_the_fleet_report_and_boot_mode(generated_fleet: Path) -> None:
    # server-b: the Contabo report, tagged "contabo", boot_mode = "bios" in fleet.toml.
    done = run_panther("hw", "show", "server-b", "--json", "--fleet", str(generated_fleet))
    assert done.returncode == 0, done.stderr
    p = json.loads(done.stdout)
    assert p["source"] == "hosts/server-b/facter.json"
    assert p["boot_mode"] == "bios"
    assert "fleet.toml" in p["evidence"]["boot_mode"]
    # The fleet tags the host "contabo": used when SMBIOS cannot tell.
    assert p["provider"] == "contabo"
    assert "tag" in p["evidence"]["provider"]


def test_a_folder_is_read_as_its_report_and_never_hides_a_host(
    generated_fleet: Path, tmp_path: Path
) -> None:
    by_host = run_panther("hw", "show", "server-b", "--json", "--fleet", str(generated_fleet))
    # The host's folder: the facter.json inside it.
    folder = run_panther("hw", "show", "hosts/server-b", "--json", cwd=generated_fleet)
    assert folder.returncode == 0, folder.stderr
    assert json.loads(folder.stdout)["source"] == "hosts/server-b/facter.json"
    # A folder of the host's name in the working directory, without a report in it: the host.
    (tmp_path / "server-b").mkdir()
    shadowed = run_panther(
        "hw", "show", "server-b", "--json", "--fleet", str(generated_fleet), cwd=tmp_path
    )
    assert shadowed.returncode == 0, shadowed.stderr
    assert json.loads(shadowed.stdout) == json.loads(by_host.stdout)


def test_show_unknown_target_exits_2(generated_fleet: Path) -> None:
    done = run_panther("hw", "show", "no-such-host", "--fleet", str(generated_fleet))
    assert done.returncode == 2
    assert "no report file and no host named 'no-such-host'" in done.stderr
    assert "laptop-a" in done.stderr  # lists the hosts it knows


def test_show_broken_report_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads(real_report("yoga").read_text())
    data["hardware"]["disk"][0]["resources"][1]["value_1"] = "many"
    bad.write_text(json.dumps(data))
    done = run_panther("hw", "show", str(bad))
    assert done.returncode == 2
    assert "hardware.disk[0].resources[1].value_1" in done.stderr
    assert "Traceback" not in done.stderr


def test_compare_json_lists_the_differences() -> None:
    done = run_panther(
        "hw", "compare", str(real_report("hetzner-vps")), str(real_report("contabo-vps")), "--json"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    fields = {d["field"]: (d["a"], d["b"]) for d in result["differences"]}
    assert fields["boot_mode"] == ("uefi", "bios")
    assert fields["provider"] == ("hetzner", "unknown")
    assert "virtualisation" not in fields  # both kvm
    assert "evidence" not in " ".join(fields)


def test_compare_human_table_and_host_names(generated_fleet: Path) -> None:
    done = run_panther(
        "hw", "compare", "laptop-a", str(SYNTHETIC / "amd-nvidia-laptop.json"),
        "--fleet", str(generated_fleet),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "prime.amdgpu_bus_id" in done.stdout
    assert "difference(s)" in done.stdout


def test_compare_same_report_has_no_differences() -> None:
    path = str(real_report("yoga"))
    result = json.loads(run_panther("hw", "compare", path, path, "--json").stdout)
    assert result["differences"] == []


def _fake_facter(folder: Path, body: str) -> dict[str, str]:
    folder.mkdir()
    script = folder / "nixos-facter"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{folder}:{os.environ['PATH']}"}


def test_detect_without_nixos_facter_says_how_to_get_it(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path)}  # nothing installed
    done = run_panther("hw", "detect", "-o", str(tmp_path / "out.json"), env=env)
    assert done.returncode == 2
    assert "`nixos-facter` is not installed" in done.stderr
    assert "nix run nixpkgs#nixos-facter" in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_detect_writes_a_checked_report(tmp_path: Path) -> None:
    env = _fake_facter(tmp_path / "bin", f"cat {real_report('hetzner-vps')}\n")
    out = tmp_path / "facter.json"
    done = run_panther("hw", "detect", "-o", str(out), "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == real_report("hetzner-vps").read_bytes()
    assert json.loads(done.stdout) == {
        "path": str(out),
        "size_bytes": out.stat().st_size,
        "version": 1,
        "system": "x86_64-linux",
    }
    printed = run_panther("hw", "detect", env=env)
    assert json.loads(printed.stdout)["system"] == "x86_64-linux"


def test_detect_refuses_garbage_output(tmp_path: Path) -> None:
    env = _fake_facter(tmp_path / "bin", "echo '{\"version\": 7}'\n")
    before = tree_digest(tmp_path)
    done = run_panther("hw", "detect", "-o", str(tmp_path / "facter.json"), env=env)
    assert done.returncode == 2
    assert "version 7 is not supported" in done.stderr
    assert tree_digest(tmp_path) == before


def test_detect_failure_is_reported(tmp_path: Path) -> None:
    env = _fake_facter(tmp_path / "bin", "echo 'permission denied' >&2\nexit 1\n")
    done = run_panther("hw", "detect", env=env)
    assert done.returncode == 1
    assert "nixos-facter exited 1" in done.stderr and "permission denied" in done.stderr


def test_show_missing_report_path_exits_2(tmp_path: Path) -> None:
    done = run_panther("hw", "show", str(tmp_path / "gone.json"))
    assert done.returncode == 2
    assert "no report file at" in done.stderr


def test_cli_import_stays_light() -> None:
    """`panther --help` must not pay for the report reader, pydantic or rich."""
    import subprocess
    import sys

    code = (
        "import sys, pantheros.cli; "
        "heavy = [m for m in ('pantheros.hardware.derive', 'pantheros.hardware.read', "
        "'pantheros.ops.host_add', 'pydantic', 'rich.table', 'tomlkit') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def _compare(*extra: str) -> dict[str, object]:
    done = run_panther(
        "hw", "compare", str(real_report("hetzner-vps")), str(real_report("contabo-vps")), *extra
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if "--json" in extra else {"stdout": done.stdout}


def test_compare_json_rows_are_only_differences_unless_all() -> None:
    result = _compare("--json")
    rows = result["rows"]
    assert isinstance(rows, list) and rows
    assert all(row["a"] != row["b"] for row in rows)
    assert rows == result["differences"]
    assert result["all"] is False
    every = _compare("--json", "--all")
    fields = [row["field"] for row in every["rows"]]  # type: ignore[union-attr]
    assert "virtualisation" in fields  # the same on both (kvm), shown with --all
    assert every["all"] is True
    assert every["same"] == len(fields) - len(rows)  # type: ignore[operator]


def test_compare_table_shows_only_differences_unless_all() -> None:
    shown = str(_compare()["stdout"])
    assert "boot_mode" in shown
    assert "virtualisation" not in shown  # both kvm: not a difference
    assert "--all shows them" in shown
    assert "virtualisation" in str(_compare("--all")["stdout"])


def test_compare_piped_output_is_for_people() -> None:
    """Piped (not a TTY): yes/no, sizes with units, never Python's False or raw byte counts."""
    shown = str(_compare("--all")["stdout"])
    assert "False" not in shown and "True" not in shown
    shown_json = run_panther("hw", "show", str(real_report("hetzner-vps")), "--json").stdout
    hetzner = json.loads(shown_json)
    assert str(hetzner["memory_bytes"]) not in shown
    assert str(hetzner["disks"][0]["size_bytes"]) not in shown
    assert "22.0 GiB" in shown  # memory_bytes 23622320128
    row = next(line for line in shown.splitlines() if "battery" in line)
    assert row.count("no") >= 2


def test_compare_same_report_says_no_differences() -> None:
    path = str(real_report("yoga"))
    done = run_panther("hw", "compare", path, path)
    assert done.returncode == 0, done.stderr
    assert "no differences" in done.stdout


def test_show_names_what_a_non_report_file_is(tmp_path: Path) -> None:
    """`panther hw show fleet.toml` and friends: the real cause, and what to pass instead."""
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    (fleet / "fleet.toml").write_text('[fleet]\nname = "x"\nstages = ["a"]\n')
    done = run_panther("hw", "show", "fleet.toml", cwd=fleet)
    assert done.returncode == 2
    assert "fleet.toml is the fleet inventory (TOML), not a hardware report" in done.stderr
    assert "pass a facter.json" in done.stderr and "host name" in done.stderr
    assert "JSON ends early" not in done.stderr and "Traceback" not in done.stderr
    plan = run_panther(
        "storage", "plan", "--report", str(real_report("yoga")), "--output", "d.nix", cwd=fleet
    )
    assert plan.returncode == 0, plan.stderr
    done = run_panther("hw", "show", "d.nix", cwd=fleet)
    assert done.returncode == 2 and "d.nix is a disko configuration (Nix)" in done.stderr
    (fleet / "empty.json").write_text("")
    done = run_panther("hw", "show", "empty.json", cwd=fleet)
    assert done.returncode == 2 and "empty.json is empty, not a hardware report" in done.stderr
    done = run_panther("hw", "show", str(fleet))
    assert done.returncode == 2 and "is a folder, not a hardware report" in done.stderr
    assert f"panther hosts --fleet {fleet}" in done.stderr  # it holds a fleet: pass a host name
