"""List hosts: the operation behind `panther hosts` and the MCP tool of the same name."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pantheros.fleet.model import Fleet, HostInfo


class HostList(BaseModel):
    model_config = ConfigDict(frozen=True)

    fleet: str
    path: str
    example: bool
    hosts: list[HostInfo]


def list_hosts(fleet: Fleet) -> HostList:
    return HostList(
        fleet=fleet.name,
        path=str(fleet.path),
        example=fleet.source == "example",
        hosts=fleet.infos(),
    )
