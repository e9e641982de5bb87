"""`panther validate` and the flake's reader (lib/fleet.nix) agree on every fleet.

A user runs `panther validate` and then `nix build`: if panther calls a fleet fine and the
flake refuses it (or the other way round), one of them is wrong. The same fleets, valid and
broken in many ways, go to both; their verdicts must match.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import REPO
from .test_cli import make_fleet
from .test_load import GOOD

pytestmark = pytest.mark.skipif(not shutil.which("nix-instantiate"), reason="needs Nix")

Mutation = Callable[[Path], None]


def edit(old: str, new: str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "fleet.toml"
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))

    return apply


def append(text: str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "fleet.toml"
        path.write_text(path.read_text() + text)

    return apply


def remove(relative: str) -> Mutation:
    def apply(root: Path) -> None:
        target = root / relative
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    return apply


ZERO_KEY = "panther:" + "A" * 43 + "="
REAL_KEY = "panther:OVR1956EC2Xg4MtYA80jWNaxg0euXgmC4ZnUEDTnpLs="

# name -> mutation; each turns the valid GOOD fleet into a fleet both must judge alike.
MUTATIONS: dict[str, Mutation] = {
    "unknown fleet key": edit('tailnet = "t.ts.net"', 'tailnet = "t.ts.net"\ncolour = "red"'),
    "misspelled host key": edit('class = "laptop"', 'clas = "laptop"'),
    "unknown class": edit('class = "laptop"', 'class = "tablet"'),
    "unknown stage": edit('stage = "main"', 'stage = "prod"'),
    "unknown user": edit('stage = "main"\nuser = "sam"', 'stage = "main"\nuser = "kim"'),
    "no stages": edit('stages = ["canary", "main"]', "stages = []"),
    "duplicate stage": edit('stages = ["canary", "main"]', 'stages = ["main", "main"]'),
    "port out of range": edit("port = 2222", "port = 70000"),
    "port as text": edit("port = 2222", 'port = "22"'),
    "not a host key": append('\n[hosts.beta.deploy]\nhost_key = "AAAA"\n'),
    "bad host name": edit("[hosts.beta]", '[hosts."Beta_1"]'),
    "tailnet not a string": edit('tailnet = "t.ts.net"', "tailnet = 7"),
    "bad workload": edit('stage = "main"', 'stage = "main"\nworkloads = ["oracle"]'),
    "bad boot mode": edit('stage = "main"', 'stage = "main"\nboot_mode = "coreboot"'),
    "optional not a bool": edit('stage = "main"', 'stage = "main"\noptional = "yes"'),
    "ssh keys not a list": edit("ssh_keys = [", "ssh_keys = 1\nx = ["),
    "missing host folder": remove("hosts/beta"),
    "missing default.nix": remove("hosts/beta/default.nix"),
    "missing report": remove("hosts/beta/facter.json"),
    "system differs from the report": edit('system = "aarch64-linux"', 'system = "x86_64-linux"'),
    "cache without a key": append('\n[fleet.cache]\nurl = "http://c.t.ts.net:8080/p"\n'),
    "cache with the placeholder key": append(
        f'\n[fleet.cache]\nurl = "http://c.t.ts.net:8080/p"\npublic_key = "{ZERO_KEY}"\n'
    ),
    "cache url not http": append(
        f'\n[fleet.cache]\nurl = "c.t.ts.net"\npublic_key = "{REAL_KEY}"\n'
    ),
    "health probe of two kinds": append(
        '\n[hosts.beta.health]\nprobes = [{ tcp = 22, http = "http://x/" }]\n'
    ),
    "health tcp port out of range": append("\n[hosts.beta.health]\nprobes = [{ tcp = 0 }]\n"),
    "health units not a list": append('\n[hosts.beta.health]\nunits = "sshd.service"\n'),
    "health unknown key": append("\n[hosts.beta.health]\ninterval = 5\n"),
    # Valid variations: both must accept them.
    "health checks": append(
        '\n[hosts.beta.health]\nunits = ["sshd.service"]\n'
        'probes = [{ tcp = 22 }, { http = "http://127.0.0.1:8080/" }, { command = "true" }]\n'
    ),
    "with a cache": append(
        f'\n[fleet.cache]\nurl = "http://c.t.ts.net:8080/p"\npublic_key = "{REAL_KEY}"\n'
    ),
    "without a tailnet": edit('tailnet = "t.ts.net"\n', ""),
    "optional host that hibernates": edit(
        'stage = "main"', 'stage = "main"\noptional = true\nhibernate = true'
    ),
    "a fleet profile of its own": lambda root: (root / "profiles" / "laptop.nix").write_text(
        "{ lib, ... }: { panther.desktop.enable = lib.mkDefault true; }\n"
    ),
}


def panther_verdict(root: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "pantheros", "validate", "--json", "--no-nix", "--fleet", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1, 2), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode == 0


def nix_verdict(root: Path) -> bool:
    done = subprocess.run(
        [
            "nix-instantiate",
            "--eval",
            "--strict",
            "--json",
            "--expr",
            f"(import {REPO / 'lib' / 'fleet.nix'} {{ root = {root}; }}).valid",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # A fleet.toml that is not TOML, or a report that is not JSON, stops the reader: refused.
    return done.returncode == 0 and json.loads(done.stdout) is True


def fleet_with(tmp_path: Path, mutations: list[str]) -> Path:
    root = make_fleet(tmp_path / "fleet", GOOD)
    for name in mutations:
        MUTATIONS[name](root)
    return root


def test_both_accept_the_good_fleet(tmp_path: Path) -> None:
    root = fleet_with(tmp_path, [])
    assert panther_verdict(root) is True
    assert nix_verdict(root) is True


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_same_verdict(tmp_path: Path, mutation: str) -> None:
    root = fleet_with(tmp_path, [mutation])
    assert panther_verdict(root) == nix_verdict(root), mutation


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=2, max_size=4, unique=True))
def test_same_verdict_for_combinations(tmp_path: Path, mutations: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(dir=tmp_path) as scratch:
        try:
            root = fleet_with(Path(scratch), mutations)
        except (AssertionError, FileNotFoundError):
            return  # an earlier mutation removed or changed what a later one edits
        assert panther_verdict(root) == nix_verdict(root), mutations
