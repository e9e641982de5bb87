"""A deploy and a rollback through `panther mcp --allow-deploy`, on simulated hosts.

Real sshd and Nix stores (tests/harness/sim.py); the agent plans, the deploy names the plan,
the host runs the new system, and the ledger says which client did it.
"""

from __future__ import annotations

import getpass
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from pantheros.ops.deploy import DeployResult
from tests.harness import sim
from tests.harness.sim import sim_fleet

from .client import call, failure, run, session, tools_by_name

pytestmark = pytest.mark.skipif(sim.available() is not None, reason=sim.available() or "")


def ledger(root: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (root / ".panther" / "ledger.jsonl").read_text().splitlines()]


def test_deploy_then_rollback_by_plan_id(tmp_path: Path) -> None:
    with sim_fleet(["web1"]) as fleet:
        host = fleet.hosts["web1"]
        first = host.current()

        async def scenario() -> tuple[dict[str, Any], str, dict[str, Any]]:
            args = ("--fleet", str(fleet.root), "--allow-deploy")
            async with session(*args, cwd=tmp_path, env=fleet.env) as client:
                tools = await tools_by_name(client)
                planned = await call(client, tools, "plan_deploy", hosts=["web1"])
                deployed = await call(client, tools, "deploy", plan_id=planned["id"])
                again = await failure(client, "deploy", plan_id=planned["id"])
                back = await call(client, tools, "plan_rollback", host="web1")
                rolled = await call(client, tools, "rollback", plan_id=back["id"])
                return deployed, again, rolled

        deployed_json, again, rolled_json = run(scenario)
        deployed = DeployResult.model_validate(deployed_json)
        assert deployed.outcome == "ok", deployed_json
        assert [h.outcome for w in deployed.waves for h in w.hosts] == ["deployed"]
        assert "already run" in again
        rolled = DeployResult.model_validate(rolled_json)
        assert rolled.kind == "rollback" and rolled.outcome == "ok", rolled_json
        assert host.current() == first and host.profile() == first

        who = f"mcp:pytest-agent 9.9 ({getpass.getuser()}@{socket.gethostname()})"
        records = ledger(fleet.root)
        assert [(r["kind"], r["who"], r["outcome"]) for r in records] == [
            ("deploy", who, "ok"),
            ("rollback", who, "ok"),
        ]
        assert records[0]["id"] == deployed.id
        history = json.loads(
            sim_panther(fleet, "history", "--json").stdout  # the CLI reads what MCP wrote
        )
        assert [e["who"] for e in history["entries"]] == [who, who]


def test_a_deploy_waits_for_the_fleet_lock(tmp_path: Path) -> None:
    """While another panther holds the fleet's lock, the MCP deploy waits and then gives up."""
    from pantheros.fleet.lock import fleet_lock

    with sim_fleet(["web1"]) as fleet:
        before = fleet.hosts["web1"].current()

        async def scenario() -> str:
            args = ("--fleet", str(fleet.root), "--allow-deploy")
            env = {**fleet.env, "PANTHER_LOCK_TIMEOUT": "1"}
            async with session(*args, cwd=tmp_path, env=env) as client:
                tools = await tools_by_name(client)
                planned = await call(client, tools, "plan_deploy", hosts=["web1"])
                with fleet_lock(fleet.root):
                    return await failure(client, "deploy", plan_id=planned["id"])

        message = run(scenario)
        assert "another panther has been changing this fleet" in message
        assert fleet.hosts["web1"].current() == before
        assert not (fleet.root / ".panther" / "ledger.jsonl").exists()


def sim_panther(fleet: sim.SimFleet, *args: str) -> Any:
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "pantheros", *args, "--fleet", str(fleet.root)],
        env={**os.environ, **fleet.env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
