"""The server's tools: each calls the library function its CLI command calls, nothing more.

Inputs are the tools' typed parameters (the SDK turns them into JSON Schema); outputs are the
models `--json` prints (DeployPlan, DriftReport, FleetHealth, …), so an agent reads the same
schema a script does. A PantherError becomes a tool error with the CLI's own lines.
"""

import functools
import getpass
import socket
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from pantheros.errors import PantherError
from pantheros.fleet.hosts import HostList, list_hosts
from pantheros.fleet.load import load_file
from pantheros.fleet.locate import Source
from pantheros.fleet.model import Fleet, HostInfo
from pantheros.mcp.options_index import OptionSearch, search
from pantheros.mcp.plans import Kind, PlanRefused, PlanStore
from pantheros.ops import deploy as engine
from pantheros.ops import drift as drift_ops
from pantheros.ops import health as health_ops
from pantheros.ops import status as status_ops
from pantheros.ops.deploy import DeployPlan, DeployResult, Mode
from pantheros.ops.drift import DriftReport
from pantheros.ops.health import FleetHealth
from pantheros.ops.inventory import HostDetails, host_details
from pantheros.ops.status import FleetStatus, History
from pantheros.ops.targets import select
from pantheros.storage.check import CheckReport
from pantheros.storage.inputs import check_host, plan_host
from pantheros.storage.model import StoragePlan

F = TypeVar("F", bound=Callable[..., Any])

HostArg = Annotated[str, Field(description="A host of the fleet (see list_hosts).")]
HostsArg = Annotated[
    list[str],
    Field(description="Host names, @stage or @tag; empty: every host of the fleet."),
]
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
# Read-only, but they reach the hosts over SSH.
REMOTE_READ = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=True)
ACTS = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True
)


@dataclass
class Served:
    """What one server process serves: a fleet (re-read on every call), its plans."""

    path: Path
    source: Source
    allow_deploy: bool = False
    connect_timeout: float = 10.0
    plans: PlanStore = field(default_factory=PlanStore)

    def fleet(self) -> Fleet:
        # Re-read each time: the person may edit fleet.toml while the agent works.
        return load_file(self.path, source=self.source)


def error_text(error: PantherError) -> str:
    """What `panther` prints on stderr for the same failure, without the `panther: ` prefix."""
    lines = error.lines()
    if len(lines) == 1:
        return f"error: {lines[0]}"
    return f"error: {len(lines)} problems\n" + "\n".join(f"  {line}" for line in lines)


