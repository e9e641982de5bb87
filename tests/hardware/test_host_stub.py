"""Generated hosts/<name>/default.nix: what it sets, and that Nix parses it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pantheros.hardware.host_stub import render_default_nix
from pantheros.hardware.profile import HardwareProfile

from ..conftest import REAL_REPORTS
from .helpers import SYNTHETIC, profile, real, synthetic

ALL = [("real", n) for n in REAL_REPORTS] + [
    ("synthetic", p.stem) for p in sorted(SYNTHETIC.glob("*.json"))
]


def _load(kind: str, name: str) -> HardwareProfile:
    return real(name) if kind == "real" else synthetic(name)


def _render(p: HardwareProfile, name: str = "host") -> str:
    return render_default_nix(
        name, p, command=f"panther host add {name} --report r.json", report="hosts/host/facter.json"
    )


@pytest.mark.parametrize(("kind", "name"), ALL)
def test_every_stub_parses(kind: str, name: str, tmp_path: Path) -> None:
    text = _render(_load(kind, name))
    path = tmp_path / "default.nix"
    path.write_text(text)
    done = subprocess.run(
        ["nix-instantiate", "--parse", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert text.startswith("# host: written by `panther host add host --report r.json`")
    assert 'system.stateVersion = "26.05";' in text


def test_zephyrus_stub() -> None:
    text = _render(real("zephyrus"))
    assert "inputs.nixos-hardware.nixosModules.asus-zephyrus-gu603h" in text
    assert "{ inputs, lib, ... }:" in text
    assert 'intelBusId = "PCI:0:2:0";' in text
    assert 'nvidiaBusId = "PCI:1:0:0";' in text
    assert "offload.enable = true;" in text
    assert "amdgpuBusId" not in text
    assert "services.asusd.enable = true;" in text
    assert "services.supergfxd.enable = true;" in text
    assert "boot.loader.systemd-boot.enable = true;" in text
    assert "boot.loader.efi.canTouchEfiVariables = true;" in text
    assert "qemuGuest" not in text


def test_yoga_stub_uses_generic_modules_and_the_rotation_sensor() -> None:
    text = _render(real("yoga"))
    assert "inputs.nixos-hardware.nixosModules.common-cpu-amd-pstate" in text
    assert "hardware.sensor.iio.enable = true;" in text
    assert "nvidia" not in text
    assert "{ inputs, ... }:" in text


def test_vm_stubs() -> None:
    hetzner = _render(real("hetzner-vps"))
    contabo = _render(real("contabo-vps"))
    for text in (hetzner, contabo):
        assert "services.qemuGuest.enable = true;" in text
        assert "imports" not in text
        assert text.count("{") == text.count("}")
    assert "boot.loader.systemd-boot.enable = true;" in hetzner
    assert 'panther.boot.mode = "bios";' in contabo
    assert "boot.loader.grub.enable = true;" in contabo
    assert "systemd-boot" not in contabo


def test_amd_nvidia_stub_uses_amdgpu_bus_id_and_the_models_module() -> None:
    text = _render(synthetic("amd-nvidia-laptop"))
    assert 'amdgpuBusId = "PCI:101:0:0";' in text
    assert "intelBusId" not in text
    # A Legion 5 Pro 16ACH6H: its nixos-hardware module chooses the NVIDIA kernel module.
    assert "inputs.nixos-hardware.nixosModules.lenovo-legion-16ach6h-hybrid" in text
    assert "hardware.nvidia.open" not in text


def test_generic_nvidia_stub_chooses_the_open_module() -> None:
    import json

    from pantheros.hardware.derive import profile_report
    from pantheros.hardware.read import parse_report

    from .helpers import SYNTHETIC

    data = json.loads((SYNTHETIC / "amd-nvidia-laptop.json").read_text())
    data["smbios"]["system"]["version"] = "Some Laptop 16"  # no known model
    profile = profile_report(parse_report(json.dumps(data), "r.json"), "r.json")
    text = _render(profile)
    assert "common-gpu-nvidia" in text
    assert "hardware.nvidia.open = lib.mkDefault true;" in text  # 10de:2520 is Ampere


def test_unknown_boot_mode_installs_grub_for_both() -> None:
    text = _render(synthetic("hdd-desktop"))
    assert "panther.boot.enable = false;" in text
    assert "efiSupport = true;" in text
    assert "# CHECK: boot mode unknown" in text


def test_override_changes_the_boot_loader() -> None:
    from ..conftest import real_report

    text = _render(profile(real_report("hetzner-vps"), boot_mode_override="bios"))
    assert "boot.loader.grub.enable = true;" in text


def test_report_strings_cannot_escape_comments() -> None:
    p = real("hetzner-vps").model_copy(update={"product": "evil\n}; x = 1; {"})
    text = _render(p)
    assert "\n}; x = 1;" not in text


def test_pre_turing_nvidia_desktop_keeps_the_proprietary_module() -> None:
    text = _render(synthetic("hdd-desktop"))  # 10de:1b81, a Pascal GTX 1070
    assert "hardware.nvidia.open = lib.mkDefault false;" in text
    assert "hardware.nvidia.prime" not in text
    assert "allowUnfreePredicate" in text
