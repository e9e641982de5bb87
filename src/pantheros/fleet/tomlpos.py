"""Find the line of a key path in TOML text, so schema errors can name a line.

Only used on the error path; it understands table headers and (dotted) keys, which is
enough to point at the offending line of a hand-written inventory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY_PART = re.compile(rf"\s*({_BARE}|{_QUOTED})\s*")


def _split_key(text: str) -> list[str] | None:
    parts: list[str] = []
    rest = text
    while True:
        match = _KEY_PART.match(rest)
        if not match:
            return None
        token = match.group(1)
        parts.append(token[1:-1] if token[:1] in "\"'" else token)
        rest = rest[match.end() :]
        if not rest:
            return parts
        if not rest.startswith("."):
            return None
        rest = rest[1:]


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """1-based line that best matches `path`: the key itself, else its nearest table."""
    want = [str(p) for p in path if not isinstance(p, int)]
    best: tuple[int, int] | None = None  # (matched depth, line)
    table: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = re.match(r"^\[\[?([^\]]+)\]\]?", line)
        if header:
            keys = _split_key(header.group(1))
            if keys is None:
                continue
            table = keys
            full = table
        else:
            key_text = line.split("=", 1)[0] if "=" in line else None
            keys = _split_key(key_text) if key_text is not None else None
            if keys is None:
                continue
            full = table + keys
        depth = 0
        for have, wanted in zip(full, want, strict=False):
            if have != wanted:
                break
            depth += 1
        if depth == len(full) and depth > 0 and (best is None or depth > best[0]):
            best = (depth, number)
    return best[1] if best else None
