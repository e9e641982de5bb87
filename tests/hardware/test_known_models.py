"""The known-model table: it loads, and every module name exists in nixos-hardware."""

from __future__ import annotations

from pantheros.hardware.known_models import generic_modules, known_models
from pantheros.hardware.profile import Cpu, Disk, Gpu
from pantheros.hardware.quirks import QUIRKS

# Module names read from NixOS/nixos-hardware flake.nix (nixosModules) at commit
# 0471accf8d0a8210b31d947497d179ecc99e0021 (2026-08-19). Every name the table or the generic
# fallback may emit must be in this list; add names here only after checking flake.nix.
VERIFIED_NIXOS_HARDWARE = {
    "asus-rog-strix-g533zw",
    "asus-zephyrus-ga401",
    "asus-zephyrus-ga401iv",
    "asus-zephyrus-ga402",
    "asus-zephyrus-ga402x-nvidia",
    "asus-zephyrus-ga502",
    "asus-zephyrus-ga503",
    "asus-zephyrus-gu603h",
    "asus-zephyrus-gu605cw",
    "asus-zephyrus-gu605my",
    "common-cpu-amd",
    "common-cpu-amd-pstate",
    "common-cpu-intel",
    "common-gpu-amd",
    "common-gpu-intel",
    "common-gpu-nvidia",
    "common-gpu-nvidia-nonprime",
    "common-pc",
    "common-pc-hdd",
    "common-pc-laptop",
    "common-pc-laptop-hdd",
    "common-pc-ssd",
    "dell-xps-13-9300",
    "dell-xps-13-9310",
    "framework-12-13th-gen-intel",
    "framework-13-7040-amd",
    "framework-16-7040-amd",
    "framework-amd-ai-300-series",
    "framework-desktop-amd-ai-max-300-series",
    "lenovo-thinkpad-x13-amd",
    "lenovo-thinkpad-x13-intel",
    "lenovo-thinkpad-x13-yoga",
    "lenovo-yoga-7-14ARH7",
    "lenovo-yoga-7-14ILL10",
    "lenovo-yoga-7-slim-gen8",
}


def test_table_loads_and_names_only_verified_modules() -> None:
    table = known_models()
    assert table.model, "the table has models"
    for entry in table.model:
        assert set(entry.modules) <= VERIFIED_NIXOS_HARDWARE, entry.name
        assert entry.note
        if not entry.modules:
            assert entry.exact is False, f"{entry.name}: generic fallback cannot be exact"
    for entry in [*table.model, *table.family]:
        assert set(entry.quirks) <= set(QUIRKS)


def _disk(rotational: bool | None) -> Disk:
    return Disk(
        name="sda",
        model=None,
        device="/dev/sda",
        by_id=None,
        bus="sata",
        rotational=rotational,
        size_bytes=1,
    )


def _gpu(vendor: str, kind: str) -> Gpu:
    return Gpu(
        vendor=vendor,
        name=None,
        device_id=None,
        driver=None,
        kind=kind,  # type: ignore[arg-type]
        pci_address=None,
        bus_id=None,
    )


def test_generic_fallback_names_are_verified() -> None:
    seen: set[str] = set()
    for cpu_vendor in ("intel", "amd", "arm", "other"):
        for gpus in (
            [],
            [_gpu("intel", "integrated")],
            [_gpu("amd", "integrated"), _gpu("nvidia", "discrete")],
        ):
            for hybrid in (False, True):
                for form in ("laptop", "desktop", "server", "vm"):
                    for disks in ([], [_disk(False)], [_disk(True)], [_disk(None)]):
                        cpu = Cpu(
                            vendor=cpu_vendor, model=None, cores=None, threads=None, microcode=None
                        )  # type: ignore[arg-type]
                        modules, _ = generic_modules(cpu, gpus, hybrid, form, disks, cppc=True)  # type: ignore[arg-type]
                        seen.update(modules)
    assert seen <= VERIFIED_NIXOS_HARDWARE
    assert {"common-pc-laptop", "common-pc-ssd", "common-gpu-nvidia"} <= seen


def test_vm_needs_no_modules() -> None:
    cpu = Cpu(vendor="amd", model=None, cores=None, threads=None, microcode=None)
    assert generic_modules(cpu, [], False, "vm", [], cppc=False)[0] == []
