# Storage layout for hetzner-vps, written by `panther storage plan hetzner-vps --write`
# from the hardware report hosts/hetzner-vps/facter.json.
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
      # system disk: QEMU HARDDISK 161 GB (sda)
      main = {
        type = "disk";
        device = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_58230713";
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
                  # NOCOW (chattr +C in postCreateHook below), not a mount option.
                  "@postgresql" = {
                    mountpoint = "/var/lib/postgresql";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
                  };
                  # compression none is a property set in postCreateHook below.
                  "@atticd" = {
                    mountpoint = "/var/lib/atticd";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
                  };
                };
                # Per-subvolume attributes: Btrfs cannot set nodatacow or compression per
                # subvolume by mount option (the first mount's options apply to the whole
                # filesystem), so they are set as file attributes on the still-empty subvolumes,
                # which new files inherit. $device is set by disko for this filesystem.
                postCreateHook = ''
                  (
                    MNTPOINT=$(mktemp -d)
                    mount "$device" "$MNTPOINT" -o subvol=/
                    trap 'umount "$MNTPOINT"; rm -rf "$MNTPOINT"' EXIT
                    chattr +C "$MNTPOINT/@postgresql"
                    btrfs property set "$MNTPOINT/@atticd" compression none
                  )
                '';
              };
            };
          };
        };
      };
    };
  };
}
