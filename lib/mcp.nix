# MCP servers: one declaration (panther.ai.mcp.servers), rendered for each
# client in the shape it reads (docs/ai.md has each schema and its source).
#
#   opencode servers     the value of opencode.json's "mcp"
#                        (anomalyco/opencode packages/core/src/v1/config/mcp.ts:
#                        McpLocalConfig { type "local", command [..], environment,
#                        enabled }, McpRemoteConfig { type "remote", url, headers,
#                        enabled })
#   copilotCli servers   ~/.copilot/mcp-config.json: { mcpServers.<n> = { type
#                        "local", command, args, env, tools } or { type "http",
#                        url, headers, tools } } (home-manager
#                        modules/programs/github-copilot-cli.nix, mcpServers)
#   claudeCode servers   Claude Code's .mcp.json: { mcpServers.<n> = { type
#                        "stdio", command, args, env } or { type "http", url,
#                        headers } } (home-manager modules/programs/claude-code)
#   vscode servers       VS Code's mcp.json: { servers.<n> = … } with the same
#                        entries as Claude Code's (not written by PantherOS)
#   zed servers          the value of Zed's "context_servers" setting: <n> =
#                        { enabled, command, args, env } or { enabled, url,
#                        headers } (zed-industries/zed
#                        crates/settings_content/src/project.rs @ 006ce515:
#                        ContextServerSettingsContent, untagged Stdio | Http)
#
# A server is { enable, command, args, env, url, headers }: `command` for a
# local (stdio) server, `url` for a remote (HTTP) one. Secrets never appear in
# the files: a server gets the *path* of its key (Brave Search reads
# BRAVE_API_KEY_FILE itself).
#
# `defaults` is PantherOS's own set, given where their programs are.
#
# Builtins only: tests/nix/test_ai.py renders every client's file with
# nix-instantiate and checks it against the client's schema.
let
  inherit (builtins)
    attrNames
    filter
    listToAttrs
    mapAttrs
    ;

  filterAttrs =
    keep: attrs:
    listToAttrs (
      map (name: {
        inherit name;
        value = attrs.${name};
      }) (filter (name: keep name attrs.${name}) (attrNames attrs))
    );

  optionalAttrs = cond: attrs: if cond then attrs else { };

  isRemote = server: (server.url or null) != null;
  isEnabled = server: server.enable or true;
  env = server: server.env or { };
  headers = server: server.headers or { };
  args = server: server.args or [ ];

  enabledOnly = filterAttrs (_: isEnabled);

  # The entry most clients share (Claude Code, VS Code): stdio or http.
  stdioOrHttp =
    server:
    if isRemote server then
      {
        type = "http";
        inherit (server) url;
      }
      // optionalAttrs (headers server != { }) { headers = headers server; }
    else
      {
        type = "stdio";
        inherit (server) command;
        args = args server;
      }
      // optionalAttrs (env server != { }) { env = env server; };
in
{
  opencode = mapAttrs (
    _: server:
    {
      enabled = isEnabled server;
    }
    // (
      if isRemote server then
        {
          type = "remote";
          inherit (server) url;
        }
        // optionalAttrs (headers server != { }) { headers = headers server; }
      else
        {
          type = "local";
          command = [ server.command ] ++ args server;
        }
        // optionalAttrs (env server != { }) { environment = env server; }
    )
  );

  # Claude Code's entries, but a stdio server is "local" here, and Copilot CLI wants the list
  # of tools (every one).
  copilotCli = servers: {
    mcpServers = mapAttrs (
      _: server:
      stdioOrHttp server
      // optionalAttrs (!isRemote server) { type = "local"; }
      // {
        tools = [ "*" ];
      }
    ) (enabledOnly servers);
  };

  claudeCode = servers: { mcpServers = mapAttrs (_: stdioOrHttp) (enabledOnly servers); };

  vscode = servers: { servers = mapAttrs (_: stdioOrHttp) (enabledOnly servers); };

  # Zed tells the two kinds apart by their fields (no "type").
  zed =
    servers:
    mapAttrs (_: server: removeAttrs (stdioOrHttp server) [ "type" ] // { enabled = true; }) (
      enabledOnly servers
    );

  # PantherOS's servers. Each program is an absolute path (the module passes
  # store paths); `panther` is null where there is no panther package, and
  # Brave Search is off without its key.
  defaults =
    {
      sequentialThinking,
      nixos,
      npx,
      panther ? null,
      braveApiKeyFile ? null,
    }:
    {
      sequential-thinking = {
        enable = true;
        description = "Step-by-step reasoning scratchpad (modelcontextprotocol/servers).";
        command = sequentialThinking;
      };
      brave-search = {
        enable = braveApiKeyFile != null;
        description = "Web search through the Brave Search API (its key comes from 1Password).";
        command = npx;
        args = [
          "-y"
          "@brave/brave-search-mcp-server@2.1.4"
          "--transport"
          "stdio"
        ];
        env = optionalAttrs (braveApiKeyFile != null) { BRAVE_API_KEY_FILE = braveApiKeyFile; };
      };
      context7 = {
        enable = true;
        description = "Current documentation of libraries and tools (Upstash Context7).";
        url = "https://mcp.context7.com/mcp";
      };
      nixos = {
        enable = true;
        description = "NixOS options, packages and home-manager options (mcp-nixos).";
        command = nixos;
      };
      deepwiki = {
        enable = true;
        description = "Questions about public GitHub repositories (DeepWiki).";
        url = "https://mcp.deepwiki.com/mcp";
      };
      panther = {
        enable = panther != null;
        description = "The fleet itself: hosts, hardware, storage, health (panther mcp).";
        command = if panther == null then "panther" else panther;
        args = [ "mcp" ];
      };
    };
}
