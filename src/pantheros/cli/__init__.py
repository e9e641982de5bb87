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
    from pantheros.cli.errors import report_error, report_usage
    from pantheros.errors import PantherError

    # --json anywhere on the line asks for errors as JSON too (on stdout, like results).
    as_json = "--json" in sys.argv[1:]
    try:
        code = app(standalone_mode=False)
    except PantherError as error:
        sys.exit(report_error(error, as_json=as_json))
    except typer.TyperException as error:  # wrong arguments (typer's own usage errors)
        sys.exit(report_usage(error, as_json=as_json))
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("panther: interrupted\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
