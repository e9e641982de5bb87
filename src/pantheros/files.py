"""Planned files and writing them all-or-nothing.

Every file of an operation is planned (path + bytes) before anything touches the disk; then all
are written to temporary files beside their targets and renamed into place, so a failure midway
leaves the old files, not half-written ones: files already renamed are put back.
"""

from __future__ import annotations

import difflib
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pantheros.errors import InputError


@dataclass(frozen=True)
class PlannedFile:
    path: Path  # relative to the fleet root
    content: bytes
    purpose: str  # one line for people: "hardware report", "host configuration", …


def write_all(root: Path, files: list[PlannedFile]) -> list[Path]:
    """Write every planned file under `root`; on any error put everything back as it was."""
    for planned in files:
        if (root / planned.path).is_dir():
            raise InputError(
                "is a folder, not a file",
                location=str(root / planned.path),
                fix="name a file to write, or a folder that does not hold one of that name",
            )
    created_dirs: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    done: list[tuple[Path, Path | None]] = []  # (target, backup of the old file or None)
    current = root
    try:
        for planned in files:
            target = current = root / planned.path
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
            current = target
            backup = None
            if target.is_file():
                backup = target.with_name(f".{target.name}.{os.getpid()}.bak")
                target.replace(backup)
            done.append((target, backup))
            tmp_path.replace(target)
    except OSError as exc:
        _roll_back(staged, done, created_dirs)
        raise _write_error(current, exc) from None
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)
    return [root / planned.path for planned in files]


def _write_error(target: Path, exc: OSError) -> InputError:
    """Name the file we meant to write (not a temporary beside it) and why it failed."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        cause = f"permission denied in {target.parent}"
        fix = "write somewhere you may write (or fix the folder's permissions)"
    elif code == errno.EROFS:
        cause = f"{target.parent} is on a read-only filesystem"
        fix = "write somewhere else"
    elif code in (errno.ENOTDIR, errno.EEXIST):
        blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        cause = f"{blocking or target.parent} is a file, not a folder"
        fix = "pick a path whose folders are folders"
    elif code == errno.ENOSPC:
        cause = "no space left on the device"
        fix = "free some space and run it again"
    elif code == errno.ENOENT and target.parent.is_dir():
        cause = f"{target.parent} does not take new files"
        fix = "write somewhere else"
    elif code == errno.EISDIR:
        cause = "it is a folder, not a file"
        fix = "name a file to write"
    else:
        cause = exc.strerror or str(exc)
        fix = "check the folder's permissions and free space"
    return InputError(
        f"cannot write this file: {cause}",
        location=str(target),
        fix=f"{fix}; nothing was changed",
    )


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


def output_file(path: Path, default_name: str) -> Path:
    """An --output argument: an existing folder means the file `default_name` inside it."""
    return path / default_name if path.is_dir() else path


def split_header(text: str) -> tuple[list[str], list[str]]:
    """(header, body): the leading comment block (and blank lines), then everything else."""
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip()[:1] not in ("#", "")), len(lines)
    )
    return lines[:start], lines[start:]


def body_diff(old: str, new: str, name: str, *, limit: int = 24) -> list[str]:
    """A unified diff of two generated files below their header comments; [] when equal."""
    old_body, new_body = split_header(old)[1], split_header(new)[1]
    if old_body == new_body:
        return []
    lines = list(
        difflib.unified_diff(
            old_body, new_body, f"{name} (on disk)", f"{name} (new plan)", n=1, lineterm=""
        )
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"… {len(lines) - limit} more diff line(s)"]
    return lines


WriteOutcome = Literal["written", "unchanged"]


def write_generated(target: Path, text: str, *, force: bool, purpose: str) -> WriteOutcome:
    """Write a generated file atomically; "unchanged" when the file already says the same.

    The same means: equal below the header comment (which names the command and report, so
    it differs between `panther host add` and `panther storage plan`). A generated file
    becomes the user's once written, so one that differs below its header is replaced only
    with `force`; the error shows how it differs.
    """
    if target.is_file():
        try:
            old = target.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            old = None
        if old == text:
            return "unchanged"
        diff = body_diff(old, text, target.name) if old is not None else ["(unreadable)"]
        if not diff and not force:
            return "unchanged"
        if diff and not force:
            raise InputError(
                "exists and differs from the new plan below its header comment (it may hold "
                "your edits)",
                location=str(target),
                fix="pass --force to overwrite it, or --output another file and compare",
                detail="\n".join(diff),
            )
    write_all(target.parent, [PlannedFile(Path(target.name), text.encode(), purpose)])
    return "written"
