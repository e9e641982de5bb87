"""OpenSSH for the deploy engine: multiplexed, batch, pinned host keys, timeouts.

Every connection of one panther run to a host shares a ControlMaster, so a deploy or a health
round opens one TCP and key exchange per host, not one per command. `fresh=True` bypasses the
master (ControlPath=none): the deploy's last check is that a *new* connection still gets in.

Host keys come from fleet.toml only: panther writes a known_hosts file of the pinned keys and
runs ssh with StrictHostKeyChecking=yes against it (and no global or user known_hosts), so a
host whose key changed is refused. An unpinned host is refused before any connection unless
`accept_new` is on: then ssh learns the key on first contact (accept-new) and the caller pins
what it learned (`learned_key`).

The user's own ssh configuration and agent apply as usual (ssh reads ~/.ssh/config; the agent,
1Password's included, is found through SSH_AUTH_SOCK or IdentityAgent); panther's options come
first on the command line, so they win over the configuration. PANTHER_SSH_CONFIG names an
ssh_config to use instead of ~/.ssh/config.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pantheros import proc
from pantheros.errors import InputError, ToolFailed

SSH_CONFIG_ENV = "PANTHER_SSH_CONFIG"


@dataclass(frozen=True)
class Target:
    """Where a host is reached, from fleet.toml."""

    name: str
    host: str
    user: str
    port: int
    host_key: str | None

    @property
    def known_hosts_name(self) -> str:
        return self.host if self.port == 22 else f"[{self.host}]:{self.port}"

    @property
    def needs_sudo(self) -> bool:
        return self.user != "root"


@dataclass(frozen=True)
class Result:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def unreachable(self) -> bool:
        # ssh itself failed (connection refused, timeout, host key): exit status 255.
        return self.returncode == 255


class Transport:
    """ssh to the fleet's hosts for one run; `close()` ends the shared connections."""

    def __init__(
        self,
        targets: list[Target],
        *,
        connect_timeout: float = 10.0,
        accept_new: bool = False,
        ssh_config: Path | None = None,
    ) -> None:
        proc.require("ssh")
        # A short path: a ControlPath socket must fit in 104 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="pth-", dir="/tmp"))
        self.known_hosts = self.dir / "known_hosts"
        self.learned_hosts = self.dir / "learned_hosts"
        self.connect_timeout = connect_timeout
        self.accept_new = accept_new
        given = os.environ.get(SSH_CONFIG_ENV)
        self.ssh_config = ssh_config or (Path(given) if given else None)
        self._processes: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()
        self.targets = {t.name: t for t in targets}
        self.known_hosts.write_text(
            "".join(
                f"{t.known_hosts_name} {t.host_key}\n" for t in targets if t.host_key is not None
            )
        )
        self.learned_hosts.touch()

    # -- command lines (pure; tests assert them exactly) --------------------------------------

    def options(self, target: Target, *, fresh: bool = False) -> list[str]:
        if target.host_key is None and not self.accept_new:
            raise InputError(
                f"{target.name} has no pinned SSH host key",
                location=f"fleet.toml: hosts.{target.name}.deploy.host_key",
                fix="a new machine: `panther install` pins it; a running one: pin its key "
                "(docs/install-host.md), or pass --accept-new-host-key once: panther "
                "then pins the key the host shows",
            )
        pinned = target.host_key is not None
        known = self.known_hosts if pinned else self.learned_hosts
        opts = [*(["-F", str(self.ssh_config)] if self.ssh_config else [])]
        opts += [
            "-o", "BatchMode=yes",
            "-o", f"ConnectTimeout={self.connect_timeout:g}",
            "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=3",
            "-o", "StrictHostKeyChecking=" + ("yes" if pinned else "accept-new"),
            "-o", f"UserKnownHostsFile={known}",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "ControlMaster=" + ("no" if fresh else "auto"),
            "-o", "ControlPath=" + ("none" if fresh else f"{self.dir}/%C"),
            "-o", "ControlPersist=300",
            "-p", str(target.port),
            "-l", target.user,
        ]  # fmt: skip
        return opts

    def argv(self, target: Target, command: str, *, fresh: bool = False) -> list[str]:
        """ssh … HOST -- COMMAND; COMMAND runs as root (through sudo -n for other users)."""
        remote = f"sudo -n sh -c {shlex.quote(command)}" if target.needs_sudo else command
        return ["ssh", *self.options(target, fresh=fresh), target.host, "--", remote]

    def nix_sshopts(self, target: Target) -> str:
        """NIX_SSHOPTS for `nix copy --to ssh-ng://…` to this host (same master, same keys)."""
        return " ".join(self.options(target))

    def store_uri(self, target: Target) -> str:
        return f"ssh-ng://{target.user}@{target.host}"

    # -- running ------------------------------------------------------------------------------

    def run(
        self,
        target: Target,
        command: str,
        *,
        timeout: float = 60.0,
        fresh: bool = False,
        input_text: str | None = None,
    ) -> Result:
        return self.spawn(
            self.argv(target, command, fresh=fresh), timeout=timeout, stdin=input_text
        )

    def spawn(
        self,
        argv: list[str],
        *,
        timeout: float,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> Result:
        """Run a program in its own session (Ctrl-C reaches panther, not the child)."""
        start = time.monotonic()
        try:
            child = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
                start_new_session=True,
            )
        except FileNotFoundError:
            raise ToolFailed(f"`{argv[0]}` is not installed") from None
        with self._lock:
            self._processes.add(child)
        try:
            out, err = child.communicate(stdin, timeout=timeout)
            code = child.returncode
        except subprocess.TimeoutExpired:
            _kill(child)
            out, err = child.communicate()
            err += f"\npanther: timed out after {timeout:g} s"
            code = 124
        finally:
            with self._lock:
                self._processes.discard(child)
        return Result(tuple(argv), code, out, err, time.monotonic() - start)

    def interrupt(self) -> None:
        """Stop every program still running (Ctrl-C): they are in sessions of their own."""
        with self._lock:
            running = list(self._processes)
        for child in running:
            _kill(child)

    def learned_key(self, target: Target) -> str | None:
        """The key ssh accepted on first contact with an unpinned host (accept-new)."""
        for line in self.learned_hosts.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == target.known_hosts_name:
                return f"{parts[1]} {parts[2]}"
        return None

    def close(self) -> None:
        for target in self.targets.values():
            if target.host_key is None and not self.accept_new:
                continue
            subprocess.run(
                ["ssh", *self.options(target), "-O", "exit", target.host],
                capture_output=True,
                timeout=10,
                check=False,
            )
        for path in sorted(self.dir.iterdir(), reverse=True):
            path.unlink(missing_ok=True)
        self.dir.rmdir()


def _kill(child: subprocess.Popen[str]) -> None:
    try:
        os.killpg(child.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
