# OVH VPS: a plain server; the server profile covers it. Its report shows
# SeaBIOS firmware, so the boot module picks GRUB (legacy BIOS) by itself.
{
  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
