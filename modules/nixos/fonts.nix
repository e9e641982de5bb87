# Fonts for the desktop: Inter for the interface, JetBrains Mono (Nerd Font,
# with icons) for code and the terminal, Noto for everything else and emoji,
# and Material Symbols, DankMaterialShell's icons. On with the desktop.
{
  config,
  lib,
  pkgs,
  ...
}:
{
  config = lib.mkIf config.panther.desktop.enable {
    fonts = {
      packages = [
        pkgs.inter
        pkgs.nerd-fonts.jetbrains-mono
        pkgs.noto-fonts
        pkgs.noto-fonts-color-emoji
        pkgs.material-symbols
      ];
      fontconfig.defaultFonts = {
        sansSerif = [ "Inter" ];
        monospace = [ "JetBrainsMono Nerd Font" ];
        emoji = [ "Noto Color Emoji" ];
      };
    };
  };
}
