# Nix itself: flakes, the fleet's Attic binary cache, garbage collection and
# store optimisation.
{ config, lib, ... }:
let
  cfg = config.panther.nix;
  fleetCache = import ../../lib/cache.nix;
in
{
  options.panther.nix = {
    enable = lib.mkEnableOption "the PantherOS Nix settings" // {
      default = true;
    };
    cache = {
      url = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = fleetCache.url;
        defaultText = lib.literalMD "the URL in lib/cache.nix";
        description = "URL of the fleet's Attic cache (served over Tailscale), or null for none.";
      };
      publicKey = lib.mkOption {
        type = lib.types.str;
        default = fleetCache.publicKey;
        defaultText = lib.literalMD "the key in lib/cache.nix";
        description = "Public signing key of the fleet's cache (name:base64).";
      };
    };
    gc = {
      dates = lib.mkOption {
        type = lib.types.str;
        default = "weekly";
        description = "When garbage collection runs (systemd calendar).";
      };
      keep = lib.mkOption {
        type = lib.types.str;
        default = "14d";
        description = "Delete generations older than this.";
      };
    };
  };

  config = lib.mkIf cfg.enable {
    nix = {
      channel.enable = false;
      settings = {
        experimental-features = [
          "nix-command"
          "flakes"
        ];
        trusted-users = [ "root" ];
        connect-timeout = 5;
        fallback = true;
        extra-substituters = lib.optional (cfg.cache.url != null) cfg.cache.url;
        extra-trusted-public-keys = lib.optional (cfg.cache.url != null) cfg.cache.publicKey;
      };
      gc = {
        automatic = true;
        inherit (cfg.gc) dates;
        options = "--delete-older-than ${cfg.gc.keep}";
      };
      optimise.automatic = true;
    };
  };
}
