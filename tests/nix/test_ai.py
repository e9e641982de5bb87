"""AI tooling: one MCP declaration rendered for each client, the agents, and their wiring.

lib/mcp.nix and lib/ai-agents.nix are builtins only: nix-instantiate renders every client's
file here, and each is checked against the schema its client reads (the sources are named
at each schema below and in docs/ai.md). The evaluation tier then shows what a host's user
gets: OpenCode with the agents, Claude Code and the Copilot CLI with the same servers, keys
from 1Password as runtime files. fish runs the `why` function with a stand-in `opencode`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

from .nixeval import needs_nix, nix_json
from .tier import needs_tier, tier_json

EXAMPLE = REPO / "examples" / "fleet"
MCP = REPO / "lib" / "mcp.nix"
AGENTS = REPO / "lib" / "ai-agents.nix"

FAKE = {
    "sequentialThinking": "/nix/store/x-seq/bin/mcp-server-sequential-thinking",
    "nixos": "/nix/store/x-mcp-nixos/bin/mcp-nixos",
    "npx": "/nix/store/x-nodejs/bin/npx",
    "panther": "/nix/store/x-pantheros/bin/panther",
    "braveApiKeyFile": "/var/lib/opnix/secrets/braveApiKey",
}
SERVERS = {"sequential-thinking", "brave-search", "context7", "nixos", "deepwiki", "panther"}

# --- the clients' schemas --------------------------------------------------------------------
# OpenCode: anomalyco/opencode packages/core/src/v1/config/mcp.ts (McpLocalConfig,
# McpRemoteConfig; discriminated by "type").
OPENCODE_LOCAL = {"type", "command", "cwd", "environment", "enabled", "timeout"}
OPENCODE_REMOTE = {"type", "url", "enabled", "headers", "oauth", "timeout"}
# Copilot CLI ~/.copilot/mcp-config.json: home-manager modules/programs/github-copilot-cli.nix
# (mcpServers: local with command/args/env, http or sse with url/headers; tools).
COPILOT_LOCAL = {"type", "command", "args", "env", "tools"}
COPILOT_REMOTE = {"type", "url", "headers", "tools"}
# Claude Code .mcp.json and VS Code mcp.json: home-manager modules/programs/claude-code
# (stdio with command/args/env, http with url/headers).
STDIO = {"type", "command", "args", "env"}
HTTP = {"type", "url", "headers"}
# Zed's "context_servers": zed-industries/zed crates/settings_content/src/project.rs
# (ContextServerSettingsContent, untagged: Stdio with command/args/env, Http with url/headers).
ZED_STDIO = {"enabled", "remote", "command", "args", "env", "timeout"}
ZED_HTTP = {"enabled", "url", "headers", "timeout"}
# OpenCode's agent and permission schema: packages/core/src/v1/config/agent.ts, permission.ts.
AGENT_KEYS = {"description", "mode", "prompt", "temperature", "permission"}
ACTIONS = {"ask", "allow", "deny"}


def nix_str(value: str) -> str:
    return json.dumps(value)


def render(client: str, **given: str | None) -> Any:
    args = " ".join(f"{k} = {nix_str(v)};" for k, v in given.items() if v is not None)
    return nix_json(f"let m = import {MCP}; in m.{client} (m.defaults {{ {args} }})")


def is_str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


pytestmark = needs_nix


def test_opencode_gets_every_server_in_its_own_shape() -> None:
    servers = render("opencode", **FAKE)
    assert set(servers) == SERVERS
    for name, server in servers.items():
        assert isinstance(server["enabled"], bool)
        if server["type"] == "local":
            assert set(server) <= OPENCODE_LOCAL, name
            command = server["command"]
            assert command and all(isinstance(part, str) for part in command)
            assert command[0].startswith("/nix/store/"), name  # no PATH lookups
            assert is_str_map(server.get("environment", {}))
        else:
            assert server["type"] == "remote" and set(server) <= OPENCODE_REMOTE, name
            assert server["url"].startswith("https://")
    assert servers["panther"]["command"][1:] == ["mcp"]
    assert servers["brave-search"]["environment"] == {"BRAVE_API_KEY_FILE": FAKE["braveApiKeyFile"]}
    assert servers["context7"]["url"] == "https://mcp.context7.com/mcp"
    assert servers["deepwiki"]["url"] == "https://mcp.deepwiki.com/mcp"


@pytest.mark.parametrize(
    ("client", "top", "local", "remote", "local_type", "remote_type"),
    [
        ("copilotCli", "mcpServers", COPILOT_LOCAL, COPILOT_REMOTE, "local", "http"),
        ("claudeCode", "mcpServers", STDIO, HTTP, "stdio", "http"),
        ("vscode", "servers", STDIO, HTTP, "stdio", "http"),
    ],
)
def test_the_other_clients_get_the_same_servers_in_their_shape(
    client: str, top: str, local: set[str], remote: set[str], local_type: str, remote_type: str
) -> None:
    rendered = render(client, **FAKE)
    assert set(rendered) == {top}
    servers = rendered[top]
    assert set(servers) == SERVERS
    opencode = render("opencode", **FAKE)
    for name, server in servers.items():
        if "command" in server:
            assert server["type"] == local_type and set(server) <= local, name
            assert isinstance(server["args"], list)
            # The same program and arguments as OpenCode's.
            assert [server["command"], *server["args"]] == opencode[name]["command"]
            assert server.get("env", {}) == opencode[name].get("environment", {})
        else:
            assert server["type"] == remote_type and set(server) <= remote, name
            assert server["url"] == opencode[name]["url"]
        if client == "copilotCli":
            assert server["tools"] == ["*"]


def test_zed_gets_the_same_servers_told_apart_by_their_fields() -> None:
    servers = render("zed", **FAKE)
    assert set(servers) == SERVERS
    opencode = render("opencode", **FAKE)
    for name, server in servers.items():
        assert server["enabled"] is True
        if "command" in server:
            # Untagged: a stray "url" (or "type") would make Zed read it as the other kind.
            assert set(server) <= ZED_STDIO and "url" not in server, name
            assert [server["command"], *server["args"]] == opencode[name]["command"]
            assert server.get("env", {}) == opencode[name].get("environment", {})
        else:
            assert set(server) <= ZED_HTTP and server["url"] == opencode[name]["url"], name
    off = render("zed", **{**FAKE, "braveApiKeyFile": None, "panther": None})
    assert set(off) == SERVERS - {"brave-search", "panther"}


def test_a_server_without_what_it_needs_is_off_everywhere() -> None:
    # No Brave key (a machine without 1Password) and no panther package.
    opencode = render("opencode", **{**FAKE, "braveApiKeyFile": None, "panther": None})
    assert opencode["brave-search"]["enabled"] is False
    assert "environment" not in opencode["brave-search"]
    assert opencode["panther"]["enabled"] is False
    for client, top in (("copilotCli", "mcpServers"), ("claudeCode", "mcpServers")):
        servers = render(client, **{**FAKE, "braveApiKeyFile": None, "panther": None})[top]
        assert set(servers) == SERVERS - {"brave-search", "panther"}


def test_no_client_file_holds_a_secret() -> None:
    """Keys reach the servers as paths of runtime files, never as values."""
    for client in ("opencode", "copilotCli", "claudeCode", "vscode", "zed"):
        text = json.dumps(render(client, **FAKE))
        assert '"BRAVE_API_KEY"' not in text
        assert '"BRAVE_API_KEY_FILE": "/var/lib/opnix/secrets/braveApiKey"' in text


# --- the agents ------------------------------------------------------------------------------


def agents_json() -> dict[str, Any]:
    expr = (
        f"let a = import {AGENTS}; m = import {MCP}; in "
        f"{{ roles = a.agents; context = a.context; "
        f"opencode = a.opencode {{ inherit (a) agents; servers = builtins.attrNames "
        f'(m.defaults {{ sequentialThinking = "s"; nixos = "n"; npx = "x"; }}); }}; }}'
    )
    result: dict[str, Any] = nix_json(expr)
    return result


def test_sixteen_roles_each_with_a_prompt_tools_and_whether_it_may_write() -> None:
    data = agents_json()
    roles = data["roles"]
    assert len(roles) == 16
    # The roles the issue names.
    assert {
        "nix-reviewer", "module-author", "deploy-planner", "drift-investigator",
        "backup-auditor", "test-writer", "doc-writer", "neovim-coach",
    } <= set(roles)  # fmt: skip
    for name, role in roles.items():
        assert len(role["description"]) > 20, name
        assert len(role["prompt"].split()) > 30, name
        assert isinstance(role["write"], bool) and isinstance(role["web"], bool)
        shell = role["shell"]
        assert set(shell.values()) <= ACTIONS if isinstance(shell, dict) else shell in ACTIONS
        assert set(role["mcp"]) <= SERVERS, (name, role["mcp"])
    writers = {name for name, role in roles.items() if role["write"]}
    assert writers == {"module-author", "test-writer", "doc-writer", "flake-updater"}
    assert "Secrets" in data["context"] and "1Password" in data["context"]


def test_opencode_gets_the_agents_in_its_schema_with_permissions() -> None:
    data = agents_json()
    roles, agents = data["roles"], data["opencode"]
    assert set(agents) == set(roles)
    for name, agent in agents.items():
        assert set(agent) <= AGENT_KEYS, name
        assert agent["mode"] in {"subagent", "primary", "all"}
        assert isinstance(agent["temperature"], float)
        permission = agent["permission"]
        assert permission["edit"] == ("allow" if roles[name]["write"] else "deny")
        assert permission["webfetch"] == ("allow" if roles[name]["web"] else "deny")
        bash = permission["bash"]
        if isinstance(bash, dict):
            # The last matching rule wins, so the catch-all must come first.
            assert next(iter(bash)) == "*" and bash["*"] == "ask", name
            assert set(bash.values()) <= ACTIONS
        else:
            assert bash in ACTIONS
        # A server's tools are "<server>_<tool>": the ones the role may not use are denied.
        denied = {key.removesuffix("_*") for key in permission if key.endswith("_*")}
        assert denied == SERVERS - set(roles[name]["mcp"]), name
        assert all(permission[f"{s}_*"] == "deny" for s in denied)


# --- what a host's user gets (the evaluation tier) ------------------------------------------

HOME = [
    "programs.opencode",
    "programs.claude-code.enable",
    "programs.claude-code.mcpServers",
    "programs.github-copilot-cli.enable",
    "programs.github-copilot-cli.mcpServers",
    "programs.zed-editor.userSettings",
    "programs.fish.functions",
    "programs.fish.shellAbbrs",
    "panther.ai",
]


@pytest.fixture(scope="module")
def hosts() -> dict[str, Any]:
    result: dict[str, Any] = tier_json(
        EXAMPLE,
        probes=["panther.host", "panther.secrets.wanted", "nixpkgs.config", "panther.ai"],
        home_probes=HOME,
    )
    return result


def home_of(host: dict[str, Any]) -> dict[str, Any]:
    user = host["probes"]["panther.host"]["user"]
    result: dict[str, Any] = host["home"][user]
    return result


@needs_tier
def test_laptops_get_opencode_with_the_agents_and_the_servers_from_one_declaration(
    hosts: dict[str, Any],
) -> None:
    for name in ("zephyrus", "yoga"):
        home = home_of(hosts[name])
        opencode = home["programs.opencode"]
        assert opencode["enable"] is True
        settings = opencode["settings"]
        assert settings["autoupdate"] is False and settings["share"] == "disabled"
        assert set(settings["mcp"]) == SERVERS
        assert all(server["enabled"] for server in settings["mcp"].values())
        assert len(settings["agent"]) == 16
        assert "1Password" in opencode["context"]
        # The provider key is a file OpenCode reads at start.
        assert settings["provider"] == {
            "anthropic": {"options": {"apiKey": "{file:/var/lib/opnix/secrets/anthropicApiKey}"}}
        }
        # Claude Code: the same servers, its shape.
        assert home["programs.claude-code.enable"] is True
        claude = home["programs.claude-code.mcpServers"]
        assert set(claude) == SERVERS
        for server, entry in claude.items():
            if "command" in entry:
                assert [entry["command"], *entry["args"]] == settings["mcp"][server]["command"]
        # Zed's agent panel: the same servers, Zed's shape.
        zed = home["programs.zed-editor.userSettings"]["context_servers"]
        assert set(zed) == SERVERS
        assert zed["panther"]["command"] == settings["mcp"]["panther"]["command"][0]
        assert zed["deepwiki"] == {"enabled": True, "url": "https://mcp.deepwiki.com/mcp"}
        # Copilot only when asked for (a subscription; code goes to GitHub).
        assert home["programs.github-copilot-cli.enable"] in (False, None)
        assert home["programs.fish.shellAbbrs"]["ai"] == "opencode"
        assert "why" in home["programs.fish.functions"]


@needs_tier
def test_the_keys_come_from_1password_for_the_user_and_the_unfree_tools_are_allowed(
    hosts: dict[str, Any],
) -> None:
    for name in ("zephyrus", "yoga"):
        probes = hosts[name]["probes"]
        user = probes["panther.host"]["user"]
        wanted = probes["panther.secrets.wanted"]
        for key, field in (
            ("braveApiKey", "brave-api-key"),
            ("anthropicApiKey", "anthropic-api-key"),
        ):
            assert wanted[key]["item"] == "ai" and wanted[key]["field"] == field
            assert wanted[key]["owner"] == user and wanted[key]["mode"] == "0600"
        assert probes["panther.ai"]["secretFiles"]["braveApiKey"] == (
            "/var/lib/opnix/secrets/braveApiKey"
        )
        assert probes["nixpkgs.config"]["allowUnfreePackages"] == ["claude-code"]
    for name in ("hetzner-vps", "ovh-vps", "contabo-vps"):
        probes = hosts[name]["probes"]
        assert probes["panther.ai"]["enable"] is False
        assert not {"braveApiKey", "anthropicApiKey"} & set(probes["panther.secrets.wanted"])


@needs_tier
def test_copilot_on_brings_the_copilot_cli_with_the_same_servers() -> None:
    host = tier_json(
        EXAMPLE,
        probes=["panther.host", "nixpkgs.config"],
        home_probes=HOME,
        extra_modules=["{ panther.ai.copilot.enable = true; }"],
        select='.hosts."yoga"',
    )
    home = home_of(host)
    assert home["programs.github-copilot-cli.enable"] is True
    copilot = home["programs.github-copilot-cli.mcpServers"]
    assert set(copilot) == SERVERS
    assert all(server["tools"] == ["*"] for server in copilot.values())
    assert sorted(host["probes"]["nixpkgs.config"]["allowUnfreePackages"]) == [
        "claude-code",
        "github-copilot-cli",
    ]


@needs_tier
def test_a_user_drops_a_server_and_changes_an_agent_field_by_field() -> None:
    host = tier_json(
        EXAMPLE,
        probes=["panther.host"],
        home_probes=HOME,
        extra_modules=[
            """{ home-manager.users.alex.panther.ai = {
                 mcp.servers.deepwiki.enable = false;
                 agents.doc-writer.write = false;
                 agents.neovim-coach.enable = false;
               }; }"""
        ],
        select='.hosts."yoga"',
    )
    home = home_of(host)
    settings = home["programs.opencode"]["settings"]
    assert settings["mcp"]["deepwiki"]["enabled"] is False
    assert "deepwiki" not in home["programs.claude-code.mcpServers"]
    assert settings["agent"]["doc-writer"]["permission"]["edit"] == "deny"
    assert settings["agent"]["doc-writer"]["prompt"]  # the other fields stay
    assert "neovim-coach" not in settings["agent"]


@needs_tier
def test_without_nixos_opencode_runs_without_keys() -> None:
    homes = tier_json(EXAMPLE, home_probes=HOME, select=".homes")
    alex = homes["alex"]
    assert alex["failedAssertions"] == [] and alex["warnings"] == []
    settings = alex["probes"]["programs.opencode"]["settings"]
    assert settings["mcp"]["brave-search"]["enabled"] is False  # no key file here
    assert "provider" not in settings  # `opencode auth login` instead
    assert len(settings["agent"]) == 16


FISH = shutil.which("fish")


@needs_tier
@pytest.mark.skipif(FISH is None, reason="fish is not installed")
def test_why_asks_opencode_about_the_last_failed_command(
    hosts: dict[str, Any], tmp_path: Path
) -> None:
    assert FISH is not None
    functions = home_of(hosts["yoga"])["programs.fish.functions"]
    body = functions["why"]["body"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "opencode").write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    (bin_dir / "opencode").chmod(0o755)
    state = tmp_path / "state" / "panther"
    state.mkdir(parents=True)
    (state / "last-command").write_text("nix\\ build\\ .\\#foo\n1\n/home/alex/fleet\n")
    script = tmp_path / "why.fish"
    script.write_text(f"function why\n{body}\nend\nwhy is it broken\n")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    proc = subprocess.run(
        [FISH, "--no-config", str(script)], env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    args = proc.stdout.splitlines()
    assert args[:3] == ["run", "--agent", "shell-helper"]
    question = args[-1]
    assert "`nix\\ build\\ .\\#foo` exited with status 1 in /home/alex/fleet" in question
    assert question.endswith("is it broken")
