"""What every command shares: the --fleet and --json options, output and exit codes.

Heavy libraries (pydantic models, rich) are imported inside functions so `panther --help`
stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

    from pantheros.fleet.model import Fleet

FleetOption = Annotated[
    Path | None,
    typer.Option(
        "--fleet",
        help="fleet.toml, or the folder holding it (default: search upward from here).",
        envvar="PANTHER_FLEET",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False)
    if not out.is_terminal:
        # Piped output is read by people too (logs, CI): do not squeeze tables into 80 columns.
        out.width = 140
    return out


def load_fleet(path: Path | None) -> Fleet:
    from pantheros.fleet.load import load

    # PANTHER_FLEET arrives through typer's envvar; treat it like --fleet.
    return load(path, environ={})


def print_json(model: BaseModel) -> None:
    sys.stdout.write(model.model_dump_json(indent=2, by_alias=True) + "\n")


def exit_with(code: int) -> NoReturn:
    raise typer.Exit(code)
