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

import difflib
import errno
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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
    current = root
    staged: list[tuple[Path, Path]] = []
    created_dirs: list[Path] = []
    try:
        for planned in files:
            target = current = root / planned.path
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
        raise _write_error(current, exc) from None
    # From here on every new content is on disk and the journal says where it goes.
    _finish(root)
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


def write_generated(
    target: Path, text: str, *, force: bool, purpose: str, root: Path | None = None
) -> WriteOutcome:
    """Write a generated file atomically; "unchanged" when the file already says the same.

    The same means: equal below the header comment (which names the command and report, so
    it differs between `panther host add` and `panther storage plan`). A generated file
    becomes the user's once written, so one that differs below its header is replaced only
    with `force`; the error shows how it differs. Inside a fleet (`root`), the write goes
    through the fleet's journal like every other change of it.
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
    base = root if root is not None and root in target.absolute().parents else target.parent
    relative = target.absolute().relative_to(base.absolute())
    write_all(base, [PlannedFile(relative, text.encode(), purpose)])
    return "written"
