# Storage layout for ovh-vps, written by `panther storage plan ovh-vps --write`
# from the hardware report hosts/ovh-vps/facter.json.
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
      # system disk: Disk 107 GB (vda)
      main = {
        type = "disk";
        device = "/dev/vda";
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
                  "@prometheus" = {
                    mountpoint = "/var/lib/prometheus2";
                    mountOptions = mainFsOptions ++ [
                      "noatime"
                      "nodev"
                      "nosuid"
                      "noexec"
                    ];
                  };
                  # compression none is a property set in postCreateHook below.
                  "@loki" = {
                    mountpoint = "/var/lib/loki";
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
                    btrfs property set "$MNTPOINT/@loki" compression none
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
