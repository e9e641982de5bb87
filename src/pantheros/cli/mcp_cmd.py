"""`panther mcp`: the fleet for AI agents, over the Model Context Protocol."""

from __future__ import annotations

from typing import Annotated

import typer

from pantheros.cli.common import FleetOption, load_fleet


def register(app: typer.Typer) -> None:
    app.command("mcp")(mcp)


def mcp(
    allow_deploy: Annotated[
        bool,
        typer.Option(
            "--allow-deploy",
            help="Also serve deploy and rollback (each runs only a plan the agent got from "
            "plan_deploy or plan_rollback, while the fleet is unchanged).",
        ),
    ] = False,
    http: Annotated[
        int | None,
        typer.Option(
            "--http",
            metavar="PORT",
            min=1,
            max=65535,
            help="Serve streamable HTTP on 127.0.0.1:PORT (localhost only) instead of stdio.",
            show_default=False,
        ),
    ] = None,
    connect_timeout: Annotated[
        float,
        typer.Option("--connect-timeout", min=1, help="Seconds to wait for a host's SSH."),
    ] = 10.0,
    fleet: FleetOption = None,
) -> None:
    """Serve the fleet to AI agents over MCP (stdio): read-only unless --allow-deploy."""
    import gc

    from pantheros.errors import InputError
    from pantheros.mcp.guard import stray_output_to_stderr

    # Importing the SDK builds many thousands of long-lived objects (its pydantic models); the
    # cyclic collector would walk them again and again, a fifth of the start. Collect nothing
    # until the server is built (serve() turns it back on, keeping those objects out of every
    # later collection).
    gc.disable()
    # From here on nothing but the protocol reaches stdout.
    with stray_output_to_stderr() as wire:
        # Like `panther hosts`, an agent may look at the bundled example outside any fleet.
        loaded = load_fleet(fleet, listing=True)
        if allow_deploy and loaded.source == "example":
            raise InputError(
                "--allow-deploy on the bundled example fleet",
                location="--allow-deploy",
                fix="pass --fleet PATH (or cd into your fleet) to deploy your own machines",
            )
        # Importing the SDK is most of a start: only this command pays for it.
        from pantheros.mcp.server import serve
        from pantheros.mcp.tools import Served

        served = Served(
            path=loaded.path,
            source=loaded.source,
            allow_deploy=allow_deploy,
            connect_timeout=connect_timeout,
        )
        serve(served, loaded, wire, http_port=http)
