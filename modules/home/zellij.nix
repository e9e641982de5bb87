# Zellij: panes and tabs that outlive the terminal, and a session per project
# (`work`) that comes back after a reboot: Zellij saves each session's layout
# and the commands running in it, and `work NAME` (or Alt s) resurrects it.
#
# Zellij starts Locked: every key goes to the program inside (Neovim gets all
# its Ctrl keys), except the Alt keys of lib/keybindings.nix, which work in
# every mode, and Ctrl g, which unlocks Zellij's own modes.
{ config, lib, ... }:
let
  cfg = config.panther.shell;
  keybindings = import ../../lib/keybindings.nix;
in
{
  config = lib.mkIf cfg.enable {
    programs.zellij = {
      enable = true;
      enableFishIntegration = cfg.zellij.autoStart;

      settings = {
        default_mode = "locked";
        # Quiet start: no tips or release notes popping up.
        show_startup_tips = false;
        show_release_notes = false;
        # What makes `work` bring a session back as it was.
        session_serialization = true;
        serialize_pane_viewport = true;
      };

      # `work` opens this one: the editor, a shell, and git, one tab each.
      layouts.project = ''
        layout {
            default_tab_template {
                pane size=1 borderless=true {
                    plugin location="tab-bar"
                }
                children
                pane size=2 borderless=true {
                    plugin location="status-bar"
                }
            }
            tab name="edit" focus=true {
                pane command="nvim"
            }
            tab name="shell" {
                pane
            }
            tab name="git" {
                pane command="lazygit"
            }
        }
      '';

      extraConfig = keybindings.zellij;
    };
  };
}
