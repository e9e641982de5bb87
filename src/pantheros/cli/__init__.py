"""The `panther` command: parses arguments, calls the library, renders. No logic here."""

from __future__ import annotations

import sys

import typer

from pantheros.cli import fleet_cmds, host_cmds, hw_cmds, storage_cmds

app = typer.Typer(
    name="panther",
    help="PantherOS: know your NixOS fleet and change it safely.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
fleet_cmds.register(app)
hw_cmds.register(app)
host_cmds.register(app)
storage_cmds.register(app)


def main() -> None:
    from pantheros.errors import PantherError

    try:
        app()
    except PantherError as error:
        sys.stderr.write(f"panther: error: {error.one_line()}\n")
        if error.detail:
            sys.stderr.write("".join(f"  {line}\n" for line in error.detail.splitlines()))
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("panther: interrupted\n")
        sys.exit(130)
