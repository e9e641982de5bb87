# Laptop power: power-profiles-daemon and UPower, and hibernation.
#
# A hibernating laptop suspends when the lid closes or it sits idle, and
# hibernates after hibernate.delay (logind's suspend-then-hibernate), so a
# forgotten laptop neither drains its battery nor loses the session.
#
# Hibernation goes to the Btrfs swapfile the storage plan sizes for it. With
# systemd in the initrd, systemd records the swapfile's location in an EFI
# variable when hibernating and resumes from it at boot, so on UEFI machines no
# resume_offset has to be written into the configuration. Where that is not
# enough (legacy BIOS, or resume fails), set hibernate.resumeOffset to what
# `btrfs inspect-internal map-swapfile -r /.swapvol/swapfile` prints.
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
      idleAfter = lib.mkOption {
        type = lib.types.str;
        default = "30min";
        description = "How long an idle session lasts before the machine suspends (then hibernates).";
      };
      resumeOffset = lib.mkOption {
        type = lib.types.nullOr lib.types.ints.unsigned;
        default = null;
        example = 533760;
        description = ''
          Offset of the swapfile in pages, as printed by
          `btrfs inspect-internal map-swapfile -r /.swapvol/swapfile`
          (known only once the file exists, i.e. after installation). Null
          leaves finding the swapfile to systemd (UEFI machines).
        '';
      };
      resumeDevice = lib.mkOption {
        type = lib.types.str;
        default = (config.fileSystems."/.swapvol" or config.fileSystems."/").device;
        defaultText = lib.literalExpression ''config.fileSystems."/.swapvol".device'';
        description = "The block device (Btrfs partition) that holds the swapfile.";
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
      services.logind.settings.Login = {
        HandleLidSwitch = "suspend-then-hibernate";
        IdleAction = "suspend-then-hibernate";
        IdleActionSec = cfg.hibernate.idleAfter;
      };
    })

    (lib.mkIf (cfg.hibernate.enable && cfg.hibernate.resumeOffset != null) {
      boot.resumeDevice = cfg.hibernate.resumeDevice;
      boot.kernelParams = [ "resume_offset=${toString cfg.hibernate.resumeOffset}" ];
    })
  ];
}
