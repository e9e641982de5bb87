"""The shape check before the checker: every evaluated tree is refused with its JSON path, or
the checker walks it without failing. Fuzzed with trees of every shape disko files produce."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantheros.errors import InputError
from pantheros.storage.check import check_devices
from pantheros.storage.model import StorageSettings
from pantheros.storage.shape import MAX_DISKS, check_shape

SERVER = StorageSettings.model_validate({"class": "server"})


def shape_error(devices: Any) -> str:
    with pytest.raises(InputError) as caught:
        check_shape(devices, "disko.nix")
    assert caught.value.exit_code == 2
    return "\n".join(caught.value.lines())


@pytest.mark.parametrize(
    "devices, path",
    [
        ({"disk": {"a": "x"}}, "disko.devices.disk.a must be an attribute set"),
        ({"disk": []}, "disko.devices.disk must be an attribute set, not a list"),
        ({"disk": {"a": {"device": 3}}}, "disko.devices.disk.a.device must be a string"),
        (
            {"disk": {"a": {"content": {"type": "gpt", "partitions": []}}}},
            "disko.devices.disk.a.content.partitions must be an attribute set, not a list",
        ),
        (
            {
                "disk": {
                    "a": {
                        "content": {
                            "type": "gpt",
                            "partitions": {
                                "p": {"content": {"type": "filesystem", "mountpoint": 5}}
                            },
                        }
                    }
                }
            },
            "partitions.p.content.mountpoint must be a string or null, not a number",
        ),
        (
            {
                "disk": {
                    "a": {
                        "content": {
                            "type": "btrfs",
                            "subvolumes": {"/x": {"mountOptions": "compress"}},
                        }
                    }
                }
            },
            "subvolumes./x.mountOptions must be a list of strings, not a string",
        ),
        ({"nodev": {"/tmp": {"fsType": None}}}, "disko.devices.nodev./tmp.fsType must be a string"),
        ({"disk": {"a": {"content": {"type": 1}}}}, "content.type must be a string"),
    ],
)
def test_each_wrong_field_is_named_by_its_path(devices: Any, path: str) -> None:
    assert path in shape_error(devices)


def test_every_wrong_field_is_reported_at_once() -> None:
    text = shape_error({"disk": {"a": "x", "b": {"device": 1}}, "nodev": []})
    assert text.count("\n") == 2


def test_thousands_of_disks_are_refused_with_the_limit() -> None:
    disks = {f"d{i}": {"device": f"/dev/x{i}"} for i in range(MAX_DISKS + 1)}
    assert f"panther checks at most {MAX_DISKS}" in shape_error({"disk": disks})


leaf = st.none() | st.booleans() | st.integers(-5, 10**6) | st.sampled_from(
    ["gpt", "btrfs", "filesystem", "table", "luks", "swap", "100%", "1G", "/", "/boot", "8300",
     "EF00", "EF02", "ext4", "vfat", "/dev/sda", "x"]
)  # fmt: skip
keys = st.sampled_from(
    ["disk", "nodev", "type", "device", "content", "partitions", "size", "start", "end",
     "format", "mountpoint", "mountOptions", "subvolumes", "swap", "fsType", "a", "/x"]
)  # fmt: skip
trees = st.recursive(
    leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["disk", "nodev"]), trees, max_size=2))
def test_what_passes_the_shape_check_never_breaks_the_checker(devices: dict[str, Any]) -> None:
    try:
        checked = check_shape(devices, "disko.nix")
    except InputError as exc:
        assert exc.problems and all(p.location == "disko.nix" for p in exc.problems)
        return
    check_devices(checked, source="disko.nix", text="", profile=None, settings=SERVER)
