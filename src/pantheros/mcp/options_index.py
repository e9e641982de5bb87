"""Search PantherOS's own NixOS options (`panther.*`): name, type, default, description.

The index is options.json beside this file, made from the modules' declarations by
options_gen.py (`python -m pantheros.mcp.options_gen --write`) and checked in; a test keeps it
equal to what the modules declare. Checked in, not computed at run time, because the server
must answer on a machine without Nix or a checkout of the modules (a wheel ships neither), and
in well under a millisecond.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

INDEX = Path(__file__).resolve().parent / "options.json"


class OptionDoc(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str  # panther.storage.snapshots.interval
    type: str  # as the NixOS manual describes it: "list of string", "null or boolean", …
    description: str
    default: str | None  # Nix text (the module's defaultText when it has one)
    example: str | None  # Nix text
    read_only: bool
    declared: str  # modules/nixos/storage.nix:62


class OptionIndex(BaseModel):
    model_config = ConfigDict(frozen=True)

    options: list[OptionDoc]


class OptionSearch(BaseModel):
    """What search_options returns: the best matches first."""

    model_config = ConfigDict(frozen=True)

    query: str
    total: int  # how many options matched (at most `limit` are listed)
    options: list[OptionDoc]


@functools.cache
def load() -> OptionIndex:
    return OptionIndex.model_validate_json(INDEX.read_bytes())


def words(text: str) -> list[str]:
    """Lower-case words; camelCase is split too, so `memorypercent` and `memory percent` match."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def _score(option: OptionDoc, wanted: list[str]) -> int:
    name_words = words(option.name)
    joined = option.name.lower()
    text = " ".join(words(f"{option.type} {option.description}"))
    score = 0
    for word in wanted:
        if word in name_words:
            score += 6
        elif word in joined:
            score += 4
        elif word in text:
            score += 1
        else:
            return 0  # every word must be found somewhere
    return score


def search(query: str, *, limit: int = 10, index: OptionIndex | None = None) -> OptionSearch:
    """Options matching every word of `query`, best first (ties by name); all for no words."""
    options = (index or load()).options
    wanted = words(query)
    if not wanted:
        ranked = sorted(options, key=lambda o: o.name)
    else:
        scored = [(s, o) for o in options if (s := _score(o, wanted)) > 0]
        ranked = [o for _, o in sorted(scored, key=lambda pair: (-pair[0], pair[1].name))]
    return OptionSearch(query=query, total=len(ranked), options=ranked[:limit])
