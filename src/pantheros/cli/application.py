"""The typer application: every command, registered from its module."""

from __future__ import annotations

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
