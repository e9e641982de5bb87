"""Calls to `nix-instantiate`: parse checks and builtins-only evaluation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pantheros import proc
from pantheros.errors import InputError

NIX_INSTANTIATE = "nix-instantiate"
_LOCATION = re.compile(r"at (?P<file>/[^:]+):(?P<line>\d+):(?P<col>\d+)")


@dataclass(frozen=True)
class ParseFailure:
    path: Path
    line: int | None
    message: str


def available() -> bool:
    return proc.which(NIX_INSTANTIATE) is not None


def _first_error_line(stderr: str) -> str:
    for raw in stderr.splitlines():
        line = raw.strip()
        if line.startswith("error:"):
            return line.removeprefix("error:").strip()
    return stderr.strip().splitlines()[0] if stderr.strip() else "unknown error"


def _error_line_number(stderr: str) -> int | None:
    match = _LOCATION.search(stderr)
    return int(match["line"]) if match else None


def parse_file(path: Path) -> ParseFailure | None:
    """Parse one file (syntax and undefined variables); None when it parses."""
    done = proc.run([NIX_INSTANTIATE, "--parse", str(path)], timeout=30)
    if done.ok:
        return None
    return ParseFailure(path, _error_line_number(done.stderr), _first_error_line(done.stderr))


def parse_files(paths: Iterable[Path], workers: int = 4) -> list[ParseFailure]:
    """Parse every file; the failures, each located.

    One nix-instantiate parses them all (starting a process per file costs far more than the
    parsing). Only when that fails are the files parsed one by one, to name every failure and
    not just the first.
    """
    files = list(paths)
    if not files:
        return []
    together = proc.run([NIX_INSTANTIATE, "--parse", *map(str, files)], timeout=60)
    if together.ok:
        return []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(parse_file, files))
    return [failure for failure in results if failure is not None]


def eval_json(
    expression: str, *, cwd: Path | None = None, args: Sequence[str] = (), timeout: float = 60
) -> object:
    """Evaluate a Nix expression strictly and return its JSON value.

    Raises InputError naming the first Nix error line when evaluation fails.
    """
    done = proc.run(
        [NIX_INSTANTIATE, "--eval", "--strict", "--json", *args, "--expr", expression],
        cwd=cwd,
        timeout=timeout,
    )
    if not done.ok:
        raise InputError(
            f"Nix evaluation failed: {_first_error_line(done.stderr)}",
            location=_location_text(done.stderr),
        )
    return json.loads(done.stdout)


def _location_text(stderr: str) -> str | None:
    match = _LOCATION.search(stderr)
    return f"{match['file']}:{match['line']}" if match else None


# --- flakes: the fleet's systems ---------------------------------------------------------------

FLAKE_FEATURES = ["--extra-experimental-features", "nix-command flakes"]


def toplevel(flake: str, host: str) -> str:
    return f"{flake}#nixosConfigurations.{host}.config.system.build.toplevel"


def eval_argv(flake: str, host: str) -> list[str]:
    """The system's store path, evaluated and not built."""
    return ["nix", *FLAKE_FEATURES, "eval", "--raw", toplevel(flake, host) + ".outPath"]


def build_argv(flake: str, host: str, build_host: str | None = None) -> list[str]:
    """Build the system; with a build host, through Nix's own remote building."""
    remote = ["--builders", f"ssh-ng://{build_host}", "--max-jobs", "0"] if build_host else []
    return ["nix", *FLAKE_FEATURES, "build", "--no-link", "--json", *remote, toplevel(flake, host)]


def copy_argv(path: str, store_uri: str) -> list[str]:
    """Copy a closure to a host's store over SSH (NIX_SSHOPTS carries the ssh options)."""
    return ["nix", *FLAKE_FEATURES, "copy", "--no-check-sigs", "--to", store_uri, path]
