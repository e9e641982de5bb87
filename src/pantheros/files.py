"""Planned files, and writing them so that a crash never leaves a file half-written or gone.

Every file of an operation is planned (path + bytes) before anything touches the disk. Each is
then written to a temporary file in its own folder, flushed to disk, and moved over its target
with one atomic rename (`os.replace`), and the folder itself is flushed: at every instant the
old or the new content is there, never neither. Files keep their permissions (a new one gets
0644 less the umask). A target that is a symbolic link is written through the link, so the link
stays where it is.

Several files of one operation are one change (`write_all`): a journal lets the next write
finish what a crash interrupted, so a fleet is always before or after a change, never between.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
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
    # Named like write_all's temporary files, so `recover` cleans up after a crash here too.
    tmp = folder / f".{real.name}.panther-{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        tmp.replace(real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


JOURNAL = ".panther-journal.json"
_TEMP = re.compile(r"^\..+\.panther-[0-9a-f]{8}\.(tmp|old)$")


def write_all(root: Path, files: list[PlannedFile]) -> list[Path]:
    """Write every planned file under `root` as one change: all of it, or (on an error) none.

    A crash cannot leave a mixture either. Every new file is first written in full next to its
    target; then a journal (`.panther-journal.json` in `root`) records where each goes; then the
    files are moved into place and the journal removed. A crash before the journal leaves only
    temporary files, which the next write (or `recover`) deletes; a crash after it is finished
    by the next write: the journal says exactly which moves remain.
    """
    recover(root)
    # The same path planned twice: the later plan wins.
    files = list({planned.path: planned for planned in files}.values())
    token = secrets.token_hex(4)
    staged: list[tuple[Path, Path]] = []
    created_dirs: list[Path] = []
    try:
        for planned in files:
            target = root / planned.path
            real = target.resolve() if target.is_symlink() else target
            created_dirs += _make_parents(real.parent)
            try:
                mode = stat.S_IMODE(real.stat().st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            if real.is_dir():
                raise IsADirectoryError(21, "is a folder, not a file", str(real))
            tmp = real.parent / f".{real.name}.panther-{token}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            staged.append((tmp, real))
            with os.fdopen(fd, "wb") as out:
                out.write(planned.content)
                out.flush()
                os.fchmod(out.fileno(), mode)
                os.fsync(out.fileno())
        for folder in {tmp.parent for tmp, _ in staged}:
            _fsync_dir(folder)
        journal = json.dumps({"moves": [[str(tmp), str(real)] for tmp, real in staged]})
        replace_file(root / JOURNAL, journal.encode(), mode=0o600)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        _remove_empty(created_dirs)
        raise InputError(
            f"cannot write {exc.filename or root}: {exc.strerror or exc}",
            location=str(root),
            fix="check the folder's permissions and free space; nothing was changed",
        ) from None
    # From here on every new content is on disk and the journal says where it goes.
    _finish(root)
    return [root / planned.path for planned in files]


def _finish(root: Path) -> None:
    journal = root / JOURNAL
    try:
        moves = json.loads(journal.read_text("utf-8"))["moves"]
        pairs = [(Path(tmp), Path(target)) for tmp, target in moves]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"an interrupted write left a journal panther cannot read ({exc})",
            location=str(journal),
            fix="look at the files it names, then delete it; the temporary .panther-*.tmp "
            "files beside them hold the new contents",
        ) from None
    # Each replaced file's old version stays reachable (a hard link) until all moves are done,
    # so an error half-way puts every file back; a crash instead is finished by the journal.
    olds: list[tuple[Path, Path | None]] = []
    try:
        for tmp, target in pairs:
            if not tmp.exists():  # already moved when a crash hit after it
                continue
            old = None
            if target.is_file():
                old = tmp.with_name(tmp.name.removesuffix(".tmp") + ".old")
                old.unlink(missing_ok=True)  # from a crash right after linking it
                os.link(target, old)
            olds.append((target, old))
            tmp.replace(target)
        for folder in {target.parent for _, target in pairs}:
            _fsync_dir(folder)
    except OSError as exc:
        for target, old in reversed(olds):
            try:
                if old is not None:
                    old.replace(target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                continue
        for tmp, _ in pairs:
            tmp.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise InputError(
            f"cannot write {exc.filename or root}: {exc.strerror or exc}",
            location=str(root),
            fix="fix the cause (permissions, a full disk) and run the command again; "
            "nothing was changed",
        ) from None
    journal.unlink()
    _fsync_dir(root)
    for _, old in olds:
        if old is not None:
            old.unlink(missing_ok=True)


def pending(root: Path) -> list[Path]:
    """What an interrupted write left in `root`: its journal and stale temporary files."""
    found = [root / JOURNAL] if (root / JOURNAL).exists() else []
    for folder in (root, *sorted(p for p in (root / "hosts").glob("*") if p.is_dir())):
        try:
            found += [p for p in sorted(folder.iterdir()) if _TEMP.match(p.name)]
        except OSError:
            continue
    return found


def recover(root: Path) -> None:
    """Finish a write a crash interrupted, then delete what an earlier crash left behind."""
    if (root / JOURNAL).exists():
        _finish(root)
    for leftover in pending(root):
        leftover.unlink(missing_ok=True)
    hosts = root / "hosts"
    if hosts.is_dir():
        # A host folder left empty by a crash (before any of its files arrived) means nothing.
        _remove_empty(sorted(p for p in hosts.iterdir() if p.is_dir()))


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):
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
