# Stand-in for nixvim's home-manager module (nixvim flake/wrappers.nix:
# homeModules.nixvim, built from wrappers/hm.nix and wrappers/_shared.nix).
# `programs.nixvim` is a submodule of nixvim's own option declarations: its
# top-level modules (modules/top-level) and the home-manager wrapper's
# (wrappers/modules/hm.nix: defaultEditor, vimdiffAlias, enable), through
# ./options-only.nix. What nixvim's modules set (Neovim, its plugins, the
# generated init.lua) needs nixpkgs; their declarations evaluate with nixpkgs'
# lib and nixvim's lib overlay, so a setting nixvim does not declare, or one
# of the wrong type, fails here as it would upstream.
{ nixvim }:
{ lib, pkgs, ... }:
let
  optionsOnly = import ./options-only.nix { inherit lib; };
  # nixvim's plugin declarations use lib.nixvim (lib/overlay.nix adds it).
  nixvimLib = lib.extend (import (nixvim + "/lib/overlay.nix"));
in
{
  options.programs.nixvim = lib.mkOption {
    type = lib.types.submoduleWith {
      description = "nixvim configuration";
      specialArgs = {
        lib = nixvimLib;
        modulesPath = nixvim + "/modules";
      };
      modules = map optionsOnly [
        (nixvim + "/modules/top-level")
        (nixvim + "/wrappers/modules/hm.nix")
      ]
      ++ [
        # wrappers/_shared.nix hands home-manager's pkgs to nixvim
        # (nixpkgs.useGlobalPackages); modules/top-level/nixpkgs.nix makes it
        # the `pkgs` argument.
        { _module.args.pkgs = pkgs; }
      ];
    };
    default = { };
    description = "The nixvim configuration of this user (nixvim's declarations only).";
  };
}
