"""drift, health and status against hosts that do not answer: a result per host, no crash."""

from __future__ import annotations

import socket
from pathlib import Path

from pantheros.ops.drift import DriftReport
from pantheros.ops.health import FleetHealth
from pantheros.ops.status import FleetStatus

from .client import call, run, session, tools_by_name

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 sam@test"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends


def dark_fleet(root: Path) -> Path:
    """Two hosts on 127.0.0.1 ports nobody listens on."""
    root.mkdir()
    hosts = "".join(
        f'[hosts.{name}]\nclass = "server"\nsystem = "x86_64-linux"\nstage = "{stage}"\n'
        f'user = "sam"\n\n[hosts.{name}.deploy]\nhost = "127.0.0.1"\nport = {closed_port()}\n'
        f'host_key = "{KEY.rsplit(" ", 1)[0]}"\n\n'
        for name, stage in (("web1", "staging"), ("db1", "production"))
    )
    (root / "fleet.toml").write_text(
        '[fleet]\nname = "dark"\nstages = ["staging", "production"]\n\n'
        f'[users.sam]\nssh_keys = ["{KEY}"]\n\n{hosts}'
    )
    return root


def test_unreachable_hosts_are_reported_per_host(tmp_path: Path) -> None:
    fleet = dark_fleet(tmp_path / "dark")

    async def scenario() -> tuple[dict[str, object], ...]:
        args = ("--fleet", str(fleet), "--connect-timeout", "2")
        async with session(*args, cwd=tmp_path) as client:
            tools = await tools_by_name(client)
            return (
                await call(client, tools, "health"),
                await call(client, tools, "drift"),
                await call(client, tools, "status", hosts=["@production"]),
            )

    health_json, drift_json, status_json = run(scenario)
    health = FleetHealth.model_validate(health_json)
    assert [(h.host, h.reachable, h.ok) for h in health.hosts] == [
        ("web1", False, False),
        ("db1", False, False),
    ]
    assert all(h.problems[0].startswith("unreachable: ") for h in health.hosts)
    drift = DriftReport.model_validate(drift_json)
    assert {h.host: h.state for h in drift.hosts} == {"web1": "unreachable", "db1": "unreachable"}
    status = FleetStatus.model_validate(status_json)
    assert [(h.host, h.reachable, h.drift) for h in status.hosts] == [("db1", False, "unreachable")]
