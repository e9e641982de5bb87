"""`panther install`: what nixos-anywhere is given, what is staged, refusals, and cleanup.

nixos-anywhere and op are stand-ins (tests/deploy/fakes) that keep their real command-line
contracts; everything else is real: ssh-keygen makes the key, the files land with the modes
they will have on the machine, fleet.toml is edited through panther's own writer.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_panther, tree_digest

FAKES = Path(__file__).resolve().parent / "fakes"
TOKEN = "ops_eyJzaWduSW5BZGRyZXNzIjoiZXhhbXBsZSJ9-not-a-real-token"
HASH = "$y$j9T$abcdefghijklmnopqrstu.$0123456789abcdefghijklmnopqrstuvwxyzABCDE"
HOST = "server-b"


@pytest.fixture
def fakes(tmp_path: Path) -> dict[str, Any]:
    record = tmp_path / "machine"
    items = tmp_path / "op-items.json"
    items.write_text(
        json.dumps(
            {
                "op://PantherOS/Service Account/credential": TOKEN,
                "op://PantherOS/user-sam/password-hash": HASH,
            }
        )
    )
    private = tmp_path / "private"
    private.mkdir()
    env = {
        "PATH": f"{FAKES}:{os.environ['PATH']}",
        "FAKE_ANYWHERE_DIR": str(record),
        "FAKE_OP_ITEMS": str(items),
        "XDG_RUNTIME_DIR": str(private),
    }
    return {"env": env, "record": record, "items": items, "private": private}


def install(
    fleet: Path, fakes: dict[str, Any], *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return run_panther(
        "install", HOST, "--target", "root@203.0.113.7", *args, "--fleet", str(fleet),
        env={**fakes["env"], **env},
    )  # fmt: skip


def calls(fakes: dict[str, Any]) -> list[list[str]]:
    path = fakes["record"] / "argv.json"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def pinned_key(fleet: Path) -> str | None:
    hosts = tomllib.loads((fleet / "fleet.toml").read_text())["hosts"]
    return hosts[HOST].get("deploy", {}).get("host_key")


def ledger(fleet: Path) -> list[dict[str, Any]]:
    path = fleet / ".panther" / "ledger.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


# --- refusals: nothing staged, nothing run, nothing written -------------------------------------


def test_install_refuses_without_yes_naming_the_disks(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    before = tree_digest(fleet_copy)
    done = install(fleet_copy, fakes)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "erases" in done.stderr and "--yes server-b" in done.stderr
    assert "/dev/disk/by-" in done.stderr or "/dev/" in done.stderr  # the disks, by name
    assert calls(fakes) == [] and not (fakes["items"].with_suffix(".json.calls")).exists()
    assert tree_digest(fleet_copy) == before
    assert list(fakes["private"].iterdir()) == []


def test_install_refuses_a_yes_for_another_host(fleet_copy: Path, fakes: dict[str, Any]) -> None:
    done = install(fleet_copy, fakes, "--yes", "server-a")
    assert done.returncode == 2
    assert "names another host" in done.stderr
    assert calls(fakes) == []


@pytest.mark.parametrize(
    "target",
    ["-oProxyCommand=touch /tmp/pwned", "root@host;reboot", "root@", "root@ho st", "@host", ""],
)
def test_install_refuses_targets_ssh_could_misread(
    fleet_copy: Path, fakes: dict[str, Any], target: str
) -> None:
    done = run_panther(
        "install", HOST, "--target", target, "--yes", HOST, "--fleet", str(fleet_copy),
        env=fakes["env"],
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "--target" in done.stderr
    assert calls(fakes) == []


def test_install_of_an_unknown_host_suggests_one(fleet_copy: Path, fakes: dict[str, Any]) -> None:
    done = run_panther(
        "install", "server-c", "--target", "root@203.0.113.7", "--yes", "server-c",
        "--fleet", str(fleet_copy), env=fakes["env"],
    )  # fmt: skip
    assert done.returncode == 2
    assert "server-a" in done.stderr or "server-b" in done.stderr


def test_install_without_a_storage_layout_says_how_to_make_one(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    (fleet_copy / "hosts" / HOST / "disko.nix").unlink()
    done = install(fleet_copy, fakes, "--yes", HOST)
    assert done.returncode == 2
    assert f"panther storage plan {HOST} --write" in done.stderr


def test_dry_run_shows_the_command_and_the_files_and_touches_nothing(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    before = tree_digest(fleet_copy)
    done = install(fleet_copy, fakes, "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    planned = json.loads(done.stdout)
    assert planned["host"] == HOST and planned["target"] == "root@203.0.113.7"
    assert planned["argv"][-8:] == [
        "--flake", f"{fleet_copy}#{HOST}",
        "--target-host", "root@203.0.113.7",
        "--extra-files", "<private directory>/extra",
        "--phases", "kexec,disko,install,reboot",
    ]  # fmt: skip
    assert {f["path"]: f["mode"] for f in planned["files"]} == {
        "/etc/ssh/ssh_host_ed25519_key": "0600",
        "/etc/ssh/ssh_host_ed25519_key.pub": "0644",
        "/etc/opnix-token": "0600",
        "/var/lib/opnix/secrets/primaryPasswordHash": "0600",
    }
    assert planned["disks"]
    assert calls(fakes) == [] and tree_digest(fleet_copy) == before
    human = install(fleet_copy, fakes, "--dry-run")
    assert "dry run" in human.stdout and "nixos-anywhere" in human.stdout


def test_options_reach_nixos_anywhere_exactly(fleet_copy: Path, fakes: dict[str, Any]) -> None:
    key = fleet_copy.parent / "id_install"
    key.write_text("not used by the stand-in")
    done = install(
        fleet_copy, fakes, "--dry-run", "--json", "--port", "2222", "-i", str(key),
        "--facter", "--build-on-remote", "--phases", "disko,install",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    argv = json.loads(done.stdout)["argv"]
    flags = argv[argv.index("--flake") :]
    assert flags == [
        "--flake", f"{fleet_copy}#{HOST}",
        "--target-host", "root@203.0.113.7",
        "--extra-files", "<private directory>/extra",
        "--phases", "disko,install",
        "--ssh-port", "2222",
        "-i", str(key),
        "--generate-hardware-config", "nixos-facter",
        str(fleet_copy / "hosts" / HOST / "facter.json"),
        "--build-on-remote",
    ]  # fmt: skip


def test_a_bare_address_becomes_root_at_it(fleet_copy: Path, fakes: dict[str, Any]) -> None:
    done = run_panther(
        "install", HOST, "--target", "2001:db8::7", "--dry-run", "--json",
        "--fleet", str(fleet_copy), env=fakes["env"],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["target"] == "root@2001:db8::7"


# --- a whole install ---------------------------------------------------------------------------


def test_install_stages_runs_pins_and_cleans_up(fleet_copy: Path, fakes: dict[str, Any]) -> None:
    old_key = pinned_key(fleet_copy)
    done = install(fleet_copy, fakes, "--yes", HOST)
    assert done.returncode == 0, done.stdout + done.stderr
    (argv,) = calls(fakes)
    extra = Path(argv[argv.index("--extra-files") + 1])
    # The private directory was outside the fleet, private, and is gone.
    assert fakes["private"] in extra.parents
    assert fleet_copy not in extra.parents
    assert not extra.parent.exists()
    assert list(fakes["private"].iterdir()) == []

    root = fakes["record"] / "root"
    token = root / "etc" / "opnix-token"
    assert token.read_text() == TOKEN
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    hashed = root / "var" / "lib" / "opnix" / "secrets" / "primaryPasswordHash"
    assert hashed.read_text() == HASH + "\n"
    assert stat.S_IMODE(hashed.stat().st_mode) == 0o600
    assert stat.S_IMODE(hashed.parent.stat().st_mode) == 0o751
    private_key = root / "etc" / "ssh" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(private_key.stat().st_mode) == 0o600
    # The key pinned in fleet.toml is the one that went onto the machine.
    derived = subprocess.run(
        ["ssh-keygen", "-y", "-f", str(private_key)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert pinned_key(fleet_copy) == f"{derived[0]} {derived[1]}" != old_key
    assert "pinned server-b's new host key" in done.stdout
    # Phases as nixos-anywhere announced them.
    for step in ("Switching system into kexec", "Formatting hard drive with disko",
                 "Installing NixOS", "Rebooting"):  # fmt: skip
        assert step in done.stdout
    # No secret anywhere panther writes or prints.
    record = ledger(fleet_copy)[-1]
    assert record["kind"] == "install" and record["outcome"] == "ok"
    assert record["waves"][0]["hosts"][0]["outcome"] == "installed"
    log = Path(json.dumps(record) and next((fleet_copy / ".panther" / "logs").rglob("*.log")))
    for text in (done.stdout, done.stderr, json.dumps(record), log.read_text(),
                 (fleet_copy / "fleet.toml").read_text()):  # fmt: skip
        assert TOKEN not in text and HASH not in text
    history = run_panther("history", "--json", "--fleet", str(fleet_copy))
    entry = json.loads(history.stdout)["entries"][-1]
    assert entry["kind"] == "install" and entry["hosts"] == {HOST: "installed"}


def test_a_reused_host_key_keeps_the_pin(
    fleet_copy: Path, fakes: dict[str, Any], tmp_path: Path
) -> None:
    key = tmp_path / "old_host_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    public = " ".join(Path(f"{key}.pub").read_text().split()[:2])
    done = install(fleet_copy, fakes, "--yes", HOST, "--host-key", str(key))
    assert done.returncode == 0, done.stderr
    assert pinned_key(fleet_copy) == public
    assert (fakes["record"] / "root/etc/ssh/ssh_host_ed25519_key").read_text() == key.read_text()


def test_a_failure_before_the_files_are_copied_keeps_the_old_pin(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    old_key = pinned_key(fleet_copy)
    done = install(
        fleet_copy, fakes, "--yes", HOST, FAKE_ANYWHERE_FAIL_AT="Formatting hard drive with disko"
    )
    assert done.returncode == 1
    assert pinned_key(fleet_copy) == old_key
    assert "nixos-anywhere exited 1" in done.stdout
    assert "something went wrong at Formatting" in done.stdout  # the log's tail
    assert list(fakes["private"].iterdir()) == []
    assert ledger(fleet_copy)[-1]["outcome"] == "failed"


def test_a_failure_after_the_files_are_copied_pins_the_new_key(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    old_key = pinned_key(fleet_copy)
    done = install(fleet_copy, fakes, "--yes", HOST, FAKE_ANYWHERE_FAIL_AT="Installing NixOS")
    assert done.returncode == 1
    new_key = pinned_key(fleet_copy)
    assert new_key is not None and new_key != old_key


def test_signed_out_of_1password_stops_before_nixos_anywhere(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    before = tree_digest(fleet_copy)
    done = install(fleet_copy, fakes, "--yes", HOST, FAKE_OP_SIGNED_OUT="1")
    assert done.returncode == 1
    assert "reading the service-account token from 1Password failed" in done.stderr
    assert "op signin" in done.stderr
    assert calls(fakes) == []
    assert list(fakes["private"].iterdir()) == []
    assert tree_digest(fleet_copy) == before


def test_a_password_field_holding_a_password_is_refused(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    items = json.loads(fakes["items"].read_text())
    items["op://PantherOS/user-sam/password-hash"] = "hunter2"
    fakes["items"].write_text(json.dumps(items))
    done = install(fleet_copy, fakes, "--yes", HOST)
    assert done.returncode == 2
    assert "mkpasswd" in done.stderr and "hunter2" not in done.stderr + done.stdout
    assert calls(fakes) == [] and list(fakes["private"].iterdir()) == []


def test_a_token_file_needs_no_1password_for_the_token(
    fleet_copy: Path, fakes: dict[str, Any], tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("ops_from_a_file\n")
    done = install(
        fleet_copy, fakes, "--yes", HOST, "--token-file", str(token_file), "--no-password-hash"
    )
    assert done.returncode == 0, done.stderr
    assert (fakes["record"] / "root/etc/opnix-token").read_text() == "ops_from_a_file"
    assert not (fakes["record"] / "root/var/lib/opnix").exists()
    assert not Path(str(fakes["items"]) + ".calls").exists()


def test_facter_writes_the_new_report_and_keeps_the_old_one(
    fleet_copy: Path, fakes: dict[str, Any], tmp_path: Path
) -> None:
    report = fleet_copy / "hosts" / HOST / "facter.json"
    old = report.read_bytes()
    new = tmp_path / "new.json"
    new.write_text(json.dumps({**json.loads(old), "version": 2}))
    done = install(fleet_copy, fakes, "--yes", HOST, "--facter", FAKE_ANYWHERE_REPORT=str(new))
    assert done.returncode == 0, done.stderr
    assert report.read_bytes() == new.read_bytes()
    kept = list((fleet_copy / ".panther" / "reports").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == old
    assert "Generating facter.json" in done.stdout


def test_sigterm_mid_install_still_removes_the_secrets(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "pantheros", "install", HOST, "--target", "root@203.0.113.7",
         "--yes", HOST, "--fleet", str(fleet_copy)],
        env={**os.environ, **fakes["env"],
             "FAKE_ANYWHERE_SLEEP_AT": "Formatting hard drive with disko"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not calls(fakes):
        time.sleep(0.1)
    assert calls(fakes), "nixos-anywhere never started"
    staged = list(fakes["private"].iterdir())
    assert len(staged) == 1 and (staged[0] / "extra" / "etc" / "opnix-token").exists()
    time.sleep(0.5)
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=60)
    assert child.returncode != 0
    assert list(fakes["private"].iterdir()) == []
    assert ledger(fleet_copy)[-1]["outcome"] == "interrupted"


def test_the_private_directory_is_never_inside_the_fleet(
    fleet_copy: Path, fakes: dict[str, Any]
) -> None:
    inside = fleet_copy / "tmp"
    inside.mkdir()
    done = install(
        fleet_copy, fakes, "--yes", HOST, XDG_RUNTIME_DIR=str(inside), TMPDIR=str(inside)
    )
    assert done.returncode == 0, done.stderr
    (argv,) = calls(fakes)
    extra = Path(argv[argv.index("--extra-files") + 1])
    assert fleet_copy not in extra.parents
    assert list(inside.iterdir()) == []
