"""One host in full: its inventory record, its health checks and its hardware profile.

The MCP server's host details; it composes what `panther hosts` and `panther hw show HOST`
each show, from the same functions (fleet.host_info, hardware.resolve.profile_host).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pantheros.errors import InputError, PantherError
from pantheros.fleet.model import Fleet, Health, HostInfo
from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.resolve import profile_host


class HostDetails(BaseModel):
    """A host of the fleet: inventory, health checks from fleet.toml, hardware profile."""

    model_config = ConfigDict(frozen=True)

    fleet: str
    host: HostInfo
    health: Health
    # None when the report is missing or unreadable; `hardware_error` then says why.
    hardware: HardwareProfile | None
    hardware_error: str | None = None


def host_details(fleet: Fleet, name: str) -> HostDetails:
    if name not in fleet.document.hosts:
        known = ", ".join(fleet.host_names()) or "none"
        raise InputError(
            f"unknown host {name!r}", location=str(fleet.path), fix=f"use one of: {known}"
        )
    hardware: HardwareProfile | None = None
    error: str | None = None
    try:
        hardware = profile_host(fleet, name)
    except PantherError as exc:
        # A host without its report yet is still a host: say what is missing, keep the rest.
        error = exc.one_line()
    return HostDetails(
        fleet=fleet.name,
        host=fleet.info(name),
        health=fleet.document.hosts[name].health,
        hardware=hardware,
        hardware_error=error,
    )
