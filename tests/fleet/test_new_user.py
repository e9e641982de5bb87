"""A new user's first steps: panther init, their own hosts, and the mistakes people make."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from ..conftest import FACTER_DIR, REPO, run_panther, tree_digest

TEMPLATE = REPO / "templates" / "fleet"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 sam@x"


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


# --- panther init ----------------------------------------------------------------------------


def test_init_writes_the_template_files_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "my-fleet"
    done = run_panther("init", str(target), "--user", "sam", "--ssh-key", KEY)
    assert done.returncode == 0, done.stderr
    written, template = files(target), files(TEMPLATE)
    # `nix flake init -t <pantheros>#fleet` copies templates/fleet: the same files.
    assert sorted(written) == sorted(template)
    assert written["flake.nix"] == template["flake.nix"]
    assert written[".gitignore"] == template[".gitignore"]
    # fleet.toml is the template with only what panther knows filled in.
    mine, theirs = (
        tomllib.loads(written["fleet.toml"].decode()),
        tomllib.loads(template["fleet.toml"].decode()),
    )
    assert mine["fleet"] == {**theirs["fleet"], "name": "my-fleet"}
    assert mine["users"] == {"sam": {"ssh_keys": [KEY]}}
    assert (target / ".git").is_dir()
    # The next three commands.
    assert "panther host add NAME --report facter.json" in done.stdout
    assert "panther storage check NAME" in done.stdout
    assert "panther install NAME --target root@IP" in done.stdout


def test_init_without_a_user_says_how_to_add_one_and_that_way_works(tmp_path: Path) -> None:
    # Logged in as root (no primary user to guess), the advice must lead somewhere: rerunning
    # init would only be refused, so it names host add's --user.
    target = tmp_path / "mine"
    done = run_panther("init", str(target), env={"USER": "root", "LOGNAME": "root"})
    assert done.returncode == 0, done.stderr
    said = " ".join((done.stdout + done.stderr).split())  # however the terminal wraps it
    assert "no primary user" in said
    assert "--user NAME --ssh-key KEY to your first `panther host add`" in said
    report = FACTER_DIR / "contabo-vps.json"
    fleet = str(target / "fleet.toml")
    refused = run_panther("host", "add", "box", "--report", str(report), "--fleet", fleet)
    assert refused.returncode == 2 and "--user NAME" in refused.stderr
    added = run_panther(
        "host", "add", "box", "--report", str(report), "--user", "sam", "--ssh-key", KEY,
        "--fleet", fleet,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    users = tomllib.loads((target / "fleet.toml").read_text())["users"]
    assert users == {"sam": {"ssh_keys": [KEY]}}


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text("# mine\n")
    before = tree_digest(tmp_path)
    done = run_panther("init", str(tmp_path), "--json")
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert "fleet.toml" in error["message"] and "never overwrites" in error["fix"]
    assert tree_digest(tmp_path) == before


def test_init_inside_a_repository_does_not_make_another(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = run_panther("init", str(tmp_path / "fleet"), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["git_initialized"] is False
    assert not (tmp_path / "fleet" / ".git").exists()


def test_refresh_writes_the_cache_into_flake_nix_and_validate_notices_it(tmp_path: Path) -> None:
    root = tmp_path / "f"
    assert run_panther("init", str(root), "--user", "sam", "--ssh-key", KEY).returncode == 0
    key = "panther:OVR1956EC2Xg4MtYA80jWNaxg0euXgmC4ZnUEDTnpLs="
    with (root / "fleet.toml").open("a") as out:
        out.write(f'\n[fleet.cache]\nurl = "http://c.ts.net:8080/p"\npublic_key = "{key}"\n')
    stale = json.loads(run_panther("validate", "--json", "--fleet", str(root)).stdout)
    assert "flake-nix-config" in [f["code"] for f in stale["findings"]]
    done = run_panther("init", str(root), "--refresh")
    assert done.returncode == 0, done.stderr
    flake = (root / "flake.nix").read_text()
    assert 'extra-substituters = [ "http://c.ts.net:8080/p" ];' in flake
    assert f'extra-trusted-public-keys = [ "{key}" ];' in flake
    fresh = json.loads(run_panther("validate", "--json", "--fleet", str(root)).stdout)
    assert "flake-nix-config" not in [f["code"] for f in fresh["findings"]]


def test_from_an_empty_folder_to_five_hosts_the_flake_accepts(tmp_path: Path) -> None:
    """The issue's path: init, host add with the four real reports and one made up, check."""
    root = tmp_path / "fleet"
    root.mkdir()

    def panther(*args: str) -> subprocess.CompletedProcess[str]:
        return run_panther(*args, cwd=root)

    assert panther("init", ".", "--user", "sam", "--ssh-key", KEY).returncode == 0
    for name in ("zephyrus", "yoga", "hetzner-vps", "contabo-vps"):
        done = panther("host", "add", name, "--report", str(FACTER_DIR / f"{name}.json"))
        assert done.returncode == 0, done.stderr
        assert panther("storage", "check", name).returncode == 0
    made_up = REPO / "tests" / "fixtures" / "facter" / "hdd-desktop.json"
    assert panther("host", "add", "desk", "--report", str(made_up)).returncode == 0
    validate = json.loads(panther("validate", "--json").stdout)
    assert validate["hosts"] == 5
    assert [f for f in validate["findings"] if f["severity"] == "error"] == []
    if shutil.which("nix-instantiate"):
        reader = subprocess.run(
            [
                "nix-instantiate",
                "--eval",
                "--strict",
                "--json",
                "--expr",
                f"builtins.attrNames (import {REPO}/lib/fleet.nix {{ root = {root}; }}).hosts",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(reader.stdout) == sorted(
            ["zephyrus", "yoga", "hetzner-vps", "contabo-vps", "desk"]
        )


# --- the bundled example is only for looking ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("storage", "check", "zephyrus"),
        ("storage", "plan", "zephyrus"),
        ("hw", "show", "zephyrus"),
        ("host", "add", "new", "--report", "facter.json"),
    ],
)
def test_outside_a_fleet_commands_about_hosts_refuse(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = run_panther(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert "no fleet.toml here" in done.stderr
    assert "panther init" in done.stderr


def test_outside_a_fleet_listing_names_the_example_first(tmp_path: Path) -> None:
    done = run_panther("hosts", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].startswith("fleet example — the bundled example")
    done = run_panther("validate", "--no-nix", cwd=tmp_path)
    assert done.stdout.splitlines()[0].startswith("fleet example — the bundled example")


def test_a_wrong_panther_fleet_names_the_variable(tmp_path: Path) -> None:
    done = run_panther("hosts", cwd=tmp_path, env={"PANTHER_FLEET": "/nonexistent"})
    assert done.returncode == 2
    assert "$PANTHER_FLEET" in done.stderr and "unset PANTHER_FLEET" in done.stderr
    assert "--fleet" not in done.stderr


# --- errors: every problem, in our words, as JSON when asked ----------------------------------

BROKEN = """\
[fleet]
name = "x"
stages = []
tailnett = "a.ts.net"

[users.sam]
ssh_keys = ["nope"]

[hosts.web1]
clas = "server"
system = "x86_64-linux"
stage = "canary"
user = "sam"
"""


def test_every_problem_is_reported_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text(BROKEN)
    done = run_panther("hosts", "--fleet", str(tmp_path))
    assert done.returncode == 2
    text = done.stderr
    assert "5 problems" in text
    assert "fleet.toml:3: fleet.stages: must not be empty" in text
    assert "fleet.tailnett: unknown key 'tailnett'; did you mean 'tailnet'?" in text
    assert "hosts.web1.clas: unknown key 'clas'; did you mean 'class'?" in text
    assert "users.sam.ssh_keys[0]: not an SSH public key" in text
    # No raw validation-library text.
    assert "List should have" not in text and "validation" not in text.lower()


def test_json_errors_are_an_object_on_stdout(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text(BROKEN)
    done = run_panther("validate", "--json", "--fleet", str(tmp_path))
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert error["kind"] == "input" and error["exit_code"] == 2
    assert len(error["problems"]) == 5
    assert {"message", "location", "fix"} <= set(error["problems"][0])
    usage = run_panther("hosts", "--json", "--bogus")
    assert usage.returncode == 2
    assert json.loads(usage.stdout)["error"]["kind"] == "usage"


def test_validate_exits_1_for_findings_not_2(fleet_copy: Path) -> None:
    (fleet_copy / "hosts" / "desk" / "facter.json").unlink()
    done = run_panther("validate", "--fleet", str(fleet_copy))
    assert done.returncode == 1
    assert "report-missing" in run_panther("validate", "--json", "--fleet", str(fleet_copy)).stdout


def test_secrets_staged_for_an_install_are_flagged_unless_ignored(fleet_copy: Path) -> None:
    staged = fleet_copy / "extra" / "etc"
    staged.mkdir(parents=True)
    (staged / "opnix-token").write_text("ops_secret\n")
    (fleet_copy / ".gitignore").unlink()
    codes = json.loads(run_panther("validate", "--json", "--fleet", str(fleet_copy)).stdout)
    flagged = [f["location"] for f in codes["findings"] if f["code"] == "secret-not-ignored"]
    assert "extra/" in flagged and "extra/etc/opnix-token" in flagged
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(fleet_copy)], check=True)
        (fleet_copy / ".gitignore").write_text((TEMPLATE / ".gitignore").read_text())
        ignored = json.loads(run_panther("validate", "--json", "--fleet", str(fleet_copy)).stdout)
        assert "secret-not-ignored" not in [f["code"] for f in ignored["findings"]]


# --- on the PATH: version and completion --------------------------------------------------------


def test_version() -> None:
    from pantheros import __version__

    done = run_panther("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"panther {__version__}"


def _fake_panther(tmp_path: Path) -> dict[str, str]:
    """A `panther` on PATH for the shells to call (the completion asks it for host names)."""
    import os
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "panther"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m pantheros "$@"\n')
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes_commands_options_and_host_names(
    fleet_copy: Path, tmp_path: Path
) -> None:
    script = tmp_path / "panther.bash"
    script.write_text(run_panther("completion", "bash").stdout)
    env = _fake_panther(tmp_path)

    def complete(*words: str) -> list[str]:
        quoted = " ".join(f"'{w}'" for w in words)
        program = (
            f"source {script}; COMP_WORDS=(panther {quoted}); "
            f'COMP_CWORD={len(words)}; _panther; printf "%s\\n" "${{COMPREPLY[@]}}"'
        )
        out = subprocess.run(
            ["bash", "-c", program], cwd=fleet_copy, env=env, capture_output=True, text=True
        )
        return out.stdout.split()

    assert complete("sto") == ["storage"]
    assert set(complete("storage", "")) >= {"plan", "check", "bench"}
    assert "--fleet" in complete("storage", "check", "--f")
    assert {"laptop-a", "server-b", "desk"} <= set(complete("storage", "check", ""))


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_fish_completion_completes_commands_and_host_names(
    fleet_copy: Path, tmp_path: Path
) -> None:
    script = tmp_path / "panther.fish"
    script.write_text(run_panther("completion", "fish").stdout)
    env = _fake_panther(tmp_path)

    def complete(line: str) -> list[str]:
        out = subprocess.run(
            ["fish", "-c", f"source {script}; complete -C '{line}'"],
            cwd=fleet_copy,
            env=env,
            capture_output=True,
            text=True,
        )
        return [row.split("\t")[0] for row in out.stdout.splitlines()]

    assert complete("panther st") == ["status", "storage"]
    assert complete("panther inst") == ["install"]
    assert {"laptop-a", "server-b"} <= set(complete("panther storage check "))
    assert "--fleet" in complete("panther hosts --f")


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_zsh_completion_script_loads() -> None:
    done = subprocess.run(
        ["zsh", "-n", "/dev/stdin"],
        input=run_panther("completion", "zsh").stdout,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
