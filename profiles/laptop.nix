# Laptops: desktop, the personal environment (shell, editor, AI hooks), power
# management, hibernation, Bluetooth, and frequent short-lived snapshots. Only
# panther.* options, all overridable by the host.
{ config, lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault true;
    shell.enable = lib.mkDefault true;
    editor.enable = lib.mkDefault true;
    ai = {
      enable = lib.mkDefault true;
      # OpenCode's key for Anthropic from 1Password (item `ai`, field anthropic-api-key).
      providers = lib.mkDefault [ "anthropic" ];
    };
    bluetooth.enable = lib.mkDefault true;
    power = {
      enable = lib.mkDefault true;
      hibernate.enable = lib.mkDefault config.panther.host.hibernate;
    };

    # Hourly, kept for a day; then daily for a week and weekly for two.
    storage.snapshots = {
      interval = lib.mkDefault "hourly";
      keep = {
        hourly = lib.mkDefault 24;
        daily = lib.mkDefault 7;
        weekly = lib.mkDefault 2;
        monthly = lib.mkDefault 0;
        yearly = lib.mkDefault 0;
      };
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [ "/home" ];
    };

    # The Datadog agent reports metrics; live processes and the journal would
    # wake the CPU every few seconds and cost battery.
    monitoring.datadog = {
      processes.enable = lib.mkDefault false;
      logs.enable = lib.mkDefault false;
    };
  };
}
