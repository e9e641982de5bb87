"""Where the fleet is, found without loading it (so it costs no more than a few stat calls)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pantheros.errors import InputError

FLEET_FILE = "fleet.toml"
ENV_VAR = "PANTHER_FLEET"

Source = Literal["explicit", "env", "search", "example"]


def example_fleet_path() -> Path:
    """The example fleet's inventory: shipped inside the wheel, or examples/fleet."""
    from pantheros.resources import example_fleet_dir

    return example_fleet_dir() / FLEET_FILE


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
            # Something that exists but is no file (a FIFO, a device) is named for what it is.
            what = "not a regular file" if candidate.exists() else "no fleet file"
            if source == "explicit":
                raise InputError(
                    f"{what} at {candidate}",
                    location="--fleet",
                    fix="pass a fleet.toml or the folder that holds one",
                )
            raise InputError(
                f"{what} at {candidate}",
                location=f"${ENV_VAR}",
                fix=f"the environment variable {ENV_VAR} points there: correct it, or "
                f"`unset {ENV_VAR}` to use the fleet.toml of this folder",
            )
        return candidate, source  # type: ignore[return-value]
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / FLEET_FILE
        if candidate.is_file():
            return candidate, "search"
    return example_fleet_path(), "example"
