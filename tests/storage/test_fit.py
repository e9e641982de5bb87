"""A replaced hardware report is checked against the host's files (`panther validate`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pantheros.fleet.load import load_file
from pantheros.hardware.derive import profile_report
from pantheros.hardware.read import read_report
from pantheros.storage.fit import fit_text_findings, host_fit_findings
from tests.conftest import EXAMPLE, host_add, real_report, run_panther

FIT_CODES = {"fit-disko-boot", "fit-config-boot", "fit-disk-missing", "fit-not-checked"}


def fit(fleet: Path) -> list[dict[str, str]]:
    done = run_panther("validate", "--no-nix", "--json", "--fleet", str(fleet / "fleet.toml"))
    return [f for f in json.loads(done.stdout)["findings"] if f["code"] in FIT_CODES]


def swap_report(fleet: Path, host: str, new: str) -> None:
    shutil.copy(real_report(new), fleet / "hosts" / host / "facter.json")


def test_uefi_report_swapped_for_a_bios_one(empty_fleet: Path) -> None:
    host_add(empty_fleet, "web", real_report("hetzner-vps"))  # UEFI
    assert fit(empty_fleet) == []
    swap_report(empty_fleet, "web", "contabo-vps")  # SeaBIOS
    found = fit(empty_fleet)
    by_code = {f["code"]: f for f in found}
    assert set(by_code) == {"fit-disko-boot", "fit-config-boot", "fit-disk-missing"}
    assert all(f["severity"] == "error" for f in found)
    disko = by_code["fit-disko-boot"]
    assert disko["location"].startswith("hosts/web/disko.nix:")
    assert "no BIOS-boot partition (type EF02)" in disko["message"]
    assert "panther storage plan web --write --force" in disko["fix"]
    config = [f for f in found if f["code"] == "fit-config-boot"]
    assert any('panther.boot.mode = "uefi"' in f["message"] for f in config)
    assert all(f["location"].startswith("hosts/web/default.nix:") for f in config)
    assert all(
        "panther host add web --report hosts/web/facter.json --force" in f["fix"] for f in config
    )
    disk = by_code["fit-disk-missing"]
    assert "scsi-0QEMU_QEMU_HARDDISK_107063565" in disk["message"]
    assert "scsi-0QEMU_QEMU_HARDDISK_drive-scsi0" in disk["message"]  # what the report has
    done = run_panther("validate", "--no-nix", "--fleet", str(empty_fleet / "fleet.toml"))
    assert done.returncode != 0 and "Traceback" not in done.stderr

    # Following the fixes makes the host fit its report again.
    # default.nix changes with the report, so --force asks first: --yes says replace it.
    host_add(empty_fleet, "web", empty_fleet / "hosts" / "web" / "facter.json", "--force", "--yes")
    replan = run_panther(
        "storage", "plan", "web", "--write", "--force", "--fleet", str(empty_fleet / "fleet.toml")
    )
    assert replan.returncode == 0, replan.stderr
    assert fit(empty_fleet) == []


def test_bios_report_swapped_for_a_uefi_one(empty_fleet: Path) -> None:
    host_add(empty_fleet, "box", real_report("contabo-vps"))
    assert fit(empty_fleet) == []
    swap_report(empty_fleet, "box", "hetzner-vps")
    found = fit(empty_fleet)
    disko = next(f for f in found if f["code"] == "fit-disko-boot")
    assert "no EFI system partition (type EF00), only a BIOS-boot (EF02) one" in disko["message"]
    config = next(f for f in found if f["code"] == "fit-config-boot")
    assert 'panther.boot.mode = "bios"' in config["message"]


def test_new_disks_same_boot_mode(empty_fleet: Path) -> None:
    host_add(empty_fleet, "lap", real_report("zephyrus"))  # two NVMe, UEFI
    swap_report(empty_fleet, "lap", "yoga")  # one other NVMe, UEFI
    found = fit(empty_fleet)
    assert {f["code"] for f in found} == {"fit-disk-missing"}
    assert len(found) == 2  # both of the zephyrus disks are gone
    assert all(f["location"].startswith("hosts/lap/disko.nix:") for f in found)


def test_fleet_boot_mode_override_is_the_machines_mode(empty_fleet: Path) -> None:
    host_add(empty_fleet, "web", real_report("hetzner-vps"))
    toml = empty_fleet / "fleet.toml"
    text = toml.read_text()
    toml.write_text(
        text.replace(
            'report = "hosts/web/facter.json"\n',
            'report = "hosts/web/facter.json"\nboot_mode = "bios"\n',
        )
    )
    assert {f["code"] for f in fit(empty_fleet)} == {"fit-disko-boot", "fit-config-boot"}


def test_hybrid_layouts_comments_and_other_paths(tmp_path: Path) -> None:
    report = real_report("contabo-vps")
    profile = profile_report(read_report(report), "r.json")
    by_id = profile.disks[0].by_id
    hybrid = f"""{{
  # type = "EF00"; device = "/dev/disk/by-id/gone"; (commented out: ignored)
  disko.devices.disk.main = {{
    device = "{by_id}";
    content.partitions.boot = {{ size = "1M"; type = "EF02"; }};
    content.partitions.ESP = {{ size = "1G"; type = "EF00"; }};
    content.partitions.root.device = "/dev/disk/by-partlabel/disk-main-root";
  }};
}}
"""
    for mode in ("uefi", "bios"):
        p = profile.model_copy(update={"boot_mode": mode})
        assert fit_text_findings("h", "r.json", p, default_nix=None, disko_nix=hybrid) == []
    # A file that is missing is not this check's business.
    assert fit_text_findings("h", "r.json", profile, default_nix=None, disko_nix=None) == []


@pytest.mark.parametrize("host", sorted(load_file(EXAMPLE / "fleet.toml").document.hosts))
def test_example_hosts_fit_their_reports(host: str) -> None:
    fleet = load_file(EXAMPLE / "fleet.toml")
    assert host_fit_findings(fleet.root, fleet.info(host)) == []
