# Hetzner Cloud vServer: the fleet's binary cache (Attic, on PostgreSQL) and
# a Hercules CI agent. The cache listens on Tailscale only, at
# http://hetzner-vps.<tailnet>:8080/panther (see panther.nix.cache.url).
{ config, lib, ... }:
let
  inherit (config.services.onepassword-secrets) secretPaths;
  op = item: field: "op://${config.panther.secrets.vault}/${item}/${field}";
in
{
  services = {
    onepassword-secrets.secrets = {
      # ATTIC_SERVER_TOKEN_RS256_SECRET_BASE64=… (one line, an env file).
      attic-env = {
        reference = op "attic" "env";
        services = [ "atticd" ];
      };
      hercules-cluster-join-token = {
        reference = op "hercules-ci" "cluster-join-token";
        owner = "hercules-ci-agent";
        services = [ "hercules-ci-agent" ];
      };
      hercules-binary-caches = {
        reference = op "hercules-ci" "binary-caches.json";
        kind = "file";
        owner = "hercules-ci-agent";
        services = [ "hercules-ci-agent" ];
      };
    };

    atticd = {
      enable = true;
      environmentFile = secretPaths.attic-env;
      settings = {
        # Reachable through the trusted tailscale0 interface only: the
        # firewall keeps 8080 closed everywhere else.
        listen = "[::]:8080";
        api-endpoint = "http://hetzner-vps.${config.panther.fleet.tailnet}:8080/";
        database.url = "postgresql:///atticd?host=/run/postgresql";
        garbage-collection.default-retention-period = "3 months";
      };
    };

    postgresql = {
      enable = true;
      ensureDatabases = [ "atticd" ];
      ensureUsers = [
        {
          name = "atticd";
          ensureDBOwnership = true;
        }
      ];
    };
    # Consistent nightly dumps; restic backs up the dumps, not the live files.
    postgresqlBackup.enable = true;

    hercules-ci-agent = {
      enable = true;
      settings = {
        concurrentTasks = "auto";
        clusterJoinTokenPath = secretPaths.hercules-cluster-join-token;
        binaryCachesPath = secretPaths.hercules-binary-caches;
      };
    };
  };

  # The cache lives on its own subvolume mounted at /var/lib/atticd (see
  # disko.nix). Under DynamicUser, systemd wants /var/lib/atticd to be a
  # symlink into /var/lib/private, which a mount point cannot become, so
  # atticd runs as a static system user instead.
  users.users.atticd = {
    isSystemUser = true;
    group = "atticd";
  };
  users.groups.atticd = { };
  systemd.services.atticd.serviceConfig.DynamicUser = lib.mkForce false;

  panther = {
    # The database lives on its own no-CoW subvolume (see disko.nix).
    storage.noCowPaths = [ "/var/lib/postgresql" ];
    backup = {
      paths = [
        "/var/lib"
        "/var/backup"
        "/root"
      ];
      exclude = [
        "/var/lib/postgresql"
        "/var/lib/atticd"
        "/var/lib/containers/storage"
        "/var/lib/hercules-ci-agent/work"
      ];
    };
  };

  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
