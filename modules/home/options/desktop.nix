# panther.desktop: the switch for the desktop, and its calm defaults
# (docs/calm-defaults.md lists each with its reason).
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options.panther.desktop = {
    enable = lib.mkEnableOption "the PantherOS desktop: niri, DankMaterialShell, Ghostty, PipeWire and a greeter";

    reducedMotion = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Whether windows, popups and notifications appear without animation
        (niri's and DankMaterialShell's animations off). Movement at the edge
        of vision pulls attention away from the task.
      '';
    };

    notifications = {
      timeout = mkOption {
        type = types.ints.unsigned;
        default = 4;
        description = ''
          Seconds a normal notification stays on screen (critical ones stay
          until dismissed; all of them wait in the notification center, Mod+N).
        '';
      };
      sounds = mkOption {
        type = types.bool;
        default = false;
        description = "Whether notifications and volume changes make a sound.";
      };
    };

    idle = {
      lockAfter = mkOption {
        type = types.ints.unsigned;
        default = 600;
        description = "Seconds without input before the screen locks; 0 never locks.";
      };
      screenOffAfter = mkOption {
        type = types.ints.unsigned;
        default = 900;
        description = "Seconds without input before the monitors turn off; 0 keeps them on.";
      };
    };

    manageShellSettings = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Whether Nix writes DankMaterialShell's settings.json from these options.
        The file is then read-only: a change made in DankMaterialShell's
        settings window lasts until the shell restarts. Turn it off to manage
        DankMaterialShell's settings in its own window instead.
      '';
    };
  };
}
