# Laptop power: power-profiles-daemon and UPower, and hibernation.
#
# Hibernation goes to the Btrfs swapfile the storage plan sizes for it. With
# systemd in the initrd, systemd records the swapfile's location in an EFI
# variable when hibernating and resumes from it at boot, so no resume_offset
# has to be written into the configuration.
{ config, lib, ... }:
let
  cfg = config.panther.power;
in
{
  options.panther.power = {
    enable = lib.mkEnableOption "laptop power management";
    hibernate = {
      enable = lib.mkEnableOption "hibernation (suspend-then-hibernate)";
      delay = lib.mkOption {
        type = lib.types.str;
        default = "2h";
        description = "How long the machine stays suspended before it hibernates.";
      };
    };
  };

  config = lib.mkMerge [
    (lib.mkIf cfg.enable {
      powerManagement.enable = true;
      services.power-profiles-daemon.enable = true;
      services.upower.enable = true;
    })

    (lib.mkIf cfg.hibernate.enable {
      boot.initrd.systemd.enable = true;
      systemd.sleep.settings.Sleep.HibernateDelaySec = cfg.hibernate.delay;
    })
  ];
}
