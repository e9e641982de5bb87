# panther.shell: fish, Zellij and the command-line tools.
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options.panther.shell = {
    enable = lib.mkEnableOption "fish with abbreviations, Zellij, and the command-line and git tools";

    fleet = mkOption {
      type = types.str;
      default = "$HOME/fleet";
      description = ''
        Where the checkout of the fleet's flake is; the chores `rebuild` and
        `update` run against it.
      '';
    };

    abbreviations = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        k = "kubectl";
      };
      description = "More fish abbreviations, besides PantherOS's (which these override).";
    };

    zellij.autoStart = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Whether every new fish in a terminal starts inside Zellij. Off: `work`
        opens the project's session when you want it.
      '';
    };
  };
}
