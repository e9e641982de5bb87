"""Ship the example fleet and the fleet template inside the wheel.

A fresh `pip install` can then run every read-only command on the example without a fleet of
its own, and `panther init` writes the same files as `nix flake init -t`. An editable install
reads both straight from the checkout instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# source folder in the repository -> folder inside the package
SHIPPED = {"examples/fleet": "_example", "templates/fleet": "_template"}


class ExampleFleetHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        for source, target in SHIPPED.items():
            if (root / source).is_dir():
                build_data["force_include"][str(root / source)] = f"pantheros/{target}"
