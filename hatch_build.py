"""Ship the repository's own fleet inside the wheel as the example fleet.

A fresh `pip install` can then run every read-only command without a fleet of its own. An
editable install reads the example straight from the checkout instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

EXAMPLE_PARTS = ("fleet.toml", "flake.nix", "hosts", "profiles", "modules", "lib")


class ExampleFleetHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        for part in EXAMPLE_PARTS:
            if (root / part).exists():
                build_data["force_include"][str(root / part)] = f"pantheros/_example/{part}"
