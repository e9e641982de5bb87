"""The disko writer: text that parses, evaluates without nixpkgs, and says what the plan says."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantheros.hardware.profile import Disk, HardwareProfile
from pantheros.nix import cli as nix
from pantheros.storage.disko import header_for, nix_name, nix_string, post_create_script, render
from pantheros.storage.model import Btrfs, StoragePlan, StorageSettings
from pantheros.storage.planner import plan_storage

pytestmark = pytest.mark.skipif(not nix.available(), reason="nix-instantiate is not installed")


def evaluate(path: Path) -> Any:
    done = subprocess.run(
        ["nix-instantiate", "--eval", "--strict", "--json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def written(plan: StoragePlan, tmp_path: Path, header: str | None = None) -> Path:
    path = tmp_path / "disko.nix"
    path.write_text(render(plan, header=header))
    return path


def expected_devices(plan: StoragePlan) -> dict[str, Any]:
    """What the rendered file must evaluate to, built from the plan independently."""
    disks: dict[str, Any] = {}
    for disk in plan.disks:
        parts: dict[str, Any] = {}
        for part in disk.partitions:
            entry: dict[str, Any] = {"size": part.size, "type": part.type_code}
            content = part.content
            if isinstance(content, Btrfs):
                subs: dict[str, Any] = {}
                for sub in content.subvolumes:
                    subs[sub.name] = {
                        "mountpoint": sub.mountpoint,
                        "mountOptions": sub.mount_options,
                    }
                    if sub.swapfile_size:
                        subs[sub.name]["swap"] = {"swapfile": {"size": sub.swapfile_size}}
                entry["content"] = {
                    "type": "btrfs",
                    "extraArgs": content.extra_args,
                    "subvolumes": subs,
                }
                if content.post_create_commands:
                    entry["content"]["postCreateHook"] = post_create_script(content)
            elif content is not None:
                entry["content"] = {
                    "type": "filesystem",
                    "format": "vfat",
                    "mountpoint": content.mountpoint,
                    "mountOptions": content.mount_options,
                }
            parts[part.name] = entry
        disks[disk.name] = {
            "type": "disk",
            "device": disk.device,
            "content": {"type": "gpt", "partitions": parts},
        }
    return {"disk": disks}


def test_rendered_file_evaluates_to_the_plan(
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path: Path,
) -> None:
    profile = profile_factory(
        disks=[disk_factory("nvme0n1"), disk_factory("nvme1n1", size_gib=2000)]
    )
    plan = plan_storage(
        profile,
        StorageSettings.model_validate(
            {"class": "laptop", "workloads": ["postgresql", "attic", "vm-images", "containers"]}
        ),
    )
    value = evaluate(written(plan, tmp_path))
    assert value == {"disko": {"devices": expected_devices(plan)}}


def test_header_names_the_command_and_report(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path
) -> None:
    plan = plan_storage(profile_factory(), StorageSettings(), host="yoga")
    text = render(plan, header=header_for(plan, "panther storage plan yoga --write"))
    lines = text.splitlines()
    assert lines[0].startswith("# Storage layout for yoga, written by `panther storage plan yoga")
    assert "test-report.json" in lines[1]
    assert nix.parse_file(written(plan, tmp_path, header_for(plan, "x"))) is None


def test_nixfmt_style(profile_factory: Callable[..., HardwareProfile]) -> None:
    text = render(plan_storage(profile_factory(), StorageSettings()))
    assert "\t" not in text and text.endswith("}\n")
    assert all(line == line.rstrip() for line in text.splitlines())
    indents = {len(line) - len(line.lstrip(" ")) for line in text.splitlines()}
    assert all(i % 2 == 0 for i in indents)
    # single-item lists stay on one line, longer ones get one item per line
    assert 'mountOptions = [ "umask=0077" ];' in text
    assert 'mountOptions = mainFsOptions ++ [ "noatime" ];' in text
    assert "mainFsOptions = [\n" in text
    assert "with " not in text and "rec " not in text and "lib." not in text and "pkgs" not in text


def test_bios_plan_has_raw_bios_boot(
    profile_factory: Callable[..., HardwareProfile], tmp_path: Path
) -> None:
    plan = plan_storage(profile_factory(boot_mode="bios"), StorageSettings())
    value = evaluate(written(plan, tmp_path))
    boot = value["disko"]["devices"]["disk"]["main"]["content"]["partitions"]["boot"]
    assert boot == {"size": "1M", "type": "EF02"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("plain", '"plain"'), ('q"uote', '"q\\"uote"'), ("${x}", '"\\${x}"'), ("a\\b", '"a\\\\b"')],
)
def test_nix_string(value: str, expected: str) -> None:
    assert nix_string(value) == expected


def test_nix_name() -> None:
    assert nix_name("ESP") == "ESP"
    assert nix_name("@root") == '"@root"'
    assert nix_name("libvirt-images") == "libvirt-images"


# --- property: any valid profile + settings gives a file that evaluates ----------------------

BUSES = ["nvme", "sata", "virtio", "scsi", "mmc", "other"]
WORKLOADS = ["containers", "postgresql", "mysql", "vm-images", "attic", "hercules-ci"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_plan_renders_to_a_file_that_evaluates(
    data: st.DataObject,
    profile_factory: Callable[..., HardwareProfile],
    disk_factory: Callable[..., Disk],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    disks = [
        disk_factory(
            f"d{index}",
            bus=data.draw(st.sampled_from(BUSES)),
            size_gib=data.draw(st.floats(16, 20000)),
            model=data.draw(st.sampled_from([None, "Disk Model", 'Odd "name" ${x}'])),
            by_id=data.draw(st.sampled_from(["auto", None])),
            rotational=data.draw(st.sampled_from([None, True, False])),
        )
        for index in range(data.draw(st.integers(1, 3)))
    ]
    profile = profile_factory(
        disks=disks,
        memory_gib=data.draw(st.floats(0.5, 1024)),
        boot_mode=data.draw(st.sampled_from(["uefi", "bios", "unknown"])),
        form_factor=data.draw(st.sampled_from(["laptop", "desktop", "server", "vm"])),
        virtualisation=data.draw(st.sampled_from(["none", "kvm"])),
        threads=data.draw(st.sampled_from([None, 1, 2, 4, 32])),
        confidence=data.draw(st.sampled_from(["high", "medium", "low"])),
    )
    storage_settings = StorageSettings.model_validate(
        {
            "class": data.draw(st.sampled_from(["laptop", "workstation", "server"])),
            "workloads": data.draw(st.lists(st.sampled_from(WORKLOADS), unique=True)),
            "hibernate": data.draw(st.sampled_from([None, True, False])),
            "boot_mode": data.draw(st.sampled_from([None, "uefi", "bios"])),
        }
    )
    plan = plan_storage(profile, storage_settings)
    tmp = tmp_path_factory.mktemp("prop")
    value = evaluate(written(plan, tmp, header_for(plan, "panther storage plan --report r")))
    assert value == {"disko": {"devices": expected_devices(plan)}}
    # Mountpoints are unique and swap sizes are what disko's type accepts.
    points = plan.mountpoints()
    assert len(points) == len(set(points))
    assert plan.swap.swapfile_size is not None
    assert plan.swap.swapfile_size[:-1].isdigit() and plan.swap.swapfile_size[-1] == "G"
    for disk in plan.disks:
        fixed = sum(1 for p in disk.partitions if p.size != "100%")
        assert fixed <= 2
