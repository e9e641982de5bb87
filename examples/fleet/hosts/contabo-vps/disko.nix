# Storage layout for contabo-vps, written by `panther storage plan contabo-vps --write`
# from the hardware report hosts/contabo-vps/facter.json.
# It is yours now: edit it freely; `panther storage check` validates it against the report.
let
  # Filesystem-wide Btrfs options (compress, ssd, discard, space_cache): only the first mount of
  # a filesystem sets them, so every subvolume mount repeats the same list and adds only
  # per-mount VFS flags (noatime, nodev, nosuid, noexec).
  mainFsOptions = [
    "compress=zstd:1"
    "discard=async"
    "space_cache=v2"
  ];
in
{
  disko.devices = {
    disk = {
      # system disk: QEMU HARDDISK 215 GB (sda)
      main = {
        type = "disk";
        device = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi0";
        content = {
          type = "gpt";
          partitions = {
            boot = {
              size = "1M";
              type = "EF02";
            };
            root = {
              size = "100%";
              type = "8300";
              content = {
                type = "btrfs";
                extraArgs = [
                  "-f"
                  "-L"
                  "nixos"
                ];
                subvolumes = {
                  "@root" = {
                    mountpoint = "/";
                    mountOptions = mainFsOptions ++ [ "noatime" ];
                  };
                  "@home" = {
                    mountpoint = "/home";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                    ];
                  };
                  "@nix" = {
                    mountpoint = "/nix";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                    ];
                  };
                  "@log" = {
                    mountpoint = "/var/log";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
                  };
                  "@swap" = {
                    mountpoint = "/.swapvol";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
                    swap.swapfile.size = "2G";
                  };
                  "@snapshots" = {
                    mountpoint = "/.snapshots";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
                  };
                  "@containers" = {
                    mountpoint = "/var/lib/containers";
                    mountOptions = mainFsOptions ++ [ "noatime" ];
                  };
                };
              };
            };
          };
        };
      };
    };
  };
}
