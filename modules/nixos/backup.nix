# Off-site backups: restic to Backblaze B2 (through B2's S3-compatible API,
# which restic recommends over its native b2 backend). Repository, password
# and keys come from 1Password through opnix, read at run time.
#
# The host's B2 key cannot delete history: it is an application key without
# the deleteFiles capability. B2 keeps every version of a file, so what restic
# removes with that key (locks, and packs dropped by `forget --prune`) is only
# hidden; the bucket's lifecycle rule deletes hidden versions after 30 days.
# Someone who takes over a host can hide its backups but not destroy them:
# there are 30 days to notice (panther-backup-age fails within maxAgeHours)
# and unhide them. docs/recover-host.md has the key and bucket settings.
#
# Never backed up, whatever the paths: opnix's secrets and its token, and
# snapper's .snapshots directories (history the snapshots already are).
#
# Units: restic-backups-b2.{service,timer} (backup, then forget --prune),
# panther-backup-age.{service,timer} (fails when the newest snapshot is too
# old; it also runs after every backup, and records what it found in
# panther.backup.stateFile for panther-facts and `panther health`),
# panther-backup-failed.service (started when either fails).
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.backup;
  secrets = config.panther.secrets;
  inherit (config.networking) hostName;

  repositoryFile = secrets.paths.resticRepository;
  passwordFile = secrets.paths.resticPassword;
  environmentFile = secrets.paths.resticEnv;

  # Secrets and snapshot history stay out of every backup.
  alwaysExcluded = [
    "/var/lib/opnix"
    secrets.directory
    secrets.tokenFile
    ".snapshots"
  ];

  failureUnit = "panther-backup-failed.service";
  stateDirectory = "panther/backup";
  stateFile = "/var/lib/${stateDirectory}/state.json";

  retentionDefaults = {
    daily = 7;
    weekly = 5;
    monthly = 12;
    yearly = 2;
  };

  backupAge = pkgs.writeShellApplication {
    name = "panther-backup-age";
    runtimeInputs = [
      pkgs.restic
      pkgs.jq
      pkgs.coreutils
    ];
    text = ''
      # Prints the age of this host's newest restic snapshot; exits 1 when it
      # is older than ${toString cfg.maxAgeHours} hours or there is none.
      export RESTIC_REPOSITORY_FILE=${lib.escapeShellArg repositoryFile}
      export RESTIC_PASSWORD_FILE=${lib.escapeShellArg passwordFile}
      set -a
      # shellcheck disable=SC1091
      . ${lib.escapeShellArg environmentFile}
      set +a
      latest=$(restic snapshots --no-lock --json --host ${lib.escapeShellArg hostName} --latest 1 \
        | jq -r 'map(.time) | sort | last // empty')
      now=$(date +%s)
      newest=null
      if [ -n "$latest" ]; then
        newest=$(date -d "$latest" +%s)
      fi
      # What the repository says, for panther-facts (written even when too old).
      mkdir -p /var/lib/${stateDirectory}
      jq -n --argjson newest "$newest" --argjson now "$now" \
        '{newest_snapshot: $newest, checked_at: $now}' > ${stateFile}.tmp
      mv ${stateFile}.tmp ${stateFile}
      if [ -z "$latest" ]; then
        echo "backup: no snapshot of ${hostName} in the repository" >&2
        exit 1
      fi
      age_hours=$(( (now - newest) / 3600 ))
      echo "backup: newest snapshot $latest, $age_hours h old (limit ${toString cfg.maxAgeHours} h)"
      if [ "$age_hours" -gt ${toString cfg.maxAgeHours} ]; then
        echo "backup: too old" >&2
        exit 1
      fi
    '';
  };
