# Bluetooth.
{ config, lib, ... }:
let
  cfg = config.panther.bluetooth;
in
{
  options.panther.bluetooth = {
    enable = lib.mkEnableOption "Bluetooth";
    powerOnBoot = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Whether the adapter is powered on at boot (off saves battery).";
    };
  };

  config = lib.mkIf cfg.enable {
    hardware.bluetooth = {
      enable = true;
      inherit (cfg) powerOnBoot;
    };
  };
}
