"""Edit fleet.toml text with tomlkit, so comments, order and formatting survive.

Pure text → text functions; the caller checks the result with `load.parse_text` and writes it.
"""

from __future__ import annotations

from collections.abc import Mapping

import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from pantheros.errors import InputError

# The keys `panther host add` owns; with --force they are updated and every other key of the
# host (tags, deploy, …) is kept as the user wrote it. workloads only when given.
MANAGED_HOST_KEYS = ("class", "system", "stage", "user", "report", "workloads")


def set_host(
    text: str,
    name: str,
    values: Mapping[str, str | bool | list[str]],
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
    # A host whose sub-tables ([hosts.x.deploy]) sit elsewhere in the file comes back as an
    # out-of-order proxy: it is edited in place like a table, never replaced.
    if isinstance(existing, Table | OutOfOrderTableProxy):
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


def add_user(text: str, name: str, ssh_keys: list[str], *, filename: str = "fleet.toml") -> str:
    """Return `text` with a [users.<name>] table holding `ssh_keys` (it must not exist)."""
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise InputError(f"TOML syntax error: {exc}", location=filename) from None
    users = doc.get("users")
    if users is None:
        users = tomlkit.table(is_super_table=True)
        # Users come before hosts, as in the template and the docs.
        if "hosts" in doc:
            hosts = doc["hosts"]
            del doc["hosts"]
            doc.add("users", users)
            doc.add("hosts", hosts)
        else:
            doc.add("users", users)
    if not isinstance(users, Table):
        raise InputError(
            "`users` is not a table",
            location=f"{filename}: users",
            fix="write users as [users.<name>] tables (see docs/fleet-toml.md)",
        )
    table = tomlkit.table()
    keys = tomlkit.array()
    keys.extend(ssh_keys)
    table.add("ssh_keys", keys)
    users.add(name, table)
    return tomlkit.dumps(doc)


def set_host_key(text: str, name: str, key: str, *, filename: str = "fleet.toml") -> str:
    """Return `text` with hosts.<name>.deploy.host_key = key (the table made if need be)."""
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise InputError(f"TOML syntax error: {exc}", location=filename) from None
    host = doc.get("hosts", {}).get(name)
    if host is None:
        raise InputError(f"no host {name!r}", location=f"{filename}: hosts.{name}")
    deploy = host.get("deploy")
    if deploy is None:
        deploy = tomlkit.table()
        host["deploy"] = deploy
    deploy["host_key"] = key
    return tomlkit.dumps(doc)
