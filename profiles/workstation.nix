# Workstations: a desktop that stays on; snapshots several times a day.
{ lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault true;
    bluetooth.enable = lib.mkDefault true;

    storage.snapshots = {
      onCalendar = lib.mkDefault "*-*-* 00/4:00:00";
      preserveMin = lib.mkDefault "1d";
      preserve = lib.mkDefault "7d 4w 3m";
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [ "/home" ];
    };
  };
}
