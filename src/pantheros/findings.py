"""Findings: what checks report, with severity, location, why and the fix."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    severity: Severity
    code: str
    location: str
    message: str
    fix: str | None = None


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
