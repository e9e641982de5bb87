# Nix itself: flakes, the fleet's binary cache (fleet.toml [fleet.cache],
# served by cache.nix), garbage collection and store optimisation.
{ config, lib, ... }:
let
  cfg = config.panther.nix;
  inherit (config.panther.host) deployUser;
in
{
  options.panther.nix = {
    enable = lib.mkEnableOption "the PantherOS Nix settings" // {
      default = true;
    };
    cache = {
      url = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        example = "http://cache1.example.ts.net:8080/panther";
        description = ''
          URL of the fleet's Attic cache (served over Tailscale), or null for
          none. Set from fleet.toml's [fleet.cache] url.
        '';
      };
      publicKey = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        description = ''
          Public signing key of the fleet's cache (`name:base64`, as
          `attic cache info` prints it). Set from fleet.toml's [fleet.cache]
          public_key.
        '';
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
    assertions = [
      {
        assertion = cfg.cache.url == null || cfg.cache.publicKey != null;
        message = "panther.nix.cache.url is set but its public key is not: Nix would refuse every path from it. Fix: add public_key to [fleet.cache] in fleet.toml (`attic cache info <cache>` prints it).";
      }
    ];

    nix = {
      channel.enable = false;
      settings = {
        experimental-features = [
          "nix-command"
          "flakes"
        ];
        # A deploy user other than root copies unsigned closures (`nix copy`), which only
        # trusted users may; it has password-less sudo already, so this grants nothing more.
        trusted-users = [ "root" ] ++ lib.optional (deployUser != "root") deployUser;
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
