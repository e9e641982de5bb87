"""lib/fleet.nix: the builtins-only reading of fleet.toml, checked with nix-instantiate.

Each bad-input case builds a small fleet in a temporary folder and asserts that evaluation
fails with a message that names the host and says how to fix it.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

from .nixeval import needs_nix, nix_eval, nix_json

REPO = Path(__file__).resolve().parents[2]
FLEET_NIX = REPO / "lib" / "fleet.nix"

pytestmark = needs_nix

HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJs9ZkBmvZjONxWWM4UM82duOoGmUDr5aNfFd8w8j9po"

BASE_TOML = textwrap.dedent(
    """\
    [fleet]
    name = "test"
    stages = ["staging", "production"]
    tailnet = "example.ts.net"

    [users.alex]
    description = "Alex Example"
    ssh_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 alex@x"]

    [hosts.lap]
    class = "laptop"
    system = "x86_64-linux"
    stage = "staging"
    user = "alex"

    [hosts.srv]
    class = "server"
    system = "x86_64-linux"
    stage = "production"
    user = "alex"
    report = "reports/srv.json"
    tags = ["vps"]
    workloads = ["containers", "postgresql"]
    boot_mode = "bios"

    [hosts.srv.deploy]
    host = "203.0.113.7"
    user = "deploy"
    port = 2222
    host_key = "{host_key}"
    """
).replace("{host_key}", HOST_KEY)


def fleet_attr(root: Path, attr: str) -> subprocess.CompletedProcess[str]:
    return nix_eval(f"(import {FLEET_NIX} {{ root = {root}; }}).{attr}")


def fleet_json(root: Path, attr: str):
    proc = fleet_attr(root, attr)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def write_report(path: Path, system: str = "x86_64-linux") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "system": system}))


def make_fleet(
    tmp_path: Path,
    toml: str = BASE_TOML,
    *,
    profiles: tuple[str, ...] = ("laptop", "workstation", "server"),
    hosts: tuple[str, ...] = ("lap", "srv"),
) -> Path:
    root = tmp_path / "fleet"
    root.mkdir()
    (root / "fleet.toml").write_text(toml)
    (root / "profiles").mkdir()
    for p in profiles:
        (root / "profiles" / f"{p}.nix").write_text("{ }\n")
    for h in hosts:
        (root / "hosts" / h).mkdir(parents=True)
        (root / "hosts" / h / "default.nix").write_text("{ }\n")
    write_report(root / "hosts" / "lap" / "facter.json")
    write_report(root / "reports" / "srv.json")
    return root


def assert_fails(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert proc.returncode != 0, proc.stdout
    # Nix may wrap or indent long messages; compare with whitespace collapsed.
    flat = " ".join(proc.stderr.split())
    for needle in needles:
        assert " ".join(needle.split()) in flat, f"{needle!r} not in:\n{proc.stderr}"
    return flat


# --- the derived record ---------------------------------------------------------


def test_derived_metadata_with_defaults(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    hosts = fleet_json(root, "hosts")
    assert hosts["lap"] == {
        "name": "lap",
        "class": "laptop",
        "system": "x86_64-linux",
        "stage": "staging",
        "stageIndex": 0,
        "user": "alex",
        "deployHost": "lap.example.ts.net",
        "deployUser": "root",
        "deployPort": 22,
        "hostKey": None,
        "report": "hosts/lap/facter.json",
        "tags": [],
        "workloads": [],
        "optional": False,
        "bootMode": None,
        "hibernate": True,
    }


def test_derived_metadata_with_every_key_set(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    srv = fleet_json(root, "hosts.srv")
    assert srv == {
        "name": "srv",
        "class": "server",
        "system": "x86_64-linux",
        "stage": "production",
        "stageIndex": 1,
        "user": "alex",
        "deployHost": "203.0.113.7",
        "deployUser": "deploy",
        "deployPort": 2222,
        "hostKey": HOST_KEY,
        "report": "reports/srv.json",
        "tags": ["vps"],
        "workloads": ["containers", "postgresql"],
        "optional": False,
        "bootMode": "bios",
        "hibernate": False,
    }


def test_metadata_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    documented = {
        "name", "class", "system", "stage", "stageIndex", "user", "deployHost",
        "deployUser", "deployPort", "hostKey", "report", "tags", "workloads",
        "optional", "bootMode", "hibernate",
    }  # fmt: skip
    for record in fleet_json(root, "hosts").values():
        assert set(record) == documented


def test_deploy_host_without_tailnet_is_the_name(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('tailnet = "example.ts.net"\n', "")
    root = make_fleet(tmp_path, toml)
    assert fleet_json(root, "hosts.lap.deployHost") == "lap"


def test_hibernate_can_be_overridden(tmp_path: Path) -> None:
    toml = BASE_TOML.replace(
        'stage = "staging"\nuser = "alex"\n',
        'stage = "staging"\nuser = "alex"\nhibernate = false\n',
        1,
    )
    root = make_fleet(tmp_path, toml)
    assert fleet_json(root, "hosts.lap.hibernate") is False


def test_settings_users_stages_and_waves(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    assert fleet_json(root, "settings") == {
        "name": "test",
        "stages": ["staging", "production"],
        "tailnet": "example.ts.net",
        "cache": None,
    }
    assert fleet_json(root, "stages") == ["staging", "production"]
    assert fleet_json(root, "hostNames") == ["lap", "srv"]
    assert fleet_json(root, "users.alex.description") == "Alex Example"
    assert fleet_json(root, "waves") == [
        {"stage": "staging", "hosts": ["lap"]},
        {"stage": "production", "hosts": ["srv"]},
    ]
    assert fleet_json(root, "valid") is True
    assert fleet_json(root, "errors") == []


def test_host_name_equals_attribute_name(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    hosts = fleet_json(root, "hosts")
    assert all(record["name"] == name for name, record in hosts.items())


# --- validation: each failure names the host and the fix ---------------------------


def test_missing_host_folder(tmp_path: Path) -> None:
    root = make_fleet(tmp_path, hosts=("lap",))
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "srv": folder hosts/srv/ not found.',
        "Fix: create hosts/srv/default.nix (`panther host add srv --report FILE` does it), "
        "or remove [hosts.srv] from fleet.toml.",
    )


def test_missing_default_nix(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    (root / "hosts" / "srv" / "default.nix").unlink()
    assert_fails(
        fleet_attr(root, "hosts"), 'host "srv": hosts/srv/default.nix not found. Fix: create it'
    )


def test_a_class_without_a_profile_of_the_fleet_uses_pantheros_profile(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('class = "laptop"', 'class = "workstation"')
    root = make_fleet(tmp_path, toml, profiles=("laptop", "server"))
    assert fleet_json(root, "valid") is True
    used = nix_json(f'(import {REPO}/lib/fleet.nix {{ root = {root}; }}).profileOf "workstation"')
    assert used.endswith("-workstation.nix")  # the framework's file, copied to the store
    assert fleet_json(root, "errors") == []


def test_a_fleet_profile_replaces_pantheros_own(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    expr = f'toString ((import {REPO}/lib/fleet.nix {{ root = {root}; }}).profileOf "server")'
    assert nix_json(expr) == str(root / "profiles" / "server.nix")


def test_a_class_nobody_has_a_profile_for(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('class = "laptop"', 'class = "workstation"')
    root = make_fleet(tmp_path, toml, profiles=("laptop", "server"))
    empty = tmp_path / "no-profiles"
    empty.mkdir()
    proc = nix_eval(
        f"(import {REPO}/lib/fleet.nix {{ root = {root}; frameworkProfiles = {empty}; }}).hosts"
    )
    assert_fails(
        proc,
        'host "lap": class "workstation" has no profile: neither the fleet nor PantherOS has',
        "Fix: add profiles/workstation.nix to the fleet or choose a class that has a profile.",
    )


def test_unknown_class(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('class = "laptop"', 'class = "tablet"')
    root = make_fleet(tmp_path, toml)
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "lap": class "tablet" is not one of "laptop", "workstation", "server", "dev". Fix: set class to one of them.',
    )


def test_report_system_disagrees(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    write_report(root / "reports" / "srv.json", system="aarch64-linux")
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "srv": system is "x86_64-linux" but its report reports/srv.json says "aarch64-linux".',
        'Fix: set system = "aarch64-linux" in [hosts.srv], or point report at this machine\'s report.',
    )


def test_missing_report(tmp_path: Path) -> None:
    root = make_fleet(tmp_path)
    (root / "hosts" / "lap" / "facter.json").unlink()
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "lap": hardware report hosts/lap/facter.json not found.',
        "Fix: run `nixos-facter -o facter.json` on the machine",
    )


def test_stage_not_in_fleet_stages(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('stage = "staging"', 'stage = "canary"')
    root = make_fleet(tmp_path, toml)
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "lap": stage "canary" is not in fleet.stages ("staging", "production").',
        "Fix: set stage to one of them or add it to stages in [fleet].",
    )


def test_user_not_in_users(tmp_path: Path) -> None:
    toml = BASE_TOML.replace(
        'stage = "production"\nuser = "alex"', 'stage = "production"\nuser = "sam"'
    )
    root = make_fleet(tmp_path, toml)
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "srv": user "sam" is not defined.',
        'Fix: add a [users.sam] table with ssh_keys, or set user to one of "alex".',
    )


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('tags = ["vps"]', 'tags = ["vps"]\nworkload = ["containers"]')
    root = make_fleet(tmp_path, toml)
    assert_fails(
        fleet_attr(root, "hosts"),
        'host "srv": unknown key "workload". Fix: remove it or correct the spelling',
    )


def test_bad_port(tmp_path: Path) -> None:
    toml = BASE_TOML.replace("port = 2222", "port = 70000")
    root = make_fleet(tmp_path, toml)
    assert_fails(
        fleet_attr(root, "hosts"), 'host "srv": deploy.port must be an integer from 1 to 65535.'
    )


def test_invalid_host_name(tmp_path: Path) -> None:
    toml = BASE_TOML.replace("[hosts.srv]", "[hosts.Srv_1]").replace(
        "[hosts.srv.deploy]", "[hosts.Srv_1.deploy]"
    )
    root = make_fleet(tmp_path, toml, hosts=("lap", "Srv_1"))
    assert_fails(
        fleet_attr(root, "hosts"), 'host "Srv_1": not a valid host name. Fix: rename the table'
    )


def test_all_problems_are_listed_together(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('stage = "staging"', 'stage = "canary"').replace(
        'stage = "production"\nuser = "alex"', 'stage = "production"\nuser = "sam"'
    )
    root = make_fleet(tmp_path, toml)
    flat = assert_fails(fleet_attr(root, "hostNames"), "fleet.toml has 2 problem(s):")
    assert 'host "lap": stage "canary"' in flat
    assert 'host "srv": user "sam"' in flat
    errors = fleet_json(root, "errors")
    assert len(errors) == 2
    assert fleet_json(root, "valid") is False


def test_empty_stages(tmp_path: Path) -> None:
    toml = BASE_TOML.replace('stages = ["staging", "production"]', "stages = []")
    root = make_fleet(tmp_path, toml)
    assert_fails(
        fleet_attr(root, "settings"), "[fleet]: stages must be a non-empty list of strings."
    )


# --- the repository's own fleet -------------------------------------------------------


def test_the_example_fleet() -> None:
    example = REPO / "examples" / "fleet"
    hosts = fleet_json(example, "hosts")
    assert set(hosts) == {p.name for p in (example / "hosts").iterdir() if p.is_dir()}
    assert all(record["name"] == name for name, record in hosts.items())
    servers = [n for n, r in hosts.items() if r["class"] == "server"]
    assert all(hosts[n]["hostKey"] for n in servers), "every server pins its host key"
    for name, record in hosts.items():
        report = json.loads((example / record["report"]).read_text())
        assert report["system"] == record["system"], name
