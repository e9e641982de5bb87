"""Calls to `nix-instantiate`: parse checks and builtins-only evaluation."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pantheros import proc
from pantheros.errors import InputError, ToolFailed

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


# What an untrusted evaluation may use. A disko config is a page of data: these are generous.
UNTRUSTED_SECONDS = 30.0
UNTRUSTED_MEMORY = 1 << 30


def eval_untrusted_json(
    expression: str,
    *,
    subject: Path,
    allowed: Path,
    timeout: float = UNTRUSTED_SECONDS,
    memory_bytes: int = UNTRUSTED_MEMORY,
) -> object:
    """Evaluate an expression over a file someone else wrote (`subject`), sandboxed.

    Restricted evaluation: only files under `allowed` can be read or imported, no URI can be
    fetched, import-from-derivation is off and the store is read-only (nothing is built or
    written); the environment is empty, so `builtins.getEnv` sees nothing; time and memory are
    capped. Errors name `subject`, never the wrapper expression.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="panther-eval-") as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "NIX_PATH": ""}
        try:
            argv = [NIX_INSTANTIATE, "--eval", "--strict", "--json", "--readonly-mode"]
            argv += ["--option", "restrict-eval", "true", "--option", "allowed-uris", ""]
            argv += ["--option", "allow-import-from-derivation", "false"]
            argv += ["-I", str(allowed), "--expr", expression]
            done = proc.run(
                argv,
                env=env,
                timeout=timeout,
                memory_bytes=memory_bytes,
            )
        except ToolFailed:
            raise InputError(
                f"evaluating it took longer than {timeout:g} s",
                location=str(subject),
                fix="a disko config is a page of data: look for a loop or a recursion "
                f"(`nix-instantiate --eval --strict {subject}` shows where)",
            ) from None
    if done.ok:
        return json.loads(done.stdout)
    first = _first_error_line(done.stderr)
    if "out of memory" in done.stderr.lower():
        raise InputError(
            f"evaluating it needed more than {memory_bytes >> 20} MiB of memory",
            location=str(subject),
            fix="a disko config is a page of data: look for a list or a string built without end",
        )
    if "forbidden in restricted mode" in first:
        raise InputError(
            f"it reaches outside its folder: {first}",
            location=_location_text(done.stderr) or str(subject),
            fix=f"a storage layout may read and import files under {allowed} only, and fetch "
            "nothing",
        )
    raise InputError(
        f"Nix evaluation failed: {first}",
        location=_location_text(done.stderr) or str(subject),
    )


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
