"""The report reader: versions, shapes and broken files all end in one InputError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.hardware.read import parse_report, read_report

from ..conftest import real_report

MINIMAL = {"version": 1, "system": "x86_64-linux", "virtualisation": "none", "hardware": {}}


def _error(data: object) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_report(json.dumps(data), "r.json")
    return caught.value


def test_minimal_report_and_unknown_fields_are_fine() -> None:
    report = parse_report(json.dumps({**MINIMAL, "future_key": {"x": 1}}), "r.json")
    assert report.hardware.disk == []
    assert report.uefi is None


@pytest.mark.parametrize("version", [1, 2])
def test_supported_versions(version: int) -> None:
    assert parse_report(json.dumps({**MINIMAL, "version": version}), "r.json").version == version


@pytest.mark.parametrize("version", [0, 3, 99, -1])
def test_unsupported_version(version: int) -> None:
    error = _error({**MINIMAL, "version": version})
    assert error.exit_code == 2
    assert error.location == "r.json: version"
    assert f"version {version} is not supported" in error.message


@pytest.mark.parametrize("version", ["1", True, None, 1.5])
def test_version_must_be_an_integer(version: object) -> None:
    assert "`version` must be an integer" in _error({**MINIMAL, "version": version}).message


def test_missing_version_is_not_a_facter_report() -> None:
    data = dict(MINIMAL)
    del data["version"]
    assert "not a nixos-facter report" in _error(data).message


def test_top_level_must_be_an_object() -> None:
    assert "JSON object" in _error([1, 2]).message


def test_wrong_shape_names_the_json_path() -> None:
    data = json.loads(real_report("zephyrus").read_text())
    data["hardware"]["disk"][1]["resources"] = "none"
    error = _error(data)
    assert error.location == "r.json: hardware.disk[1].resources"
    assert "expected list" in error.message
    assert error.fix


def test_wrong_type_inside_a_union_names_the_leaf() -> None:
    data = json.loads(real_report("hetzner-vps").read_text())
    data["hardware"]["graphics_card"][0]["vendor"] = 4318
    error = _error(data)
    assert error.location == "r.json: hardware.graphics_card[0].vendor"
    assert "got a number 4318" in error.message


def test_missing_required_key() -> None:
    data = dict(MINIMAL)
    del data["hardware"]
    error = _error(data)
    assert error.location == "r.json: hardware"
    assert "missing" in error.message


def test_truncated_file_says_so(tmp_path: Path) -> None:
    raw = real_report("yoga").read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(InputError) as caught:
        read_report(cut)
    assert "truncated" in caught.value.message
    assert caught.value.location and caught.value.location.startswith(str(cut))


@pytest.mark.parametrize("raw", [b"", b"   ", b"\xff\xfe\x00", b"{not json}", b"[" * 100_000])
def test_garbage(raw: bytes) -> None:
    with pytest.raises(InputError):
        parse_report(raw, "g.json")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_report(tmp_path / "nope.json")
    assert "cannot read" in caught.value.message


def test_old_shapes_chassis_object_and_ids_without_hex() -> None:
    data = {
        **MINIMAL,
        "hardware": {"cpu": [None, {"vendor_name": "GenuineIntel"}]},
        "smbios": {"chassis": {"chassis_type": {"value": 10}}},
    }
    report = parse_report(json.dumps(data), "old.json")
    assert [c.chassis_type.value for c in report.smbios.chassis if c.chassis_type] == [10]
    assert len(report.hardware.cpu) == 1


def test_version_2_prerelease_list_wrapped_smbios() -> None:
    data = {
        **MINIMAL,
        "version": 2,
        "smbios": {
            "system": [{"manufacturer": "Hetzner", "product": "vServer"}],
            "bios": [{"vendor": "SeaBIOS"}],
            "board": [],
            "chassis": [{"chassis_type": {"value": 1}}],
        },
    }
    report = parse_report(json.dumps(data), "v2.json")
    assert report.smbios.system is not None and report.smbios.system.manufacturer == "Hetzner"
    assert report.smbios.bios is not None and report.smbios.bios.vendor == "SeaBIOS"
    assert report.smbios.board is None


def test_flat_prerelease_smbios_list_is_refused_clearly() -> None:
    error = _error({**MINIMAL, "smbios": [{"vendor": "SeaBIOS"}]})
    assert error.location == "r.json: smbios"
    assert "pre-release" in error.message
