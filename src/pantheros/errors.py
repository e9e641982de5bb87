"""The project's error types: every failure a user can cause or meet is one of these."""

from __future__ import annotations


class Problem:
    """One thing wrong with an input: what, where (file:line: key, or a JSON path), the fix.

    A plain class, not a dataclass: this module is imported by every command, even the ones
    that must start in a few milliseconds.
    """

    __slots__ = ("fix", "location", "message")

    def __init__(self, message: str, location: str | None = None, fix: str | None = None):
        self.message = message
        self.location = location
        self.fix = fix

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.message, self.location, self.fix) == (other.message, other.location, other.fix)

    def __hash__(self) -> int:
        return hash((self.message, self.location, self.fix))

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, {self.location!r}, {self.fix!r})"

    def one_line(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}; {self.fix}" if self.fix else text


class PantherError(Exception):
    """A failure with a location and a fix; rendered as one line, never as a traceback."""

    exit_code = 1
    kind = "failure"

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        fix: str | None = None,
        problems: list[Problem] | None = None,
        detail: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.location = location
        self.fix = fix
        # Lines shown below the error (e.g. a diff); never needed to understand it.
        self.detail = detail
        # Every problem when there are several (a file with three mistakes); the first one is
        # also the error's own message, location and fix.
        self.problems = problems or [Problem(message, location, fix)]

    def one_line(self) -> str:
        return Problem(self.message, self.location, self.fix).one_line()

    def lines(self) -> list[str]:
        """What a person reads: one line per problem."""
        return [problem.one_line() for problem in self.problems]


class InputError(PantherError):
    """Bad input from the user (a file, an argument): exit code 2, nothing written."""

    exit_code = 2
    kind = "input"

    @classmethod
    def of(cls, problems: list[Problem]) -> InputError:
        """All of `problems` at once (at least one)."""
        first = problems[0]
        return cls(first.message, location=first.location, fix=first.fix, problems=problems)


class ToolMissing(InputError):
    """An external program that an operation needs is not installed."""

    kind = "tool-missing"


class ToolFailed(PantherError):
    """An external program ran and failed."""

    kind = "tool-failed"
