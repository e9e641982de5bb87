# Contabo VPS: SeaBIOS firmware, so GRUB on a GPT disk with a BIOS-boot
# partition (boot_mode = "bios" in fleet.toml). disko adds the disk to
# boot.loader.grub.devices because of that EF02 partition.
{
  # The hardware report lists the virtio-scsi controller without a driver,
  # so nothing else puts these into the initrd.
  boot.initrd.availableKernelModules = [
    "virtio_scsi"
    "sd_mod"
  ];

  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
