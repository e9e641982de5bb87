# The desktop: niri (through niri-flake's NixOS module, which lib/default.nix
# imports on every host) with DankMaterialShell as its shell, portals, the
# graphics stack, and what the lock screen needs. Sound (./audio.nix), the
# greeter (./greeter.nix) and fonts (./fonts.nix) follow panther.desktop.enable.
# The user's side (niri settings, DankMaterialShell, Ghostty) is
# modules/home/desktop.nix.
{
  config,
  lib,
  options,
  pkgs,
  ...
}:
let
  cfg = config.panther.desktop;
  haveNiriFlake = options ? niri-flake;
in
{
  # panther.desktop.* is shared with home-manager (reducedMotion, idle, …).
  imports = [ ../home/options/desktop.nix ];

  config = lib.mkMerge [
    (lib.optionalAttrs haveNiriFlake {
      # niri's binary cache only where niri is used.
      niri-flake.cache.enable = lib.mkDefault cfg.enable;
    })

    (lib.mkIf cfg.enable {
      assertions = [
        {
          assertion = haveNiriFlake;
          message = ''
            panther.desktop needs niri-flake's NixOS module. Fix: import
            inputs.niri.nixosModules.niri (lib.mkFleet does), or set
            panther.desktop.enable = false.
          '';
        }
      ];

      hardware.graphics.enable = true;

      # niri-flake brings the GNOME portal (screencasts); niri's portals.conf
      # asks for GTK's for the rest (file chooser).
      xdg.portal.extraPortals = [ pkgs.xdg-desktop-portal-gtk ];

      environment.systemPackages = [
        # X11 apps in niri (niri runs it when one starts).
        pkgs.xwayland-satellite
      ];

      # DankMaterialShell's lock screen authenticates with /etc/pam.d/dankshell
      # when it exists (quickshell/Modules/Lock/Pam.qml): a NixOS-managed stack.
      security.pam.services.dankshell = { };

      # Battery, power profiles (DankMaterialShell's widgets use them).
      services.upower.enable = lib.mkDefault true;
      services.power-profiles-daemon.enable = lib.mkDefault true;
    })

    (lib.mkIf cfg.enable (
      lib.optionalAttrs haveNiriFlake {
        programs.niri.enable = true;
        # One polkit agent: DankMaterialShell has its own, so niri-flake's
        # (polkit-kde-agent) stays off.
        systemd.user.services.niri-flake-polkit.enable = false;
      }
    ))
  ];
}
