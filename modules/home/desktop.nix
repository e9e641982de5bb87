# The desktop, for the user: niri's settings (through niri-flake's
# home-manager module, which niri-flake's NixOS module adds for every user),
# DankMaterialShell as the shell layer (bar, launcher, notifications, lock
# screen, idle, polkit agent, clipboard), and Ghostty as the terminal.
#
# Needs niri-flake's home-manager module (programs.niri.settings) and
# DankMaterialShell's two (homeModules.dank-material-shell and
# homeModules.niri); lib/default.nix adds them on desktop hosts.
#
# Every key comes from lib/keybindings.nix. The calm defaults are in
# docs/calm-defaults.md, each with the option that turns it off.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.desktop;
  keybindings = import ../../lib/keybindings.nix;
  # DankMaterialShell's animation speeds: 0 is "None", 1 "Short" (its
  # default) (quickshell/Common/SettingsData.qml, enum AnimationSpeed).
  animationSpeed = if cfg.reducedMotion then 0 else 1;
  milliseconds = seconds: seconds * 1000;
in
{
  config = lib.mkIf cfg.enable {
    programs.niri.settings = {
      binds = keybindings.niri;

      # Windows without their own title bars; niri draws a calm focus ring.
      prefer-no-csd = true;
      # The key overview opens on Mod+Shift+/ instead of at every login.
      hotkey-overlay.skip-at-startup = true;
      # The top-left corner does not open the overview by accident.
      gestures.hot-corners.enable = false;
      animations.enable = !cfg.reducedMotion;

      layout = {
        gaps = 12;
        center-focused-column = "never";
        default-column-width.proportion = 0.5;
      };

      screenshot-path = "~/Pictures/Screenshots/%Y-%m-%d %H-%M-%S.png";

      environment = {
        # Electron and Chromium apps on Wayland.
        NIXOS_OZONE_WL = "1";
      };
    };

    programs.dank-material-shell = {
      enable = true;
      # Started by systemd with the graphical session.
      systemd.enable = true;

      # The audio visualizer moves all the time; wallpaper-driven colours
      # change the whole screen when the wallpaper does.
      enableAudioWavelength = false;
      enableDynamicTheming = false;

      niri = {
        # The keys are PantherOS's (above), and systemd starts the shell.
        enableKeybinds = false;
        enableSpawn = false;
        # DankMaterialShell's include files need niri's `include optional=true`
        # (niri after v25.11); niri-flake's niri-stable is v25.08.
        includes.enable = false;
      };

      settings = lib.mkIf cfg.manageShellSettings {
        # quickshell/Common/settings/SettingsSpec.js names these.
        inherit animationSpeed;
        popoutAnimationSpeed = animationSpeed;
        modalAnimationSpeed = animationSpeed;
        notificationAnimationSpeed = animationSpeed;

        notificationTimeoutLow = milliseconds cfg.notifications.timeout;
        notificationTimeoutNormal = milliseconds cfg.notifications.timeout;
        # Critical notifications stay until dismissed.
        notificationTimeoutCritical = 0;
        notificationHistoryEnabled = true;

        soundsEnabled = cfg.notifications.sounds;
        soundNewNotification = cfg.notifications.sounds;
        soundVolumeChanged = cfg.notifications.sounds;

        # Seconds, on mains power and on battery alike.
        acLockTimeout = cfg.idle.lockAfter;
        batteryLockTimeout = cfg.idle.lockAfter;
        acMonitorTimeout = cfg.idle.screenOffAfter;
        batteryMonitorTimeout = cfg.idle.screenOffAfter;
        lockBeforeSuspend = true;
      };
    };

    programs.ghostty = {
      enable = true;
      enableFishIntegration = true;
      # Ghostty's own option names (src/config/Config.zig).
      settings = {
        font-family = "JetBrainsMono Nerd Font";
        font-size = 12;
        cursor-style-blink = false;
        # No toast for every copy or config reload, no size overlay.
        app-notifications = "no-clipboard-copy,no-config-reload";
        resize-overlay = "never";
        window-inherit-working-directory = true;
      };
    };

    home.packages = [ pkgs.wl-clipboard ];
  };
}
