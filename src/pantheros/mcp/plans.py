"""The deploy plans this server handed out: the consent an agent's deploy must name.

A deploy or rollback runs only a plan the dry-run tool returned, by its id, and only while
nothing the plan depends on has changed: fleet.toml, the flake and every other file of the
fleet's folder (hashed, see `fingerprint`; the state in .panther/ and .git/ excluded). An agent
cannot plan one thing, let the fleet change, and then deploy something nobody looked at. A plan
is used once, lives in this process's memory only, and expires after `ttl` seconds.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pantheros.errors import PantherError
from pantheros.ops.deploy import DeployOptions, DeployPlan

Kind = Literal["deploy", "rollback"]
# Not part of what the flake sees, or changed by panther itself while it works.
IGNORED = frozenset({".panther", ".git", ".direnv"})
DEFAULT_TTL = 3600.0


class PlanRefused(PantherError):
    """A deploy named a plan this server cannot run (unknown, used, stale or expired)."""

    exit_code = 2
    kind = "plan-refused"


@dataclass(frozen=True)
class StoredPlan:
    plan: DeployPlan
    kind: Kind
    hosts: tuple[str, ...]
    options: DeployOptions
    fingerprint: str
    created: float


def fingerprint(root: Path) -> str:
    """A hash of every file of the fleet's folder (names, contents, symlink targets)."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED)
        base = Path(folder)
        for name in sorted(files):
            path = base / name
            relative = path.relative_to(root).as_posix()
            digest.update(relative.encode() + b"\0")
            if path.is_symlink():
                digest.update(b"link:" + str(path.readlink()).encode())
            else:
                with path.open("rb") as data:
                    for chunk in iter(lambda: data.read(1 << 20), b""):
                        digest.update(chunk)
            digest.update(b"\0")
    return digest.hexdigest()


class PlanStore:
    """Plans by id, for one server process; safe to use from the SDK's worker threads."""

    def __init__(self, *, ttl: float = DEFAULT_TTL) -> None:
        self.ttl = ttl
        self._plans: dict[str, StoredPlan] = {}
        self._lock = threading.Lock()

    def add(
        self,
        root: Path,
        plan: DeployPlan,
        *,
        kind: Kind,
        hosts: list[str],
        options: DeployOptions,
    ) -> StoredPlan:
        stored = StoredPlan(
            plan=plan,
            kind=kind,
            hosts=tuple(hosts),
            options=options,
            fingerprint=fingerprint(root),
            created=time.monotonic(),
        )
        with self._lock:
            self._plans[plan.id] = stored
        return stored

    def take(self, plan_id: str, root: Path, *, kind: Kind) -> StoredPlan:
        """The plan, removed from the store, if it may still run; PlanRefused otherwise."""
        tool = "plan_rollback" if kind == "rollback" else "plan_deploy"
        with self._lock:
            stored = self._plans.get(plan_id)
            if stored is None:
                raise PlanRefused(
                    f"no plan {plan_id!r} (unknown, already run, or made by another server)",
                    location="plan_id",
                    fix=f"call {tool} and pass the id it returns",
                )
            if stored.kind != kind:
                raise PlanRefused(
                    f"plan {plan_id!r} is a {stored.kind} plan, not a {kind} plan",
                    location="plan_id",
                    fix=f"call {stored.kind} with it, or {tool} for a {kind} plan",
                )
            del self._plans[plan_id]
        age = time.monotonic() - stored.created
        if age > self.ttl:
            raise PlanRefused(
                f"plan {plan_id!r} expired ({age / 60:.0f} min old, plans last "
                f"{self.ttl / 60:.0f} min)",
                location="plan_id",
                fix=f"call {tool} again and review the new plan",
            )
        if fingerprint(root) != stored.fingerprint:
            raise PlanRefused(
                f"plan {plan_id!r} is stale: fleet.toml or the flake changed since it was made",
                location=str(root),
                fix=f"call {tool} again and review the new plan before running it",
            )
        return stored
