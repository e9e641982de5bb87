# Hetzner Cloud vServer: the fleet's binary cache (Attic on PostgreSQL, from
# the `attic` workload, see modules/nixos/cache.nix) and a Hercules CI agent,
# whose builds are pushed to that cache (the `hercules-ci` workload).
{ config, ... }:
let
  secrets = config.panther.secrets.paths;
in
{
  panther.secrets.wanted = {
    herculesClusterJoinToken = {
      item = "hercules-ci";
      field = "cluster-join-token";
      owner = "hercules-ci-agent";
      services = [ "hercules-ci-agent" ];
    };
    herculesBinaryCaches = {
      item = "hercules-ci";
      field = "binary-caches.json";
      kind = "file";
      owner = "hercules-ci-agent";
      services = [ "hercules-ci-agent" ];
    };
  };

  services = {
    # Consistent nightly dumps; restic backs up the dumps, not the live files.
    postgresqlBackup.enable = true;

    hercules-ci-agent = {
      enable = true;
      settings = {
        concurrentTasks = "auto";
        clusterJoinTokenPath = secrets.herculesClusterJoinToken;
        binaryCachesPath = secrets.herculesBinaryCaches;
      };
    };
  };

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
        "/var/lib/hercules-ci-agent/work"
      ];
    };
  };

  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
