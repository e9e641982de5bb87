# Laptops: desktop, power management, hibernation, Bluetooth, and frequent
# short-lived snapshots. Only panther.* options, all overridable by the host.
{ config, lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault true;
    bluetooth.enable = lib.mkDefault true;
    power = {
      enable = lib.mkDefault true;
      hibernate.enable = lib.mkDefault config.panther.host.hibernate;
    };

    # A hibernating laptop swaps to its swapfile only, as the storage plan
    # sizes it; zram's pages would have to be written out at hibernation anyway.
    storage.zram.enable = lib.mkDefault (!config.panther.power.hibernate.enable);

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
  };
}
