"""What a committed flake.lock pins, checked against what PantherOS needs.

PantherOS gives every opnix secret a `kind`, which opnix has only since v0.11.0; a lock that
pins an older opnix makes every host fail to evaluate ("The option … kind does not exist").
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pantheros.findings import Finding

# opnix v0.11.0: commit 0ea3a9e6, 2026-08-18 13:30:04 UTC.
OPNIX_MIN_DATE = 1787059804
OPNIX_MIN = "v0.11.0"


def lock_findings(root: Path) -> list[Finding]:
    path = root / "flake.lock"
    if not path.is_file():
        return []
    try:
        lock = json.loads(path.read_text("utf-8"))
        nodes: dict[str, Any] = lock["nodes"]
        if not isinstance(nodes, dict):
            raise TypeError("nodes is not a table")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        return [
            Finding(
                severity="error",
                code="flake-lock",
                location="flake.lock",
                message=f"cannot read it ({err})",
                fix="run `nix flake lock` to write it again",
            )
        ]
    findings: list[Finding] = []
    for name, node in nodes.items():
        if not isinstance(node, dict):
            continue
        original, locked = node.get("original"), node.get("locked")
        if not isinstance(original, dict) or not isinstance(locked, dict):
            continue
        if original.get("owner") != "brizzbuzz" or original.get("repo") != "opnix":
            continue
        modified = locked.get("lastModified")
        if (
            isinstance(modified, int)
            and not isinstance(modified, bool)
            and modified < OPNIX_MIN_DATE
        ):
            # A lock written by Nix holds a real time; anything before 1970 is not one.
            when = (
                datetime.fromtimestamp(modified, UTC).date().isoformat()
                if modified >= 0
                else "an impossible date"
            )
            findings.append(
                Finding(
                    severity="error",
                    code="opnix-too-old",
                    location=f"flake.lock: nodes.{name}",
                    message=f"opnix is pinned at a commit of {when}, older than {OPNIX_MIN}, "
                    "whose secret `kind` every host uses",
                    fix=f"run `nix flake update {name}` and commit the lock",
                )
            )
    return findings
