# Every host in fleet.toml becomes a nixosConfiguration, a deploy-rs node and
# a check that builds its system closure.
{ inputs, ... }:
let
  pantheros = import ../lib { inherit inputs; root = ../.; };
in
{
  flake = {
    inherit (pantheros) nixosConfigurations deploy;
  };

  perSystem =
    { system, ... }:
    {
      checks = pantheros.hostChecks system;
    };
}
