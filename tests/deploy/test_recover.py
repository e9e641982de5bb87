"""`panther recover` on a simulated host: install (nixos-anywhere stand-in), then the restore.

The stand-in nixos-anywhere "installs" by giving the simulated host the host key panther staged
(and restarting its sshd), as a real install gives the new system that key. The restore then
runs against the host for real: over ssh with the key just pinned, through the systemd-run
stand-in, with a `restic-b2` stand-in on the host that lists one snapshot and records the
restore it was asked for and which units were running at that moment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.harness import sim
from tests.harness.sim import SimFleet, sim_fleet

pytestmark = pytest.mark.skipif(sim.available() is not None, reason=sim.available() or "")

FAKES = Path(__file__).resolve().parent / "fakes"
HOST = "web1"
SNAPSHOT = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"
RESTIC = f"""#!/bin/sh
# restic-b2 stand-in: `snapshots --json` lists one snapshot; `restore` records its arguments
# and which units were active then (they must have been stopped).
state=/run/panther-sim
case "$1" in
  snapshots)
    [ -e $state/no-backup ] && {{ echo '[]'; exit 0; }}
    echo '[{{"id":"{SNAPSHOT}","short_id":"4f3c2b1a","time":"2026-11-30T03:12:00Z",'\\
'"paths":["/home","/var/lib"],"hostname":"{HOST}"}}]' ;;
  restore)
    echo "$@" > $state/restore-args
    ls $state/units/ > $state/units-during-restore
    echo "restoring <Snapshot {SNAPSHOT}> to /"
    [ -e $state/restore-fails ] && {{ echo "Fatal: repository is locked" >&2; exit 1; }}
    : > $state/restored ;;
  *) echo "restic-b2 stand-in: $*" >&2; exit 1 ;;
esac
"""
DISKO = """{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/disk/by-id/virtio-web1";
    content = { type = "gpt"; partitions = { }; };
  };
}
"""


def prepare(fleet: SimFleet, tmp_path: Path) -> dict[str, str]:
    host = fleet.hosts[HOST]
    (host.dir / "bin" / "restic-b2").write_text(RESTIC)
    (host.dir / "bin" / "restic-b2").chmod(0o755)
    (fleet.root / "hosts" / HOST).mkdir(parents=True)
    (fleet.root / "hosts" / HOST / "disko.nix").write_text(DISKO)
    items = tmp_path / "op.json"
    items.write_text(
        json.dumps(
            {
                "op://PantherOS/Service Account/credential": "ops_recover_token",
                "op://PantherOS/user-tester/password-hash": "$y$j9T$recover",
            }
        )
    )
    init = host._init_pid()
    # The install gives the host the staged key; its sshd restarts with it (the init loop).
    on_install = (
        f"cp $ROOT/etc/ssh/ssh_host_ed25519_key {host.dir}/host_key && "
        f"cp $ROOT/etc/ssh/ssh_host_ed25519_key.pub {host.dir}/host_key.pub && "
        f"pkill -KILL --ns {init} --nslist pid sshd; sleep 0.3"
    )
    return {
        **fleet.env,
        "PATH": f"{FAKES}:{os.environ['PATH']}",
        "FAKE_ANYWHERE_DIR": str(tmp_path / "machine"),
        "FAKE_OP_ITEMS": str(items),
        "FAKE_ANYWHERE_ON_INSTALL": on_install,
        "XDG_RUNTIME_DIR": str(tmp_path),
    }


def recover(fleet: SimFleet, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pantheros", "recover", HOST, "--target", "root@192.0.2.10",
         "--yes", HOST, "--fleet", str(fleet.root), *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_recover_installs_pins_and_restores_the_newest_backup(tmp_path: Path) -> None:
    with sim_fleet([HOST]) as fleet:
        env = prepare(fleet, tmp_path)
        host = fleet.hosts[HOST]
        old_key = host.host_key
        host.sh(": > /run/panther-sim/units/myapp.service.active")
        done = recover(fleet, env, "--stop", "myapp.service", "--json")
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        result = json.loads(done.stdout[done.stdout.index('{\n  "install"') :])
        # The machine has the key panther made, and fleet.toml pins it: ssh got in with it.
        assert host.host_key != old_key
        pinned = tomllib.loads((fleet.root / "fleet.toml").read_text())["hosts"][HOST]["deploy"]
        assert pinned["host_key"] == host.host_key == result["install"]["host_key"]
        # The newest snapshot came back over the new system, with the service stopped.
        args = host.sh("cat /run/panther-sim/restore-args").split()
        assert args[:6] == ["restore", SNAPSHOT, "--host", HOST, "--target", "/"]
        for never in ("/var/lib/tailscale", "/var/lib/nixos", "/var/lib/systemd"):
            assert args[args.index(never) - 1] == "--exclude"
        assert "myapp.service.active" not in host.sh("cat /run/panther-sim/units-during-restore")
        assert host.sh("ls /run/panther-sim/units/").count("myapp.service.active") == 1
        restored = result["restore"]
        assert restored["outcome"] == "restored" and restored["snapshot"]["id"] == SNAPSHOT
        assert restored["stopped"] == ["myapp.service"] and restored["healthy"] is True
        # The restore's output is in its log on the host.
        assert "restoring <Snapshot" in host.sh(f"cat {restored['log']}")
        record = [
            json.loads(x) for x in (fleet.root / ".panther/ledger.jsonl").read_text().splitlines()
        ][-1]
        assert record["kind"] == "recover" and record["outcome"] == "ok"
        assert record["restore"]["snapshot"]["id"] == SNAPSHOT
        assert "ops_recover_token" not in done.stdout + done.stderr + json.dumps(record)
        assert list(tmp_path.glob("panther-install-*")) == []


def test_recover_without_a_backup_fails_after_the_install(tmp_path: Path) -> None:
    with sim_fleet([HOST]) as fleet:
        env = prepare(fleet, tmp_path)
        fleet.hosts[HOST].sh(": > /run/panther-sim/no-backup")
        done = recover(fleet, env)
        assert done.returncode == 1
        assert "installed web1" in done.stdout
        assert "no backup of web1 to restore" in done.stdout
        record: dict[str, Any] = json.loads(
            (fleet.root / ".panther/ledger.jsonl").read_text().splitlines()[-1]
        )
        assert record["outcome"] == "failed" and record["restore"]["outcome"] == "no-backup"


def test_a_failed_restore_names_the_log_and_the_error(tmp_path: Path) -> None:
    with sim_fleet([HOST]) as fleet:
        env = prepare(fleet, tmp_path)
        fleet.hosts[HOST].sh(": > /run/panther-sim/restore-fails")
        done = recover(fleet, env)
        assert done.returncode == 1
        assert "restic restore exited 1" in done.stdout
        assert "repository is locked" in done.stdout
