# lib/ as flake outputs: the fleet reader and the builder, for fleets kept
# in other repositories too.
{ inputs, ... }:
{
  flake.lib = {
    # readFleet { root = ./.; } -> { settings, users, stages, hostNames, hosts, waves, errors, valid }
    readFleet = import ./fleet.nix;
    # mkFleet ./. -> { fleet, nixosConfigurations, deploy, hostChecks, baseModules, hostModules }
    mkFleet = root: import ./. { inherit inputs root; };
  };
}
