# lib/ as flake outputs of the framework: `lib.mkFleet`, which a fleet's own
# flake calls to turn its fleet.toml and hosts/ into nixosConfigurations,
# homeConfigurations (one per user), deploy-rs nodes and checks, and
# `lib.readFleet`, the inventory reader.
#
# The framework builds the example fleet (examples/fleet) the same way, so
# `nix flake check` here checks every example host.
{ inputs, ... }:
let
  fleetOf =
    arg:
    import ./. {
      inherit inputs;
      root = if builtins.isAttrs arg then arg.root else arg;
    };

  # Only flake outputs, so a fleet's flake.nix can return it as it is.
  mkFleet =
    arg:
    let
      fleet = fleetOf arg;
    in
    {
      inherit (fleet)
        nixosConfigurations
        homeConfigurations
        deploy
        checks
        ;
    };

  example = fleetOf ../examples/fleet;
in
{
  flake.lib = {
    # readFleet { root = ./.; } -> { settings, users, stages, hostNames, hosts, waves, errors, valid, profileOf }
    readFleet = import ./fleet.nix;
    # mkFleet { root = ./.; } (or mkFleet ./.) -> { nixosConfigurations, homeConfigurations, deploy, checks }
    inherit mkFleet;
    # datadogMonitors { fleet = "my-fleet"; channel = "@webhook-ntfy"; } -> Datadog monitor definitions
    datadogMonitors = import ./datadog-monitors.nix;
  };

  perSystem =
    { system, ... }:
    {
      checks = example.hostChecks system;
    };
}
