"""The project's error types: every failure a user can cause or meet is one of these."""

from __future__ import annotations


class PantherError(Exception):
    """A failure with a location and a fix; rendered as one line, never as a traceback."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        fix: str | None = None,
        detail: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.location = location
        self.fix = fix
        # Lines shown below the one-line error (e.g. a diff); never needed to understand it.
        self.detail = detail

    def one_line(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}; {self.fix}" if self.fix else text


class InputError(PantherError):
    """Bad input from the user (a file, an argument): exit code 2, nothing written."""

    exit_code = 2


class ToolMissing(InputError):
    """An external program that an operation needs is not installed."""


class ToolFailed(PantherError):
    """An external program ran and failed."""
