"""Nothing but the protocol on stdout: stray prints and children's output go to stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .test_unreachable import dark_fleet

STRAY = """
import os, sys
from pantheros.mcp.guard import stray_output_to_stderr
with stray_output_to_stderr() as wire:
    print("stray print")
    sys.stdout.write("stray write\\n")
    os.system("echo stray child")
    wire.hand_back()
    os.write(1, b"wire\\n")
"""


def test_stray_output_goes_to_stderr_until_the_transport_takes_stdout() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STRAY], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wire\n"
    for line in ("stray print", "stray write", "stray child"):
        assert line in done.stderr


def test_every_line_on_stdout_is_json_rpc(tmp_path: Path) -> None:
    """A raw session (no SDK on this side): ssh and nix run and fail, stdout stays clean."""
    fleet = dark_fleet(tmp_path / "dark")
    requests = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "1"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "status", "arguments": {}}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
         "params": {"name": "storage_plan", "arguments": {"host": "nope"}}},
    ]  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "pantheros", "mcp", "--fleet", str(fleet),
         "--connect-timeout", "2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path,
    )  # fmt: skip
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write("".join(json.dumps(r) + "\n" for r in requests))
    server.stdin.flush()
    answers = []
    # Read until both calls have answered (EOF on stdin would end the session first).
    while not {2, 3} <= {a.get("id") for a in answers}:
        line = server.stdout.readline()
        assert line, "the server closed stdout"
        answers.append(json.loads(line))
    server.stdin.close()
    server.wait(timeout=60)
    rest = server.stdout.read()
    stderr = server.stderr.read() if server.stderr else ""
    answers += [json.loads(line) for line in rest.splitlines()]
    assert server.returncode == 0, stderr
    assert all(a["jsonrpc"] == "2.0" for a in answers)
    by_id = {a["id"]: a for a in answers if "id" in a}
    assert by_id[1]["result"]["serverInfo"]["name"] == "panther"
    status = by_id[2]["result"]["structuredContent"]
    assert {h["host"]: h["reachable"] for h in status["hosts"]} == {"web1": False, "db1": False}
    assert by_id[3]["result"]["isError"] is True
    assert "serving fleet 'dark'" in stderr
