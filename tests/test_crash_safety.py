"""A write killed at any step leaves the fleet before or after the change, never between.

`panther host add` is killed with SIGKILL (strace's fault injection) at every rename, link
and fsync it makes; the next write finishes or discards what was left (files.recover). The
fleet must then be exactly as before the command, or exactly as after a run that was not
killed. Also: two writers at once lose nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pantheros.files import pending, recover

from .conftest import FACTER_DIR, tree_digest

needs_strace = pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")

ADD = ["host", "add", "newbox", "--report", str(FACTER_DIR / "hetzner-vps.json")]
SYSCALLS = ("rename", "link", "fsync")


def fleet_state(root: Path) -> dict[str, bytes]:
    """The fleet's files. Not git's: host add stages its files once they are all written (git
    keeps its own index crash-safe); a kill before that leaves them unstaged, which validate
    names and deploy refuses."""
    return {k: v for k, v in tree_digest(root).items() if not k.startswith(".git/")}


def panther(root: Path, *args: str, prefix: list[str] | None = None) -> int:
    done = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "pantheros", *args, "--fleet", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode


def count_calls(root: Path, syscall: str) -> int:
    """How often host add makes this call (in its own process, not in nix-instantiate)."""
    log = root.parent / f"{syscall}.log"
    subprocess.run(
        ["strace", "-qq", "-e", f"trace={syscall}", "-o", str(log),
         sys.executable, "-m", "pantheros", *ADD, "--fleet", str(root)],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    return sum(1 for line in log.read_text().splitlines() if line.startswith(f"{syscall}("))


@needs_strace
@pytest.mark.parametrize("syscall", SYSCALLS)
def test_killed_host_add_leaves_before_or_after(
    fleet_copy: Path, tmp_path: Path, syscall: str
) -> None:
    before = fleet_state(fleet_copy)
    finished = tmp_path / "finished" / "fleet"
    shutil.copytree(fleet_copy, finished)
    assert panther(finished, *ADD) == 0
    after = fleet_state(finished)
    # Count on a fresh copy (the finished one already has the host).
    counting = tmp_path / "counting" / "fleet"
    shutil.copytree(fleet_copy, counting)
    calls = count_calls(counting, syscall)
    assert calls > 0, syscall
    outcomes = {"before": 0, "after": 0}
    for when in range(1, calls + 1):
        root = tmp_path / f"kill-{syscall}-{when}" / "fleet"
        shutil.copytree(fleet_copy, root)
        inject = ["strace", "-qq", "-o", "/dev/null", "-e", f"trace={syscall}",
                  "-e", f"inject={syscall}:signal=KILL:when={when}"]  # fmt: skip
        code = panther(root, *ADD, prefix=inject)
        assert code != 0, f"{syscall} #{when} was not hit"
        recover(root)  # what the next write does first
        assert pending(root) == []
        state = fleet_state(root)
        assert state in (before, after), f"killed at {syscall} #{when}: neither before nor after"
        outcomes["before" if state == before else "after"] += 1
    # Every call was a kill point; the first ones come before the journal.
    assert sum(outcomes.values()) == calls


def test_two_writers_at_once_lose_nothing(fleet_copy: Path) -> None:
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pantheros",
                "host",
                "add",
                name,
                "--report",
                str(FACTER_DIR / "yoga.json"),
                "--fleet",
                str(fleet_copy),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("twin-a", "twin-b", "twin-c")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    import tomllib

    hosts = tomllib.loads((fleet_copy / "fleet.toml").read_text())["hosts"]
    assert {"twin-a", "twin-b", "twin-c"} <= set(hosts)
