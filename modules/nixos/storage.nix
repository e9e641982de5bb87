# Btrfs upkeep: snapshots with per-class retention, monthly scrub, TRIM, zram
# swap, and the no-CoW attribute on directories the storage plan marks.
#
# TRIM: the storage plan mounts SSD file systems with discard=async, which
# trims freed space as it goes; a weekly fstrim on top only repeats that work,
# so it runs only where / is mounted without it (nixpkgs turns fstrim on by
# default, so this sets it either way).
#
# Snapshots belong to root: snapper's ALLOW_GROUPS would let every wheel user
# run `snapper undochange` (write any file as root) without sudo's password.
#
# Snapshots use snapper rather than btrbk. The storage plan (`panther storage
# plan`) gives each snapshotted subvolume a `.snapshots` subvolume beside its
# data (@snapshots at /.snapshots), which is the layout snapper expects; its
# timeline limits (hourly/daily/weekly/monthly) express the per-class
# retention directly; and `snapper list/diff/undochange` lets the user (wheel)
# undo a mistake without root tools. btrbk's strength, sending snapshots to
# another machine, is not needed: off-site copies are restic's job (backup.nix).
{ config, lib, ... }:
let
  cfg = config.panther.storage;
  snap = cfg.snapshots;

  isBtrfs = mountPoint: (config.fileSystems.${mountPoint}.fsType or null) == "btrfs";

  # "/" -> "root", "/home" -> "home", "/srv/data" -> "srv-data"
  configName =
    mountPoint:
    if mountPoint == "/" then
      "root"
    else
      lib.replaceStrings [ "/" ] [ "-" ] (lib.removePrefix "/" mountPoint);

  asyncDiscard = lib.elem "discard=async" (config.fileSystems."/".options or [ ]);

  limits = lib.mapAttrs' (
    period: keep: lib.nameValuePair "TIMELINE_LIMIT_${lib.toUpper period}" (toString keep)
  ) snap.keep;
in
{
  options.panther.storage = {
    enable = lib.mkEnableOption "Btrfs upkeep (the root file system is Btrfs)" // {
      default = true;
    };

    snapshots = {
      enable = lib.mkEnableOption "snapper timeline snapshots" // {
        default = cfg.enable;
        defaultText = lib.literalExpression "config.panther.storage.enable";
      };
      paths = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = [ "/" ] ++ lib.optional (isBtrfs "/home") "/home";
        defaultText = lib.literalMD "`/`, and `/home` when it is a Btrfs mount";
        description = ''
          Mount points of the subvolumes to snapshot. Each gets a `.snapshots`
          subvolume (the storage plan makes them; a missing one is created at
          boot). Keep swap, containers, databases and /nix out: they are
          rebuilt, dumped, or cannot be snapshotted.
        '';
      };
      interval = lib.mkOption {
        type = lib.types.str;
        default = "daily";
        example = "hourly";
        description = "How often a timeline snapshot is taken (systemd calendar).";
      };
      allowGroups = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = [ ];
        example = [ "wheel" ];
        description = ''
          Groups that may use snapper without sudo. Empty by default: snapper
          runs as root for them, so a member could restore any file
          (`undochange`) without a password.
        '';
      };
      keep = lib.mapAttrs (
        period: keep:
        lib.mkOption {
          type = lib.types.ints.unsigned;
          default = keep;
          description = "Number of ${period} timeline snapshots kept.";
        }
      ) {
        hourly = 0;
        daily = 14;
        weekly = 8;
        monthly = 6;
        yearly = 0;
      };
    };

    scrub = {
      enable = lib.mkEnableOption "periodic Btrfs scrub" // {
        default = cfg.enable;
        defaultText = lib.literalExpression "config.panther.storage.enable";
      };
      interval = lib.mkOption {
        type = lib.types.str;
        default = "monthly";
        description = "How often to scrub (systemd calendar).";
      };
      fileSystems = lib.mkOption {
        type = lib.types.nullOr (lib.types.listOf lib.types.str);
        default = null;
        description = ''
          Mount points to scrub, one per Btrfs file system; null keeps
          nixpkgs' default, which finds every Btrfs file system (a second
          disk's /home included).
        '';
      };
    };

    trim.enable = lib.mkEnableOption "weekly fstrim" // {
      default = !asyncDiscard;
      defaultText = lib.literalMD "/ is not mounted with `discard=async`";
    };

    zram = {
      enable = lib.mkEnableOption "compressed swap in RAM (zram)" // {
        default = true;
      };
      memoryPercent = lib.mkOption {
        type = lib.types.ints.between 1 100;
        default = 50;
        description = "Largest size of the zram device, as a share of RAM.";
      };
    };

    noCowPaths = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      example = [ "/var/lib/postgresql" ];
      description = ''
        Directories that get the no-CoW attribute (chattr +C): databases and
        VM images. The attribute is inherited by files created later; files
        that already exist keep CoW, so set this before data arrives (the
        storage plan creates these directories as their own subvolumes).
      '';
    };
  };

  config = lib.mkMerge [
    (lib.mkIf snap.enable {
      services.snapper = {
        snapshotInterval = snap.interval;
        cleanupInterval = "1d";
        persistentTimer = true;
        configs = lib.listToAttrs (
          map (
            mountPoint:
            lib.nameValuePair (configName mountPoint) (
              {
                SUBVOLUME = mountPoint;
                FSTYPE = "btrfs";
                ALLOW_GROUPS = snap.allowGroups;
                TIMELINE_CREATE = true;
                TIMELINE_CLEANUP = true;
              }
              // limits
            )
          ) snap.paths
        );
      };

      # snapper needs <mount point>/.snapshots to be a subvolume; `v` creates
      # one when the storage plan did not (and leaves an existing one alone).
      systemd.tmpfiles.rules = map (
        mountPoint: "v ${lib.removeSuffix "/" mountPoint}/.snapshots 0750 root root -"
      ) snap.paths;
    })

    (lib.mkIf cfg.scrub.enable {
      services.btrfs.autoScrub = {
        enable = true;
        inherit (cfg.scrub) interval;
        fileSystems = lib.mkIf (cfg.scrub.fileSystems != null) cfg.scrub.fileSystems;
      };
    })

    { services.fstrim.enable = cfg.trim.enable; }

    (lib.mkIf cfg.zram.enable {
      zramSwap = {
        enable = true;
        algorithm = "zstd";
        inherit (cfg.zram) memoryPercent;
      };
    })

    (lib.mkIf (cfg.noCowPaths != [ ]) {
      systemd.tmpfiles.rules = map (path: "h ${path} - - - - +C") cfg.noCowPaths;
    })
  ];
}
