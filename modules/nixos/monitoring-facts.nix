# The facts a host keeps about itself: the age of its newest backup and
# snapshot, whether the snapshot timer runs, Btrfs device errors and the last
# scrub, certificate expiry and failed units. panther-facts.service
# (./monitoring/panther-facts.sh) writes them every quarter of an hour, with
# the same values in two places:
#
#   /var/lib/panther/facts.json            for `panther health`, read over SSH
#   /var/lib/panther/textfile/panther.prom for the node exporter's textfile
#                                          collector: Prometheus, Grafana's
#                                          dashboards and Datadog see the same
#
# so the CLI and the dashboards agree. docs/monitoring.md has the JSON schema
# and the metric names. It reads local state only; the backup's age comes from
# what panther-backup-age (./backup.nix) found in the repository.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib) mkOption types;
  cfg = config.panther.monitoring;
  facts = cfg.facts;
  storage = config.panther.storage;
  backup = config.panther.backup;
  scrub = config.services.btrfs.autoScrub;

  directory = "/var/lib/panther";
  textfileDirectory = "${directory}/textfile";

  # Generous enough that one missed run is no alert.
  defaultSnapshotMaxAge =
    {
      hourly = 3;
      daily = 36;
      weekly = 8 * 24;
    }
    .${storage.snapshots.interval} or 36;

  factsScript = pkgs.writeShellApplication {
    name = "panther-facts";
    runtimeInputs = [
      pkgs.btrfs-progs
      pkgs.coreutils
      pkgs.gnugrep
      pkgs.gnused
      pkgs.jq
      pkgs.openssl
      pkgs.systemd
    ];
    text = builtins.readFile ./monitoring/panther-facts.sh;
  };

  environment = {
    PANTHER_FACTS_HOST = config.networking.hostName;
    PANTHER_FACTS_JSON = facts.file;
    PANTHER_FACTS_PROM = "${textfileDirectory}/panther.prom";
    PANTHER_BACKUP_STATE = if backup.enable then backup.stateFile else "";
    PANTHER_BACKUP_MAX_AGE_SECONDS = toString (backup.maxAgeHours * 3600);
    PANTHER_SNAPSHOT_PATHS = lib.concatStringsSep " " (
      lib.mapAttrsToList (name: snapper: "${name}=${snapper.SUBVOLUME}") (
        if storage.snapshots.enable then config.services.snapper.configs else { }
      )
    );
    PANTHER_SNAPSHOT_MAX_AGE_SECONDS = toString (facts.snapshotMaxAgeHours * 3600);
    PANTHER_SNAPSHOT_TIMER = lib.optionalString storage.snapshots.enable "snapper-timeline.timer";
    # One mount point per Btrfs file system: the ones the scrub covers.
    PANTHER_BTRFS_MOUNTS = lib.concatStringsSep " " (lib.optionals scrub.enable scrub.fileSystems);
    PANTHER_CERTIFICATES = lib.concatStringsSep " " facts.certificates;
  };
in
{
  options.panther.monitoring.facts = {
    enable = lib.mkEnableOption "panther-facts: backup, snapshot and Btrfs facts for Prometheus and `panther health`" // {
      default = cfg.enable;
      defaultText = lib.literalExpression "config.panther.monitoring.enable";
    };
    interval = mkOption {
      type = types.str;
      default = "*:0/15";
      description = "When panther-facts runs (systemd calendar); also once at boot.";
    };
    file = mkOption {
      type = types.str;
      default = "${directory}/facts.json";
      readOnly = true;
      description = "Where the facts are written as JSON (schema in docs/monitoring.md).";
    };
    snapshotMaxAgeHours = mkOption {
      type = types.ints.positive;
      default = defaultSnapshotMaxAge;
      defaultText = lib.literalMD "3 for hourly snapshots, 36 for daily, 192 for weekly";
      description = "SnapshotTooOld fires when the newest snapshot is older than this.";
    };
    certificates = mkOption {
      type = types.listOf types.str;
      default = [ "/var/lib/acme/*/cert.pem" ];
      description = "PEM certificates (shell globs) whose expiry is watched.";
    };
  };

  config = lib.mkIf facts.enable {
    systemd.tmpfiles.rules = [
      "d ${directory} 0755 root root -"
      "d ${textfileDirectory} 0755 root root -"
    ];

    systemd.services.panther-facts = {
      description = "Write this host's backup, snapshot and Btrfs facts";
      after = [ "local-fs.target" ];
      wantedBy = [ "multi-user.target" ];
      startAt = facts.interval;
      inherit environment;
      serviceConfig = {
        Type = "oneshot";
        ExecStart = lib.getExe factsScript;
        Nice = 10;
        IOSchedulingClass = "idle";
      };
    };

    services.prometheus.exporters.node.extraFlags = lib.mkIf cfg.enable [
      "--collector.textfile.directory=${textfileDirectory}"
    ];
  };
}
