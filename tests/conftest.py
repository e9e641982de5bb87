"""Shared test fixtures: paths to the repository, the example fleet and real facter reports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Real hardware reports of the machines PantherOS was made for live beside the repository.
SHARED = Path(os.environ.get("PANTHER_SHARED", REPO.parent / "shared"))
FACTER_DIR = SHARED / "fixtures" / "facter"

# Checkouts for the optional tiers (README, "Tests"): an environment variable wins, else a
# checkout under .tier/ in the repository.
TIER_CHECKOUTS = {
    "PANTHER_NIXPKGS_LIB": "nixpkgs.lib",
    "PANTHER_DISKO_SRC": "disko",
    "PANTHER_OPNIX_SRC": "opnix",
    "PANTHER_NIXOS_HARDWARE_SRC": "nixos-hardware",
    "PANTHER_HOME_MANAGER_SRC": "home-manager",
    "PANTHER_NIRI_SRC": "niri-flake",
    "PANTHER_DANK_MATERIAL_SHELL_SRC": "dank-material-shell",
    "PANTHER_NIXVIM_SRC": "nixvim",
}
for _variable, _folder in TIER_CHECKOUTS.items():
    if not os.environ.get(_variable) and (REPO / ".tier" / _folder).is_dir():
        os.environ[_variable] = str(REPO / ".tier" / _folder)
REAL_REPORTS = ("zephyrus", "yoga", "hetzner-vps", "contabo-vps")


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def facter_dir() -> Path:
    if not FACTER_DIR.is_dir():
        pytest.fail(f"real facter reports not found at {FACTER_DIR} (set PANTHER_SHARED)")
    return FACTER_DIR


def real_report(name: str) -> Path:
    return FACTER_DIR / f"{name}.json"


EXAMPLE = REPO / "examples" / "fleet"

# The fleet the framework's tests work on: made the way a user makes theirs (panther init, then
# host add with the four real reports and a made-up desktop), so no test depends on the hosts
# of the example. Host name -> (report, extra host add arguments).
GENERATED_HOSTS = {
    "laptop-a": ("zephyrus", ()),
    "laptop-b": ("yoga", ()),
    "server-a": ("hetzner-vps", ("--workloads", "containers,postgresql")),
    "server-b": ("contabo-vps", ()),
    "desk": ("hdd-desktop", ("--class", "workstation")),
}
GENERATED_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 sam@test"
)
# What the user then writes by hand for server-b (host add never touches these keys).
GENERATED_EXTRA = """
[hosts.server-b.deploy]
host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJs9ZkBmvZjONxWWM4UM82duOoGmUDr5aNfFd8w8j9po"
"""


def _report_path(name: str) -> Path:
    own = REPO / "tests" / "fixtures" / "facter" / f"{name}.json"
    return own if own.is_file() else FACTER_DIR / f"{name}.json"


@pytest.fixture(scope="session")
def generated_fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fleet made with panther init and host add (read-only: copy it to change it)."""
    root = tmp_path_factory.mktemp("generated") / "fleet"

    def panther(*args: str) -> None:
        done = run_panther(*args, cwd=root)
        assert done.returncode == 0, done.stdout + done.stderr

    root.mkdir()
    panther("init", ".", "--name", "generated", "--user", "sam", "--ssh-key", GENERATED_KEY,
            "--tailnet", "generated.ts.net")  # fmt: skip
    for host, (report, extra) in GENERATED_HOSTS.items():
        panther("host", "add", host, "--report", str(_report_path(report)), *extra)
    text = (root / "fleet.toml").read_text()
    text = text.replace(
        "[hosts.server-b]\n", '[hosts.server-b]\ntags = ["contabo"]\nboot_mode = "bios"\n', 1
    )
    (root / "fleet.toml").write_text(text + GENERATED_EXTRA)
    return root


@pytest.fixture
def fleet_copy(generated_fleet: Path, tmp_path: Path) -> Path:
    """A writable copy of the generated fleet."""
    dest = tmp_path / "fleet"
    shutil.copytree(generated_fleet, dest, symlinks=True)
    return dest


is_root = os.geteuid() == 0
needs_root = pytest.mark.skipif(not is_root, reason="needs root (loop devices, mounts)")


def run_panther(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `panther` command (as users do) and capture its output."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("PANTHER_FLEET", None) if env is None or "PANTHER_FLEET" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "pantheros", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tree_digest(root: Path) -> dict[str, bytes]:
    """Every file under root with its content: to prove an error path wrote nothing."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


EMPTY_FLEET = """\
[fleet]
name = "scratch"
stages = ["staging", "production"]

[users.alex]
ssh_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 a@b"]
"""


@pytest.fixture
def empty_fleet(tmp_path: Path) -> Path:
    """A fleet in tmp_path with a user and no hosts: add hosts with `host_add`."""
    root = tmp_path / "fleet"
    root.mkdir()
    (root / "fleet.toml").write_text(EMPTY_FLEET)
    return root


def host_add(fleet: Path, name: str, report: Path, *args: str) -> None:
    """`panther host add NAME --report REPORT` into `fleet`; fails the test if it fails."""
    done = run_panther(
        "host", "add", name, "--report", str(report), *args, "--fleet", str(fleet / "fleet.toml")
    )
    assert done.returncode == 0, done.stderr
