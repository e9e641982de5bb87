"""What `panther hosts` printed for a fleet.toml, kept so the next run need not load it again.

`panther hosts --json` (and the host names that shell completion asks for on every Tab) depend
only on fleet.toml's bytes, where it is, how it was found and the panther version. After a full
load (the pydantic models, every check), the output is stored under the cache directory, keyed
by a hash of exactly those; a later run with the same key prints it without importing the
models, which is most of a command's start-up time. Any change to the file, or another panther,
misses the cache and takes the full path again. Nothing here is ever needed: an unreadable or
unwritable cache only means the full path.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from pantheros import __version__

_FORMAT = 1


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pantheros"


def _key(path: Path, source: str, content: bytes) -> str:
    digest = hashlib.sha256()
    for part in (str(_FORMAT), __version__, str(path), source):
        digest.update(part.encode() + b"\0")
    digest.update(content)
    return digest.hexdigest()


def _file(path: Path) -> Path:
    return cache_dir() / f"hosts-{hashlib.sha256(str(path).encode()).hexdigest()[:24]}.json"


def read(path: Path, source: str) -> dict[str, str | list[str]] | None:
    """The stored output for this fleet.toml as it is now, or None."""
    try:
        # Only a plain file of sane size takes the fast path; anything else gets the full
        # load and its error (a FIFO must not block here).
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > 1 << 20:
            return None
        content = path.read_bytes()
        stored = json.loads(_file(path).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != _key(path, source, content):
        return None
    hosts_json, names = stored.get("hosts_json"), stored.get("names")
    if not isinstance(hosts_json, str) or not isinstance(names, list):
        return None
    return {"hosts_json": hosts_json, "names": [str(n) for n in names]}


def write(path: Path, source: str, content: bytes, hosts_json: str, names: list[str]) -> None:
    """Store the output of a full load of `content` (the bytes that were validated)."""
    record = {"key": _key(path, source, content), "hosts_json": hosts_json, "names": names}
    target = _file(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record), "utf-8")
        tmp.replace(target)
    except OSError:
        return
