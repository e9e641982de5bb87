# Tailscale: every host joins the tailnet with an auth key from 1Password,
# under its fleet name, so `<name>.<tailnet>` (MagicDNS) is its deploy target.
# The Tailscale interface is trusted by the firewall.
{ config, lib, ... }:
let
  cfg = config.panther.network;
  secrets = config.panther.secrets;
in
{
  options.panther.network = {
    tailscale = {
      enable = lib.mkEnableOption "Tailscale" // {
        default = true;
      };
      extraUpFlags = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = [ ];
        example = [ "--advertise-exit-node" ];
        description = "Extra flags for `tailscale up`.";
      };
    };
  };

  config = lib.mkIf cfg.tailscale.enable {
    panther.secrets.wanted.tailscaleAuthKey = {
      item = "tailscale";
      field = "auth-key";
      services = [ "tailscaled-autoconnect" ];
    };

    services.tailscale = {
      enable = true;
      openFirewall = true;
      # Without panther.secrets, join by hand once with `tailscale up`.
      authKeyFile = if secrets.enable then secrets.paths.tailscaleAuthKey else null;
      # The MagicDNS name must match the fleet name: deploys go to <name>.<tailnet>.
      extraUpFlags = [ "--hostname=${config.networking.hostName}" ] ++ cfg.tailscale.extraUpFlags;
    };

    networking.firewall.trustedInterfaces = [ config.services.tailscale.interfaceName ];
  };
}
