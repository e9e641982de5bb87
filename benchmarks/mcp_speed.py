"""`panther mcp` on the bundled example fleet: how long a start takes, and a tool call.

Start: spawn the server and send `initialize`, until its answer arrives (goal: 1 s). Calls:
the round trip of read-only tools an agent makes all the time, list_hosts, host_details and
search_options, each the median of many calls over one session (goal: 100 ms). The client is
the SDK's own, over stdio, as an agent's is.

Run: `python benchmarks/mcp_speed.py [--starts N] [--calls N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import Implementation

START_GOAL_MS = 1000
CALL_GOAL_MS = 100
CALLS = {
    "list_hosts": {},
    "host_details": {"host": "zephyrus"},
    "search_options": {"query": "snapshot"},
}


def params(cwd: str) -> StdioServerParameters:
    # Outside any fleet: the server falls back to the bundled example, as `panther hosts` does.
    return StdioServerParameters(command=sys.executable, args=["-m", "pantheros", "mcp"], cwd=cwd)


async def start_once(cwd: str) -> float:
    begin = time.perf_counter()
    async with (
        stdio_client(params(cwd), errlog=_devnull()) as (read, write),
        ClientSession(read, write, client_info=Implementation(name="bench", version="1")) as s,
    ):
        await s.initialize()
        return (time.perf_counter() - begin) * 1000


async def calls(cwd: str, n: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in CALLS}
    async with (
        stdio_client(params(cwd), errlog=_devnull()) as (read, write),
        ClientSession(read, write, client_info=Implementation(name="bench", version="1")) as s,
    ):
        await s.initialize()
        await s.list_tools()  # the client caches output schemas, as agents do
        for name, arguments in CALLS.items():
            await s.call_tool(name, arguments)  # warm: first imports, first fleet read
        for _ in range(n):
            for name, arguments in CALLS.items():
                begin = time.perf_counter()
                result = await s.call_tool(name, arguments)
                timings[name].append((time.perf_counter() - begin) * 1000)
                assert not result.is_error, result.content
    return timings


def _devnull():  # type: ignore[no-untyped-def]
    return Path("/dev/null").open("w")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    cwd = tempfile.mkdtemp(prefix="panther-bench-mcp-")

    starts = [anyio.run(start_once, cwd) for _ in range(args.starts)]
    timings = anyio.run(calls, cwd, args.calls)

    verdict = 0
    start = statistics.median(starts)
    ok = start <= START_GOAL_MS
    verdict |= not ok
    print(
        f"{'start (spawn → initialize answered)':40} median {start:7.1f} ms "
        f"(min {min(starts):.1f}, max {max(starts):.1f}, {len(starts)} starts)  "
        + (f"ok (goal <= {START_GOAL_MS} ms)" if ok else f"OVER GOAL ({START_GOAL_MS} ms)")
    )
    for name, times in timings.items():
        ms = statistics.median(times)
        ok = ms <= CALL_GOAL_MS
        verdict |= not ok
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"{'call ' + name:40} median {ms:7.1f} ms (p95 {p95:.1f}, {len(times)} calls)  "
            + (f"ok (goal <= {CALL_GOAL_MS} ms)" if ok else f"OVER GOAL ({CALL_GOAL_MS} ms)")
        )
    return int(verdict)


if __name__ == "__main__":
    sys.exit(main())
