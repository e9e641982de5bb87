"""What a fleet's folder should not hold, or should hold differently: secrets git would commit,
and a flake.nix whose nixConfig no longer says what fleet.toml says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pantheros import proc
from pantheros.findings import Finding
from pantheros.fleet.model import Fleet

_SKIP = {".git", ".venv", "venv", "node_modules", "result", ".direnv", "__pycache__"}
# The files docs/install-host.md stages for a new machine: its private host key, the
# 1Password token, the password hash.
_SECRET_NAMES = re.compile(r"^(opnix-token|primaryPasswordHash|ssh_host_[a-z0-9]+_key)$")
_LIMIT = 20_000  # files looked at, so a huge folder cannot make validate crawl


def _candidates(root: Path) -> list[Path]:
    found: list[Path] = []
    seen = 0
    stack = [root]
    while stack and seen < _LIMIT:
        folder = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if entry.is_symlink():
                continue
            if entry.is_dir():
                if entry.name in _SKIP:
                    continue
                if entry.name == "extra" and folder == root:
                    found.append(entry)
                stack.append(entry)
            elif _SECRET_NAMES.match(entry.name):
                found.append(entry)
    return found


def _ignored_by_git(root: Path, paths: list[Path]) -> set[Path] | None:
    """The paths git ignores; None when the fleet is not in a git repository (or no git)."""
    if proc.which("git") is None:
        return None
    inside = proc.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"], timeout=30)
    if not inside.ok:
        return None
    done = proc.run(
        ["git", "-C", str(root), "check-ignore", "--stdin"],
        input_text="".join(f"{p}\n" for p in paths),
        timeout=30,
    )
    return {Path(line) for line in done.stdout.splitlines() if line}


def secret_findings(root: Path) -> Iterator[Finding]:
    candidates = _candidates(root)
    if not candidates:
        return
    ignored = _ignored_by_git(root, candidates)
    for path in candidates:
        if ignored is not None and path in ignored:
            continue
        relative = path.relative_to(root).as_posix() + ("/" if path.is_dir() else "")
        yield Finding(
            severity="warning",
            code="secret-not-ignored",
            location=relative,
            message="holds secrets for installing a machine (host key, 1Password token, "
            "password hash), and git would commit it"
            if ignored is not None
            else "holds secrets for installing a machine; keep it out of any repository",
            fix="delete it once the machine is installed, and keep `extra/`, `opnix-token` "
            "and `*.key` in .gitignore (panther init writes them there)",
        )


def flake_findings(fleet: Fleet) -> Iterator[Finding]:
    """flake.nix's nixConfig against [fleet.cache], when flake.nix has the block."""
    from pantheros.fleet.init import nix_config_block, render_nix_config

    path = fleet.root / "flake.nix"
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return
    block = nix_config_block(text)
    if block is None:
        return
    if block != render_nix_config(fleet.document.fleet.cache):
        yield Finding(
            severity="warning",
            code="flake-nix-config",
            location="flake.nix: nixConfig",
            message="does not match [fleet.cache] in fleet.toml: `nix build` and `nixos-rebuild` "
            "on your machine would use the wrong binary cache (or none)",
            fix="run `panther init --refresh` to rewrite it from fleet.toml",
        )


def leftover_findings(fleet: Fleet) -> Iterator[Finding]:
    """What an interrupted write left, and host folders fleet.toml does not know."""
    from pantheros.files import JOURNAL, pending

    root = fleet.root
    for path in pending(root):
        relative = path.relative_to(root).as_posix()
        finished = path.name == JOURNAL
        yield Finding(
            severity="warning",
            code="interrupted-write",
            location=relative,
            message="an interrupted write left this: "
            + (
                "its journal says which files still have to move"
                if finished
                else "a temporary file"
            ),
            fix="the next command that writes the fleet "
            + ("finishes it" if finished else "deletes it"),
        )
    hosts = root / "hosts"
    if not hosts.is_dir():
        return
    for folder in sorted(p for p in hosts.iterdir() if p.is_dir()):
        if folder.name in fleet.document.hosts or folder.name.startswith("."):
            continue
        yield Finding(
            severity="warning",
            code="orphan-host-folder",
            location=f"hosts/{folder.name}/",
            message="a host folder with no [hosts."
            + folder.name
            + "] in fleet.toml: the flake ignores it",
            fix=f"add it with `panther host add {folder.name} --report "
            f"hosts/{folder.name}/facter.json --force`, or delete the folder",
        )
