"""`storage check` knows the host's workloads: their data where the planner would put it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.nix import cli as nix
from pantheros.storage.check import CheckReport, check_file
from pantheros.storage.disko import render
from pantheros.storage.model import StorageSettings
from pantheros.storage.planner import plan_storage
from tests.conftest import host_add, real_report, run_panther

pytestmark = pytest.mark.skipif(not nix.available(), reason="nix-instantiate is not installed")

WORKLOAD_CODES = {"workload-subvolume-missing", "workload-subvolume-cow", "workload-compression"}
ALL = ["containers", "postgresql", "mysql", "vm-images", "attic", "hercules-ci"]


def settings(kind: str, workloads: list[str]) -> StorageSettings:
    return StorageSettings.model_validate({"class": kind, "workloads": workloads})


def check_text(
    text: str, tmp_path: Path, profile: HardwareProfile, s: StorageSettings
) -> CheckReport:
    path = tmp_path / "disko.nix"
    path.write_text(text)
    return check_file(path, profile, s, display_name="disko.nix", host="box")


def workload_findings(report: CheckReport) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in report.findings:
        if f.code in WORKLOAD_CODES:
            found.setdefault(f.code, []).append(f.message)
    return found


@pytest.mark.parametrize(
    ("kind", "two_disks"), [("server", False), ("server", True), ("laptop", True)]
)
def test_what_the_planner_writes_passes(
    kind: str,
    two_disks: bool,
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    disks = [disk_factory("nvme0n1")] + (
        [disk_factory("nvme1n1", size_gib=2000)] if two_disks else []
    )
    profile = profile_factory(disks=disks)
    plan = plan_storage(profile, settings(kind, ALL))
    report = check_text(render(plan), tmp_path, profile, settings(kind, ALL))
    assert workload_findings(report) == {}


def test_a_layout_planned_without_the_workloads_is_flagged(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path
) -> None:
    profile = profile_factory()
    text = render(plan_storage(profile, settings("server", [])))
    report = check_text(text, tmp_path, profile, settings("server", ALL))
    missing = workload_findings(report)["workload-subvolume-missing"]
    for path in ("/var/lib/postgresql", "/var/lib/mysql", "/var/lib/libvirt/images"):
        assert any(path in m and "copy-on-write" in m for m in missing), path
    assert any("/var/lib/containers" in m for m in missing)
    assert any("/var/lib/atticd" in m for m in missing)
    assert len(missing) == 5  # hercules-ci needs no subvolume
    finding = next(f for f in report.findings if "/var/lib/postgresql" in f.message)
    assert finding.severity == "warning"
    assert finding.fix and "panther storage plan box --write" in finding.fix
    assert "@postgresql" in finding.fix and "chattr +C" in finding.fix
    # Without workloads in the host's settings, the same file is fine.
    assert workload_findings(check_text(text, tmp_path, profile, settings("server", []))) == {}


def test_a_database_subvolume_without_nocow_is_flagged(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path
) -> None:
    profile = profile_factory()
    wanted = settings("server", ["postgresql", "attic"])
    text = render(plan_storage(profile, wanted))
    assert 'chattr +C "$MNTPOINT/@postgresql"' in text
    text = text.replace('chattr +C "$MNTPOINT/@postgresql"', "true")
    text = text.replace('btrfs property set "$MNTPOINT/@atticd" compression none', "true")
    found = workload_findings(check_text(text, tmp_path, profile, wanted))
    assert set(found) == {"workload-subvolume-cow", "workload-compression"}
    assert "@postgresql" in found["workload-subvolume-cow"][0]


def test_storage_check_reads_the_hosts_workloads(empty_fleet: Path) -> None:
    host_add(empty_fleet, "db", real_report("hetzner-vps"))  # planned without workloads
    toml = empty_fleet / "fleet.toml"
    text = toml.read_text()
    toml.write_text(
        text.replace(
            'report = "hosts/db/facter.json"\n',
            'report = "hosts/db/facter.json"\nworkloads = ["postgresql", "containers"]\n',
        )
    )
    assert toml.read_text() != text
    done = run_panther("storage", "check", "db", "--fleet", str(toml), "--json")
    report = json.loads(done.stdout)
    missing = [f for f in report["findings"] if f["code"] == "workload-subvolume-missing"]
    assert {m["message"].split(", but ")[1].split()[0] for m in missing} == {
        "/var/lib/postgresql",
        "/var/lib/containers",
    }
    assert all("panther storage plan db --write" in m["fix"] for m in missing)
    # Re-planned as the fix says: clean.
    assert (
        run_panther("storage", "plan", "db", "--write", "--force", "--fleet", str(toml)).returncode
        == 0
    )
    done = run_panther("storage", "check", "db", "--fleet", str(toml), "--json")
    assert done.returncode == 0, done.stdout
    assert not [f for f in json.loads(done.stdout)["findings"] if f["code"] in WORKLOAD_CODES]
