"""List hosts: the operation behind `panther hosts`."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pantheros.errors import InputError
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


def host_report(fleet: Fleet, name: str) -> tuple[HostInfo, Path]:
    """A fleet host and the path of its hardware report, which must exist."""
    if name not in fleet.document.hosts:
        known = ", ".join(fleet.host_names()) or "none"
        raise InputError(
            f"unknown host {name!r}",
            location=str(fleet.path),
            fix=f"use one of: {known}, or pass --report for a machine that is not a host yet",
        )
    info = fleet.info(name)
    path = fleet.root / info.report
    if not path.is_file():
        raise InputError(
            f"host {name!r} has no hardware report at {info.report}",
            location=f"{fleet.path}: hosts.{name}.report",
            fix="run `panther hw detect -o facter.json` on the machine and copy it there",
        )
    return info, path
