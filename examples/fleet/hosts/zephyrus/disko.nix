# Storage layout for zephyrus, written by `panther storage plan zephyrus --write`
# from the hardware report hosts/zephyrus/facter.json.
# It is yours now: edit it freely; `panther storage check` validates it against the report.
let
  # Filesystem-wide Btrfs options (compress, ssd, discard, space_cache): only the first mount of
  # a filesystem sets them, so every subvolume mount repeats the same list and adds only
  # per-mount VFS flags (noatime, nodev, nosuid, noexec).
  mainFsOptions = [
    "compress=zstd:1"
    "ssd"
    "discard=async"
    "space_cache=v2"
  ];
  dataFsOptions = [
    "compress=zstd:1"
    "ssd"
    "discard=async"
    "space_cache=v2"
  ];
in
{
  disko.devices = {
    disk = {
      # system disk: SKHynix_HFS001TEJ9X115N 1024 GB (nvme1n1)
      main = {
        type = "disk";
        device = "/dev/disk/by-id/nvme-SKHynix_HFS001TEJ9X115N_FJB4N512310604A2X";
        content = {
          type = "gpt";
          partitions = {
            ESP = {
              size = "1G";
              type = "EF00";
              content = {
                type = "filesystem";
                format = "vfat";
                mountpoint = "/boot";
                mountOptions = [ "umask=0077" ];
              };
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
                    swap.swapfile.size = "32G";
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
      # data disk: Samsung SSD 990 PRO 2TB 2000 GB (nvme0n1)
      data = {
        type = "disk";
        device = "/dev/disk/by-id/nvme-Samsung_SSD_990_PRO_2TB_S7KHNJ0W912345A";
        content = {
          type = "gpt";
          partitions = {
            data = {
              size = "100%";
              type = "8300";
              content = {
                type = "btrfs";
                extraArgs = [
                  "-f"
                  "-L"
                  "data"
                ];
                subvolumes = {
                  "@home" = {
                    mountpoint = "/home";
                    mountOptions = dataFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                    ];
                  };
                  "@snapshots" = {
                    mountpoint = "/home/.snapshots";
                    mountOptions = dataFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
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
