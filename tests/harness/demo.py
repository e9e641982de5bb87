"""The deploy part of `./dev demo`: three simulated hosts, two waves, a rollback.

Needs root and Nix (the hosts are namespaces with real sshd and Nix stores); without them it
says in one line what it skipped and how to see it.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.harness import sim


def panther(fleet: sim.SimFleet, *args: str) -> int:
    print(f"\n$ panther {' '.join(args)}", flush=True)
    return subprocess.run(
        [sys.executable, "-m", "pantheros", *args, "--fleet", str(fleet.root)],
        env={**os.environ, **fleet.env},
        check=False,
    ).returncode


def main() -> int:
    reason = sim.available()
    if reason is not None:
        print(
            f"demo: skipped the deploy to simulated hosts ({reason}); "
            "run `sudo ./dev demo` to see it"
        )
        return 0
    print("\nStarting three simulated hosts (web1, web2 in staging; db1 in production)…")
    specs = {"db1": {"stage": "production"}, "web1": {"health": {"units": ["app.service"]}}}
    with_app = {"units": ["sshd.service", "app.service"]}
    initial = {"web1": {"version": "0", **with_app}}
    with sim.sim_fleet(["web1", "web2", "db1"], specs=specs, initial=initial) as fleet:
        fleet.write_systems(
            {
                "web1": {"version": "1", **with_app},
                "web2": {"version": "1"},
                "db1": {"version": "1"},
            }
        )
        panther(fleet, "hosts")
        panther(fleet, "drift", "--all")
        panther(fleet, "deploy", "--all")
        panther(fleet, "health", "--all")
        panther(fleet, "drift", "--all")
        print(
            "\nNow web1's next system forgets to start app.service, which fleet.toml lists in "
            "web1's health checks: the check fails after activation, panther rolls web1 back, "
            "and the production wave does not start.",
            flush=True,
        )
        fleet.write_systems(
            {"web1": {"version": "2"}, "web2": {"version": "2"}, "db1": {"version": "2"}}
        )
        panther(fleet, "deploy", "--all")
        panther(fleet, "status")
        panther(fleet, "history")
        print("\nStopping the simulated hosts; nothing is left behind.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
