# Laptops: desktop, power management, hibernation, Bluetooth, and frequent
# short-lived snapshots. Only panther.* options, all overridable by the host.
{ config, lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault true;
    power.enable = lib.mkDefault true;
    power.hibernate.enable = lib.mkDefault config.panther.host.hibernate;
    bluetooth.enable = lib.mkDefault true;

    storage.snapshots = {
      onCalendar = lib.mkDefault "hourly";
      preserveMin = lib.mkDefault "6h";
      preserve = lib.mkDefault "48h 7d 2w";
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [ "/home" ];
    };
  };
}
