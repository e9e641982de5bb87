# lib/ as flake outputs. The fleet in fleet.toml becomes nixosConfigurations
# (one per host), deploy-rs nodes, and a check per host that builds its system
# closure; `lib` exposes the reader and the builder for fleets kept in other
# repositories.
{ inputs, ... }:
let
  pantheros = import ./. {
    inherit inputs;
    root = ../.;
  };
in
{
  flake = {
    inherit (pantheros) nixosConfigurations deploy;

    lib = {
      # readFleet { root = ./.; } -> { settings, users, stages, hostNames, hosts, waves, errors, valid }
      readFleet = import ./fleet.nix;
      # mkFleet ./. -> { fleet, nixosConfigurations, deploy, hostChecks, baseModules, hostModules }
      mkFleet = root: import ./. { inherit inputs root; };
    };
  };

  perSystem =
    { system, ... }:
    {
      checks = pantheros.hostChecks system;
    };
}