def as_tool_errors(fn: F) -> F:
    """PantherError → a tool error with the CLI's message; a bug → one line, as the CLI says."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PantherError as error:
            raise ToolError(error_text(error)) from None
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)[-1]
            traceback.print_exc(file=sys.stderr)
            raise ToolError(
                f"internal error: {type(error).__name__}: {error} "
                f"(at {Path(where.filename).name}:{where.lineno}); please report it"
            ) from None

    return wrapper  # type: ignore[return-value]


def client_name(ctx: Context[Any, Any]) -> str:
    """Who acts, for the ledger: the MCP client (as it names itself) and the local account."""
    params = ctx.session.client_params
    info = params.client_info if params is not None else None
    name = _printable(info.name) if info is not None else ""
    version = _printable(info.version) if info is not None else ""
    client = " ".join(part for part in (name or "unknown-client", version) if part)
    return f"mcp:{client} ({getpass.getuser()}@{socket.gethostname()})"


def _printable(text: str | None) -> str:
    # The client names itself: keep the ledger one readable line whatever it sends.
    return "".join(c for c in (text or "") if c.isprintable()).strip()[:64]


def _chosen(fleet: Fleet, hosts: list[str], verb: str) -> list[HostInfo]:
    return select(fleet, hosts, everything=not hosts, verb=verb)


def register(server: MCPServer[Any], served: Served) -> None:
    """Add every tool; deploy and rollback only when the server was started to allow them."""

    def tool(annotations: ToolAnnotations, name: str | None = None) -> Callable[[F], F]:
        def add(fn: F) -> F:
            server.add_tool(as_tool_errors(fn), name=name, annotations=annotations)
            return fn

        return add

    # The library's own names are taken by the functions these call.
    @tool(READ_ONLY, name="list_hosts")
    def list_hosts_tool() -> HostList:
        """The fleet's hosts: class, stage, deploy target, workloads, pinned host key."""
        return list_hosts(served.fleet())

    @tool(READ_ONLY, name="host_details")
    def host_details_tool(host: HostArg) -> HostDetails:
        """One host: its inventory record, health checks and hardware profile (facter report)."""
        return host_details(served.fleet(), host)

    @tool(READ_ONLY)
    def storage_plan(host: HostArg) -> StoragePlan:
        """The Btrfs layout panther plans for the host's hardware and workloads, with reasons."""
        return plan_host(served.fleet(), host)

    @tool(READ_ONLY)
    def storage_check(host: HostArg) -> CheckReport:
        """Check the host's disko.nix against its hardware report (findings; ok when none fail)."""
        return check_host(served.fleet(), host)

    @tool(READ_ONLY)
    def plan_deploy(
        hosts: HostsArg = [],  # noqa: B006 (the SDK copies defaults into the schema)
        all_hosts: Annotated[
            bool, Field(description="Every host of the fleet (instead of naming hosts).")
        ] = False,
        mode: Annotated[
            Mode, Field(description="switch now, activate at the next boot, or test only.")
        ] = "switch",
        max_parallel: Annotated[int, Field(ge=1, description="Hosts at a time in a wave.")] = 10,
        confirm_within: Annotated[
            int,
            Field(ge=10, description="Seconds before an unconfirmed host rolls itself back."),
        ] = 180,
    ) -> DeployPlan:
        """Dry run of a deploy: waves, hosts and each phase's commands; touches nothing.

        Returns a plan whose id the deploy tool (when the server allows deploys) runs, as long
        as fleet.toml and the flake have not changed since.
        """
        fleet = served.fleet()
        chosen = select(fleet, hosts, everything=all_hosts, verb="deploy")
        options = engine.DeployOptions(
            mode=mode,
            max_parallel=max_parallel,
            confirm_within=confirm_within,
            connect_timeout=served.connect_timeout,
        )
        planned = engine.plan(fleet, chosen, options)
        served.plans.add(
            fleet.root, planned, kind="deploy", hosts=[h.name for h in chosen], options=options
        )
        return planned

    @tool(REMOTE_READ)
    def drift(hosts: HostsArg = []) -> DriftReport:  # noqa: B006
        """Per host: in-sync, behind, unknown, needs-reboot, unreachable, no-host-key (never
        contacted: no pinned key) or unevaluated."""
        fleet = served.fleet()
        return drift_ops.drift(
            fleet, _chosen(fleet, hosts, "drift"), connect_timeout=served.connect_timeout
        )

    @tool(REMOTE_READ)
    def health(hosts: HostsArg = []) -> FleetHealth:  # noqa: B006
        """Check hosts now: system state, failed and required units, probes, backup age."""
        fleet = served.fleet()
        return health_ops.fleet_health(
            fleet, _chosen(fleet, hosts, "health"), connect_timeout=served.connect_timeout
        )

    @tool(REMOTE_READ)
    def status(hosts: HostsArg = []) -> FleetStatus:  # noqa: B006
        """The fleet at a glance: stage, reachable, drift, health and last deploy per host."""
        fleet = served.fleet()
        return status_ops.status(
            fleet, _chosen(fleet, hosts, "status"), connect_timeout=served.connect_timeout
        )

    @tool(READ_ONLY)
    def history(
        host: Annotated[str | None, Field(description="Only runs that touched this host.")] = None,
        limit: Annotated[int, Field(ge=0, description="The last N runs (0: all).")] = 20,
    ) -> History:
        """Deploys and rollbacks from the ledger: who, when, which revision, each host's outcome."""
        return status_ops.history(served.fleet(), host=host, limit=limit)

    @tool(READ_ONLY)
    def search_options(
        query: Annotated[
            str, Field(description="Words to find in option names, types and descriptions.")
        ],
        limit: Annotated[int, Field(ge=1, le=200, description="At most this many.")] = 10,
    ) -> OptionSearch:
        """Search PantherOS's own NixOS options (panther.*): name, type, default, description."""
        return search(query, limit=limit)

    if not served.allow_deploy:
        return

    @tool(REMOTE_READ)
    def plan_rollback(host: HostArg) -> DeployPlan:
        """Dry run of a rollback to the host's previous generation (asks the host which one)."""
        fleet = served.fleet()
        (info,) = select(fleet, [host], everything=False, verb="rollback")
        options = engine.rollback_options(
            fleet, info, engine.DeployOptions(connect_timeout=served.connect_timeout)
        )
        planned = engine.plan(fleet, [info], options)
        served.plans.add(fleet.root, planned, kind="rollback", hosts=[host], options=options)
        return planned

    def run(plan_id: str, kind: Kind, ctx: Context[Any, Any]) -> DeployResult:
        fleet = served.fleet()
        stored = served.plans.take(plan_id, fleet.root, kind=kind)
        missing = [h for h in stored.hosts if h not in fleet.document.hosts]
        if missing:  # the fingerprint makes this unreachable; kept as a last guard
            raise PlanRefused(f"plan {plan_id!r} names unknown hosts: {', '.join(missing)}")
        options = stored.options.model_copy(update={"who": client_name(ctx)})
        hosts = [fleet.info(name) for name in stored.hosts]
        return engine.execute(fleet, hosts, stored.plan, options)

    PlanId = Annotated[str, Field(description="The id of a plan this server returned.")]

    @tool(ACTS)
    def deploy(plan_id: PlanId, ctx: Context[Any, Any]) -> DeployResult:
        """Run a deploy plan from plan_deploy, by its id: build, copy, activate, health, confirm.

        Refused when the plan is unknown, already run, expired, or stale (fleet.toml or the
        flake changed after planning). Recorded in the deploy ledger with this client's name.
        """
        return run(plan_id, "deploy", ctx)

    @tool(ACTS)
    def rollback(plan_id: PlanId, ctx: Context[Any, Any]) -> DeployResult:
        """Run a rollback plan from plan_rollback, by its id, with the same health gate."""
        return run(plan_id, "rollback", ctx)
