"""The checker: crafted bad configs (tests/storage/fixtures/*.nix), each finding kind once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.nix import cli as nix
from pantheros.storage.check import CheckReport, check_file, location, parse_size
from pantheros.storage.disko import header_for, render
from pantheros.storage.model import StorageSettings
from pantheros.storage.planner import plan_storage

pytestmark = pytest.mark.skipif(not nix.available(), reason="nix-instantiate is not installed")

FIXTURES = Path(__file__).parent / "fixtures"
LAPTOP = StorageSettings.model_validate({"class": "laptop"})
SERVER = StorageSettings.model_validate({"class": "server"})


def codes(report: CheckReport, severity: str | None = None) -> set[str]:
    return {f.code for f in report.findings if severity is None or f.severity == severity}


@pytest.fixture
def profile(profile_factory: Callable[..., HardwareProfile]) -> HardwareProfile:
    return profile_factory()  # one 1000 GiB NVMe, 16 GiB RAM, UEFI


def check(name: str, profile: HardwareProfile, settings: StorageSettings = SERVER) -> CheckReport:
    return check_file(FIXTURES / name, profile, settings, display_name=name)


def test_good_function_config_is_clean(profile: HardwareProfile) -> None:
    report = check("good-function.nix", profile, LAPTOP)
    assert report.ok and report.evaluated_as_function
    assert codes(report) == {"evaluated-with-stubs"}


def test_device_not_in_report_and_unstable_path(profile: HardwareProfile) -> None:
    report = check("wrong-device.nix", profile)
    assert not report.ok
    bad = next(f for f in report.findings if f.code == "device-not-in-report")
    assert bad.severity == "error"
    assert bad.location.startswith("wrong-device.nix:6: disko.devices.disk.main.device")
    assert bad.fix and "/dev/disk/by-id/nvme-Test_SSD_nvme0n1" in bad.fix
    unstable = next(f for f in report.findings if f.code == "device-unstable-path")
    assert unstable.severity == "warning" and "/dev/nvme0n1" in unstable.message


def test_boot_partition_wrong_for_uefi(profile: HardwareProfile) -> None:
    report = check("bios-on-uefi.nix", profile)
    wrong = [f for f in report.findings if f.code == "boot-partition-wrong"]
    assert len(wrong) == 2 and all(f.severity == "error" for f in wrong)
    assert any("no EFI system partition" in f.message for f in wrong)
    assert any("has content" in f.message for f in wrong)


def test_boot_partition_wrong_for_bios(profile_factory: Callable[..., HardwareProfile]) -> None:
    report = check("good-function.nix", profile_factory(boot_mode="bios"))
    assert "boot-partition-wrong" in codes(report, "error")


def test_esp_too_small_and_swap_too_small(profile: HardwareProfile) -> None:
    report = check("small-esp.nix", profile, LAPTOP)
    assert {"esp-too-small", "swap-too-small-for-hibernate"} <= codes(report, "error")
    swap = next(f for f in report.findings if f.code == "swap-too-small-for-hibernate")
    assert swap.fix is not None and '"16G"' in swap.fix
    # Without hibernation the small swapfile is fine.
    assert "swap-too-small-for-hibernate" not in codes(check("small-esp.nix", profile, SERVER))


def test_per_subvolume_btrfs_options(profile: HardwareProfile) -> None:
    report = check("per-subvolume.nix", profile)
    errors = [f for f in report.findings if f.code == "per-subvolume-btrfs-option"]
    flagged = {f.location.split("subvolumes.")[1].split(".")[0] for f in errors}
    assert flagged == {"@home", "@postgres"}
    nodatacow = next(f for f in errors if "@postgres" in f.location)
    assert "nodatacow" in nodatacow.message and "first mount (/)" in nodatacow.message
    assert nodatacow.fix is not None and "chattr +C" in nodatacow.fix


def test_unknown_removed_and_bad_values(profile: HardwareProfile) -> None:
    report = check("bad-options.nix", profile)
    messages = [f.message for f in report.findings if f.code == "unknown-mount-option"]
    assert any("'noatim'" in m for m in messages)
    assert any("inode_cache" in m and "removed" in m for m in messages)
    assert any("zstd level 22" in m for m in messages)
    assert "conflicting-mount-options" in codes(report, "warning")
    assert "nix-without-noatime" in codes(report, "warning")
    assert "options-without-mountpoint" in codes(report, "warning")
    assert "swap-size-invalid" in codes(report, "error")


def test_compress_with_nodatacow_conflicts(profile: HardwareProfile) -> None:
    report = check("conflict-nocow.nix", profile)
    conflict = next(f for f in report.findings if f.code == "conflicting-mount-options")
    assert conflict.severity == "error" and "disables compression" in conflict.message


def test_duplicate_mountpoint_and_size_beyond_disk(profile: HardwareProfile) -> None:
    report = check("duplicate-and-too-big.nix", profile)
    assert {"duplicate-mountpoint", "size-beyond-disk"} <= codes(report, "error")


def test_ssd_options_on_hdd(
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    ssd_plan = plan_storage(profile_factory(), SERVER)
    path = tmp_path / "disko.nix"
    path.write_text(render(ssd_plan))
    hdd = disk_factory(bus="sata", rotational=True, by_id="/dev/disk/by-id/nvme-Test_SSD_nvme0n1")
    report = check_file(path, profile_factory(disks=[hdd]), SERVER)
    assert "ssd-options-on-hdd" in codes(report, "warning")


def test_luks_and_lvm_are_reported_as_not_modelled(profile: HardwareProfile) -> None:
    report = check("luks-lvm.nix", profile)
    not_modelled = [f for f in report.findings if f.code == "not-modelled"]
    text = " ".join(f.message for f in not_modelled)
    assert "LUKS" in text and "LVM" in text and "lvm_vg" in text
    assert report.ok


def test_unused_report_disk_is_info(
    profile_factory: Callable[..., HardwareProfile], disk_factory: Callable[..., Disk]
) -> None:
    two = profile_factory(disks=[disk_factory(), disk_factory("nvme1n1")])
    report = check("good-function.nix", two, LAPTOP)
    assert "disk-unused" in codes(report, "info") and report.ok


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("needs-pkgs.nix", "uses pkgs"),
        ("needs-lib.nix", "lib.mapAttrs'"),
        ("needs-arg.nix", "needs argument(s) device"),
    ],
)
def test_configs_panther_cannot_evaluate_get_a_clear_message(
    name: str, needle: str, profile: HardwareProfile
) -> None:
    with pytest.raises(InputError) as caught:
        check(name, profile)
    assert needle in caught.value.one_line()
    assert caught.value.fix and caught.value.exit_code == 2


def test_not_a_disko_file(tmp_path: Path, profile: HardwareProfile) -> None:
    path = tmp_path / "x.nix"
    path.write_text("{ boot.loader.grub.enable = true; }\n")
    with pytest.raises(InputError, match=r"no disko\.devices"):
        check_file(path, profile, SERVER)


def test_every_generated_plan_checks_clean(
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    cases = [
        (profile_factory(), LAPTOP),
        (profile_factory(boot_mode="bios"), SERVER),
        (profile_factory(disks=[disk_factory(), disk_factory("nvme1n1", size_gib=2000)]), LAPTOP),
    ]
    for index, (hw, storage) in enumerate(cases):
        plan = plan_storage(hw, storage)
        path = tmp_path / f"{index}.nix"
        path.write_text(render(plan, header=header_for(plan, "test")))
        report = check_file(path, hw, storage)
        assert report.ok, report.findings
        assert not codes(report, "warning"), report.findings


def test_real_reports_plans_check_clean(facter_dir: Path, tmp_path: Path) -> None:
    from pantheros.storage.inputs import load_profile, report_device_names, settings_for

    for name in ("zephyrus", "yoga", "hetzner-vps", "contabo-vps"):
        report_path = facter_dir / f"{name}.json"
        hw = load_profile(report_path)
        storage = settings_for(hw, None, workloads=["containers", "postgresql"])
        path = tmp_path / f"{name}.nix"
        path.write_text(render(plan_storage(hw, storage)))
        result = check_file(path, hw, storage, device_names=report_device_names(report_path))
        assert result.ok and not codes(result, "warning"), (name, result.findings)


def test_location_finds_the_line() -> None:
    text = 'a = {\n  disk = {\n    main = {\n      device = "x";\n'
    assert location("f.nix", text, ["disk", "main", "device"]) == (
        "f.nix:4: disko.devices.disk.main.device"
    )
    assert location("f.nix", text, ["nothere"]) == "f.nix: disko.devices.nothere"


@pytest.mark.parametrize(
    ("size", "expected"),
    [("1M", 1024**2), ("512M", 512 * 1024**2), ("2048", 2048 * 512), ("100%", None)],
)
def test_parse_size(size: str, expected: int | None) -> None:
    assert parse_size(size) == expected


def test_nixos_module_style_config(profile: HardwareProfile) -> None:
    report = check("module-style.nix", profile)
    assert report.ok and report.evaluated_as_function
    assert codes(report) == {"evaluated-with-stubs"}


def test_nix_on_root_without_noatime(profile: HardwareProfile) -> None:
    report = check("wrong-device.nix", profile)
    finding = next(f for f in report.findings if f.code == "nix-without-noatime")
    assert "(on /)" in finding.message
    assert "nix-without-noatime" not in codes(check("conflict-nocow.nix", profile))
