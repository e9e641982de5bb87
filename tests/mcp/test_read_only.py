"""`panther mcp` without --allow-deploy: every read-only tool, on the example and a real fleet.

The server is a subprocess started as an agent starts it; the client is the SDK's own. Every
structured result is checked against the output schema the server published, and read back
into the same pydantic model `--json` prints.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from pantheros.fleet.hosts import HostList
from pantheros.mcp.options_index import OptionSearch
from pantheros.ops.deploy import DeployPlan
from pantheros.ops.inventory import HostDetails
from pantheros.ops.status import History
from pantheros.storage.check import CheckReport
from pantheros.storage.model import StoragePlan
from tests.conftest import EXAMPLE, run_panther

from .client import READ_ONLY_TOOLS, call, failure, run, session, tools_by_name


def pinned_host(fleet_toml: Path) -> str:
    hosts = tomllib.loads(fleet_toml.read_text())["hosts"]
    return next(name for name, h in hosts.items() if h.get("deploy", {}).get("host_key"))


def exercise(fleet: Path, cwd: Path, *args: str) -> dict[str, Any]:
    """Call every read-only tool that needs no host to answer; what each returned."""
    names = list(tomllib.loads((fleet / "fleet.toml").read_text())["hosts"])
    host = names[0]
    deployable = pinned_host(fleet / "fleet.toml")

    async def scenario() -> dict[str, Any]:
        async with session(*args, cwd=cwd) as client:
            tools = await tools_by_name(client)
            assert set(tools) == READ_ONLY_TOOLS
            for tool in tools.values():
                assert tool.input_schema["type"] == "object"
                assert tool.output_schema is not None and tool.output_schema["type"] == "object"
                assert tool.annotations is not None
                assert tool.annotations.read_only_hint is True
            return {
                "list_hosts": await call(client, tools, "list_hosts"),
                "host_details": await call(client, tools, "host_details", host=host),
                "storage_plan": await call(client, tools, "storage_plan", host=host),
                "storage_check": await call(client, tools, "storage_check", host=host),
                "plan_deploy": await call(client, tools, "plan_deploy", hosts=[deployable]),
                "history": await call(client, tools, "history"),
                "search_options": await call(
                    client, tools, "search_options", query="snapshot interval"
                ),
            }

    results = run(scenario)
    listed = HostList.model_validate(results["list_hosts"])
    assert [h.name for h in listed.hosts] == names
    details = HostDetails.model_validate(results["host_details"])
    assert details.host.name == host and details.hardware is not None
    assert details.hardware.disks, "the profile comes from the host's facter.json"
    assert StoragePlan.model_validate(results["storage_plan"]).host == host
    CheckReport.model_validate(results["storage_check"])
    planned = DeployPlan.model_validate(results["plan_deploy"])
    assert [h.host for w in planned.waves for h in w.hosts] == [deployable]
    assert {s.phase for s in planned.waves[0].hosts[0].steps} >= {"eval", "copy", "activate"}
    assert History.model_validate(results["history"]).entries == []
    found = OptionSearch.model_validate(results["search_options"])
    assert found.options[0].name == "panther.storage.snapshots.interval"
    return results


def test_outside_any_fleet_it_serves_the_bundled_example(tmp_path: Path) -> None:
    results = exercise(EXAMPLE, tmp_path)
    assert results["list_hosts"]["example"] is True


def test_the_example_is_named_in_the_instructions_and_on_stderr(tmp_path: Path) -> None:
    log = tmp_path / "stderr"

    async def scenario() -> tuple[str | None, str | None]:
        with log.open("w") as errlog:
            async with session(cwd=tmp_path, errlog=errlog) as client:
                info = await client.initialize()
                return info.instructions, info.server_info.title

    instructions, title = run(scenario)
    assert instructions is not None and "bundled example fleet 'example'" in instructions
    assert "cannot deploy" in instructions
    assert title is not None and "example" in title
    assert "serving the bundled example fleet 'example'" in log.read_text()


def test_a_generated_fleet(generated_fleet: Path, tmp_path: Path) -> None:
    results = exercise(generated_fleet, tmp_path, "--fleet", str(generated_fleet))
    assert results["list_hosts"]["example"] is False
    assert results["list_hosts"]["fleet"] == "generated"


def test_errors_are_tool_errors_with_the_cli_message(generated_fleet: Path, tmp_path: Path) -> None:
    cli = run_panther("storage", "plan", "nope", "--fleet", str(generated_fleet))
    assert cli.returncode == 2
    cli_line = cli.stderr.strip().removeprefix("panther: error: ")

    async def scenario() -> list[str]:
        async with session("--fleet", str(generated_fleet), cwd=tmp_path) as client:
            return [
                await failure(client, "storage_plan", host="nope"),
                await failure(client, "plan_deploy", hosts=[]),
                await failure(client, "deploy", plan_id="x"),
            ]

    plan_error, no_hosts, no_deploy = run(scenario)
    assert cli_line in plan_error
    assert "no hosts given to `panther deploy`" in no_hosts and "--all" in no_hosts
    assert "deploy" in no_deploy  # no such tool without --allow-deploy


def test_resources(generated_fleet: Path, tmp_path: Path) -> None:
    async def scenario() -> tuple[list[str], str, str, str]:
        async with session("--fleet", str(generated_fleet), cwd=tmp_path) as client:
            listed = [str(r.uri) for r in (await client.list_resources()).resources]
            fleet = await client.read_resource("panther://fleet/fleet.toml")
            report = await client.read_resource("panther://hosts/laptop-a/facter.json")
            disko = await client.read_resource("panther://hosts/laptop-a/disko.nix")
            return listed, _text(fleet), _text(report), _text(disko)

    listed, fleet, report, disko = run(scenario)
    assert "panther://fleet/ledger.jsonl" in listed
    assert "panther://hosts/server-b/disko.nix" in listed
    assert fleet == (generated_fleet / "fleet.toml").read_text()
    assert report == (generated_fleet / "hosts/laptop-a/facter.json").read_text()
    assert disko == (generated_fleet / "hosts/laptop-a/disko.nix").read_text()


def test_a_resource_of_an_unknown_host_is_an_error(generated_fleet: Path, tmp_path: Path) -> None:
    from mcp import MCPError

    async def scenario() -> str:
        async with session("--fleet", str(generated_fleet), cwd=tmp_path) as client:
            try:
                await client.read_resource("panther://hosts/nope/facter.json")
            except MCPError as error:
                return str(error)
            return "no error"

    assert "unknown host 'nope'" in run(scenario)


def _text(result: Any) -> str:
    return str(result.contents[0].text)


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
