"""tomlkit edits of fleet.toml keep what the user wrote."""

from __future__ import annotations

import tomllib

import pytest

from pantheros.errors import InputError
from pantheros.fleet.edit import set_host
from pantheros.fleet.load import parse_text

from ..conftest import EXAMPLE

TEXT = (EXAMPLE / "fleet.toml").read_text()
VALUES = {
    "class": "server",
    "system": "x86_64-linux",
    "stage": "staging",
    "user": "alex",
    "report": "hosts/new/facter.json",
}


def test_add_appends_and_keeps_everything() -> None:
    out = set_host(TEXT, "new", VALUES)
    assert out.startswith(TEXT.rstrip("\n"))
    assert tomllib.loads(out)["hosts"]["new"] == VALUES
    parse_text(out)


def test_existing_host_needs_replace() -> None:
    with pytest.raises(InputError, match="already in the inventory"):
        set_host(TEXT, "yoga", VALUES)


def test_replace_updates_managed_keys_only() -> None:
    out = set_host(TEXT, "yoga", VALUES, replace=True)
    yoga = tomllib.loads(out)["hosts"]["yoga"]
    assert yoga["class"] == "server"
    assert yoga["tags"] == ["amd", "convertible"]
    assert yoga["optional"] is True
    assert out.count("[hosts.yoga]") == 1


def test_fleet_without_hosts() -> None:
    text = '# mine\n[fleet]\nname = "x"\nstages = ["a"]\n\n[users.u]\nssh_keys = []\n'
    out = set_host(text, "first", VALUES | {"stage": "a", "user": "u"})
    assert out.startswith("# mine\n")
    assert tomllib.loads(out)["hosts"]["first"]["stage"] == "a"


def test_hosts_not_a_table() -> None:
    with pytest.raises(InputError, match="not a table"):
        set_host('hosts = "x"\n', "a", VALUES)


def test_replace_keeps_a_host_whose_deploy_table_sits_elsewhere() -> None:
    # Hand-written fleets put [hosts.x.deploy] where they like, e.g. at the end.
    text = (
        '[fleet]\nname = "f"\nstages = ["a"]\n\n[hosts.web]\ntags = ["vps"]\nclass = "server"\n'
        '\n[hosts.db]\nclass = "server"\n\n[hosts.web.deploy]\nport = 2222\n'
    )
    out = set_host(text, "web", {"class": "laptop"}, replace=True)
    web = tomllib.loads(out)["hosts"]["web"]
    assert web == {"tags": ["vps"], "class": "laptop", "deploy": {"port": 2222}}
