"""How a failure reaches the user: one line per problem on stderr, or a JSON object on stdout.

The JSON error object is the `--json` schema of every command's failure:

    {"error": {"kind": "input", "exit_code": 2, "message": "...", "location": "...",
               "fix": "...", "problems": [{"message", "location", "fix"}, ...]}}
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pantheros.errors import PantherError


def _emit_json(payload: dict[str, object]) -> None:
    sys.stdout.write(json.dumps({"error": payload}, indent=2, ensure_ascii=False) + "\n")


def report_error(error: PantherError, *, as_json: bool) -> int:
    if as_json:
        _emit_json(
            {
                "kind": error.kind,
                "exit_code": error.exit_code,
                "message": error.message,
                "location": error.location,
                "fix": error.fix,
                "problems": [
                    {"message": p.message, "location": p.location, "fix": p.fix}
                    for p in error.problems
                ],
                "detail": error.detail,
            }
        )
    lines = error.lines()
    if len(lines) == 1:
        sys.stderr.write(f"panther: error: {lines[0]}\n")
    else:
        sys.stderr.write(f"panther: error: {len(lines)} problems\n")
        sys.stderr.writelines(f"  {line}\n" for line in lines)
    if error.detail:
        sys.stderr.writelines(f"  {line}\n" for line in error.detail.splitlines())
    return error.exit_code


def report_usage(error: Exception, *, as_json: bool) -> int:
    """Wrong arguments (typer's usage errors): exit 2, with the command's usage line."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "panther"
    if type(error).__name__ == "NoArgsIsHelpError":
        return 2  # the help is already on the screen
    formatter = getattr(error, "format_message", None)
    message = formatter() if callable(formatter) else str(error)
    code = getattr(error, "exit_code", 2)
    if as_json:
        _emit_json(
            {
                "kind": "usage",
                "exit_code": code,
                "message": message,
                "location": command,
                "fix": f"see `{command} --help`",
                "problems": [],
            }
        )
    if ctx is not None:
        sys.stderr.write(ctx.get_usage() + "\n")
    sys.stderr.write(f"panther: error: {message}; see `{command} --help`\n")
    return int(code)
