# Servers: headless, SSH only over Tailscale (fail2ban follows if a host opens
# it), Datadog with processes and logs, daily snapshots kept daily/weekly/monthly, and backups of
# /var/lib.
{ lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault false;
    headless.enable = lib.mkDefault true;
    boot.configurationLimit = lib.mkDefault 5;

    security.ssh.openFirewall = lib.mkDefault false;

    # Datadog with live processes and the journal (the agent itself runs on
    # every host that has the API key).
    monitoring.datadog = {
      processes.enable = lib.mkDefault true;
      logs.enable = lib.mkDefault true;
    };

    # One snapshot a day: 14 daily, 8 weekly, 6 monthly.
    storage.snapshots = {
      interval = lib.mkDefault "daily";
      keep = {
        hourly = lib.mkDefault 0;
        daily = lib.mkDefault 14;
        weekly = lib.mkDefault 8;
        monthly = lib.mkDefault 6;
        yearly = lib.mkDefault 0;
      };
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [
        "/var/lib"
        "/root"
      ];
    };
  };
}
