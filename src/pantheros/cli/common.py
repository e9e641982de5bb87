"""What every command shares: the --fleet and --json options, output and exit codes.

Heavy libraries (pydantic models, rich) are imported inside functions so `panther --help`
stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
        help="fleet.toml, or the folder holding it (default: $PANTHER_FLEET, else search "
        "upward from here).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # No emoji codes: a location such as "disko.nix:100:" must not become a picture.
    out = Console(stderr=stderr, highlight=False, emoji=False)
    if not out.is_terminal:
        # Piped output is read by people too (logs, CI): do not squeeze tables into 80 columns.
        out.width = 140
    return out


def load_fleet(path: Path | None, *, listing: bool = False) -> Fleet:
    """The fleet to work on: --fleet, $PANTHER_FLEET, or the nearest fleet.toml upward.

    Only commands that merely read and list (`listing`) fall back to the bundled example when
    there is none, and say so; any command about a host, and any that writes, refuses: running
    it on the example would look like success on the user's own machines.
    """
    from pantheros.errors import InputError
    from pantheros.fleet.load import load

    fleet = load(path, announce=False)
    if fleet.source == "example":
        if not listing:
            raise InputError(
                "no fleet.toml here or in any folder above",
                location=str(Path.cwd()),
                fix="run `panther init` to start your fleet, cd into it, or pass --fleet PATH "
                "(only `panther hosts` and `panther validate` look at the bundled example)",
            )
        sys.stderr.write(
            f"panther: no fleet.toml here or above; showing the bundled example ({fleet.path})\n"
        )
    return fleet


@contextmanager
def writing_fleet(path: Path | None) -> Iterator[Fleet]:
    """The fleet, loaded under its write lock (held until the block ends)."""
    from pantheros.errors import InputError
    from pantheros.fleet.locate import locate
    from pantheros.fleet.lock import fleet_lock

    located, source = locate(path)
    if source == "example":
        raise InputError(
            "no fleet.toml here or in any folder above",
            location=str(Path.cwd()),
            fix="run `panther init` to start your fleet, cd into it, or pass --fleet PATH",
        )
    with fleet_lock(located.absolute().parent):
        yield load_fleet(located)


def print_json(model: BaseModel) -> None:
    sys.stdout.write(model.model_dump_json(indent=2, by_alias=True) + "\n")


def exit_with(code: int) -> NoReturn:
    raise typer.Exit(code)
