"""Planned files and writing them all-or-nothing.

Every file of an operation is planned (path + bytes) before anything touches the disk; then all
are written to temporary files beside their targets and renamed into place, so a failure midway
leaves the old files, not half-written ones: files already renamed are put back.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pantheros.errors import InputError


@dataclass(frozen=True)
class PlannedFile:
    path: Path  # relative to the fleet root
    content: bytes
    purpose: str  # one line for people: "hardware report", "host configuration", …


def write_all(root: Path, files: list[PlannedFile]) -> list[Path]:
    """Write every planned file under `root`; on any error put everything back as it was."""
    created_dirs: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    done: list[tuple[Path, Path | None]] = []  # (target, backup of the old file or None)
    try:
        for planned in files:
            target = root / planned.path
            created_dirs += _make_parents(target.parent)
            fd, tmp_name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as out:
                out.write(planned.content)
                out.flush()
                os.fsync(out.fileno())
        for tmp_path, target in staged:
            backup = None
            if target.is_file():
                backup = target.with_name(f".{target.name}.{os.getpid()}.bak")
                target.replace(backup)
            done.append((target, backup))
            tmp_path.replace(target)
    except OSError as exc:
        _roll_back(staged, done, created_dirs)
        raise InputError(
            f"cannot write {exc.filename or root}: {exc.strerror or exc}",
            location=str(root),
            fix="check the folder's permissions and free space; nothing was changed",
        ) from None
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)
    return [root / planned.path for planned in files]


def _roll_back(
    staged: list[tuple[Path, Path]], done: list[tuple[Path, Path | None]], created: list[Path]
) -> None:
    for target, backup in reversed(done):
        if backup is not None and backup.exists():
            backup.replace(target)
        elif backup is None and target.is_file():
            target.unlink()
    for tmp_path, _ in staged:
        tmp_path.unlink(missing_ok=True)
    for folder in reversed(created):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _make_parents(folder: Path) -> list[Path]:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def display_path(path: Path, root: Path | None) -> str:
    """How a generated file's header names a file: relative to the fleet root when inside it,
    else only its name (a header must not record one person's absolute paths)."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def fleet_root_above(path: Path) -> Path | None:
    """The nearest folder at or above `path`'s folder that holds a fleet.toml, if any."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "fleet.toml").is_file():
            return candidate
    return None


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
