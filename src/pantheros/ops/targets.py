"""Which hosts a command is about: names, @tag and @stage, in the fleet's own order."""

from __future__ import annotations

import difflib

from pantheros.errors import InputError
from pantheros.fleet.model import Fleet, HostInfo
from pantheros.ssh.transport import Target

# Why drift, status and health leave a host alone: without a pinned key, an impostor could
# answer for it. Deploy refuses instead (it would hand the impostor a system).
NO_HOST_KEY = (
    "not contacted: no pinned SSH host key (install it with `panther install`, or pin "
    "deploy.host_key)"
)


def select(fleet: Fleet, wanted: list[str], *, everything: bool, verb: str) -> list[HostInfo]:
    """The hosts named (`web1`), tagged (`@cache`) or in a stage (`@production`).

    No selection means nothing, not the whole fleet: acting on every host needs `--all`, so a
    forgotten argument never deploys everywhere.
    """
    infos = fleet.infos()
    if everything:
        if wanted:
            raise InputError(
                "--all and a list of hosts together",
                location=" ".join(wanted),
                fix="pass either --all or the hosts",
            )
        return infos
    if not wanted:
        raise InputError(
            f"no hosts given to `panther {verb}`",
            location="HOSTS",
            fix=f"name hosts, @tag or @stage (e.g. `panther {verb} @staging`), or pass --all "
            "for the whole fleet",
        )
    chosen: set[str] = set()
    for item in wanted:
        if item.startswith("@"):
            label = item[1:]
            matches = {i.name for i in infos if i.stage == label or label in i.tags}
            if not matches:
                labels = sorted({i.stage for i in infos} | {t for i in infos for t in i.tags})
                raise InputError(
                    f"no host has the stage or tag {label!r}",
                    location=item,
                    fix=_suggest(label, labels, "stages and tags"),
                )
            chosen |= matches
        elif item in fleet.document.hosts:
            chosen.add(item)
        else:
            raise InputError(
                f"unknown host {item!r}",
                location=item,
                fix=_suggest(item, fleet.host_names(), "hosts"),
            )
    return [i for i in infos if i.name in chosen]


def _suggest(given: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(given, known, n=1)
    listing = ", ".join(known) or "none"
    return f"did you mean {close[0]!r}? ({what}: {listing})" if close else f"{what}: {listing}"


def target_of(info: HostInfo) -> Target:
    return Target(
        name=info.name,
        host=info.deploy_host,
        user=info.deploy_user,
        port=info.deploy_port,
        host_key=info.host_key,
    )
