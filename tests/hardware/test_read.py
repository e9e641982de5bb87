"""The report reader: versions, shapes and broken files all end in one InputError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _not_a_report_error(tmp_path: Path, name: str, text: str) -> InputError:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_report(path)
    return caught.value


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("fleet.toml", '[fleet]\nname = "x"\nstages = ["a"]\n', "the fleet inventory (TOML)"),
        ("pyproject.toml", '[project]\nname = "x"\n', "a TOML file"),
        ("disko.nix", "# layout\n{\n  disko.devices.disk = { };\n}\n", "a disko configuration"),
        ("default.nix", '{ lib, ... }:\n{\n  networking.hostName = "x";\n}\n', "a Nix file"),
        ("page.json", "<!DOCTYPE html>\n<html></html>\n", "an HTML or XML page"),
        ("notes.txt", "hello there\n", "is not JSON (it starts with 'hello there')"),
        ("empty.json", "", "is empty"),
        ("blank.json", "  \n\n", "is empty"),
    ],
)
def test_other_files_are_named_for_what_they_are(
    tmp_path: Path, name: str, text: str, said: str
) -> None:
    error = _not_a_report_error(tmp_path, name, text)
    assert said in error.message
    assert error.message.startswith(name) and "not a hardware report" in error.message
    assert "ends early" not in error.message and "invalid JSON" not in error.message
    assert error.fix and "facter.json" in error.fix and "regenerate" not in error.fix


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(min_value=1, max_value=4000), name=st.sampled_from(["yoga", "contabo-vps"]))
def test_a_cut_report_is_still_a_damaged_report(cut: int, name: str) -> None:
    raw = real_report(name).read_bytes()[:cut]
    with pytest.raises(InputError) as caught:
        parse_report(raw, "r.json")
    assert "not a hardware report" not in caught.value.message
    assert "truncated" in caught.value.message or "invalid JSON" in caught.value.message


def test_a_folder_points_at_its_report(tmp_path: Path) -> None:
    (tmp_path / "facter.json").write_bytes(real_report("yoga").read_bytes())
    with pytest.raises(InputError) as caught:
        read_report(tmp_path)
    assert "is a folder, not a hardware report" in caught.value.message
    assert caught.value.fix == f"pass {tmp_path / 'facter.json'}"
