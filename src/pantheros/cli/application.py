"""The typer application: every command, registered from its module."""

from __future__ import annotations

import typer

from pantheros.cli import (
    deploy_cmds,
    fleet_cmds,
    host_cmds,
    hw_cmds,
    install_cmds,
    mcp_cmd,
    storage_cmds,
)

app = typer.Typer(
    name="panther",
    help="PantherOS: know your NixOS fleet and change it safely.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from pantheros import __version__

        typer.echo(f"panther {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print panther's version and exit.",
        is_eager=True,
        callback=_print_version,
    ),
) -> None:
    """PantherOS: know your NixOS fleet and change it safely."""


@app.command("completion")
def completion(
    shell: str = typer.Argument(help="bash, zsh or fish."),
) -> None:
    """Print the shell completion script (e.g. `panther completion fish | source`)."""
    import typer.main

    from pantheros.cli.completion import SHELLS, script
    from pantheros.errors import InputError

    if shell not in SHELLS:
        raise InputError(
            f"unknown shell {shell!r}", location="SHELL", fix=f"use one of {', '.join(SHELLS)}"
        )
    typer.echo(script(shell, typer.main.get_command(app)), nl=False)


fleet_cmds.register(app)
hw_cmds.register(app)
host_cmds.register(app)
storage_cmds.register(app)
deploy_cmds.register(app)
install_cmds.register(app)
mcp_cmd.register(app)
