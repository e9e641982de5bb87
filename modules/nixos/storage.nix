# Btrfs upkeep: snapshots with per-class retention, monthly scrub, TRIM, zram
# swap, and the no-CoW attribute on directories the storage plan marks.
#
# Snapshots use btrbk rather than snapper. The storage plan uses a flat layout
# (@root, @home, @nix, … side by side under the top level); snapper needs a
# `.snapshots` subvolume inside every subvolume it manages, btrbk does not: it
# snapshots named subvolumes of the mounted top level into one directory, its
# retention policy reads as "hourly for 2 days, daily for 2 weeks, …" for every
# class alike, and the same tool can later send snapshots to another host.
{ config, lib, ... }:
let
  cfg = config.panther.storage;
  snap = cfg.snapshots;

  # Name of the subvolume mounted at a mount point ("subvol=@root" -> "@root").
  subvolumeAt =
    mountPoint:
    let
      fs = config.fileSystems.${mountPoint} or null;
      opts = if fs == null then [ ] else fs.options;
      subvolOpts = lib.filter (lib.hasPrefix "subvol=") opts;
    in
    if fs != null && fs.fsType == "btrfs" && subvolOpts != [ ] then
      [ (lib.removePrefix "/" (lib.removePrefix "subvol=" (lib.head subvolOpts))) ]
    else
      [ ];
in
{
  options.panther.storage = {
    enable = lib.mkEnableOption "Btrfs upkeep (the root file system is Btrfs)" // {
      default = true;
    };

    snapshots = {
      enable = lib.mkEnableOption "btrbk snapshots" // {
        default = cfg.enable;
        defaultText = lib.literalExpression "config.panther.storage.enable";
      };
      pool = lib.mkOption {
        type = lib.types.str;
        default = "/mnt/btr_pool";
        description = "Where the Btrfs top level (subvolid=5) is mounted for btrbk.";
      };
      dir = lib.mkOption {
        type = lib.types.str;
        default = "snapshots";
        description = "Snapshot directory, relative to the pool; created as a subvolume.";
      };
      subvolumes = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = subvolumeAt "/" ++ subvolumeAt "/home";
        defaultText = lib.literalMD "the subvolumes mounted at `/` and `/home`";
        example = [
          "@root"
          "@home"
        ];
        description = ''
          Subvolumes to snapshot, by name under the top level. Keep swap,
          containers, databases and /nix out: they are either rebuilt,
          backed up otherwise, or cannot be snapshotted.
        '';
      };
      onCalendar = lib.mkOption {
        type = lib.types.str;
        default = "daily";
        example = "hourly";
        description = "How often snapshots are taken (systemd calendar).";
      };
      preserveMin = lib.mkOption {
        type = lib.types.str;
        default = "2d";
        description = "btrbk snapshot_preserve_min: keep every snapshot at least this long.";
      };
      preserve = lib.mkOption {
        type = lib.types.str;
        default = "14d 8w 6m";
        example = "48h 7d";
        description = "btrbk snapshot_preserve: the retention policy (hourly/daily/weekly/monthly).";
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
        type = lib.types.listOf lib.types.str;
        default = [ "/" ];
        description = "Mount points to scrub, one per Btrfs file system.";
      };
    };

    trim.enable = lib.mkEnableOption "weekly fstrim" // {
      default = true;
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
      # The top level, mounted for btrbk only.
      fileSystems.${snap.pool} = {
        inherit (config.fileSystems."/") device;
        fsType = "btrfs";
        options = [
          "subvolid=5"
          "noatime"
          "nodev"
          "nosuid"
          "noexec"
        ];
      };

      # `v` creates a subvolume (not a plain directory) when it is missing.
      systemd.tmpfiles.rules = [ "v ${snap.pool}/${snap.dir} 0700 root root -" ];

      services.btrbk.instances.panther = {
        inherit (snap) onCalendar;
        settings = {
          timestamp_format = "long";
          snapshot_preserve_min = snap.preserveMin;
          snapshot_preserve = snap.preserve;
          volume.${snap.pool} = {
            snapshot_dir = snap.dir;
            subvolume = lib.genAttrs snap.subvolumes (_: { });
          };
        };
      };
    })

    (lib.mkIf snap.enable {
      assertions = [
        {
          assertion = snap.subvolumes != [ ];
          message = "panther.storage.snapshots: no Btrfs subvolume found at / or /home; set panther.storage.snapshots.subvolumes or disable snapshots.";
        }
      ];
    })

    (lib.mkIf cfg.scrub.enable {
      services.btrfs.autoScrub = {
        enable = true;
        inherit (cfg.scrub) interval fileSystems;
      };
    })

    (lib.mkIf cfg.trim.enable { services.fstrim.enable = true; })

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
