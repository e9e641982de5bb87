"""The consent flow: deploy tools only with --allow-deploy, and only a current plan runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantheros.fleet.load import load_file
from pantheros.mcp.plans import Kind, PlanRefused, PlanStore, fingerprint
from pantheros.ops import deploy as engine
from tests.conftest import run_panther

from .client import ACTING_TOOLS, READ_ONLY_TOOLS, call, failure, run, session, tools_by_name


def a_plan(root: Path, store: PlanStore, kind: Kind = "deploy") -> str:
    fleet = load_file(root / "fleet.toml")
    hosts = [fleet.info("server-b")]
    options = engine.DeployOptions()
    planned = engine.plan(fleet, hosts, options)
    store.add(fleet.root, planned, kind=kind, hosts=["server-b"], options=options)
    return planned.id


def test_a_plan_runs_once(fleet_copy: Path) -> None:
    store = PlanStore()
    plan_id = a_plan(fleet_copy, store)
    assert store.take(plan_id, fleet_copy, kind="deploy").hosts == ("server-b",)
    with pytest.raises(PlanRefused, match="unknown, already run"):
        store.take(plan_id, fleet_copy, kind="deploy")


def test_any_change_to_the_fleet_makes_a_plan_stale(fleet_copy: Path) -> None:
    store = PlanStore()
    for change in ("fleet.toml", "flake.nix", "hosts/server-b/default.nix"):
        plan_id = a_plan(fleet_copy, store)
        with (fleet_copy / change).open("a") as out:
            out.write("\n# changed\n")
        with pytest.raises(PlanRefused, match="stale"):
            store.take(plan_id, fleet_copy, kind="deploy")


def test_state_written_while_working_does_not(fleet_copy: Path) -> None:
    before = fingerprint(fleet_copy)
    (fleet_copy / ".panther" / "logs").mkdir(parents=True)
    (fleet_copy / ".panther" / "ledger.jsonl").write_text("{}\n")
    assert fingerprint(fleet_copy) == before


def test_wrong_kind_and_expired_plans_are_refused(fleet_copy: Path) -> None:
    store = PlanStore()
    with pytest.raises(PlanRefused, match="is a deploy plan, not a rollback plan"):
        store.take(a_plan(fleet_copy, store), fleet_copy, kind="rollback")
    expiring = PlanStore(ttl=0)
    with pytest.raises(PlanRefused, match="expired"):
        expiring.take(a_plan(fleet_copy, expiring), fleet_copy, kind="deploy")


def test_deploy_tools_exist_only_with_allow_deploy(fleet_copy: Path, tmp_path: Path) -> None:
    async def scenario() -> tuple[set[str], str, str, str]:
        args = ("--fleet", str(fleet_copy), "--allow-deploy")
        async with session(*args, cwd=tmp_path) as client:
            tools = await tools_by_name(client)
            assert tools["deploy"].annotations is not None
            assert tools["deploy"].annotations.destructive_hint is True
            unknown = await failure(client, "deploy", plan_id="20260101T000000-abcdef")
            planned = await call(client, tools, "plan_deploy", hosts=["server-b"])
            wrong_tool = await failure(client, "rollback", plan_id=planned["id"])
            replanned = await call(client, tools, "plan_deploy", hosts=["server-b"])
            with (fleet_copy / "fleet.toml").open("a") as out:
                out.write("\n# edited after planning\n")
            stale = await failure(client, "deploy", plan_id=replanned["id"])
            return set(tools), unknown, wrong_tool, stale

    names, unknown, wrong_tool, stale = run(scenario)
    assert names == READ_ONLY_TOOLS | ACTING_TOOLS
    assert "no plan '20260101T000000-abcdef'" in unknown and "plan_deploy" in unknown
    assert "is a deploy plan, not a rollback plan" in wrong_tool
    assert "is stale: fleet.toml or the flake changed" in stale
    assert not (fleet_copy / ".panther" / "ledger.jsonl").exists()  # nothing ran


def test_allow_deploy_is_refused_on_the_bundled_example(tmp_path: Path) -> None:
    done = run_panther("mcp", "--allow-deploy", cwd=tmp_path)
    assert done.returncode == 2
    assert "--allow-deploy on the bundled example fleet" in done.stderr
    assert done.stdout == ""


def test_a_bad_fleet_fails_before_serving(tmp_path: Path) -> None:
    (tmp_path / "fleet.toml").write_text("[fleet\n")
    done = run_panther("mcp", "--fleet", str(tmp_path))
    assert done.returncode == 2 and "TOML syntax error" in done.stderr
    assert done.stdout == ""
