# The example fleet: five hosts that consume PantherOS exactly as your own
# fleet does, except that `pantheros` is this repository (a path input)
# instead of a released version. `panther init` writes the same flake for you
# with PantherOS from GitHub.
{
  description = "The PantherOS example fleet";

  inputs.pantheros.url = "path:../..";

  outputs = { pantheros, ... }: pantheros.lib.mkFleet { root = ./.; };
}
