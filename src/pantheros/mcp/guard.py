"""Keep the protocol's stdout to the protocol: everything else that writes there goes to stderr.

Over stdio, one stray line on stdout (a print, a library's warning, a child process that
inherited fd 1) corrupts the JSON-RPC stream. From the moment `panther mcp` starts, fd 1 points
at stderr; the real stdout is handed back only for the transport to claim (the SDK then serves
the wire from a private duplicate and points fd 1 at stderr again).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


class Wire:
    """The process's real stdout, kept aside until the transport takes it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def hand_back(self) -> None:
        """Point fd 1 at the real stdout again (only right before the transport claims it)."""
        sys.stdout.flush()
        os.dup2(self.fd, 1)


@contextmanager
def stray_output_to_stderr() -> Iterator[Wire]:
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield Wire(saved)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
