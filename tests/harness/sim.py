"""Simulated hosts: real sshd, real Nix stores, real profiles; only systemd is a stand-in.

Each host runs in mount, PID and UTS namespaces of its own (root only): a private Nix store
(a real one, `nix-store --init`) bind-mounted over /nix, its own /etc/nix, fresh tmpfs over /run,
/var/lib and /var/log, a home for root, and an sshd on 127.0.0.1:PORT with a host key of its own.
`systemd-run` and `systemctl` are stand-ins (tests/harness/standins) mounted over
/usr/local/sbin inside the namespace only.
Test systems (system.nix) are real derivations built with this machine's Nix; a deploy copies
them with `nix copy` like any closure.

`SimFleet` makes a fleet for them: fleet.toml with each host's address, port and pinned key,
a flake (no inputs) whose nixosConfigurations come from systems.json, and an ssh_config with the
client key (PANTHER_SSH_CONFIG). Everything lives under /var/tmp (simulated hosts do not share
the test runner's view of /tmp) and goes away with `stop()`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STANDINS = HERE / "standins"
SYSTEM_NIX = HERE / "system.nix"
NIX_CONFIG = "sandbox = false\nbuild-users-group =\nsubstituters =\n"
NIX_ENV = {"NIX_CONFIG": NIX_CONFIG}


def available() -> str | None:
    """Why simulated hosts cannot run here, or None."""
    if os.geteuid() != 0:
        return "simulated hosts need root (namespaces, bind mounts)"
    for tool in ("unshare", "sshd", "ssh", "ssh-keygen", "nix-store", "nix", "nix-build", "pkill"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            return f"simulated hosts need {tool}"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_system(name: str, **spec: Any) -> str:
    """Build a test system; its store path."""
    spec_file = Path(tempfile.mkstemp(prefix="panther-system-", suffix=".json")[1])
    spec_file.write_text(json.dumps({"name": name, **spec}))
    expression = f"import {SYSTEM_NIX} (builtins.fromJSON (builtins.readFile {spec_file}))"
    done = subprocess.run(
        ["nix-build", "--no-out-link", "-E", expression],
        capture_output=True,
        text=True,
        env={**os.environ, **NIX_ENV},
        check=False,
        timeout=300,
    )
    spec_file.unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"building the test system failed: {done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


@dataclass
class SimHost:
    name: str
    dir: Path
    port: int
    client_key: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def host_key(self) -> str:
        parts = (self.dir / "host_key.pub").read_text().split()
        return f"{parts[0]} {parts[1]}"

    def ssh_argv(self, command: str) -> list[str]:
        return [
            "ssh", "-i", str(self.client_key), "-p", str(self.port),
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "KexAlgorithms=curve25519-sha256",
            "root@127.0.0.1", command,
        ]  # fmt: skip

    def sh(self, command: str, *, check: bool = True, timeout: float = 60) -> str:
        """Run a command on the host (as root), outside panther; its output."""
        done = subprocess.run(
            self.ssh_argv(command), capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{self.name}: {command}: {done.stderr}")
        return done.stdout.strip()

    def prepare(self) -> None:
        for sub in ("nix", "etc-nix", "bin"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        (self.dir / "etc-nix" / "nix.conf").write_text(
            NIX_CONFIG + "experimental-features = nix-command flakes\n"
        )
        for tool in ("systemd-run", "systemctl"):
            shutil.copy2(STANDINS / tool, self.dir / "bin" / tool)
            (self.dir / "bin" / tool).chmod(0o755)
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", self.name,
             "-f", str(self.dir / "host_key")],
            check=True,
        )  # fmt: skip
        (self.dir / "authorized_keys").write_text(Path(f"{self.client_key}.pub").read_text())
        (self.dir / "sshd_config").write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\n"
            f"HostKey {self.dir}/host_key\n"
            f"AuthorizedKeysFile {self.dir}/authorized_keys\n"
            f"PidFile {self.dir}/sshd.pid\n"
            "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            "KexAlgorithms curve25519-sha256\nMaxStartups 100:30:200\nMaxSessions 100\n"
            "SetEnv PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
        )
        # The host's "init": private mounts, a store of its own, then sshd (restarted until
        # the host is stopped; `down` keeps it off, as a dropped link would).
        (self.dir / "init.sh").write_text(
            "#!/bin/sh\nset -e\n"
            f"H={self.dir}\n"
            "mount --make-rprivate /\n"
            "mount --bind $H/nix /nix\n"
            "mkdir -p /etc/nix && mount --bind $H/etc-nix /etc/nix\n"
            "mount -t tmpfs tmpfs /run\nmkdir -p /run/sshd /run/panther-sim/units\n"
            # State and logs of the host's own (panther-facts, restores) stay in the host.
            "mount -t tmpfs tmpfs /var/lib\nmount -t tmpfs tmpfs /var/log\n"
            # root's home of its own: bash sources ~/.bashrc for every SSH command, and the
            # test runner's own shell setup has no business on a simulated host.
            "mkdir -p $H/root-home && mount --bind $H/root-home /root\n"
            "mount --bind $H/bin /usr/local/sbin\n"
            "nix-store --init\n"
            "while [ ! -e $H/stopped ]; do\n"
            "  if [ -e $H/down ]; then sleep 0.1; continue; fi\n"
            "  /usr/sbin/sshd -D -e -f $H/sshd_config || sleep 0.2\n"
            "done\n"
        )
        (self.dir / "init.sh").chmod(0o755)

    def start(self) -> None:
        log = (self.dir / "init.log").open("ab")
        self.process = subprocess.Popen(
            ["unshare", "--mount", "--pid", "--uts", "--fork", "--mount-proc",
             "sh", "-c", f"hostname {self.name}; exec {self.dir}/init.sh"],
            stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        self.wait_for_ssh()

    def wait_for_ssh(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name}: sshd did not come up ({self.dir / 'init.log'})")

    def _init_pid(self) -> str | None:
        """The host's pid 1 (unshare's child), whose PID namespace is the host's."""
        if self.process is None:
            return None
        done = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        pids = done.stdout.split()
        return pids[0] if pids else None

    def _kill_sshd(self) -> None:
        init = self._init_pid()
        if init is None:
            return
        subprocess.run(["pkill", "-KILL", "--ns", init, "--nslist", "pid", "sshd"], check=False)

    def drop(self) -> None:
        """Cut every SSH session and refuse new ones, as a dropped link would."""
        (self.dir / "down").touch()
        self._kill_sshd()

    def restore(self) -> None:
        (self.dir / "down").unlink(missing_ok=True)
        self.wait_for_ssh()

    def stop(self) -> None:
        (self.dir / "stopped").touch()
        if self.process is not None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def install(self, system: str) -> None:
        """Put a system on the host as if it had booted it: profile, current and booted."""
        env = {
            **os.environ,
            **NIX_ENV,
            "NIX_SSHOPTS": " ".join(self.ssh_argv("")[1:-2]),
        }
        subprocess.run(
            ["nix", "--extra-experimental-features", "nix-command", "copy", "--no-check-sigs",
             "--to", "ssh-ng://root@127.0.0.1", system],
            env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        self.sh(
            f"nix-env -p /nix/var/nix/profiles/system --set {system} && "
            f"{system}/bin/switch-to-configuration switch && "
            f"ln -sfn {system} /run/booted-system"
        )

    # What the host runs, as the tests check it.
    def current(self) -> str:
        return self.sh("readlink -f /run/current-system")

    def profile(self) -> str:
        return self.sh("readlink -f /nix/var/nix/profiles/system")

    def generations(self) -> int:
        return int(self.sh("ls -d /nix/var/nix/profiles/system-*-link | wc -l"))


@dataclass
class SimFleet:
    """A fleet whose hosts are simulated; its folder is a fleet like any other."""

    root: Path
    base: Path
    hosts: dict[str, SimHost]
    stages: list[str]
    client_key: Path
    env: dict[str, str] = field(default_factory=dict)

    def write_systems(self, spec: dict[str, dict[str, Any]]) -> None:
        """What the flake says each host should run (the "desired" systems)."""
        (self.root / "systems.json").write_text(json.dumps(spec, indent=2, sort_keys=True))

    def desired(self, name: str) -> str:
        done = subprocess.run(
            ["nix", "--extra-experimental-features", "nix-command flakes", "eval", "--raw",
             f"{self.root}#nixosConfigurations.{name}.config.system.build.toplevel.outPath"],
            capture_output=True, text=True, env={**os.environ, **NIX_ENV}, check=True,
        )  # fmt: skip
        return done.stdout.strip()

    def stop(self) -> None:
        for host in self.hosts.values():
            host.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def _fleet_toml(
    name: str,
    stages: list[str],
    hosts: dict[str, SimHost],
    host_specs: dict[str, dict[str, Any]],
    key: str,
) -> str:
    lines = [
        "[fleet]",
        f'name = "{name}"',
        f"stages = {json.dumps(stages)}",
        "",
        "[users.tester]",
        f'ssh_keys = ["{key}"]',
        "",
    ]
    for host_name, host in hosts.items():
        spec = host_specs.get(host_name, {})
        lines += [
            f"[hosts.{host_name}]",
            'class = "server"',
            'system = "x86_64-linux"',
            f'stage = "{spec.get("stage", stages[0])}"',
            'user = "tester"',
        ]
        if spec.get("optional"):
            lines.append("optional = true")
        if spec.get("tags"):
            lines.append(f"tags = {json.dumps(spec['tags'])}")
        lines += [
            "",
            f"[hosts.{host_name}.deploy]",
            'host = "127.0.0.1"',
            f"port = {host.port}",
        ]
        if spec.get("pin", True):
            lines.append(f'host_key = "{host.host_key}"')
        if spec.get("health"):
            lines += ["", f"[hosts.{host_name}.health]"]
            for key_name, value in spec["health"].items():
                lines.append(f"{key_name} = {_toml(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


FLAKE = """\
{
  # A test fleet: each host's system comes from systems.json (see tests/harness/system.nix).
  outputs = { self }:
    let
      spec = builtins.fromJSON (builtins.readFile ./systems.json);
      mk = import ./system.nix;
    in
    {
      nixosConfigurations = builtins.mapAttrs (name: s: {
        config.system.build.toplevel = mk ({ inherit name; } // s);
      }) spec;
    };
}
"""


@contextmanager
def sim_fleet(
    names: list[str],
    *,
    stages: list[str] | None = None,
    specs: dict[str, dict[str, Any]] | None = None,
    initial: dict[str, dict[str, Any]] | None = None,
) -> Iterator[SimFleet]:
    """Start simulated hosts and a fleet for them; everything stops and goes on exit.

    `specs` per host: stage, optional, tags, pin (False: no pinned key), health (table).
    `initial` per host: the test system it runs at the start (default: version "0").
    """
    reason = available()
    if reason is not None:
        raise RuntimeError(reason)
    stages = stages or ["staging", "production"]
    specs = specs or {}
    base = Path(tempfile.mkdtemp(prefix="panther-sim-", dir="/var/tmp"))
    root = base / "fleet"
    root.mkdir()
    client_key = base / "client_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(client_key)], check=True
    )
    hosts = {
        name: SimHost(
            name=name, dir=base / "hosts" / name, port=_free_port(), client_key=client_key
        )
        for name in names
    }
    fleet = SimFleet(root=root, base=base, hosts=hosts, stages=stages, client_key=client_key)
    try:
        for host in hosts.values():
            host.prepare()
            host.start()
        key = " ".join(Path(f"{client_key}.pub").read_text().split()[:2])
        (root / "fleet.toml").write_text(_fleet_toml("sim", stages, hosts, specs, key))
        (root / "flake.nix").write_text(FLAKE)
        shutil.copy2(SYSTEM_NIX, root / "system.nix")
        starting = {name: (initial or {}).get(name, {"version": "0"}) for name in names}
        for name, spec in starting.items():
            hosts[name].install(build_system(name, **spec))
        fleet.write_systems({name: {"version": "1"} for name in names})
        ssh_config = base / "ssh_config"
        ssh_config.write_text(
            f"Host *\n  IdentityFile {client_key}\n  IdentitiesOnly yes\n"
            "  KexAlgorithms curve25519-sha256\n  LogLevel ERROR\n"
        )
        fleet.env = {
            "PANTHER_SSH_CONFIG": str(ssh_config),
            "NIX_CONFIG": NIX_CONFIG,
            "XDG_CACHE_HOME": str(base / "cache"),
        }
        yield fleet
    finally:
        fleet.stop()
