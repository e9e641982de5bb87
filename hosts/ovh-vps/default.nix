# OVH VPS: a plain server; the server profile covers it.
{
  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
