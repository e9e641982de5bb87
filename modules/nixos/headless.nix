# Headless machines: no fonts, desktop menus or icons, and no emergency shell
# at boot (nobody is at the console, so keep booting and stay reachable).
{ config, lib, ... }:
{
  options.panther.headless.enable = lib.mkEnableOption "headless defaults for servers";

  config = lib.mkIf config.panther.headless.enable {
    fonts.fontconfig.enable = lib.mkDefault false;
    documentation.nixos.enable = lib.mkDefault false;
    programs.command-not-found.enable = lib.mkDefault false;
    environment.stub-ld.enable = lib.mkDefault false;
    xdg = {
      autostart.enable = lib.mkDefault false;
      icons.enable = lib.mkDefault false;
      menus.enable = lib.mkDefault false;
      mime.enable = lib.mkDefault false;
      sounds.enable = lib.mkDefault false;
    };
    systemd.enableEmergencyMode = false;
    systemd.sleep.settings.Sleep = {
      AllowSuspend = "no";
      AllowHibernation = "no";
    };
  };
}
