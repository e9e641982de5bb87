"""The one process runner: every external program goes through `run`.

It applies a timeout, captures output, and turns "not installed" and "timed out" into the
project's own errors so callers never see a raw OSError.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pantheros.errors import ToolFailed, ToolMissing

# How to get each program we call, for the "not installed" message.
INSTALL_HINTS: Mapping[str, str] = {
    "nix-instantiate": "install Nix (Debian/Ubuntu: apt-get install nix-bin)",
    "nix": "install Nix (Debian/Ubuntu: apt-get install nix-bin)",
    "ssh": "install OpenSSH (apt-get install openssh-client)",
    "btrfs": "install btrfs-progs (apt-get install btrfs-progs)",
    "sgdisk": "install gdisk (apt-get install gdisk)",
    "nixos-facter": "run it from nixpkgs: nix run nixpkgs#nixos-facter -- -o facter.json",
    "op": "install the 1Password CLI (developer.1password.com/docs/cli), or pass --token-file",
    "ssh-keygen": "install OpenSSH (apt-get install openssh-client)",
}


@dataclass(frozen=True)
class Completed:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def check(self, step: str) -> Completed:
        """Raise ToolFailed naming the step unless the program succeeded."""
        if not self.ok:
            detail = self.stderr.strip().splitlines()[-1] if self.stderr.strip() else ""
            raise ToolFailed(
                f"{step} failed: `{' '.join(self.argv)}` exited {self.returncode}"
                + (f": {detail}" if detail else ""),
            )
        return self


def which(program: str) -> str | None:
    return shutil.which(program)


def require(program: str) -> str:
    path = which(program)
    if path is None:
        raise ToolMissing(
            f"`{program}` is not installed", fix=INSTALL_HINTS.get(program, "install it")
        )
    return path


def run(
    argv: Sequence[str],
    *,
    timeout: float = 60.0,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    input_text: str | None = None,
    memory_bytes: int | None = None,
) -> Completed:
    """Run a program to completion and capture its output; never uses a shell.

    `memory_bytes` caps the program's address space (for programs that run what someone
    else wrote, such as a Nix evaluation of an untrusted file).
    """
    args = tuple(str(a) for a in argv)
    require(args[0])
    try:
        done = subprocess.run(
            args,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            input=input_text,
            preexec_fn=None if memory_bytes is None else _cap_memory(memory_bytes),
            capture_output=True,
            text=True,
            # Programs print what they like (Nix echoes file contents): never fail on it.
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolFailed(f"`{' '.join(args)}` did not finish within {timeout:g} s") from exc
    return Completed(args, done.returncode, done.stdout, done.stderr)


def _cap_memory(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def stream(
    argv: Sequence[str],
    *,
    on_line: Callable[[str], None],
    log: Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run a long program, its stdout and stderr merged, each line to `log` and `on_line`.

    For programs that report progress as they go (nixos-anywhere): nothing is kept in memory,
    the log has every line, and Ctrl-C reaches the program (same process group) before it
    reaches us. Returns the exit status.
    """
    args = tuple(str(a) for a in argv)
    require(args[0])
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as sink:
        child = subprocess.Popen(
            args,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert child.stdout is not None
        try:
            for line in child.stdout:
                sink.write(line)
                sink.flush()
                on_line(line.rstrip("\n"))
            return child.wait()
        except BaseException:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            raise
