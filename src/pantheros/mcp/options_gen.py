"""Make options.json, the index of every `panther.*` option, from the modules' declarations.

Run from a checkout: `python -m pantheros.mcp.options_gen --write` (a test fails while the
checked-in index differs from what the modules declare).

How: nix-instantiate imports each module of modules/nixos and modules/home/options with a
stand-in for nixpkgs' lib (declared_options.nix), which records every mkOption: its name, type
(in the NixOS manual's words), description, and where its `default` and `example` are written.
Their Nix text is then read from the file (`expression_at`), not evaluated: a default often
needs the whole system's configuration, which needs nixpkgs, which is not here. Why not the
evaluation tier (tests/nix/eval) instead: it needs checkouts a fresh machine does not have, so
the index could not be remade, nor checked, everywhere the tests run. Where the tier's nixpkgs
lib is present, a test compares every name and type with what nixpkgs' own evalModules and
optionAttrSetToDocList make of the same modules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from pantheros.mcp.options_index import INDEX, OptionDoc, OptionIndex
from pantheros.nix import cli as nix

DECLARED = Path(__file__).resolve().parent / "declared_options.nix"
MODULE_FOLDERS = ("modules/nixos", "modules/home/options")


def module_files(root: Path) -> list[Path]:
    """The modules that declare options (default.nix files only import the others)."""
    return sorted(
        path
        for folder in MODULE_FOLDERS
        for path in (root / folder).glob("*.nix")
        if path.name != "default.nix"
    )


_OPEN = {"(": ")", "[": "]", "{": "}"}


def expression_at(text: str, line: int, column: int) -> str:
    """The Nix expression bound at `name = EXPR;`, whose name starts at line:column (1-based).

    Scans past the name and `=`, then to the `;` that ends the binding: not one inside
    brackets, strings (with their `${…}`), comments, or a `let … in`.
    """
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: line - 1]) + column - 1
    equals = text.index("=", start)
    begin = equals + 1
    end = _binding_end(text, begin)
    return _tidy(text[begin:end])


def _binding_end(text: str, i: int) -> int:
    closing: list[str] = []  # expected closers, including "}" of ${
    lets = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i = _string_end(text, i + 1, closing_quote='"')
            continue
        if text.startswith("''", i):
            i = _string_end(text, i + 2, closing_quote="''")
            continue
        if c == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
            continue
        if c in _OPEN:
            closing.append(_OPEN[c])
        elif c in ")]}":
            if not closing:
                return i  # the enclosing set ends: a binding without `;` (malformed)
            closing.pop()
        elif c == ";" and not closing and lets == 0:
            return i
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_'-"):
                j += 1
            word = text[i:j]
            if word == "let":
                lets += 1
            elif word == "in" and lets:
                lets -= 1
            i = j
            continue
        i += 1
    return n


def _string_end(text: str, i: int, *, closing_quote: str) -> int:
    """The index after a string's closing quote; `${…}` inside is skipped as code."""
    n = len(text)
    while i < n:
        if closing_quote == '"':
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == '"':
                return i + 1
        else:
            # In ''…'': ''' is a quote, ''$ a dollar and ''\x an escape; '' alone closes it.
            if text.startswith("'''", i) or text.startswith("''$", i):
                i += 3
                continue
            if text.startswith("''\\", i):
                i += 4
                continue
            if text.startswith("''", i):
                return i + 2
        if text.startswith("${", i):
            i = _interpolation_end(text, i + 2)
            continue
        i += 1
    return n


def _interpolation_end(text: str, i: int) -> int:
    depth = 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i = _string_end(text, i + 1, closing_quote='"')
            continue
        if text.startswith("''", i):
            i = _string_end(text, i + 2, closing_quote="''")
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _tidy(expression: str) -> str:
    """Trimmed, continuation lines dedented to the closing line's level."""
    lines = expression.strip().splitlines()
    if len(lines) < 2:
        return lines[0] if lines else ""
    rest = lines[1:]
    indent = min(len(x) - len(x.lstrip()) for x in rest if x.strip())
    return "\n".join([lines[0], *(x[indent:] for x in rest)])


def _nix_text(found: dict[str, Any] | None, files: dict[str, str]) -> str | None:
    if found is None:
        return None
    if "value" in found:
        return str(found["value"])  # JSON of a plain value: the same text in Nix
    text = files.setdefault(found["file"], Path(found["file"]).read_text("utf-8"))
    return expression_at(text, int(found["line"]), int(found["column"]))


_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_'-]*$")


def _declared(root: Path, force: list[str]) -> list[dict[str, Any]]:
    paths = " ".join(nix_path(p) for p in module_files(root))
    forced = " ".join(json.dumps(name) for name in force)
    records = nix.eval_json(
        f"import {nix_path(DECLARED)} {{ files = [ {paths} ]; force = [ {forced} ]; }}"
    )
    assert isinstance(records, list)
    return records


def generate(root: Path) -> OptionIndex:
    """Every option the modules under `root` declare, sorted by name."""
    files: dict[str, str] = {}
    records = _declared(root, [])
    # `default = keep;` (a function's argument, as mapAttrs makes options) says nothing: such a
    # default is a plain value, so a second pass evaluates exactly those.
    variables = [
        ".".join(r["loc"])
        for r in records
        if r["defaultText"] is None
        and (text := _nix_text(r["default"], files)) is not None
        and _VARIABLE.match(text)
        and text not in ("true", "false", "null")
    ]
    if variables:
        records = _declared(root, variables)
    docs = []
    for record in records:
        pos = record.get("pos") or record.get("default") or {}
        where = (
            f"{Path(pos['file']).relative_to(root).as_posix()}:{pos['line']}"
            if "file" in pos
            else "?"
        )
        docs.append(
            OptionDoc(
                name=".".join(record["loc"]),
                type=record["type"],
                description=record["description"].strip(),
                default=record["defaultText"] or _nix_text(record["default"], files),
                example=_nix_text(record["example"], files),
                read_only=record["readOnly"],
                declared=where,
            )
        )
    return OptionIndex(options=sorted(docs, key=lambda d: d.name))


def nix_path(path: Path) -> str:
    # A Nix path literal; the checkout's folders have no spaces or quotes to escape.
    return str(path.resolve())


def render(index: OptionIndex) -> str:
    return index.model_dump_json(indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"write {INDEX.name}")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[3])
    args = parser.parse_args(argv)
    text = render(generate(args.root))
    if args.write:
        INDEX.write_text(text, "utf-8")
        print(f"wrote {INDEX} ({text.count(chr(10))} lines)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
