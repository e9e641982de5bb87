"""Deploy and health speed on 20 simulated hosts (root; tests/harness/sim.py).

1. `panther deploy --all --max-parallel 10` to 20 hosts in two stages of 10: total wall time
   against the ideal, the sum over waves of the slowest host of each (goal: <= 1.3x).
2. A health round over the 20 hosts with warm multiplexing, the same command as Ansible's
   (`systemctl is-system-running`), 10 at a time (goal: <= 1.3 s), and panther's full health
   check (state, failed units, facts, a fresh connection) for comparison.
3. The peer baseline: Ansible (ansible-core from PyPI, in a virtual environment of its own
   under /var/tmp) running the same command ad hoc on the same hosts, `-f 10`, its own SSH
   multiplexing on (ControlPersist). Goal: panther at least 3x faster.

Every round is repeated; medians are reported. Run as root: `python benchmarks/deploy_speed.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.harness import sim  # noqa: E402

ANSIBLE_VENV = Path("/var/tmp/panther-bench-ansible")


def ansible() -> Path:
    bin_dir = ANSIBLE_VENV / "bin"
    if not (bin_dir / "ansible").exists():
        subprocess.run([sys.executable, "-m", "venv", str(ANSIBLE_VENV)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "ansible-core"], check=True)
    return bin_dir / "ansible"


def panther_deploy(fleet: sim.SimFleet) -> dict[str, object]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pantheros", "deploy", "--all", "--max-parallel", "10",
         "--json", "--fleet", str(fleet.root)],
        env={**os.environ, **fleet.env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.monotonic() - start
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["outcome"] == "ok", done.stdout[-2000:] + done.stderr[-2000:]
    ideal = 0.0
    for wave in result["waves"]:
        ideal += max(sum(p["seconds"] for p in h["phases"]) for h in wave["hosts"])
    return {"wall": wall, "engine": result["seconds"], "ideal": ideal}


def health_rounds(fleet: sim.SimFleet, rounds: int) -> dict[str, list[float]]:
    from pantheros.fleet.load import load_file
    from pantheros.ops import health
    from pantheros.ops.targets import target_of
    from pantheros.ssh.transport import Transport

    os.environ.update(fleet.env)
    loaded = load_file(fleet.root / "fleet.toml")
    infos = loaded.infos()
    transport = Transport([target_of(i) for i in infos])
    same: list[float] = []
    full: list[float] = []
    try:
        with ThreadPoolExecutor(max_workers=10) as pool:
            # Warm the masters (one connection per host), then measure.
            list(pool.map(lambda i: transport.run(target_of(i), "true"), infos))
            for _ in range(rounds):
                start = time.monotonic()
                answers = list(
                    pool.map(
                        lambda i: transport.run(target_of(i), "systemctl is-system-running"),
                        infos,
                    )
                )
                same.append(time.monotonic() - start)
                assert all(a.stdout.strip() == "running" for a in answers)
            for _ in range(rounds):
                start = time.monotonic()
                reports = list(
                    pool.map(
                        lambda i: health.check(
                            transport, target_of(i), loaded.document.hosts[i.name].health
                        ),
                        infos,
                    )
                )
                full.append(time.monotonic() - start)
                assert all(r.ok for r in reports)
    finally:
        transport.close()
    return {"same command": same, "full health": full}


def ansible_rounds(fleet: sim.SimFleet, rounds: int) -> list[float]:
    binary = ansible()
    inventory = fleet.base / "inventory.ini"
    lines = ["[fleet]"]
    for name, host in fleet.hosts.items():
        lines.append(
            f"{name} ansible_host=127.0.0.1 ansible_port={host.port} ansible_user=root "
            "ansible_python_interpreter=/usr/bin/python3"
        )
    inventory.write_text("\n".join(lines) + "\n")
    env = {
        **os.environ,
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_SSH_ARGS": (
            f"-F {fleet.env['PANTHER_SSH_CONFIG']} -o ControlMaster=auto -o ControlPersist=300 "
            "-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no"
        ),
        "ANSIBLE_CONTROL_PATH_DIR": str(fleet.base / "ansible-cp"),
        "ANSIBLE_LOCAL_TEMP": str(fleet.base / "ansible-tmp"),
        "ANSIBLE_REMOTE_TMP": "/var/tmp/.ansible-remote",
    }
    argv = [str(binary), "all", "-i", str(inventory), "-f", "10", "-m", "command",
            "-a", "systemctl is-system-running"]  # fmt: skip
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warm its masters
    times = []
    for _ in range(rounds):
        start = time.monotonic()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        times.append(time.monotonic() - start)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-ansible", action="store_true")
    args = parser.parse_args()
    reason = sim.available()
    if reason is not None:
        print(f"deploy_speed: skipped ({reason})")
        return 0
    names = [f"h{i:02d}" for i in range(args.hosts)]
    specs = {n: {"stage": "staging" if i < args.hosts // 2 else "production"}
             for i, n in enumerate(names)}  # fmt: skip
    verdict = 0
    with sim.sim_fleet(names, specs=specs) as fleet:
        deployed = panther_deploy(fleet)
        ratio = float(deployed["wall"]) / float(deployed["ideal"])  # type: ignore[arg-type]
        print(
            f"deploy of {args.hosts} hosts, 2 waves, 10 at a time: {deployed['wall']:.2f} s wall "
            f"(engine {deployed['engine']:.2f} s); ideal {deployed['ideal']:.2f} s; "
            f"{ratio:.2f}x ideal (goal <= 1.3x)"
        )
        verdict |= ratio > 1.3
        rounds = health_rounds(fleet, args.rounds)
        same = statistics.median(rounds["same command"])
        full = statistics.median(rounds["full health"])
        print(f"health round, warm, `systemctl is-system-running` x{args.hosts}: median "
              f"{same:.3f} s (goal <= 1.3 s)")  # fmt: skip
        print(f"full health check x{args.hosts} (state, units, facts, fresh connection): "
              f"median {full:.3f} s")  # fmt: skip
        verdict |= same > 1.3
        if not args.no_ansible:
            peer = statistics.median(ansible_rounds(fleet, args.rounds))
            print(f"ansible ad hoc, same command, -f 10, warm: median {peer:.3f} s; panther is "
                  f"{peer / same:.1f}x faster (goal >= 3x)")  # fmt: skip
            verdict |= peer / same < 3
    return int(verdict)


if __name__ == "__main__":
    sys.exit(main())
