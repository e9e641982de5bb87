# What home-manager's own modules set that the options they declare depend
# on, where ./options-only.nix drops it: the XDG base directories, which
# modules/misc/xdg/default.nix defaults (mkOptionDefault, for stateVersion
# 20.09 and later) to the standard folders in the home directory; the targets
# of xdg.configFile and friends are built from them.
{ config, lib, ... }:
let
  home = config.home.homeDirectory;
in
{
  xdg = {
    cacheHome = lib.mkOptionDefault "${home}/.cache";
    configHome = lib.mkOptionDefault "${home}/.config";
    dataHome = lib.mkOptionDefault "${home}/.local/share";
    stateHome = lib.mkOptionDefault "${home}/.local/state";
  };
}
