# The login screen: greetd with tuigreet, a plain text greeter (clock, user,
# password) that starts niri. On with the desktop.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.desktop.greeter;
in
{
  options.panther.desktop.greeter.enable = lib.mkEnableOption "the greetd login screen" // {
    default = config.panther.desktop.enable;
    defaultText = lib.literalExpression "config.panther.desktop.enable";
  };

  config = lib.mkIf cfg.enable {
    services.greetd = {
      enable = true;
      settings.default_session.command = lib.concatStringsSep " " [
        (lib.getExe pkgs.tuigreet)
        "--time"
        "--remember"
        "--remember-session"
        "--asterisks"
        "--cmd niri-session"
      ];
    };
  };
}
