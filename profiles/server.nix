# Servers: headless, SSH only over Tailscale, fail2ban, monitoring, daily
# snapshots kept daily/weekly/monthly, and backups of /var/lib.
{ lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault false;
    headless.enable = lib.mkDefault true;

    security = {
      ssh.openFirewall = lib.mkDefault false;
      fail2ban.enable = lib.mkDefault true;
    };

    monitoring.datadog.enable = lib.mkDefault true;

    storage.snapshots = {
      onCalendar = lib.mkDefault "daily";
      preserveMin = lib.mkDefault "2d";
      preserve = lib.mkDefault "14d 8w 6m";
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [
        "/var/lib"
        "/root"
      ];
    };

    boot.configurationLimit = lib.mkDefault 5;
  };
}
