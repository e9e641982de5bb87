"""The fuzzing campaign: hostile inputs against the real `panther`, with fixed seeds and a budget.

Families (each input is one run of the real CLI, in a fresh copy of a fleet):

  fleet     mutated fleet.toml (flipped bytes, markup, control characters, huge and long
            numbers, deep dotted keys, tables declared twice, wrong types)
            → `panther validate`, `panther hosts`
  report    mutated facter reports (keys dropped, types swapped, numbers out of range, strings
            with markup and terminal escapes, lists emptied or repeated)
            → `panther hw show --report`, `panther storage plan --report`
  disko     mutated disko configs (values swapped for other types, attributes removed, sizes
            out of range), valid Nix of unexpected shape
            → `panther storage check --disko --report`
  add       `panther host add` with mutated reports into a fleet
            → the fleet must still load and validate
  kill      `panther host add` killed with SIGKILL at a random moment, two at once
            → the fleet is before or after the add, never between, after the next write

A traceback is any run that exits 70 ("internal error") or prints one; a hang is a run that does
not end within the timeout; an inconsistent fleet is one that does not load, or whose fleet.toml
and hosts/ disagree, after a kill. The goal for all three is 0.

    python scripts/fuzz.py [--budget N] [--seed S] [--families fleet,report,…]

Exit status 1 when any traceback, hang or inconsistent fleet was found; each is kept under
--keep DIR for replay.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "fleet"
REPORTS = sorted((EXAMPLE / "hosts").glob("*/facter.json"))
TIMEOUT = 30.0

NASTY_STRINGS = [
    "[/]", "[bold]x[/bold", "[link=file:///etc/passwd]x[/link]", "\x1b[2J\x1b[H", "\x07\x08",
    "\u202eevil", "é\u0301", "", " ", "\n", "a" * 5000, "${builtins.readFile /etc/passwd}",
    "'; rm -rf / #", "/dev/zero", "../../etc/shadow", "\ud7ff", "0x1f", "-1", "NaN",
]  # fmt: skip
NASTY_NUMBERS = [0, -1, 2**63, 2**64 + 1, 10**40, -(10**40), 1e308, 0.5, 2**31 - 1]


@dataclass
class Tally:
    tried: int = 0
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)
    by_family: dict[str, int] = field(default_factory=dict)
    # exit status of every run, by family: shows how deep the inputs got (0/1 = accepted)
    codes: dict[str, dict[str, int]] = field(default_factory=dict)


def panther(
    *args: str, cwd: Path | None = None, timeout: float = TIMEOUT
) -> tuple[int | None, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PANTHER_FLEET": ""}
    env.pop("PANTHER_FLEET")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pantheros", *args],
            cwd=cwd, env=env, capture_output=True, text=True, errors="replace", timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, ""
    return done.returncode, done.stdout + done.stderr


def crashed(code: int | None, output: str) -> bool:
    return code == 70 or "Traceback (most recent call last)" in output or "internal error" in output


# --- mutators ----------------------------------------------------------------------------------


def mutate_value(rng: random.Random, value: Any) -> Any:
    choice = rng.randrange(8)
    if choice == 0:
        return rng.choice(NASTY_STRINGS)
    if choice == 1:
        return rng.choice(NASTY_NUMBERS)
    if choice == 2:
        return None
    if choice == 3:
        return [value] * rng.randrange(0, 50)
    if choice == 4:
        return {"x": value}
    if choice == 5:
        return not value if isinstance(value, bool) else True
    if choice == 6 and isinstance(value, str):
        return value + rng.choice(NASTY_STRINGS)
    return [] if rng.random() < 0.5 else {}


def mutate_tree(rng: random.Random, tree: Any, rate: float) -> Any:
    if isinstance(tree, dict):
        out = {}
        for key, value in tree.items():
            roll = rng.random()
            if roll < rate / 3:
                continue  # dropped
            out[key] = mutate_value(rng, value) if roll < rate else mutate_tree(rng, value, rate)
        return out
    if isinstance(tree, list):
        return [mutate_tree(rng, v, rate) for v in tree if rng.random() > rate / 3]
    return mutate_value(rng, tree) if rng.random() < rate else tree


def mutate_leaves(rng: random.Random, tree: Any, rate: float, kind: type) -> Any:
    """Only strings (or only numbers) change: the report stays a report and reaches deep code."""
    if isinstance(tree, dict):
        return {k: mutate_leaves(rng, v, rate, kind) for k, v in tree.items()}
    if isinstance(tree, list):
        return [mutate_leaves(rng, v, rate, kind) for v in tree]
    if isinstance(tree, kind) and not isinstance(tree, bool) and rng.random() < rate:
        if kind is str:
            return rng.choice([rng.choice(NASTY_STRINGS), tree + rng.choice(NASTY_STRINGS)])
        return rng.choice(NASTY_NUMBERS)
    return tree


def mutate_report(rng: random.Random, report: Any) -> Any:
    mode = rng.randrange(3)
    if mode == 0:
        return mutate_leaves(rng, report, rng.choice([0.05, 0.3, 1.0]), str)
    if mode == 1:
        return mutate_leaves(rng, report, rng.choice([0.02, 0.1, 0.5]), int)
    return mutate_tree(rng, report, rate=rng.choice([0.002, 0.01, 0.05]))


def mutate_text(rng: random.Random, text: str) -> str:
    lines = text.splitlines()
    for _ in range(rng.randrange(1, 4)):
        kind = rng.randrange(9)
        index = rng.randrange(len(lines)) if lines else 0
        if kind == 0 and lines:  # flip a byte
            line = lines[index]
            if line:
                at = rng.randrange(len(line))
                lines[index] = line[:at] + chr(rng.randrange(1, 0x2FF)) + line[at + 1 :]
        elif kind == 1:
            lines.insert(index, f'name = "{rng.choice(NASTY_STRINGS)}"')
        elif kind == 2:
            lines.insert(index, "x = " + "9" * rng.choice([20, 400, 5000]))
        elif kind == 3:
            lines.insert(index, "a" + ".a" * rng.choice([10, 100, 50_000]) + " = 1")
        elif kind == 4 and lines:
            lines.insert(index, lines[rng.randrange(len(lines))])  # a line twice
        elif kind == 5 and lines:
            del lines[index]
        elif kind == 6:
            lines.insert(index, f"[hosts.{rng.choice(['a', 'A', 'a-', '1', 'x' * 70])}]")
        elif kind == 7 and lines and "=" in lines[index]:
            key = lines[index].split("=", 1)[0]
            lines[index] = f"{key}= {json.dumps(mutate_value(rng, 1))}".replace("null", '""')
        else:
            lines.insert(index, rng.choice(NASTY_STRINGS))
    return "\n".join(lines) + "\n"


# --- families ----------------------------------------------------------------------------------


def copy_fleet(base: Path) -> Path:
    fleet = Path(tempfile.mkdtemp(prefix="fuzz-", dir=base))
    shutil.copytree(EXAMPLE, fleet / "fleet", symlinks=True)
    return fleet / "fleet"


def family_fleet(rng: random.Random, base: Path) -> tuple[list[tuple[int | None, str]], Path]:
    fleet = copy_fleet(base)
    path = fleet / "fleet.toml"
    path.write_text(mutate_text(rng, path.read_text()), errors="surrogatepass")
    runs = [panther("validate", "--fleet", str(fleet)), panther("hosts", "--fleet", str(fleet))]
    return runs, fleet


def family_report(rng: random.Random, base: Path) -> tuple[list[tuple[int | None, str]], Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-", dir=base))
    report = json.loads(rng.choice(REPORTS).read_text())
    path = folder / "facter.json"
    path.write_text(json.dumps(mutate_report(rng, report)))
    runs = [
        panther("hw", "show", str(path)),
        panther("storage", "plan", "--report", str(path)),
    ]
    return runs, folder


def family_disko(rng: random.Random, base: Path) -> tuple[list[tuple[int | None, str]], Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-", dir=base))
    host = rng.choice(REPORTS).parent
    text = (host / "disko.nix").read_text()
    lines = text.splitlines()
    for _ in range(rng.randrange(1, 4)):
        candidates = [
            i for i, line in enumerate(lines) if "=" in line and line.rstrip().endswith(";")
        ]
        if not candidates:
            break
        index = rng.choice(candidates)
        key = lines[index].split("=", 1)[0]
        lines[index] = key + "= " + rng.choice(
            ['"x"', "[ ]", "{ }", "5", "null", "true", '"100%"', '"99999999999999999T"',
             "[ 1 2 ]", "{ type = 1; }", 'builtins.readFile "/etc/passwd"']
        ) + ";"  # fmt: skip
    path = folder / "disko.nix"
    path.write_text("\n".join(lines) + "\n")
    runs = [
        panther("storage", "check", "--disko", str(path), "--report", str(host / "facter.json"))
    ]
    return runs, folder


def family_add(rng: random.Random, base: Path) -> tuple[list[tuple[int | None, str]], Path]:
    fleet = copy_fleet(base)
    report = json.loads(rng.choice(REPORTS).read_text())
    path = fleet.parent / "new.json"
    path.write_text(json.dumps(mutate_report(rng, report)))
    name = rng.choice(["fuzzed", "fuzzed-2", "a"])
    runs = [panther("host", "add", name, "--report", str(path), "--fleet", str(fleet))]
    check = panther("validate", "--fleet", str(fleet), "--json")
    if check[0] not in (0, 1):
        runs.append((70, f"the fleet does not validate after host add: {check[1][-500:]}"))
    return runs, fleet


def family_kill(rng: random.Random, base: Path) -> tuple[list[tuple[int | None, str]], Path]:
    fleet = copy_fleet(base)
    report = rng.choice(REPORTS)
    env = {**os.environ, "NO_COLOR": "1"}
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pantheros",
                "host",
                "add",
                name,
                "--report",
                str(report),
                "--fleet",
                str(fleet),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in ("killed-a", "killed-b")
    ]
    time.sleep(rng.uniform(0.05, 0.6))
    victim = rng.choice(children)
    victim.send_signal(signal.SIGKILL)
    for child in children:
        child.wait(timeout=TIMEOUT)
    # The next write finishes or undoes what the killed one left; then the fleet must agree.
    panther("host", "add", "after", "--report", str(report), "--fleet", str(fleet))
    return [_consistency(fleet)], fleet


def _consistency(fleet: Path) -> tuple[int | None, str]:
    try:
        hosts = tomllib.loads((fleet / "fleet.toml").read_text()).get("hosts", {})
    except (OSError, ValueError) as exc:
        return 70, f"inconsistent: fleet.toml does not load: {exc}"
    folders = {p.name for p in (fleet / "hosts").iterdir() if p.is_dir()}
    for name in ("killed-a", "killed-b", "after"):
        entry, folder = name in hosts, name in folders
        complete = folder and all(
            (fleet / "hosts" / name / f).is_file()
            for f in ("default.nix", "disko.nix", "facter.json")
        )
        if entry != complete:
            return 70, f"inconsistent: {name}: in fleet.toml {entry}, complete folder {complete}"
    code, output = panther("validate", "--fleet", str(fleet))
    if code not in (0, 1):
        return 70, f"inconsistent: validate exits {code}: {output[-400:]}"
    return 0, ""


FAMILIES: dict[str, Callable[[random.Random, Path], tuple[list[tuple[int | None, str]], Path]]] = {
    "fleet": family_fleet,
    "report": family_report,
    "disko": family_disko,
    "add": family_add,
    "kill": family_kill,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--budget", type=int, default=200, help="inputs in all (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    chosen = [f for f in args.families.split(",") if f]
    tally = Tally()
    base = Path(tempfile.mkdtemp(prefix="panther-fuzz-"))
    start = time.monotonic()

    def one(index: int) -> None:
        family = chosen[index % len(chosen)]
        rng = random.Random(f"{args.seed}-{index}")
        runs, folder = FAMILIES[family](rng, base)
        tally.tried += 1
        tally.by_family[family] = tally.by_family.get(family, 0) + 1
        for code, output in runs:
            seen = tally.codes.setdefault(family, {})
            seen[str(code)] = seen.get(str(code), 0) + 1
            label = f"{family} #{index} (seed {args.seed})"
            if code is None:
                tally.hangs.append(label)
            elif crashed(code, output):
                (tally.inconsistent if "inconsistent" in output else tally.tracebacks).append(
                    f"{label}: {output.strip().splitlines()[-1] if output.strip() else code}"
                )
            else:
                continue
            keep = args.keep / f"{family}-{args.seed}-{index}"
            shutil.copytree(folder, keep, dirs_exist_ok=True, symlinks=True)
        shutil.rmtree(folder.parent if folder.name == "fleet" else folder, ignore_errors=True)

    try:
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(one, range(args.budget)))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    seconds = time.monotonic() - start
    print(f"fuzz: {tally.tried} inputs in {seconds:.0f} s (seed {args.seed}): "
          + ", ".join(f"{n} {f}" for f, n in sorted(tally.by_family.items())))  # fmt: skip
    for family, seen in sorted(tally.codes.items()):
        print(f"  {family}: exit " + ", ".join(f"{c}: {n}" for c, n in sorted(seen.items())))
    print(f"  tracebacks: {len(tally.tracebacks)}  hangs: {len(tally.hangs)}  "
          f"inconsistent fleets after a kill: {len(tally.inconsistent)}")  # fmt: skip
    for line in [*tally.tracebacks, *tally.hangs, *tally.inconsistent][:40]:
        print(f"  - {line}")
    failed = tally.tracebacks or tally.hangs or tally.inconsistent
    if failed:
        print(f"  inputs kept in {args.keep}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
