"""`panther hw show` explains each fact: every row of its table, every GPU's kind and every
disk's bus and rotational flag comes with the evidence the profile recorded, on every report
of the corpus and the real ones."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from pantheros.cli import hw_cmds
from pantheros.hardware.derive import profile_report
from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.read import parse_report

from ..conftest import REAL_REPORTS, real_report
from .corpus.cases import CASES
from .corpus.fresh import FRESH

# The facts the table shows, by their evidence key.
SHOWN = (
    "form_factor", "virtualisation", "provider", "boot_mode", "cpu.vendor", "memory_bytes",
    "hybrid_graphics", "wifi", "battery", "nixos_hardware_modules", "quirks",
)  # fmt: skip


def profiles() -> list[tuple[str, HardwareProfile]]:
    found = [
        (c.name, profile_report(parse_report(json.dumps(c.report), c.name), c.name))
        for c in CASES + FRESH
    ]
    for name in REAL_REPORTS:
        path = real_report(name)
        if path.is_file():
            found.append((name, profile_report(parse_report(path.read_text(), name), name)))
    return found


PROFILES = profiles()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("name", "profile"), PROFILES, ids=[n for n, _ in PROFILES])
def test_every_fact_shown_has_its_evidence(
    name: str, profile: HardwareProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    ev = profile.evidence
    expected = [ev[key] for key in SHOWN]
    if profile.form_factor == "laptop":
        expected.append(ev["convertible"])
    for i in range(len(profile.gpus)):
        expected.append(ev[f"gpus[{i}].kind"])
    for i in range(len(profile.disks)):
        expected += [ev[f"disks[{i}].bus"], ev[f"disks[{i}].rotational"]]
    expected += [x.reason for x in profile.excluded_disks]
    assert all(text.strip() for text in expected), name

    buffer = io.StringIO()
    wide = Console(file=buffer, width=4000, highlight=False, emoji=False, no_color=True)
    monkeypatch.setattr(hw_cmds, "console", lambda stderr=False: wide)
    hw_cmds._render_profile(profile)
    shown = flat(buffer.getvalue())
    missing = [text for text in expected if flat(text) not in shown]
    assert not missing, (name, missing)
