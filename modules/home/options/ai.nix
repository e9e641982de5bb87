# panther.ai: the AI tools in the shell (OpenCode with PantherOS's agents,
# Claude Code, the Copilot CLI), the keys they get from 1Password, and the
# hooks the shell and the editors give them. The agents and the MCP servers
# are declared in home-manager only (modules/home/ai.nix): their defaults
# need the user's packages.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.panther.ai;
in
{
  options.panther.ai = {
    enable = lib.mkEnableOption "the AI tools and the shell hooks they use (last command record, environment, abbreviations)";

    opencode = {
      enable = lib.mkEnableOption "OpenCode with PantherOS's agents and MCP servers" // {
        default = cfg.enable;
        defaultText = lib.literalExpression "config.panther.ai.enable";
      };
      model = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "anthropic/claude-sonnet-4-5";
        description = "OpenCode's default model (provider/model); null leaves the choice to OpenCode.";
      };
    };

    claudeCode.enable = lib.mkEnableOption "Claude Code in the shell, with the same MCP servers" // {
      default = cfg.enable;
      defaultText = lib.literalExpression "config.panther.ai.enable";
    };

    copilot.enable = lib.mkEnableOption "GitHub Copilot: the Copilot CLI (with the same MCP servers) in the shell, copilot.lua in Neovim and Zed's; it needs a Copilot subscription and sends code to GitHub";

    providers = mkOption {
      type = types.listOf (types.strMatching "[a-z][a-z0-9]*");
      default = [ ];
      example = [
        "anthropic"
        "openai"
      ];
      description = ''
        Model providers (OpenCode's provider ids) whose API keys come from
        1Password, item `ai`, field `<provider>-api-key`. OpenCode reads each
        at run time (`{file:…}` in opencode.json); the key never enters the
        store. Without it, log in with `opencode auth login`.
      '';
    };

    secretFiles = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        braveApiKey = "/var/lib/opnix/secrets/braveApiKey";
      };
      description = ''
        Runtime paths of the AI tools' secrets: braveApiKey and
        <provider>ApiKey. NixOS hosts fill it in from panther.secrets;
        elsewhere point it at files you put there yourself.
      '';
    };

    environment = mkOption {
      type = types.attrsOf types.str;
      default = { };
      description = "Environment variables for agents, set in every login shell.";
    };

    abbreviations = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        ai = "opencode";
      };
      description = "fish abbreviations for agents.";
    };

    shellInit = mkOption {
      type = types.lines;
      default = "";
      description = "fish code run in every interactive shell, after PantherOS's (e.g. an agent's completions).";
    };

    rememberLastCommand = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Whether fish records the last command line (quoted on one line, as
        `string escape` writes it), its exit status and its folder in
        $XDG_STATE_HOME/panther/last-command, one per line, so an agent asked
        "why did that fail?" can read what ran.
      '';
    };
  };
}
