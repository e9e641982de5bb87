"""`panther drift`: does each host run what the fleet's flake says it should?

For each host: the desired system (evaluated from the flake, not built) against
/run/current-system (what runs), the system profile (what a reboot or rollback starts from,
and what panther deploys set) and /run/booted-system (what the kernel booted):

  in-sync       runs the desired system, and the profile points at it
  behind        runs the system panther last deployed to it (the ledger says so), and the
                flake has moved on since
  unknown       runs something panther did not deploy: switched by hand (nixos-rebuild, or
                switch-to-configuration run directly), or what runs is not the profile's
                system (a `test` activation)
  needs-reboot  the running system's kernel, initrd or kernel modules are not the booted ones,
                or a `--mode boot` deploy waits for the next boot
  unreachable   no answer over SSH
  no-host-key   not contacted: fleet.toml pins no SSH host key for it, so it could not be
                told from an impostor (a host added but not installed yet)

needs-reboot wins over in-sync and behind: it says what to do next.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pantheros.fleet.model import Fleet, HostInfo
from pantheros.nix import cli as nix
from pantheros.ops import ledger, remote
from pantheros.ops.health import parse_facts
from pantheros.ops.targets import NO_HOST_KEY, target_of
from pantheros.ssh.transport import Transport

State = Literal[
    "in-sync", "behind", "unknown", "needs-reboot", "unreachable", "no-host-key", "unevaluated"
]


class HostDrift(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str
    state: State
    desired: str | None
    current: str | None
    profile: str | None
    booted: str | None
    generation: str | None
    reboot_for: list[str]  # kernel, initrd, kernel-modules; system: a --mode boot deploy
    detail: str = ""


class DriftReport(BaseModel):
    """The `--json` schema of `panther drift`."""

    model_config = ConfigDict(frozen=True)

    fleet: str
    hosts: list[HostDrift]

    @property
    def in_sync(self) -> bool:
        return all(h.state == "in-sync" for h in self.hosts)


def classify(
    desired: str | None, facts: dict[str, list[str]], deployed: str | None
) -> tuple[State, list[str]]:
    """The drift state from what a host reported (remote.facts) and the system panther last
    deployed to it (from the ledger); pure."""

    def one(key: str) -> str:
        return (facts.get(key) or [""])[0]

    current, profile = one("current"), one("profile")
    reboot_for = [
        part
        for part in ("kernel", "initrd", "kernel-modules")
        if one(f"booted-{part}") and one(f"current-{part}") != one(f"booted-{part}")
    ]
    if reboot_for:
        return "needs-reboot", reboot_for
    if current and profile and current != profile:
        # The profile is the next boot's system: one panther deployed with --mode boot waits
        # for the reboot; anything else was changed by hand (or is a `test` activation).
        if deployed is not None and profile == deployed:
            return "needs-reboot", ["system"]
        return "unknown", []
    if desired is None:
        return "unevaluated", []
    if current == desired:
        return "in-sync", []
    if deployed is not None and current == deployed:
        return "behind", []
    return "unknown", []


def last_deployed(records: list[dict[str, object]], host: str) -> str | None:
    """The system the latest successful deploy (or rollback) put on `host`."""
    for record in reversed(records):
        for wave in record.get("waves") or []:  # type: ignore[attr-defined]
            for result in wave.get("hosts") or []:
                if result.get("host") == host and result.get("outcome") == "deployed":
                    system = result.get("system")
                    return str(system) if system else None
    return None


def desired_system(flake: str, host: str, transport: Transport) -> tuple[str | None, str]:
    done = transport.spawn(nix.eval_argv(flake, host), timeout=900)
    if not done.ok:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        return None, lines[-1].strip() if lines else f"nix eval exited {done.returncode}"
    return done.stdout.strip(), ""


def drift(
    fleet: Fleet,
    hosts: list[HostInfo],
    *,
    flake: str | None = None,
    max_parallel: int = 10,
    connect_timeout: float = 10.0,
) -> DriftReport:
    transport = Transport([target_of(h) for h in hosts], connect_timeout=connect_timeout)
    where = flake or str(fleet.root)
    records = ledger.read(fleet.root)

    def one(info: HostInfo) -> HostDrift:
        desired, why = desired_system(where, info.name, transport)

        def not_contacted(state: State, detail: str) -> HostDrift:
            return HostDrift(
                host=info.name, state=state, desired=desired, current=None, profile=None,
                booted=None, generation=None, reboot_for=[], detail=detail,
            )  # fmt: skip

        if info.host_key is None:
            return not_contacted("no-host-key", NO_HOST_KEY)
        done = transport.run(target_of(info), remote.facts(), timeout=60)
        if not done.ok:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            return not_contacted(
                "unreachable", lines[-1].strip() if lines else f"ssh exited {done.returncode}"
            )
        facts = parse_facts(done.stdout)
        state, reboot_for = classify(desired, facts, last_deployed(records, info.name))

        def value(key: str) -> str | None:
            return (facts.get(key) or [""])[0] or None

        return HostDrift(
            host=info.name,
            state=state,
            desired=desired,
            current=value("current"),
            profile=value("profile"),
            booted=value("booted"),
            generation=value("generation"),
            reboot_for=reboot_for,
            detail=why,
        )

    try:
        with ThreadPoolExecutor(max_workers=max_parallel) as pool:
            results = list(pool.map(one, hosts))
    finally:
        transport.close()
    return DriftReport(fleet=fleet.name, hosts=results)
