# This fleet: its hosts are in fleet.toml and hosts/<name>/; PantherOS (the
# `pantheros` input) brings the modules, the profiles and the tooling.
#
# `nix flake lock` pins PantherOS and, through it, nixpkgs and the rest;
# commit flake.lock. `panther validate` checks the inventory, `nix flake check`
# builds every host.
{
  description = "A PantherOS fleet";

  # From fleet.toml's [fleet.cache]: `panther init --refresh` rewrites it.
  nixConfig = { };

  inputs.pantheros.url = "github:pantheros/pantheros";

  outputs = { pantheros, ... }: pantheros.lib.mkFleet { root = ./.; };
}
