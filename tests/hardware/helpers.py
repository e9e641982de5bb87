"""Shared helpers for the hardware tests."""

from __future__ import annotations

from pathlib import Path

from pantheros.hardware.derive import profile_report
from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.read import read_report

from ..conftest import EXAMPLE, REPO, real_report

SYNTHETIC = REPO / "tests" / "fixtures" / "facter"
EXAMPLE_HOSTS = ("zephyrus", "yoga", "hetzner-vps", "ovh-vps", "contabo-vps")


def profile(path: Path, **options: str | None) -> HardwareProfile:
    return profile_report(read_report(path), str(path), **options)  # type: ignore[arg-type]


def real(name: str) -> HardwareProfile:
    path = real_report(name)
    assert path.is_file(), f"real report {path} missing (set PANTHER_SHARED)"
    return profile(path)


def synthetic(name: str) -> HardwareProfile:
    return profile(SYNTHETIC / f"{name}.json")


def example(name: str) -> HardwareProfile:
    return profile(EXAMPLE / "hosts" / name / "facter.json")
