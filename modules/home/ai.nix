# AI in the shell: OpenCode with PantherOS's sixteen agents (lib/ai-agents.nix),
# Claude Code and the Copilot CLI, all with the same MCP servers, declared once
# here (panther.ai.mcp.servers) and written in the file each client reads
# (lib/mcp.nix renders them). Model provider keys and the Brave Search key are
# runtime files (panther.ai.secretFiles; NixOS hosts take them from
# 1Password), never in the store.
#
# Also the hooks AI tools use: their environment, abbreviations and shell
# code (panther.ai.*), a record of the last command for an agent to read,
# `why` to ask about the last failed command, and Copilot in Neovim when asked
# for (Zed's is in ./zed.nix; Zed's agent panel gets the same MCP servers).
{
  config,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib) mkOption types;
  cfg = config.panther.ai;
  mcp = import ../../lib/mcp.nix;
  roles = import ../../lib/ai-agents.nix;
  inherit (config.panther.packages) panther;
  zed = config.panther.editor.zed.enable;

  # The declaration as the renderers take it (descriptions stay here).
  servers = lib.mapAttrs (_: server: removeAttrs server [ "description" ]) cfg.mcp.servers;

  defaults = mcp.defaults {
    sequentialThinking = lib.getExe pkgs.mcp-server-sequential-thinking;
    nixos = lib.getExe pkgs.mcp-nixos;
    npx = lib.getExe' pkgs.nodejs "npx";
    panther = if panther == null then null else lib.getExe panther;
    braveApiKeyFile = cfg.secretFiles.braveApiKey or null;
  };

  serverType = types.submodule {
    options = {
      enable = lib.mkEnableOption "this MCP server in every client" // {
        default = true;
      };
      description = mkOption {
        type = types.str;
        default = "";
        description = "What the server is for (documentation only).";
      };
      command = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "Program of a local (stdio) server; exactly one of command and url.";
      };
      args = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Arguments of the command.";
      };
      env = mkOption {
        type = types.attrsOf types.str;
        default = { };
        description = "Environment of the command: paths of secrets, never the secrets.";
      };
      url = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "URL of a remote (streamable HTTP) server; exactly one of command and url.";
      };
      headers = mkOption {
        type = types.attrsOf types.str;
        default = { };
        description = "HTTP headers of a remote server (they end up in the clients' files).";
      };
    };
  };

  agentType = types.submodule {
    options = {
      enable = lib.mkEnableOption "this agent in OpenCode" // {
        default = true;
      };
      description = mkOption {
        type = types.str;
        description = "When to use the agent; OpenCode shows it and picks agents by it.";
      };
      mode = mkOption {
        type = types.enum [
          "subagent"
          "primary"
          "all"
        ];
        default = "subagent";
        description = "subagent: called by name (@agent) or by another agent; primary: Tab cycles to it; all: both.";
      };
      prompt = mkOption {
        type = types.lines;
        description = "What the agent is told (its system prompt).";
      };
      write = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the agent may edit files.";
      };
      shell = mkOption {
        type = types.either (types.enum [
          "deny"
          "ask"
          "allow"
        ]) (types.attrsOf (types.enum [
          "allow"
          "ask"
          "deny"
        ]));
        default = "deny";
        description = ''
          Shell commands: "deny", "ask", "allow", or a table of command
          patterns (`"git diff*" = "allow"`) where anything else asks.
        '';
      };
      web = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the agent may fetch web pages.";
      };
      mcp = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "The MCP servers (names in panther.ai.mcp.servers) whose tools the agent may call.";
      };
      temperature = mkOption {
        type = types.nullOr types.float;
        default = null;
        description = "Sampling temperature; null leaves the model's default.";
      };
    };
  };

  providers = lib.filter (p: cfg.secretFiles ? "${p}ApiKey") cfg.providers;
  # `why` reads fish's record of the last command and asks this agent.
  askWhy = cfg.rememberLastCommand && cfg.agents ? shell-helper;
