"""The fleet's git repository, as far as Nix cares: a flake in a git work tree sees only the
files git tracks, so a host added but never `git add`-ed does not exist for `nix build`,
nixos-anywhere or a deploy (Nix says "path … does not exist", far from the cause)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pantheros import proc
from pantheros.errors import InputError

# What the fleet's flake reads: its inputs, the inventory and every host's and profile's files.
_FLAKE_FILES = ("flake.nix", "flake.lock", "fleet.toml")
_FLAKE_SUFFIXES = (".nix", ".json", ".toml")


def work_tree(root: Path) -> Path | None:
    """The top of the git work tree holding `root`, or None (no git, or not in a repository)."""
    if proc.which("git") is None:
        return None
    done = proc.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], timeout=30)
    return Path(done.stdout.strip()) if done.ok and done.stdout.strip() else None


def untracked_flake_files(root: Path) -> list[str]:
    """Files under `root` the fleet's flake reads but git neither tracks nor ignores, relative
    to `root`; empty outside a git work tree."""
    if work_tree(root) is None:
        return []
    done = proc.run(
        ["git", "-C", str(root), "ls-files", "-z", "--others", "--exclude-standard", "--", "."],
        timeout=30,
    )
    if not done.ok:
        return []
    return sorted(
        name for name in done.stdout.split("\0") if name and _read_by_flake(PurePosixPath(name))
    )


def _read_by_flake(path: PurePosixPath) -> bool:
    if str(path) in _FLAKE_FILES:
        return True
    return path.suffix in _FLAKE_SUFFIXES and path.parts[0] != ".panther"


def stage(root: Path, paths: Iterable[Path]) -> list[str]:
    """`git add` the given files, relative to `root` (so the flake sees them); the ones
    staged. Nothing happens outside a git work tree or without git."""
    names = [str(p) for p in paths]
    if not names or work_tree(root) is None:
        return []
    done = proc.run(["git", "-C", str(root), "add", "--", *names], timeout=30)
    return names if done.ok else []


def check_tracked(root: Path, *, step: str) -> None:
    """Refuse `step` (a deploy's eval, an install) while the flake cannot see some of the
    fleet's files: Nix would fail later with a path that "does not exist"."""
    untracked = untracked_flake_files(root)
    if untracked:
        raise InputError(
            f"{step}: {len(untracked)} file(s) of the fleet are not tracked by git, so its "
            f"flake does not see them: {shown(untracked)}",
            location=str(root),
            fix=f"git add {shown(untracked)} (a flake in a git repository is read from git)",
        )


def shown(names: list[str], most: int = 8) -> str:
    """File names for a message: the first `most`, then how many more."""
    more = len(names) - most
    return " ".join(names[:most]) + (f" (and {more} more)" if more > 0 else "")
