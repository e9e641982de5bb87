# Boot loader from the boot mode: systemd-boot on UEFI, GRUB on legacy BIOS.
# On BIOS the disk is GPT with a 1M BIOS-boot (EF02) partition, and disko adds
# that disk to boot.loader.grub.devices by itself.
{ config, lib, ... }:
let
  cfg = config.panther.boot;
  report = config.hardware.facter.report or { };
  biosVendor = report.smbios.bios.vendor or "";

  # fleet.toml boot_mode wins; then the report's uefi field; then firmware
  # vendor (SeaBIOS is legacy-only); then UEFI.
  inferred =
    if config.panther.host.bootMode != null then
      config.panther.host.bootMode
    else if report ? uefi.supported then
      (if report.uefi.supported then "uefi" else "bios")
    else if lib.hasInfix "SeaBIOS" biosVendor then
      "bios"
    else
      "uefi";
in
{
  options.panther.boot = {
    enable = lib.mkEnableOption "the PantherOS boot loader setup" // {
      default = true;
    };
    mode = lib.mkOption {
      type = lib.types.enum [
        "uefi"
        "bios"
      ];
      default = inferred;
      defaultText = lib.literalMD "`boot_mode` from fleet.toml, else inferred from the hardware report";
      description = "Firmware boot mode of the machine.";
    };
    configurationLimit = lib.mkOption {
      type = lib.types.ints.positive;
      default = 20;
      description = "Generations kept in the boot menu.";
    };
  };

  config = lib.mkMerge [
    (lib.mkIf (cfg.enable && cfg.mode == "uefi") {
      boot.loader.systemd-boot = {
        enable = true;
        # Editing the kernel command line at boot would give a root shell.
        editor = false;
        inherit (cfg) configurationLimit;
      };
      boot.loader.efi.canTouchEfiVariables = true;
    })

    (lib.mkIf (cfg.enable && cfg.mode == "bios") {
      boot.loader.grub = {
        enable = true;
        inherit (cfg) configurationLimit;
      };
    })
  ];
}
