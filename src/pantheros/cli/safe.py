"""Text that came from outside (reports, inventories, hosts, Nix), made safe to print.

Hardware strings come from other people's machines: a disk model or an SMBIOS field may hold
`[/]` (rich markup, which would crash a table or restyle the output) or terminal control
sequences (which would move the cursor, clear the screen or retitle the terminal). `shown`
gives the text as it is, with neither effect.
"""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline) and the bidirectional overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value: object) -> str:
    """The text without terminal control characters (each replaced by a visible `?`)."""
    return _CONTROL.sub("?", str(value))


def shown(value: object) -> str:
    """The text for rich output: no control characters, markup escaped."""
    from rich.markup import escape

    return escape(plain(value))
