# The options of the personal environment, shared by home-manager and NixOS:
# home-manager's modules (modules/home) act on them, and a NixOS host declares
# the same ones so that its profile and host file can set them
# (`panther.editor.level = "advanced";`); modules/nixos/home.nix hands what the
# host sets on to the primary user's home-manager configuration.
#
# Options only, and only `lib` and `config`: these files are imported by both
# module systems.
{
  imports = [
    ./ai.nix
    ./desktop.nix
    ./editor.nix
    ./packages.nix
    ./shell.nix
  ];
}
