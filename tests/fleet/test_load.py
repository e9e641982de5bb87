"""fleet.toml loading: the example fleet, discovery, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.fleet.load import ENV_VAR, load, locate, parse_text

from ..conftest import EXAMPLE

GOOD = """\
[fleet]
name = "t"
stages = ["canary", "main"]
tailnet = "t.ts.net"

[users.sam]
ssh_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7"]

[hosts.alpha]
class = "server"
system = "x86_64-linux"
stage = "canary"
user = "sam"

[hosts.alpha.deploy]
port = 2222

[hosts.beta]
class = "laptop"
system = "aarch64-linux"
stage = "main"
user = "sam"
"""


def test_the_example_fleet_loads_every_host_it_lists() -> None:
    import tomllib

    raw = tomllib.loads((EXAMPLE / "fleet.toml").read_text())
    fleet = load(EXAMPLE / "fleet.toml")
    assert fleet.host_names() == list(raw["hosts"])
    for info in fleet.infos():
        assert info.class_ == raw["hosts"][info.name]["class"]
        assert info.boot_mode == raw["hosts"][info.name].get("boot_mode", info.boot_mode)


def test_a_generated_fleet_loads_with_its_classes_and_overrides(generated_fleet: Path) -> None:
    fleet = load(generated_fleet / "fleet.toml")
    assert fleet.host_names() == ["laptop-a", "laptop-b", "server-a", "server-b", "desk"]
    classes = {info.name: info.class_ for info in fleet.infos()}
    assert classes["laptop-a"] == "laptop" and classes["desk"] == "workstation"
    assert fleet.info("server-b").boot_mode == "bios"


def test_defaults_are_derived() -> None:
    doc = parse_text(GOOD)
    from pantheros.fleet.model import host_info

    alpha = host_info(doc, "alpha")
    beta = host_info(doc, "beta")
    assert alpha.deploy_host == "alpha.t.ts.net"
    assert alpha.deploy_port == 2222
    assert alpha.deploy_user == "root"
    assert alpha.report == "hosts/alpha/facter.json"
    assert alpha.hibernate is False
    assert beta.hibernate is True  # laptops hibernate unless told otherwise
    assert beta.stage_index == 1
    assert alpha.host_key is None


def test_without_tailnet_the_target_is_the_bare_name() -> None:
    doc = parse_text(GOOD.replace('tailnet = "t.ts.net"\n', ""))
    from pantheros.fleet.model import host_info

    assert host_info(doc, "alpha").deploy_host == "alpha"


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        # TOML syntax: the parser's own line.
        (('stage = "canary"', 'stage = "canary'), 12, ["TOML syntax error"]),
        # Unknown key: its line and dotted path.
        (
            ('user = "sam"\n\n[hosts.alpha', 'user = "sam"\nflavour = "x"\n\n[hosts.alpha'),
            14,
            ["hosts.alpha.flavour", "unknown key"],
        ),
        # Unknown class: the allowed values.
        (
            ('class = "server"', 'class = "sever"'),
            10,
            ["hosts.alpha.class", "'sever'", "laptop", "workstation", "server"],
        ),
        # Unknown stage: the fleet's stages.
        (('stage = "main"', 'stage = "prod"'), 21, ["hosts.beta.stage", "'prod'", "canary, main"]),
        # Unknown user.
        (
            ('user = "sam"\n\n[hosts.alpha.deploy]', 'user = "kim"\n\n[hosts.alpha.deploy]'),
            13,
            ["hosts.alpha.user", "'kim'", "[users.kim]"],
        ),
        # A port given as a string is refused, not coerced.
        (("port = 2222", 'port = "2222"'), 16, ["hosts.alpha.deploy.port"]),
        (("port = 2222", "port = 70000"), 16, ["hosts.alpha.deploy.port"]),
        # Invalid host name.
        (("[hosts.beta]", "[hosts.Beta_1]"), 18, ["not a valid name", "lower-case"]),
        # Missing required key.
        (('system = "aarch64-linux"\n', ""), 18, ["hosts.beta.system", "missing"]),
    ],
)
def test_bad_input_names_line_path_and_fix(
    change: tuple[str, str], line: int, words: list[str]
) -> None:
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(InputError) as caught:
        parse_text(text, "fleet.toml")
    message = caught.value.one_line()
    assert message.startswith(f"fleet.toml:{line}:"), message
    for word in words:
        assert word in message, (word, message)
    assert caught.value.exit_code == 2
    assert "\n" not in message


def test_duplicate_host_is_reported_by_name_and_line() -> None:
    text = GOOD + '\n[hosts.beta]\nclass = "server"\n'
    with pytest.raises(InputError) as caught:
        parse_text(text, "fleet.toml")
    message = caught.value.one_line()
    assert "host 'beta' is declared twice" in message
    assert message.startswith("fleet.toml:24:")


def test_duplicate_stage_is_refused() -> None:
    with pytest.raises(InputError, match="listed twice"):
        parse_text(GOOD.replace('["canary", "main"]', '["canary", "canary"]'))


def test_bad_ssh_key_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_text(GOOD.replace("ssh-ed25519 AAAA", "ssh-dss AAAA"), "fleet.toml")
    message = caught.value.one_line()
    assert message.startswith("fleet.toml:7: users.sam.ssh_keys[0]: not an SSH public key")
    assert "ssh-ed25519" in message


def test_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "fleet.toml"
    path.write_bytes(b'[fleet]\nname = "\xff"\n')
    with pytest.raises(InputError, match="not UTF-8"):
        load(path)


def test_locate_searches_upward(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text(GOOD)
    deep = tmp_path / "hosts" / "alpha"
    deep.mkdir(parents=True)
    path, source = locate(start=deep, environ={})
    assert (path, source) == (tmp_path / "fleet.toml", "search")


def test_explicit_folder_and_env_var(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text(GOOD)
    assert locate(tmp_path, environ={}) == (tmp_path / "fleet.toml", "explicit")
    assert locate(environ={ENV_VAR: str(tmp_path)}, start=Path("/")) == (
        tmp_path / "fleet.toml",
        "env",
    )


def test_explicit_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        locate(tmp_path / "nope.toml", environ={})
    assert caught.value.location == "--fleet"


def test_no_fleet_anywhere_falls_back_to_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fleet = load(start=tmp_path, environ={})
    assert fleet.source == "example"
    assert fleet.name == "example"
    assert "bundled example fleet" in capsys.readouterr().err
