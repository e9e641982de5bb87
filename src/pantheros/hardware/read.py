"""Read a nixos-facter report file into a `FacterReport`; every failure is an InputError.

Errors name the file and the JSON path of the offending value (`hardware.disk[1].resources`),
so a broken or hand-edited report can be fixed without reading a traceback.
"""

from __future__ import annotations

import json
import re
import stat
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pantheros.errors import InputError
from pantheros.hardware.report import SUPPORTED_VERSIONS, FacterReport

_REGENERATE = "regenerate it on the machine: nixos-facter -o facter.json (or panther hw detect)"
_PASS_A_REPORT = (
    "pass a facter.json written by nixos-facter (on the machine: panther hw detect -o facter.json)"
)


class NotAReport(InputError):
    """The file is something else (the inventory, a Nix file, empty, a folder), not a report
    that is broken: the fix is to pass another file, not to regenerate this one."""


# Real reports are tens to a few hundred kilobytes; the cap keeps /dev/zero-like files from
# filling memory and is far above any machine's report.
MAX_REPORT_BYTES = 16 << 20


def read_report(path: Path) -> FacterReport:
    return parse_report(report_bytes(path), str(path))


def report_bytes(path: Path) -> bytes:
    """The file's bytes, if it can be a report: a regular file of sane size."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            inside = path / "facter.json"
            raise NotAReport(
                f"{path} is a folder, not a hardware report",
                location=str(path),
                fix=f"pass {inside}" if inside.is_file() else _PASS_A_REPORT,
            )
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or a device would be read for ever (or until memory runs out).
            raise NotAReport(
                f"{_name(str(path))} is not a regular file (a pipe or a device), not a report",
                location=str(path),
                fix=_PASS_A_REPORT,
            )
        if info.st_size > MAX_REPORT_BYTES:
            raise NotAReport(
                f"{info.st_size} bytes: far larger than any hardware report "
                f"({MAX_REPORT_BYTES >> 20} MiB at most; real ones are under 1 MiB)",
                location=str(path),
                fix=_PASS_A_REPORT,
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"cannot read the report: {exc.strerror or exc}",
            location=str(path),
            fix="pass the path of a facter.json written by nixos-facter",
        ) from None
    return raw


def parse_report(raw: bytes | str, source: str) -> FacterReport:
    """Parse report bytes (or text) from `source` (a file name, used in messages)."""
    data = _load_json(raw, source)
    _check_envelope(data, source)
    try:
        return FacterReport.model_validate(data)
    except ValidationError as exc:
        raise _shape_error(exc, data, source) from None


def _load_json(raw: bytes | str, source: str) -> Any:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", location=source, fix=_REGENERATE
        ) from None
    if not text.strip():
        raise NotAReport(
            f"{_name(source)} is empty, not a hardware report (an interrupted nixos-facter run "
            "or copy?)",
            location=source,
            fix=_PASS_A_REPORT,
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        other = _other_kind(text, source)
        if other is not None:
            raise NotAReport(other, location=source, fix=_PASS_A_REPORT) from None
        # A report always ends with its closing brace: anything else was cut short.
        truncated = not text.rstrip().endswith("}")
        what = "the JSON ends early (truncated file?)" if truncated else "invalid JSON"
        raise InputError(
            f"{what}: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            location=f"{source}:{exc.lineno}",
            fix=_REGENERATE,
        ) from None
    except RecursionError:
        raise InputError(
            "the JSON is nested too deeply", location=source, fix=_REGENERATE
        ) from None


def _name(source: str) -> str:
    return Path(source).name or source


_JSON_START = re.compile(r"^\s*(\{\s*(\"|\}|$)|\[\s*([\[{\"\d\]-]|$))")
_NIX_HINTS = re.compile(r"^\s*(let|in|with|inherit)\b|^\s*[\w.\"-]+\s*=.*;\s*$|\}:\s*$", re.M)


def _other_kind(text: str, source: str) -> str | None:
    """What a file that is not JSON at all is, as a message; None when it looks like (broken)
    JSON.

    A report starts with `{` and a key in double quotes: text that does too is a damaged
    report (truncated, edited), and the JSON error says where.
    """
    if _JSON_START.match(text):
        return None
    try:
        toml = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        toml = None
    name = _name(source)
    if toml and ("fleet" in toml or "hosts" in toml):
        kind = "the fleet inventory (TOML)"
    elif toml:
        kind = "a TOML file"
    elif "disko.devices" in text or (re.search(r"\bdisko\b", text) and "=" in text):
        kind = "a disko configuration (Nix)"
    elif source.endswith(".nix") or _NIX_HINTS.search(text):
        kind = "a Nix file"
    elif text.lstrip().startswith("<"):
        kind = "an HTML or XML page (a web page saved instead of the raw file?)"
    else:
        start = " ".join(text.strip().split())[:20]
        return f"{name} is not JSON (it starts with {start!r}), so not a hardware report"
    return f"{name} is {kind}, not a hardware report"


def _check_envelope(data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise InputError(
            f"expected a JSON object at the top level, got {_json_type(data)}",
            location=source,
            fix=_REGENERATE,
        )
    if "version" not in data:
        raise InputError(
            "no `version` key: this is not a nixos-facter report",
            location=f"{source}: version",
            fix=_REGENERATE,
        )
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(
            f"`version` must be an integer, got {_json_type(version)}",
            location=f"{source}: version",
            fix=_REGENERATE,
        )
    if isinstance(data.get("smbios"), list):
        raise InputError(
            "`smbios` is a flat list: a pre-release nixos-facter layout (before 2024-08-19)",
            location=f"{source}: smbios",
            fix="regenerate the report with nixos-facter 0.1.0 or newer",
        )
    if version not in SUPPORTED_VERSIONS:
        raise InputError(
            f"report version {version} is not supported (this panther reads versions "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))})",
            location=f"{source}: version",
            fix="use a nixos-facter release that writes version 1, or upgrade panther",
        )


def _shape_error(exc: ValidationError, data: Any, source: str) -> InputError:
    errors = exc.errors()
    first_path = _json_path(data, errors[0]["loc"], errors[0]["type"])
    # A value that fits none of a union's shapes produces one error per shape: merge them.
    same = [e for e in errors if _json_path(data, e["loc"], e["type"]) == first_path]
    value = _value_at(data, errors[0]["loc"])
    if errors[0]["type"] == "missing":
        message = "required key is missing"
    else:
        expected = " or ".join(dict.fromkeys(_expected(e["msg"]) for e in same))
        message = f"expected {expected}, got {_describe(value)}"
    others = len({_json_path(data, e["loc"], e["type"]) for e in errors}) - 1
    fix = _REGENERATE + (f" ({others} more problem(s) after this one)" if others else "")
    return InputError(message, location=f"{source}: {first_path or '(top level)'}", fix=fix)


def _json_path(data: Any, loc: Sequence[int | str], kind: str) -> str:
    """Turn a pydantic error location into a JSON path through the real data.

    Union member tags ('Id', 'str', 'function-before[…]') are not keys of the data and are
    skipped by walking the document itself.
    """
    parts: list[str] = []
    node = data
    for index, key in enumerate(loc):
        if isinstance(node, dict) and isinstance(key, str) and key in node:
            parts.append(f".{key}")
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            parts.append(f"[{key}]")
            node = node[key]
        elif kind == "missing" and index == len(loc) - 1 and isinstance(key, str):
            parts.append(f".{key}")
    return "".join(parts).lstrip(".")


def _value_at(data: Any, loc: Sequence[int | str]) -> Any:
    node = data
    for key in loc:
        in_dict = isinstance(node, dict) and isinstance(key, str) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if in_dict or in_list:
            node = node[key]
    return node


def _expected(msg: str) -> str:
    text = msg.removeprefix("Input should be ").removeprefix("String should ")
    return (
        text.replace("a valid ", "")
        .replace("dictionary or instance of Id", "an ID object {hex, name, value}")
        .replace("dictionary or instance of", "an object")
    )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _describe(value: Any) -> str:
    kind = _json_type(value)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = json.dumps(value)
        return f"{kind} {shown if len(shown) <= 40 else shown[:37] + '...'}"
    return kind
