"""Edit fleet.toml text with tomlkit, so comments, order and formatting survive.

Pure text → text functions; the caller checks the result with `load.parse_text` and writes it.
"""

from __future__ import annotations

from collections.abc import Mapping

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from pantheros.errors import InputError

# The keys `panther host add` owns; with --force they are updated and every other key of the
# host (tags, deploy, …) is kept as the user wrote it. workloads only when given.
MANAGED_HOST_KEYS = ("class", "system", "stage", "user", "report", "workloads")


def set_host(
    text: str,
    name: str,
    values: Mapping[str, str | list[str]],
    *,
    filename: str = "fleet.toml",
    replace: bool = False,
) -> str:
    """Return `text` with [hosts.<name>] added, or its managed keys updated when `replace`."""
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise InputError(f"TOML syntax error: {exc}", location=filename) from None
    hosts = doc.get("hosts")
    if hosts is None:
        hosts = tomlkit.table(is_super_table=True)
        doc.add("hosts", hosts)
    if not isinstance(hosts, Table):
        raise InputError(
            "`hosts` is not a table",
            location=f"{filename}: hosts",
            fix="write hosts as [hosts.<name>] tables (see docs/fleet-toml.md)",
        )
    existing = hosts.get(name)
    if existing is not None and not replace:
        raise InputError(
            f"host {name!r} is already in the inventory",
            location=f"{filename}: hosts.{name}",
            fix="pick another name, or pass --force to update it",
        )
    if isinstance(existing, Table):
        for key, value in values.items():
            existing[key] = value
    else:
        table = tomlkit.table()
        for key, value in values.items():
            table.add(key, value)
        if existing is not None:
            del hosts[name]
        hosts.add(name, table)
    return tomlkit.dumps(doc)
