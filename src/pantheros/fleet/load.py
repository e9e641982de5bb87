"""Find and load `fleet.toml` into a checked `Fleet`; every failure is an InputError."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from pantheros.errors import InputError
from pantheros.fleet.model import Fleet, FleetFile
from pantheros.fleet.tomlpos import line_of

FLEET_FILE = "fleet.toml"
ENV_VAR = "PANTHER_FLEET"

Source = Literal["explicit", "env", "search", "example"]


def example_fleet_path() -> Path:
    """The example fleet: shipped inside the wheel, or examples/fleet in a checkout."""
    here = Path(__file__).resolve().parent.parent
    bundled = here / "_example" / FLEET_FILE
    if bundled.is_file():
        return bundled
    return here.parent.parent / "examples" / "fleet" / FLEET_FILE


def locate(
    explicit: Path | None = None,
    *,
    start: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Path, Source]:
    """Where the fleet is: --fleet, then $PANTHER_FLEET, then upward search, then the example."""
    env = os.environ if environ is None else environ
    for given, source in ((explicit, "explicit"), (env.get(ENV_VAR) or None, "env")):
        if given is None:
            continue
        path = Path(given)
        candidate = path / FLEET_FILE if path.is_dir() else path
        if not candidate.is_file():
            flag = "--fleet" if source == "explicit" else f"${ENV_VAR}"
            raise InputError(
                f"no fleet file at {candidate}",
                location=flag,
                fix="pass a fleet.toml or the folder that holds one",
            )
        return candidate, source  # type: ignore[return-value]
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / FLEET_FILE
        if candidate.is_file():
            return candidate, "search"
    return example_fleet_path(), "example"


def load(
    explicit: Path | None = None,
    *,
    start: Path | None = None,
    environ: Mapping[str, str] | None = None,
    announce: bool = True,
) -> Fleet:
    path, source = locate(explicit, start=start, environ=environ)
    if source == "example" and announce:
        print(
            f"panther: no {FLEET_FILE} here or above; using the bundled example fleet ({path})",
            file=sys.stderr,
        )
    return load_file(path, source=source)


def load_file(path: Path, *, source: Source = "explicit") -> Fleet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", location=str(path), fix="save it as UTF-8"
        ) from exc
    document = parse_text(text, str(path))
    return Fleet(path=path.resolve(), source=source, document=document)


def parse_text(text: str, filename: str = FLEET_FILE) -> FleetFile:
    """Parse and check inventory text; raises InputError with file, line and fix."""
    data = _parse_toml(text, filename)
    try:
        document = FleetFile.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(exc, text, filename) from None
    _cross_check(document, text, filename)
    return document


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_DECLARED_TWICE = re.compile(r"Cannot (?:declare|overwrite) \('hosts', '([^']+)'\)")


def _parse_toml(text: str, filename: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = position.group(1) if position and position.group(1) else None
        detail = _TOML_POSITION.sub("", message).strip()
        twice = _DECLARED_TWICE.search(message)
        if twice:
            raise InputError(
                f"host '{twice.group(1)}' is declared twice",
                location=f"{filename}:{line}" if line else filename,
                fix="host names must be unique: rename or merge one of them",
            ) from None
        raise InputError(
            f"TOML syntax error: {detail}",
            location=f"{filename}:{line}" if line else filename,
            fix="fix the syntax (see https://toml.io)",
        ) from None
    except RecursionError:
        raise InputError(
            "TOML nesting is too deep", location=filename, fix="flatten the nested arrays"
        ) from None


def _where(filename: str, text: str, loc: Sequence[str | int]) -> str:
    dotted = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
    dotted = dotted.replace(".[", "[")
    line = line_of(text, loc)
    return f"{filename}:{line}: {dotted}" if line else f"{filename}: {dotted}"


def _schema_error(exc: ValidationError, text: str, filename: str) -> InputError:
    error = exc.errors()[0]
    loc = [p for p in error["loc"] if p != "[key]"]
    kind = error["type"]
    got = error.get("input")
    if kind == "extra_forbidden":
        message = "unknown key"
        fix = "remove it or check its spelling (see docs/fleet-toml.md)"
    elif kind == "missing":
        message = "required key is missing"
        fix = "add it (see docs/fleet-toml.md)"
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"{_show(got)} is not allowed"
        fix = f"expected one of {expected}"
    elif kind == "string_pattern_mismatch" and {"ssh_keys", "host_key"} & set(map(str, loc)):
        message = "not an SSH public key"
        fix = "expected one line such as 'ssh-ed25519 AAAA… comment'"
    elif kind == "string_pattern_mismatch" and "[key]" in error["loc"]:
        message = f"{_show(got)} is not a valid name"
        fix = "use lower-case letters, digits and '-', starting with a letter"
    else:
        message = f"{error['msg']} (got {_show(got)})"
        fix = "see docs/fleet-toml.md"
    if len(exc.errors()) > 1:
        fix += f" ({len(exc.errors()) - 1} more problem(s) after this one)"
    return InputError(message, location=_where(filename, text, loc), fix=fix)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _cross_check(doc: FleetFile, text: str, filename: str) -> None:
    stages = doc.fleet.stages
    if len(set(stages)) != len(stages):
        twice = sorted({s for s in stages if stages.count(s) > 1})
        raise InputError(
            f"stage {twice[0]!r} is listed twice",
            location=_where(filename, text, ["fleet", "stages"]),
            fix="each stage is one deploy wave: list it once",
        )
    for name, host in doc.hosts.items():
        if host.stage not in stages:
            raise InputError(
                f"unknown stage {host.stage!r}",
                location=_where(filename, text, ["hosts", name, "stage"]),
                fix=f"expected one of {', '.join(stages)} (from fleet.stages)",
            )
        if host.user not in doc.users:
            known = ", ".join(doc.users) or "none defined"
            raise InputError(
                f"unknown user {host.user!r}",
                location=_where(filename, text, ["hosts", name, "user"]),
                fix=f"add [users.{host.user}] or use one of: {known}",
            )
