# Tests that need nixpkgs: nix-unit (lib and host invariants), NixOS VM tests
# for the profiles, and deploy-rs's own checks of the deploy nodes. All of
# them run in `nix flake check` and on Hercules CI.
{ inputs, ... }:
let
  # The example fleet, built as lib.mkFleet builds any fleet.
  root = ../../examples/fleet;
  pantheros = import ../../lib { inherit inputs root; };
in
{
  imports = [ inputs.nix-unit.modules.flake.default ];

  # Hercules CI (the agent runs on hetzner-vps) builds the same outputs as
  # `nix flake check`: checks, packages, dev shells and every host.
  flake.herculesCI.ciSystems = [ "x86_64-linux" ];

  perSystem =
    {
      lib,
      pkgs,
      system,
      ...
    }:
    {
      nix-unit = {
        # The tests evaluate whole host configurations, so they need every input.
        inputs = {
          inherit (inputs)
            nixpkgs
            flake-parts
            home-manager
            disko
            nixos-hardware
            opnix
            niri
            dank-material-shell
            nixvim
            deploy-rs
            nix-unit
            git-hooks
            ;
        };
        # Inputs of inputs that do not follow ours are fetched when missing.
        allowNetwork = true;
        tests = import ./unit.nix { inherit lib pantheros root; };
      };

      checks = lib.mkIf (system == "x86_64-linux") (
        {
          vm-server = import ./vm/server.nix {
            inherit pkgs;
            inherit (pantheros) baseModules;
          };
          vm-laptop = import ./vm/laptop.nix {
            inherit pkgs;
            inherit (pantheros) baseModules;
          };
          vm-console = import ./vm/console.nix {
            inherit pkgs;
            inherit (pantheros) baseModules;
          };
        }
        // inputs.deploy-rs.lib.${system}.deployChecks pantheros.deploy
      );
    };
}
