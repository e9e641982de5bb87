"""The MCP SDK's own client against a real `panther mcp` process, over stdio."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
import jsonschema
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult, Implementation, Tool

T = TypeVar("T")
CLIENT = Implementation(name="pytest-agent", version="9.9")
READ_ONLY_TOOLS = {
    "list_hosts",
    "host_details",
    "storage_plan",
    "storage_check",
    "plan_deploy",
    "drift",
    "health",
    "status",
    "history",
    "search_options",
}
ACTING_TOOLS = {"plan_rollback", "deploy", "rollback"}


def run(test: Callable[[], Awaitable[T]]) -> T:
    return anyio.run(test)


@asynccontextmanager
async def session(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    errlog: Any = None,
) -> AsyncIterator[ClientSession]:
    """`panther mcp ARGS` started the way an agent's config starts it; initialised."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "NO_COLOR": "1",
        **(env or {}),
    }
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "pantheros", "mcp", *args],
        cwd=str(cwd),
        env=environment,
    )
    log = errlog if errlog is not None else sys.stderr
    async with (
        stdio_client(params, errlog=log) as (read, write),
        ClientSession(read, write, client_info=CLIENT) as client,
    ):
        await client.initialize()
        yield client


async def tools_by_name(client: ClientSession) -> dict[str, Tool]:
    return {tool.name: tool for tool in (await client.list_tools()).tools}


async def call(
    client: ClientSession, tools: dict[str, Tool], name: str, **arguments: Any
) -> dict[str, Any]:
    """A tool's structured result, checked against the output schema the server published."""
    result = await client.call_tool(name, arguments)
    assert not result.is_error, text(result)
    assert result.structured_content is not None
    schema = tools[name].output_schema
    assert schema is not None
    jsonschema.validate(result.structured_content, schema)
    return result.structured_content


async def failure(client: ClientSession, name: str, **arguments: Any) -> str:
    """A tool call that must fail: its message."""
    result = await client.call_tool(name, arguments)
    assert result.is_error, result.structured_content
    return text(result)


def text(result: CallToolResult) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)
