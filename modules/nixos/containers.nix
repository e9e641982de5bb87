# Podman with a docker-compatible CLI. On Btrfs the storage uses the native
# btrfs driver (layers are subvolumes and snapshots, no overlay on top of a
# CoW file system). /var/lib/containers is its own subvolume in the storage
# plan: it keeps CoW, and it stays out of snapshots and backups (images are
# pulled again; volumes you care about belong in the backup paths).
{ config, lib, ... }:
let
  cfg = config.panther.containers;
in
{
  options.panther.containers = {
    enable = lib.mkEnableOption "Podman" // {
      default = lib.elem "containers" config.panther.host.workloads;
      defaultText = lib.literalMD "`containers` is in the host's workloads";
    };
    storageDriver = lib.mkOption {
      type = lib.types.enum [
        "btrfs"
        "overlay"
      ];
      default =
        let
          fs = config.fileSystems;
          fsType = fs."/var/lib/containers".fsType or fs."/".fsType or null;
        in
        if fsType == "btrfs" then "btrfs" else "overlay";
      defaultText = lib.literalMD "`btrfs` when /var/lib/containers (or /) is on Btrfs, else `overlay`";
      description = "containers/storage driver for the system store.";
    };
  };

  config = lib.mkIf cfg.enable {
    virtualisation.podman = {
      enable = true;
      dockerCompat = true;
      defaultNetwork.settings.dns_enabled = true;
      autoPrune = {
        enable = true;
        dates = "weekly";
        flags = [ "--all" ];
      };
    };

    virtualisation.containers.storage.settings.storage.driver = cfg.storageDriver;
  };
}
