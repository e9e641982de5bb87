# Workstations: a desktop that stays on, with the personal environment (shell,
# editor, AI hooks); hourly snapshots kept a little longer than on laptops.
{ lib, ... }:
{
  panther = {
    desktop.enable = lib.mkDefault true;
    shell.enable = lib.mkDefault true;
    editor.enable = lib.mkDefault true;
    ai = {
      enable = lib.mkDefault true;
      # OpenCode's key for Anthropic from 1Password (item `ai`, field anthropic-api-key).
      providers = lib.mkDefault [ "anthropic" ];
    };
    bluetooth.enable = lib.mkDefault true;

    storage.snapshots = {
      interval = lib.mkDefault "hourly";
      keep = {
        hourly = lib.mkDefault 12;
        daily = lib.mkDefault 14;
        weekly = lib.mkDefault 4;
        monthly = lib.mkDefault 3;
        yearly = lib.mkDefault 0;
      };
    };

    backup = {
      enable = lib.mkDefault true;
      paths = lib.mkDefault [ "/home" ];
    };
  };
}
