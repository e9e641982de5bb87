"""The module names nixos-hardware exports, read from its flake.nix (no Nix evaluation).

`parse_flake` reads `nixosModules = { name = import ./path; … }` and marks entries that
flake.nix wraps in `deprecated` or replaces with `throw`; `module_status` also reads the
module's own file, since some deprecations are an `assertion = false` or a warning there.
The test of the known-model table checks its names against this, from a checkout
(PANTHER_NIXOS_HARDWARE_SRC) or from the list extracted at the cited commit:

    python -m pantheros.hardware.nixos_hardware CHECKOUT [COMMIT] \
        > tests/hardware/nixos_hardware_modules.txt
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["ok", "deprecated", "removed"]
_BLOCK = re.compile(r"\bnixosModules\s*=")
_LET_IN = re.compile(r"^\s*in\s*$", re.M)  # the `in` of nixosModules' `let … in { … }`
_IMPORT = re.compile(r"\bimport\s+(\./[^\s;)]+)")
_NAME = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*)$", re.S)


@dataclass(frozen=True)
class FlakeModule:
    name: str
    path: str | None  # "./lenovo/thinkpad/t480", None for a `throw`
    status: Status


def parse_flake(text: str) -> list[FlakeModule]:
    """Every nixosModules entry of nixos-hardware's flake.nix, in file order."""
    start = _BLOCK.search(text)
    if start is None:
        raise ValueError("no `nixosModules =` in this flake.nix")
    let_in = _LET_IN.search(text, start.end())
    body = _attrset_after(text, let_in.end() if let_in else start.end())
    modules = []
    for statement in _statements(body):
        match = _NAME.match(statement)
        if match is None:
            continue
        name, expr = match.groups()
        path = _IMPORT.search(expr)
        if expr.lstrip().startswith("throw"):
            status: Status = "removed"
        elif expr.lstrip().startswith("deprecated"):
            status = "deprecated"
        else:
            status = "ok"
        modules.append(FlakeModule(name, path.group(1) if path else None, status))
    return modules


def _attrset_after(text: str, position: int) -> str:
    """The text inside the first `{ … }` after `position`, braces balanced."""
    opening = text.index("{", position)
    depth = 0
    for index in range(opening, len(text)):
        char = text[index]
        depth += char == "{"
        depth -= char == "}"
        if depth == 0:
            return text[opening + 1 : index]
    raise ValueError("unbalanced braces in nixosModules")


def _statements(body: str) -> list[str]:
    """Split `a = x; b = y (z);` at the semicolons outside brackets, strings and comments."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted, comment = 0, False, False
    for char in body:
        if comment:
            comment = char != "\n"
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "#":
            comment = True
            continue
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}":
            depth -= 1
        if char == ";" and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    return [p for p in parts if p]


def module_status(root: Path, module: FlakeModule) -> Status:
    """The flake's verdict, or "deprecated" when the module's own file only asserts or warns."""
    if module.status != "ok" or module.path is None:
        return module.status
    target = root / module.path
    source = target / "default.nix" if target.is_dir() else target
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        return "ok"
    if re.search(r"assertion\s*=\s*false\s*;", text) or re.search(
        r"warnings\s*=[^;]*DEPRECATED", text, re.S
    ):
        return "deprecated"
    return "ok"


def checkout_modules(root: Path) -> list[FlakeModule]:
    modules = parse_flake((root / "flake.nix").read_text(encoding="utf-8"))
    return [FlakeModule(m.name, m.path, module_status(root, m)) for m in modules]


def render_list(modules: list[FlakeModule], *, header: str) -> str:
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += [f"{m.name} {m.path or '-'} {m.status}" for m in modules]
    return "\n".join(lines) + "\n"


def read_list(text: str) -> list[FlakeModule]:
    modules = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, path, status = line.split()
        modules.append(FlakeModule(name, None if path == "-" else path, status))  # type: ignore[arg-type]
    return modules


HEADER = """nixosModules of NixOS/nixos-hardware's flake.nix: name, path, status
(ok, deprecated: flake.nix's `deprecated` wrapper or the module only asserts/warns,
removed: a `throw`). Regenerate from a checkout:
python -m pantheros.hardware.nixos_hardware CHECKOUT [COMMIT] > THIS_FILE"""


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0])
    header = HEADER + (f"\nat commit {argv[1]}" if len(argv) == 2 else "")
    sys.stdout.write(render_list(checkout_modules(root), header=header))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