in
{
  options.panther.ai = {
    mcp.servers = mkOption {
      type = types.attrsOf serverType;
      default = { };
      description = ''
        The MCP servers every AI client gets, declared once: OpenCode
        (opencode.json), Claude Code and the Copilot CLI. PantherOS declares
        sequential-thinking, brave-search, context7, nixos (mcp-nixos),
        deepwiki and panther (`panther mcp`); set `<name>.enable = false` to
        drop one, or add your own.
      '';
    };
    agents = mkOption {
      type = types.attrsOf agentType;
      default = { };
      description = ''
        OpenCode's agents. PantherOS's sixteen roles (lib/ai-agents.nix) are
        set here field by field with lib.mkDefault, so a user changes one
        field, drops a role (`<name>.enable = false`) or adds one.
      '';
    };
  };

  config = lib.mkMerge [
    (lib.mkIf cfg.enable {
      home.sessionVariables = cfg.environment;

      programs.fish = {
        shellAbbrs = cfg.abbreviations;
        interactiveShellInit = lib.mkAfter cfg.shellInit;

        # Three lines: the command line (quoted as fish would, so it stays on
        # one line), its exit status, its folder. Only fish builtins, so no
        # process starts after each command.
        functions.__panther_remember_last_command = lib.mkIf cfg.rememberLastCommand {
          description = "Record the last command for AI agents (panther.ai.rememberLastCommand)";
          onEvent = "fish_postexec";
          body = ''
            set -l last_status $status
            set -l dir $HOME/.local/state/panther
            set -q XDG_STATE_HOME; and set dir $XDG_STATE_HOME/panther
            test -d $dir; or mkdir -p $dir
            printf '%s\n' (string escape -- $argv[1]) $last_status $PWD > $dir/last-command
          '';
        };
      };

      assertions = lib.mapAttrsToList (name: server: {
        assertion = (server.command == null) != (server.url == null);
        message = "panther.ai.mcp.servers.${name}: set exactly one of command (a local server) and url (a remote one).";
      }) cfg.mcp.servers;
    })

    (lib.mkIf
      (cfg.enable && (cfg.opencode.enable || cfg.claudeCode.enable || cfg.copilot.enable || zed))
      {
        panther.ai.mcp.servers = lib.mapAttrs (_: lib.mapAttrs (_: lib.mkDefault)) defaults;
      }
    )

    (lib.mkIf (cfg.enable && cfg.opencode.enable) {
      panther.ai.agents = lib.mapAttrs (_: lib.mapAttrs (_: lib.mkDefault)) roles.agents;
      panther.ai.abbreviations.ai = lib.mkDefault "opencode";

      programs.opencode = {
        enable = true;
        # Every agent, the built-in ones too, is told about the fleet.
        context = roles.context;
        settings = {
          # Nix installs and updates it; sessions stay on this machine.
          autoupdate = false;
          share = "disabled";
          mcp = mcp.opencode servers;
          agent = roles.opencode {
            inherit (cfg) agents;
            servers = lib.attrNames servers;
          };
        }
        // lib.optionalAttrs (cfg.opencode.model != null) { inherit (cfg.opencode) model; }
        // lib.optionalAttrs (providers != [ ]) {
          # OpenCode reads each key from its file when it starts.
          provider = lib.genAttrs providers (p: {
            options.apiKey = "{file:${cfg.secretFiles."${p}ApiKey"}}";
          });
        };
      };

      # `why`: ask the shell-helper agent about the last command (fish
      # records it above). Extra words are a question of your own.
      programs.fish.functions.why = lib.mkIf askWhy {
        description = "Ask OpenCode why the last command failed (and how to fix it)";
        body = ''
          set -l dir $HOME/.local/state/panther
          set -q XDG_STATE_HOME; and set dir $XDG_STATE_HOME/panther
          if not test -r $dir/last-command
              echo "why: no command recorded yet (panther.ai.rememberLastCommand)" >&2
              return 1
          end
          set -l last (cat $dir/last-command)
          set -l question "The command `$last[1]` exited with status $last[2] in $last[3]. Why, and what is the fixed command?"
          if test (count $argv) -gt 0
              set question "$question $argv"
          end
          opencode run --agent shell-helper -- $question
        '';
      };
    })

    (lib.mkIf (cfg.enable && cfg.claudeCode.enable) {
      programs.claude-code = {
        enable = true;
        inherit (mcp.claudeCode servers) mcpServers;
      };
    })

    (lib.mkIf (cfg.enable && cfg.copilot.enable) {
      programs.github-copilot-cli = {
        enable = true;
        inherit (mcp.copilotCli servers) mcpServers;
      };
    })

    (lib.mkIf (cfg.enable && zed) {
      # Zed's agent panel gets the same servers as the shell's agents.
      programs.zed-editor.userSettings.context_servers = mcp.zed servers;
    })

    (lib.mkIf (cfg.copilot.enable && config.panther.editor.enable) {
      # Suggestions on request, no panel: nothing appears while you think.
      # Alt-] asks for one (and the next), Ctrl-y takes it, as Vim takes a
      # completion; copilot.lua's own Alt-l would be Zellij's (lib/keybindings.nix).
      programs.nixvim.plugins.copilot-lua = {
        enable = true;
        settings = {
          panel.enabled = false;
          suggestion = {
            enabled = true;
            auto_trigger = false;
            keymap.accept = "<C-y>";
          };
        };
      };
    })
  ];
}
