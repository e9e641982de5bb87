# panther.ai: what the shell and the editors give AI tools. The agents
# themselves come from PantherOS's AI tooling; these are the hooks they use.
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options.panther.ai = {
    enable = lib.mkEnableOption "the shell hooks AI agents use (last command record, environment, abbreviations)";

    copilot.enable = lib.mkEnableOption "GitHub Copilot in Neovim (copilot.lua) and Zed; it needs a Copilot subscription and sends code to GitHub";

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
