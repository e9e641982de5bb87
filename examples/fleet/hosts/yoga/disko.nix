# Storage layout for yoga, written by `panther storage plan yoga --write`
# from the hardware report hosts/yoga/facter.json.
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
in
{
  disko.devices = {
    disk = {
      # system disk: SKHynix_HFS001TEM9X186N 1024 GB (nvme0n1)
      main = {
        type = "disk";
        device = "/dev/disk/by-id/nvme-SKHynix_HFS001TEM9X186N_AJD5N60181230562C";
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
                    swap.swapfile.size = "16G";
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
                };
              };
            };
          };
        };
      };
    };
  };
}
