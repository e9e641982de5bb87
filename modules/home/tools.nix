# The command-line tools, each with its fish integration where it has one.
{ config, lib, ... }:
{
  config = lib.mkIf config.panther.shell.enable {
    programs = {
      ripgrep.enable = true;
      fd.enable = true;
      bat.enable = true;
      jq.enable = true;
      eza = {
        enable = true;
        git = true;
        icons = "auto";
      };
      fzf.enable = true;
      # `z part-of-a-name` jumps to a folder visited before; `work` uses it too.
      zoxide.enable = true;
      direnv = {
        enable = true;
        # `use flake` in .envrc, with the environment cached between shells.
        nix-direnv.enable = true;
        # No list of exported variables on every `cd`.
        silent = true;
      };
    };
  };
}
