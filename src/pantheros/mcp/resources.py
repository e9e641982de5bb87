"""The server's resources: the files an agent may read as they are on disk.

fleet.toml, each host's hardware report (facter.json) and disko config, and the deploy ledger.
Every path comes from fleet.toml and must stay inside the fleet's folder; host names are checked
against the inventory, so a URI cannot name any other file.
"""

import functools
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError

from pantheros.errors import InputError, PantherError
from pantheros.fleet.model import Fleet
from pantheros.mcp.tools import Served, error_text
from pantheros.ops import ledger

FLEET_URI = "panther://fleet/fleet.toml"
LEDGER_URI = "panther://fleet/ledger.jsonl"
REPORT_URI = "panther://hosts/{host}/facter.json"
DISKO_URI = "panther://hosts/{host}/disko.nix"


def _inside(fleet: Fleet, relative: str, what: str) -> Path:
    root = fleet.root.resolve()
    path = (fleet.root / relative).resolve()
    if not path.is_relative_to(root):
        raise InputError(
            f"{what} {relative} is outside the fleet's folder",
            location=str(fleet.path),
            fix="keep hosts' files under the folder holding fleet.toml",
        )
    if not path.is_file():
        raise InputError(f"no {what} at {relative}", location=str(fleet.path))
    return path


def _host_file(served: Served, host: str, kind: str) -> str:
    fleet = served.fleet()
    if host not in fleet.document.hosts:
        known = ", ".join(fleet.host_names()) or "none"
        raise InputError(f"unknown host {host!r}", location=str(fleet.path), fix=f"hosts: {known}")
    relative = fleet.info(host).report if kind == "report" else f"hosts/{host}/disko.nix"
    what = "hardware report" if kind == "report" else "disko config"
    return _inside(fleet, relative, what).read_text("utf-8", errors="replace")


def _reading(read: Any) -> Any:
    """A PantherError as a resource error with the CLI's words (the signature kept: the SDK
    matches a template's parameters against it)."""

    @functools.wraps(read)
    def wrapped(*args: Any, **kwargs: Any) -> str:
        try:
            return str(read(*args, **kwargs))
        except PantherError as error:
            raise ResourceError(error_text(error)) from None

    return wrapped


def register(server: MCPServer[Any], served: Served, fleet: Fleet) -> None:
    def fleet_toml() -> str:
        return served.fleet().path.read_text("utf-8")

    def ledger_text() -> str:
        path = ledger.path(served.fleet().root)
        return path.read_text("utf-8", errors="replace") if path.is_file() else ""

    def report(host: str) -> str:
        return _host_file(served, host, "report")

    def disko(host: str) -> str:
        return _host_file(served, host, "disko")

    server.resource(
        FLEET_URI, name="fleet.toml", mime_type="application/toml",
        description=f"The inventory of fleet {fleet.name}: hosts, stages, deploy targets.",
    )(_reading(fleet_toml))  # fmt: skip
    server.resource(
        LEDGER_URI, name="deploy ledger", mime_type="application/jsonl",
        description="Every deploy and rollback, one JSON object a line (what history reads).",
    )(_reading(ledger_text))  # fmt: skip
    # Templates reach hosts added while the server runs; listing names today's hosts.
    server.resource(
        REPORT_URI, name="hardware report", mime_type="application/json",
        description="A host's nixos-facter report (facter.json).",
    )(_reading(report))  # fmt: skip
    server.resource(
        DISKO_URI, name="disko config", mime_type="text/x-nix",
        description="A host's storage layout (hosts/<host>/disko.nix).",
    )(_reading(disko))  # fmt: skip
    for name in fleet.host_names():
        server.resource(
            REPORT_URI.format(host=name), name=f"{name}: facter.json", mime_type="application/json",
            description=f"The nixos-facter report of {name}.",
        )(_reading(functools.partial(report, name)))  # fmt: skip
        server.resource(
            DISKO_URI.format(host=name), name=f"{name}: disko.nix", mime_type="text/x-nix",
            description=f"The storage layout of {name}.",
        )(_reading(functools.partial(disko, name)))  # fmt: skip
