"""Planned files, and writing them so that a crash never leaves a file half-written or gone.

Every file of an operation is planned (path + bytes) before anything touches the disk. Each is
then written to a temporary file in its own folder, flushed to disk, and moved over its target
with one atomic rename (`os.replace`), and the folder itself is flushed: at every instant the
old or the new content is there, never neither. Files keep their permissions (a new one gets
0644 less the umask). A target that is a symbolic link is written through the link, so the link
stays where it is.

When a later file of the same operation cannot be written, the files already replaced get their
old content back (the same way), and new ones are removed: an error leaves the tree as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pantheros.errors import InputError


@dataclass(frozen=True)
class PlannedFile:
    path: Path  # relative to the fleet root
    content: bytes
    purpose: str  # one line for people: "hardware report", "host configuration", …


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_file(target: Path, content: bytes, *, mode: int | None = None) -> None:
    """Atomically give `target` this content (the old or the new file is there at all times)."""
    real = target.resolve() if target.is_symlink() else target
    folder = real.parent
    if mode is None:
        try:
            mode = stat.S_IMODE(real.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        Path(tmp_name).replace(real)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def write_all(root: Path, files: list[PlannedFile]) -> list[Path]:
    """Write every planned file under `root`; on any error put everything back as it was."""
    created_dirs: list[Path] = []
    # (target, old content or None when the file is new, its mode)
    done: list[tuple[Path, bytes | None, int | None]] = []
    try:
        for planned in files:
            target = root / planned.path
            created_dirs += _make_parents(target.parent)
            old: bytes | None = None
            mode: int | None = None
            if target.is_file():
                old = target.read_bytes()
                mode = stat.S_IMODE(target.stat().st_mode)
            replace_file(target, planned.content, mode=mode)
            done.append((target, old, mode))
    except OSError as exc:
        _roll_back(done, created_dirs)
        raise InputError(
            f"cannot write {exc.filename or root}: {exc.strerror or exc}",
            location=str(root),
            fix="check the folder's permissions and free space; nothing was changed",
        ) from None
    return [root / planned.path for planned in files]


def _roll_back(done: list[tuple[Path, bytes | None, int | None]], created: list[Path]) -> None:
    for target, old, mode in reversed(done):
        try:
            if old is None:
                target.unlink(missing_ok=True)
            else:
                replace_file(target, old, mode=mode)
        except OSError:
            continue  # best effort: the error that caused the roll-back is what gets reported
    for folder in reversed(created):
        try:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            continue


def _make_parents(folder: Path) -> list[Path]:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def write_generated(target: Path, text: str, *, force: bool, purpose: str) -> bool:
    """Write a generated file atomically; False when it already has exactly this content.

    A generated file becomes the user's once written, so one that differs is replaced only
    with `force`.
    """
    if target.is_file():
        if target.read_bytes() == text.encode():
            return False
        if not force:
            raise InputError(
                "exists and differs from what would be written (it may hold your edits)",
                location=str(target),
                fix="pass --force to overwrite it, or --output another file and compare",
            )
    write_all(target.parent, [PlannedFile(Path(target.name), text.encode(), purpose)])
    return True
