"""The `panther` command: parses arguments, calls the library, renders. No logic here.

Importing this package is cheap: the typer application (`app`, in application.py) is only
built when a command needs it, so the snapshot path below starts in a few milliseconds.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def __getattr__(name: str) -> Any:
    if name == "app":
        from pantheros.cli.application import app

        return app
    raise AttributeError(name)


def _from_snapshot(argv: list[str]) -> bool:
    """`panther hosts --json|--names [--fleet PATH]` straight from a current snapshot.

    These are what scripts and shell completion (on every Tab) run; when fleet.toml has not
    changed since the last full run, its output is printed without loading anything heavy.
    Returns False to take the normal path.
    """
    if not argv or argv[0] != "hosts":
        return False
    wanted, explicit, rest = None, None, argv[1:]
    while rest:
        arg = rest.pop(0)
        if arg in ("--json", "--names") and wanted is None:
            wanted = arg
        elif arg == "--fleet" and rest and explicit is None:
            explicit = rest.pop(0)
        elif arg.startswith("--fleet=") and explicit is None:
            explicit = arg.removeprefix("--fleet=")
        else:
            return False
    if wanted is None:
        return False
    from pathlib import Path

    from pantheros.errors import PantherError
    from pantheros.fleet import snapshot
    from pantheros.fleet.locate import locate

    try:
        path, source = locate(Path(explicit) if explicit else None)
    except PantherError:
        return False  # the normal path reports it
    stored = snapshot.read(path.resolve(), source)
    if stored is None or source == "example":
        return False
    if wanted == "--json":
        sys.stdout.write(str(stored["hosts_json"]))
    else:
        sys.stdout.write("".join(f"{name}\n" for name in stored["names"]))
    return True


def main() -> None:
    from pantheros.cli.errors import report_error, report_usage
    from pantheros.errors import PantherError

    if _from_snapshot(sys.argv[1:]):
        return
    from pathlib import Path

    import typer

    from pantheros.cli.application import app

    # --json anywhere on the line asks for errors as JSON too (on stdout, like results).
    as_json = "--json" in sys.argv[1:]
    try:
        code = app(standalone_mode=False)
    except PantherError as error:
        sys.exit(report_error(error, as_json=as_json))
    except typer.TyperException as error:  # wrong arguments (typer's own usage errors)
        sys.exit(report_usage(error, as_json=as_json))
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("panther: interrupted\n")
        sys.exit(130)
    except Exception as error:  # a bug of ours: one line, the traceback only on request
        import os
        import traceback

        if os.environ.get("PANTHER_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(error.__traceback__)[-1]
        sys.stderr.write(
            f"panther: internal error: {type(error).__name__}: {error} "
            f"(at {Path(where.filename).name}:{where.lineno}); please report it, with the "
            "output of the same command run with PANTHER_DEBUG=1\n"
        )
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