in
{
  options.panther.backup = {
    enable = lib.mkEnableOption "restic backups to Backblaze B2";
    paths = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      example = [
        "/home"
        "/var/lib"
      ];
      description = "What to back up (set per host).";
    };
    exclude = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [
        "/home/*/.cache"
        "/var/lib/containers/storage"
        "/var/lib/docker"
      ];
      description = ''
        Patterns restic skips (a pattern without a leading `/` matches at any
        depth). Setting this replaces these defaults; opnix's secrets and
        every `.snapshots` directory are excluded in any case.
      '';
    };
    schedule = lib.mkOption {
      type = lib.types.str;
      default = "daily";
      description = "When the backup runs (systemd calendar).";
    };
    # What `restic forget --prune` keeps after each backup.
    retention = lib.mapAttrs (
      period: keep:
      lib.mkOption {
        type = lib.types.ints.unsigned;
        default = keep;
        description = "${period} snapshots kept by `restic forget --prune`.";
      }
    ) retentionDefaults;
    maxAgeHours = lib.mkOption {
      type = lib.types.ints.positive;
      default = 36;
      description = "panther-backup-age fails when the newest snapshot is older than this.";
    };
    stateFile = lib.mkOption {
      type = lib.types.str;
      default = stateFile;
      readOnly = true;
      description = ''
        Where panther-backup-age records the time of the newest snapshot in
        the repository and when it asked (JSON: `newest_snapshot`,
        `checked_at`, epoch seconds; `newest_snapshot` is null when there is
        none).
      '';
    };
    onFailure = lib.mkOption {
      type = lib.types.lines;
      default = "";
      example = "curl -fsS -m 10 https://hc-ping.com/<uuid>/fail";
      description = ''
        Extra shell commands run by panther-backup-failed.service when the
        backup or the age check fails (the failure is always logged to the
        journal at priority "err").
      '';
    };
  };

  config = lib.mkIf cfg.enable {
    panther.secrets.wanted = lib.genAttrs [ "resticRepository" "resticPassword" "resticEnv" ] (name: {
      item = "restic-${hostName}";
      field = lib.toLower (lib.removePrefix "restic" name);
    });

    assertions = [
      {
        assertion = cfg.paths != [ ];
        message = "panther.backup.paths is empty on ${hostName}: list what to back up, or disable panther.backup.";
      }
    ];

    services.restic.backups.b2 = {
      inherit
        repositoryFile
        passwordFile
        environmentFile
        ;
      inherit (cfg) paths;
      exclude = cfg.exclude ++ alwaysExcluded;
      initialize = true;
      extraBackupArgs = [ "--exclude-caches" ];
      timerConfig = {
        OnCalendar = cfg.schedule;
        Persistent = true;
        RandomizedDelaySec = "1h";
      };
      pruneOpts = [
        "--host ${hostName}"
      ]
      ++ lib.mapAttrsToList (period: keep: "--keep-${period} ${toString keep}") cfg.retention;
    };

    environment.systemPackages = [ backupAge ];

    systemd.services = {
      restic-backups-b2 = {
        onFailure = [ failureUnit ];
        # Check at once that the new snapshot is in the repository.
        onSuccess = [ "panther-backup-age.service" ];
        after = [ "opnix-secrets.service" ];
        wants = [ "opnix-secrets.service" ];
      };

      panther-backup-age = {
        description = "Check the age of the newest restic backup";
        after = [
          "network-online.target"
          "opnix-secrets.service"
        ];
        wants = [ "network-online.target" ];
        onFailure = [ failureUnit ];
        startAt = "*-*-* 12:00:00";
        serviceConfig = {
          Type = "oneshot";
          ExecStart = lib.getExe backupAge;
          StateDirectory = stateDirectory;
        };
      };

      panther-backup-failed = {
        description = "Report a failed backup";
        serviceConfig.Type = "oneshot";
        script = ''
          echo "<3>backup of ${hostName} failed; see journalctl -u restic-backups-b2 -u panther-backup-age"
          ${cfg.onFailure}
        '';
      };
    };
  };
}
