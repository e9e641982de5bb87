"""Storage test helpers: hand-built hardware profiles (no report reader needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pantheros.hardware.profile import Cpu, Disk, HardwareProfile

GIB = 1024**3


def make_disk(
    name: str = "nvme0n1",
    *,
    bus: str = "nvme",
    size_gib: float = 1000,
    model: str | None = "Test SSD",
    by_id: str | None = "auto",
    rotational: bool | None = False,
    removable: bool = False,
) -> Disk:
    if by_id == "auto":
        by_id = f"/dev/disk/by-id/{bus}-{(model or 'disk').replace(' ', '_')}_{name}"
    return Disk(
        name=name,
        model=model,
        device=f"/dev/{name}",
        by_id=by_id,
        bus=bus,  # type: ignore[arg-type]
        rotational=rotational,
        size_bytes=int(size_gib * GIB),
        removable=removable,
    )


def make_profile(
    *,
    disks: list[Disk] | None = None,
    memory_gib: float = 16,
    boot_mode: str = "uefi",
    form_factor: str = "laptop",
    virtualisation: str = "none",
    threads: int | None = 8,
    confidence: str = "high",
) -> HardwareProfile:
    return HardwareProfile(
        source="test-report.json",
        report_version=1,
        provider_confidence=None,
        prime=None,
        excluded_disks=[],
        known_model=None,
        warnings=[],
        system="x86_64-linux",
        vendor="Test",
        product="Machine",
        form_factor=form_factor,  # type: ignore[arg-type]
        virtualisation=virtualisation,
        provider=None,
        boot_mode=boot_mode,  # type: ignore[arg-type]
        boot_mode_confidence=confidence,  # type: ignore[arg-type]
        cpu=Cpu(vendor="amd", model="Test CPU", cores=threads, threads=threads, microcode="amd"),
        gpus=[],
        hybrid_graphics=False,
        disks=disks if disks is not None else [make_disk()],
        memory_bytes=int(memory_gib * GIB),
        battery=form_factor == "laptop",
        wifi=True,
        bluetooth=True,
        convertible=False,
        nixos_hardware_modules=[],
        nixos_hardware_exact=False,
        quirks=[],
        evidence={"boot_mode": "test"},
    )


@pytest.fixture
def profile_factory() -> Callable[..., HardwareProfile]:
    return make_profile


@pytest.fixture
def disk_factory() -> Callable[..., Disk]:
    return make_disk


def kwargs(**values: Any) -> dict[str, Any]:
    return values
