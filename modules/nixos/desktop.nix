# Desktop switch. The desktop modules (compositor, shell, apps) come later;
# today this only turns on what every graphical session needs: the graphics
# stack.
{ config, lib, ... }:
{
  options.panther.desktop.enable = lib.mkEnableOption "the PantherOS desktop";

  config = lib.mkIf config.panther.desktop.enable {
    hardware.graphics.enable = true;
  };
}
