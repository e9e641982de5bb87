"""Find and load `fleet.toml` into a checked `Fleet`; every failure is an InputError."""

from __future__ import annotations

import difflib
import re
import stat
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pantheros.errors import InputError, Problem
from pantheros.fleet.locate import ENV_VAR, FLEET_FILE, Source, example_fleet_path, locate
from pantheros.fleet.model import (
    CacheSettings,
    DeployTarget,
    Fleet,
    FleetFile,
    FleetSettings,
    Health,
    Host,
    Probe,
    User,
)
from pantheros.fleet.tomlpos import line_of

__all__ = ["ENV_VAR", "FLEET_FILE", "Source", "example_fleet_path", "load", "load_file", "locate"]


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


# A personal fleet's inventory is a few kilobytes; these bound what a hostile or broken file
# can cost (tomllib's time grows with the square of a dotted key's depth).
MAX_BYTES = 1 << 20
MAX_KEY_DEPTH = 16
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def load_file(path: Path, *, source: Source = "explicit") -> Fleet:
    raw = _read_bounded(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", location=str(path), fix="save it as UTF-8"
        ) from exc
    document = parse_text(text, str(path))
    # absolute, not resolved: when fleet.toml is a symbolic link, the fleet (hosts/, the
    # lock, the journal) is the folder the link is in, and writes go through the link.
    return Fleet(path=path.absolute(), source=source, document=document, content=raw)


def _read_bounded(path: Path) -> bytes:
    """The file's bytes: a regular file of at most MAX_BYTES (a FIFO would block for ever)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "not a regular file", location=str(path), fix="point at the fleet.toml file itself"
            )
        if info.st_size > MAX_BYTES:
            raise InputError(
                f"{info.st_size} bytes, more than an inventory can need ({MAX_BYTES} at most)",
                location=str(path),
                fix="is this the right file? fleet.toml holds hosts and users, not data",
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=str(path)) from exc
    if len(raw) > MAX_BYTES:
        raise InputError(f"more than {MAX_BYTES} bytes", location=str(path))
    return raw


def _check_key_depth(text: str, filename: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        key = _QUOTED.sub('""', line.split("=", 1)[0] if "=" in line else line)
        if key.count(".") > MAX_KEY_DEPTH:
            raise InputError(
                f"a key nested {key.count('.') + 1} levels deep (at most {MAX_KEY_DEPTH + 1})",
                location=f"{filename}:{number}",
                fix="fleet.toml keys are a few levels deep, like hosts.web1.deploy.host_key",
            )


def parse_text(text: str, filename: str = FLEET_FILE) -> FleetFile:
    """Parse and check inventory text; raises InputError with file, line and fix."""
    if len(text) > MAX_BYTES:
        raise InputError(f"more than {MAX_BYTES} characters", location=filename)
    _check_key_depth(text, filename)
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
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        long_number = re.search(r"[0-9_]{4000,}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise InputError(
            "a number is far too long to mean anything here"
            if long_number
            else f"cannot read the TOML: {exc}",
            location=f"{filename}:{line}" if line else filename,
            fix="no setting of fleet.toml takes a number of more than a few digits",
        ) from None


def _where(filename: str, text: str, loc: Sequence[str | int]) -> str:
    dotted = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
    dotted = dotted.replace(".[", "[")
    line = line_of(text, loc)
    return f"{filename}:{line}: {dotted}" if line else f"{filename}: {dotted}"


def _schema_error(exc: ValidationError, text: str, filename: str) -> InputError:
    """Every schema problem of the document, each with its line, in our own words."""
    problems = [_problem(error, text, filename) for error in exc.errors()]
    return InputError.of(problems)


# pydantic error type -> what we say, for the types our models produce.
_PLAIN = {
    "string_type": "must be a string (in quotes)",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list ([...])",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
}


def _problem(error: Any, text: str, filename: str) -> Problem:
    loc = [p for p in error["loc"] if p != "[key]"]
    kind = error["type"]
    got = error.get("input")
    where = _where(filename, text, loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        fix = (
            f"did you mean {close[0]!r}?"
            if close
            else f"remove it; allowed here: {', '.join(allowed) or 'nothing'}"
        )
        return Problem(f"unknown key {key!r}", where, fix + " (see docs/fleet-toml.md)")
    if kind == "missing":
        return Problem("required key is missing", where, "add it (see docs/fleet-toml.md)")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Problem(f"{_show(got)} is not allowed", where, f"expected one of {expected}")
    if kind == "string_pattern_mismatch" and {"ssh_keys", "host_key"} & set(map(str, loc)):
        return Problem(
            "not an SSH public key", where, "expected one line such as 'ssh-ed25519 AAAA… comment'"
        )
    if kind == "string_pattern_mismatch" and "[key]" in error["loc"]:
        return Problem(
            f"{_show(got)} is not a valid name",
            where,
            "use lower-case letters, digits and '-', starting with a letter",
        )
    if kind == "string_pattern_mismatch" and "url" in map(str, loc):
        return Problem(f"{_show(got)} is not an http(s) URL", where, 'write url = "http://…"')
    if kind == "string_pattern_mismatch" and "public_key" in map(str, loc):
        return Problem(
            f"{_show(got)} is not a Nix signing key",
            where,
            "paste 'name:base64' as `attic cache info <cache>` prints it",
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        return Problem(f"{_show(got)} is out of range", where, "a port is 1 to 65535")
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        return Problem(reason, where, "see docs/fleet-toml.md")
    message = _PLAIN.get(kind, "has the wrong type or value")
    return Problem(f"{message} (got {_show(got)})", where, "see docs/fleet-toml.md")


def _allowed_keys(table: Sequence[str | int]) -> list[str]:
    """The keys a table of fleet.toml may hold, by where it is."""
    path = [str(p) for p in table]
    models: dict[tuple[str, ...], type[BaseModel]] = {
        (): FleetFile,
        ("fleet",): FleetSettings,
        ("fleet", "cache"): CacheSettings,
        ("users", "*"): User,
        ("hosts", "*"): Host,
        ("hosts", "*", "deploy"): DeployTarget,
        ("hosts", "*", "health"): Health,
        ("hosts", "*", "health", "probes", "*"): Probe,
    }
    named = path[:1] in (["users"], ["hosts"])
    shape = tuple("*" if (i == 1 and named) or p.isdigit() else p for i, p in enumerate(path))
    model = models.get(shape)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _cross_check(doc: FleetFile, text: str, filename: str) -> None:
    """What the schema alone cannot see: stages and users that hosts refer to."""
    problems: list[Problem] = []
    stages = doc.fleet.stages
    for twice in sorted({s for s in stages if stages.count(s) > 1}):
        problems.append(
            Problem(
                f"stage {twice!r} is listed twice",
                _where(filename, text, ["fleet", "stages"]),
                "each stage is one deploy wave: list it once",
            )
        )
    for name, host in doc.hosts.items():
        if host.stage not in stages:
            close = difflib.get_close_matches(host.stage, stages, n=1)
            problems.append(
                Problem(
                    f"unknown stage {host.stage!r}",
                    _where(filename, text, ["hosts", name, "stage"]),
                    f"did you mean {close[0]!r}?"
                    if close
                    else f"expected one of {', '.join(stages)} (from fleet.stages)",
                )
            )
        if host.user not in doc.users:
            known = ", ".join(doc.users) or "none defined"
            problems.append(
                Problem(
                    f"unknown user {host.user!r}",
                    _where(filename, text, ["hosts", name, "user"]),
                    f"add [users.{host.user}] with ssh_keys, or use one of: {known}",
                )
            )
    if problems:
        raise InputError.of(problems)
