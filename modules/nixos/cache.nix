# The fleet's binary cache, end to end: an Attic server on one host, and a
# push service on the hosts that build (attic watch-store uploads every new
# store path). Every host pulls from it through panther.nix.cache (nix.nix),
# whose URL and public key live in fleet.toml ([fleet.cache]).
#
# The server listens on Tailscale only (the firewall opens nothing for it).
# Its signing keys live in its database; `attic cache info <name>` prints the
# public key that goes into fleet.toml. Tokens are made with atticd-atticadm;
# see docs/binary-cache.md for the steps.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.cache;
  cacheUrl = config.panther.nix.cache.url;
  secrets = config.panther.secrets.paths;
  tailnet = config.panther.fleet.tailnet;
  inherit (config.networking) hostName;
  # Owns the push token; a fixed user, so the token's file can belong to it.
  pushUser = "panther-cache-push";

  # "http://host:8080/panther" -> endpoint "http://host:8080/", cache "panther"
  cacheName = if cacheUrl == null then null else baseNameOf cacheUrl;
  endpoint = if cacheUrl == null then null else lib.removeSuffix cacheName cacheUrl;

  # The client's configuration holds no secret: the token stays in its file.
  clientConfig = pkgs.writeText "attic-config.toml" ''
    default-server = "fleet"

    [servers.fleet]
    endpoint = "${toString endpoint}"
    token-file = "${secrets.atticPushToken or ""}"
  '';
  clientConfigHome = pkgs.runCommand "attic-config-home" { } ''
    mkdir -p $out/attic
    cp ${clientConfig} $out/attic/config.toml
  '';
in
{
  options.panther.cache = {
    server = {
      enable = lib.mkEnableOption "the fleet's Attic cache server on this host" // {
        default = lib.elem "attic" config.panther.host.workloads;
        defaultText = lib.literalMD "`attic` is in the host's workloads";
      };
      port = lib.mkOption {
        type = lib.types.port;
        default = 8080;
        description = "Port atticd listens on (reached over Tailscale only).";
      };
      retention = lib.mkOption {
        type = lib.types.str;
        default = "3 months";
        description = "How long a path nobody asked for stays in the cache.";
      };
    };
    push.enable = lib.mkEnableOption "pushing every new store path of this host to the fleet's cache" // {
      default = lib.elem "hercules-ci" config.panther.host.workloads;
      defaultText = lib.literalMD "`hercules-ci` is in the host's workloads (the host builds)";
    };
  };

  config = lib.mkMerge [
    (lib.mkIf (cfg.server.enable || cfg.push.enable) {
      assertions = [
        {
          assertion = cacheUrl != null;
          message = "${hostName}: the Attic cache is on but fleet.toml has no [fleet.cache] url. Fix: add [fleet.cache] with url and public_key (docs/binary-cache.md).";
        }
      ];
    })

    (lib.mkIf cfg.server.enable {
      panther.secrets.wanted.atticEnv = {
        item = "attic";
        field = "env";
        services = [ "atticd" ];
      };

      services.atticd = {
        enable = true;
        # ATTIC_SERVER_TOKEN_RS256_SECRET_BASE64=… (one line).
        environmentFile = secrets.atticEnv;
        settings = {
          listen = "[::]:${toString cfg.server.port}";
          api-endpoint = "http://${hostName}${lib.optionalString (tailnet != null) ".${tailnet}"}:${toString cfg.server.port}/";
          database.url = "postgresql:///atticd?host=/run/postgresql";
          garbage-collection.default-retention-period = cfg.server.retention;
        };
      };

      services.postgresql = {
        enable = true;
        ensureDatabases = [ "atticd" ];
        ensureUsers = [
          {
            name = "atticd";
            ensureDBOwnership = true;
          }
        ];
      };

      # The storage plan gives /var/lib/atticd a subvolume of its own. Under
      # DynamicUser, systemd wants that directory to be a symlink into
      # /var/lib/private, which a mount point cannot become: run atticd as a
      # static system user instead.
      users.users.atticd = {
        isSystemUser = true;
        group = "atticd";
      };
      users.groups.atticd = { };
      systemd.services.atticd.serviceConfig.DynamicUser = lib.mkForce false;
    })

    (lib.mkIf cfg.push.enable {
      panther.secrets.wanted.atticPushToken = {
        item = "attic";
        field = "push-token";
        owner = pushUser;
        services = [ "panther-cache-push" ];
      };

      users.users.${pushUser} = {
        isSystemUser = true;
        group = pushUser;
      };
      users.groups.${pushUser} = { };

      environment.systemPackages = [ pkgs.attic-client ];

      systemd.services.panther-cache-push = {
        description = "Push new store paths to the fleet's Attic cache";
        wantedBy = [ "multi-user.target" ];
        after = [
          "network-online.target"
          "opnix-secrets.service"
          "tailscaled-autoconnect.service"
        ];
        wants = [ "network-online.target" ];
        environment.XDG_CONFIG_HOME = "${clientConfigHome}";
        serviceConfig = {
          ExecStart = "${lib.getExe' pkgs.attic-client "attic"} watch-store fleet:${toString cacheName}";
          Restart = "on-failure";
          RestartSec = "30s";
          User = pushUser;
          Group = pushUser;
        };
      };
    })
  ];
}
