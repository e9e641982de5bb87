"""Files that ship with panther: the example fleet and the fleet template.

Inside a wheel they live in the package (`_example`, `_template`, see hatch_build.py); in a
checkout (an editable install) they are read from the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPOSITORY = _PACKAGE.parent.parent


def _shipped(inside: str, in_repository: str) -> Path:
    bundled = _PACKAGE / inside
    return bundled if bundled.is_dir() else _REPOSITORY / in_repository


def example_fleet_dir() -> Path:
    return _shipped("_example", "examples/fleet")


def template_dir() -> Path:
    """What `panther init` writes, the same files as `nix flake init -t <pantheros>#fleet`."""
    return _shipped("_template", "templates/fleet")
