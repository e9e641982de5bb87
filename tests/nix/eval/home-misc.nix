# What home-manager's module list takes from nixpkgs (pkgs.path +
# nixos/modules/misc/{assertions,meta}.nix): the same option declarations.
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  # nixpkgs nixos/modules/misc/assertions.nix
  options.assertions = mkOption {
    type = types.listOf types.unspecified;
    internal = true;
    default = [ ];
    description = "Conditions that must hold, each with the message shown when one does not.";
  };
  options.warnings = mkOption {
    type = types.listOf types.str;
    internal = true;
    default = [ ];
    description = "Messages shown when the configuration is built.";
  };
  # nixpkgs nixos/modules/misc/meta.nix (only what home-manager modules set)
  options.meta = mkOption {
    type = types.attrsOf types.anything;
    internal = true;
    default = { };
    description = "Module metadata (maintainers, documentation).";
  };
}
