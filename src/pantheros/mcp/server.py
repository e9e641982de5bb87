"""Build the MCP server for one fleet and run it over stdio or localhost HTTP."""

from __future__ import annotations

import gc
import sys
from typing import Any

import anyio
from mcp.server.mcpserver import MCPServer

from pantheros import __version__
from pantheros.fleet.model import Fleet
from pantheros.mcp import resources, tools
from pantheros.mcp.guard import Wire
from pantheros.mcp.tools import Served

LOCALHOST = "127.0.0.1"


def describe(served: Served, fleet: Fleet) -> tuple[str, str]:
    which = "the bundled example fleet" if served.source == "example" else "fleet"
    acting = (
        "Deploys and rollbacks are allowed: plan_deploy or plan_rollback first, show the "
        "person the plan, then run it by its id with deploy or rollback."
        if served.allow_deploy
        else "Read-only: this server cannot deploy (start it with --allow-deploy for that)."
    )
    return f"{which} {fleet.name!r} ({fleet.path})", acting


def build(served: Served, fleet: Fleet) -> MCPServer[Any]:
    what, acting = describe(served, fleet)
    server: MCPServer[Any] = MCPServer(
        name="panther",
        title=f"PantherOS: {what}",
        version=__version__,
        instructions=(
            f"panther serves {what}: a person's NixOS machines. Tools return the same JSON "
            "as `panther … --json`. Hosts are named as in list_hosts; HOSTS arguments take "
            f"names, @stage and @tag. {acting}"
        ),
        # The SDK logs every request at INFO; only problems belong on the person's stderr.
        log_level="WARNING",
    )
    tools.register(server, served)
    resources.register(server, served, fleet)
    return server


def serve(served: Served, fleet: Fleet, wire: Wire, *, http_port: int | None = None) -> None:
    server = build(served, fleet)
    # What exists now lives as long as the process: no collection needs to look at it again.
    gc.freeze()
    gc.enable()
    what, acting = describe(served, fleet)
    if http_port is None:
        sys.stderr.write(f"panther mcp: serving {what} over stdio; {acting}\n")
        wire.hand_back()
        anyio.run(server.run_stdio_async)
        return
    sys.stderr.write(
        f"panther mcp: serving {what} at http://{LOCALHOST}:{http_port}/mcp; {acting}\n"
    )
    anyio.run(lambda: server.run_streamable_http_async(host=LOCALHOST, port=http_port))
