"""Shared helpers for the hardware tests."""

from __future__ import annotations

from pathlib import Path

from pantheros.hardware.derive import profile_report
from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.read import read_report

from ..conftest import REPO, real_report

SYNTHETIC = REPO / "tests" / "fixtures" / "facter"
# Trimmed reports (smaller than the real ones, one OVH VPS the real set lacks): the example
# fleet ships copies of them, but the framework's tests read their own.
TRIMMED = SYNTHETIC / "trimmed"


def profile(path: Path, **options: str | None) -> HardwareProfile:
    return profile_report(read_report(path), str(path), **options)  # type: ignore[arg-type]


def real(name: str) -> HardwareProfile:
    path = real_report(name)
    assert path.is_file(), f"real report {path} missing (set PANTHER_SHARED)"
    return profile(path)


def synthetic(name: str) -> HardwareProfile:
    return profile(SYNTHETIC / f"{name}.json")


def trimmed(name: str) -> HardwareProfile:
    return profile(TRIMMED / f"{name}.json")
