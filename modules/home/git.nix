# git with delta for diffs, lazygit, and gh for GitHub.
{ config, lib, ... }:
{
  config = lib.mkIf config.panther.shell.enable {
    programs = {
      git = {
        enable = true;
        settings = {
          init.defaultBranch = "main";
          push.autoSetupRemote = true;
          merge.conflictStyle = "zdiff3";
          rerere.enabled = true;
        };
      };
      delta = {
        enable = true;
        enableGitIntegration = true;
        options = {
          navigate = true;
          line-numbers = true;
        };
      };
      lazygit.enable = true;
      gh = {
        enable = true;
        settings.git_protocol = "ssh";
      };
    };
  };
}
