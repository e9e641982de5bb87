# PantherOS's home-manager modules: the shell, Zellij, the command-line and git
# tools, the editors and the AI hooks, each switched on by a panther.* option
# (./options). The editor is built with nixvim, so nixvim's home-manager
# module (inputs.nixvim.homeModules.nixvim) must be imported alongside.
#
# ./desktop.nix (niri, DankMaterialShell, Ghostty) is not in this list: it
# needs niri-flake's and DankMaterialShell's home-manager modules, which only
# desktop hosts have (lib/default.nix adds all three there).
{
  imports = [
    ./options
    ./ai.nix
    ./editor.nix
    ./git.nix
    ./shell.nix
    ./tools.nix
    ./zed.nix
    ./zellij.nix
  ];
}
