"""One writer at a time: an exclusive lock on the fleet, held from reading fleet.toml to the
last file written, so two commands cannot both read the old inventory and lose one's change.

The lock is `flock` on the fleet's folder itself (the folder holding fleet.toml): no file is
created for it, so a command that fails leaves the tree exactly as it was, and the folder's
inode never changes while files in it are replaced. The kernel releases the lock when the
holder exits, however it exits, so a crashed panther never leaves the fleet locked. A second
writer waits and says so; after `PANTHER_LOCK_TIMEOUT` seconds (default 60) it gives up.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pantheros.errors import PantherError

DEFAULT_TIMEOUT = 60.0


class FleetBusy(PantherError):
    """Another panther has been writing this fleet for longer than we wait."""

    kind = "busy"


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("PANTHER_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def fleet_lock(root: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the fleet's write lock for the duration of the block."""
    limit = _timeout() if timeout is None else timeout
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise PantherError(
            f"cannot open the fleet's folder: {exc.strerror}",
            location=str(root),
            fix="check that the folder exists and is readable",
        ) from None
    try:
        deadline = time.monotonic() + limit
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FleetBusy(
                        f"another panther has been changing this fleet for {limit:g} s",
                        location=str(root),
                        fix="wait for it to finish and run the command again "
                        "(PANTHER_LOCK_TIMEOUT sets how long to wait)",
                    ) from None
                if not told:
                    sys.stderr.write("panther: waiting for another panther to finish\n")
                    told = True
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock
