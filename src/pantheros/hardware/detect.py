"""`panther hw detect`: run nixos-facter on this machine and check what it wrote."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict

from pantheros import proc
from pantheros.errors import ToolFailed
from pantheros.hardware.read import parse_report

NIXOS_FACTER = "nixos-facter"
# Scanning every bus takes a while on big machines.
TIMEOUT_S = 300.0


class DetectResult(BaseModel):
    """`panther hw detect -o FILE --json`: what was written."""

    model_config = ConfigDict(frozen=True)

    path: str
    size_bytes: int
    version: int
    system: str


def detect() -> str:
    """Run nixos-facter and return its report text, checked to be a readable report."""
    proc.require(NIXOS_FACTER)  # ToolMissing (exit 2) says how to get it
    done = proc.run([NIXOS_FACTER], timeout=TIMEOUT_S)
    if not done.ok:
        hint = " (it needs root: try sudo)" if os.geteuid() != 0 else ""
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        raise ToolFailed(
            f"nixos-facter exited {done.returncode}{hint}" + (f": {detail}" if detail else ""),
            fix="run `sudo nixos-facter -o facter.json` by hand to see its full output",
        )
    parse_report(done.stdout, "nixos-facter output")
    return done.stdout


def describe(path: str, text: str) -> DetectResult:
    report = parse_report(text, path)
    return DetectResult(
        path=path, size_bytes=len(text.encode()), version=report.version, system=report.system
    )
