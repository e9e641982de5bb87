# The hooks AI tools use: their environment, abbreviations and shell code
# (panther.ai.*, set by whatever installs the agents), a record of the last
# command for an agent to read, and Copilot in Neovim when asked for (Zed's
# is in ./zed.nix).
{ config, lib, ... }:
let
  cfg = config.panther.ai;
in
{
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
