"""How a deploy's progress reaches the user: a live host-by-phase table on a terminal, one line
per event when piped (logs, CI), or NDJSON events with --json (one object per line)."""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from pantheros.ops.deploy import PHASES, DeployPlan

_MARK = {True: "[green]ok[/]", False: "[red]failed[/]"}
_OUTCOME = {
    "deployed": "[green]deployed[/]",
    "rolled-back": "[yellow]rolled back[/]",
    "failed": "[red]failed[/]",
    "skipped": "[dim]skipped[/]",
    "interrupted": "[yellow]interrupted[/]",
    "not-started": "[dim]not started[/]",
    "checked": "[green]checked[/]",
}


class NdjsonEvents:
    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        with self._lock:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    def close(self) -> None:
        return


class PlainEvents:
    """One line per finished phase and host; what a log file or CI shows."""

    def __init__(self) -> None:
        from rich.console import Console

        self.out = Console(highlight=False, soft_wrap=True, emoji=False)
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any]) -> None:
        from rich.markup import escape

        kind = event.get("event")
        line = None
        if kind == "wave-start":
            line = f"wave [bold]{escape(event['stage'])}[/]: {escape(', '.join(event['hosts']))}"
        elif kind == "phase":
            detail = f" — {escape(event['detail'])}" if event.get("detail") else ""
            line = (
                f"  {escape(event['host'])} {event['phase']}: {_MARK[bool(event['ok'])]} "
                f"({event['seconds']:.1f} s){detail}"
            )
        elif kind == "rollback":
            line = f"  {escape(event['host'])}: rolling back ({escape(event['reason'])})"
        elif kind == "host-end":
            detail = f" — {escape(event['detail'])}" if event.get("detail") else ""
            line = f"  {escape(event['host'])}: {_OUTCOME[event['outcome']]}{detail}"
        elif kind == "wave-end":
            line = f"wave {escape(event['stage'])}: {_MARK[bool(event['ok'])]}"
        if line is not None:
            with self._lock:
                self.out.print(line)

    def close(self) -> None:
        return


class LiveTable:
    """A table of hosts and phases that fills in as the deploy goes (a terminal only)."""

    def __init__(self, plan: DeployPlan) -> None:
        from rich.console import Console
        from rich.live import Live

        self.plan = plan
        self.cells: dict[tuple[str, str], str] = {}
        self.outcomes: dict[str, str] = {}
        self.order = [h.host for w in plan.waves for h in w.hosts]
        self.stage = {h.host: w.stage for w in plan.waves for h in w.hosts}
        self._lock = threading.Lock()
        self.live = Live(
            self._table(), console=Console(emoji=False), refresh_per_second=8, transient=False
        )
        self.live.start()

    def _table(self) -> Any:
        from rich.markup import escape
        from rich.table import Table

        phases = [p for p in PHASES if p in self.plan.phases]
        table = Table(title=f"deploy {self.plan.id} ({self.plan.mode})", title_justify="left")
        table.add_column("host")
        table.add_column("stage")
        for phase in phases:
            table.add_column(phase)
        table.add_column("outcome")
        for host in self.order:
            table.add_row(
                escape(host),
                escape(self.stage[host]),
                *[self.cells.get((host, p), "[dim]·[/]") for p in phases],
                self.outcomes.get(host, ""),
            )
        return table

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        with self._lock:
            if kind == "phase-start":
                self.cells[(event["host"], event["phase"])] = "[cyan]…[/]"
            elif kind == "phase":
                self.cells[(event["host"], event["phase"])] = (
                    f"{_MARK[bool(event['ok'])]} {event['seconds']:.1f}s"
                )
            elif kind == "host-end":
                self.outcomes[event["host"]] = _OUTCOME[event["outcome"]]
            self.live.update(self._table())

    def close(self) -> None:
        self.live.stop()


def renderer(plan: DeployPlan, *, as_json: bool) -> NdjsonEvents | PlainEvents | LiveTable:
    if as_json:
        return NdjsonEvents()
    if sys.stdout.isatty():
        return LiveTable(plan)
    return PlainEvents()
