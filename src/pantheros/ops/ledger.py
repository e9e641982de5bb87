"""The deploy ledger: one JSON line per deploy and rollback, in the fleet's state directory.

`.panther/ledger.jsonl` beside fleet.toml (panther init's .gitignore keeps `.panther/` out of
git: it is this machine's history). Each record is appended with one write under an exclusive
lock and flushed to disk, so concurrent runs never interleave lines and a crash loses at most
the record being written; a line that is not JSON (a crash mid-write) is skipped on reading.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

STATE_DIR = ".panther"
LEDGER = "ledger.jsonl"


def state_dir(root: Path) -> Path:
    return root / STATE_DIR


def path(root: Path) -> Path:
    return state_dir(root) / LEDGER


def append(root: Path, record: dict[str, Any]) -> None:
    target = path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(root: Path) -> list[dict[str, Any]]:
    """Every whole record, oldest first."""
    try:
        text = path(root).read_text("utf-8", errors="replace")
    except FileNotFoundError:
        return []
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records
