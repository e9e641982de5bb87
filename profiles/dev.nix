# Development machines without a screen (e.g. a VPS used for coding over SSH):
# the shell, the editor and the AI hooks, no desktop; headless and reachable
# only over Tailscale like a server, with hourly snapshots of the work and
# backups of /home.
{ lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault false;
    headless.enable = lib.mkDefault true;
    shell.enable = lib.mkDefault true;
    editor.enable = lib.mkDefault true;
    ai = {
      enable = lib.mkDefault true;
      # OpenCode's key for Anthropic from 1Password (item `ai`, field anthropic-api-key).
      providers = lib.mkDefault [ "anthropic" ];
    };
    boot.configurationLimit = lib.mkDefault 5;

    security.ssh.openFirewall = lib.mkDefault false;

    # Hourly for half a day, then daily for a week and weekly for a month.
    storage.snapshots = {
      interval = lib.mkDefault "hourly";
      keep = {
        hourly = lib.mkDefault 12;
        daily = lib.mkDefault 7;
        weekly = lib.mkDefault 4;
        monthly = lib.mkDefault 0;
        yearly = lib.mkDefault 0;
      };
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [
        "/home"
        "/root"
      ];
    };

    # Always on, like a server: the journal goes to Datadog too.
    monitoring.datadog.logs.enable = lib.mkDefault true;
  };
}
