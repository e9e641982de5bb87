# ASUS ROG Zephyrus M16 (GU603ZW): Intel Core i9-12900H with an NVIDIA
# RTX 3070 Ti (Ampere). The panel runs on the Intel GPU; NVIDIA renders on
# demand (PRIME offload: `nvidia-offload <program>`).
{ inputs, lib, ... }:
{
  # Closest nixos-hardware model (GU603H): Intel CPU + NVIDIA Ampere PRIME,
  # laptop and SSD defaults.
  imports = [ inputs.nixos-hardware.nixosModules.asus-zephyrus-gu603h ];

  hardware.nvidia = {
    open = true;
    powerManagement = {
      enable = true;
      # Power the dGPU down completely when nothing uses it.
      finegrained = true;
    };
    prime = {
      offload = {
        enable = true;
        enableOffloadCmd = true;
      };
      # From the report's sysfs_bus_id (0000:00:02.0 and 0000:01:00.0).
      intelBusId = "PCI:0:2:0";
      nvidiaBusId = "PCI:1:0:0";
    };
  };

  nixpkgs.config.allowUnfreePredicate =
    pkg:
    lib.elem (lib.getName pkg) [
      "nvidia-x11"
      "nvidia-settings"
      "nvidia-persistenced"
    ];

  # ASUS keyboard backlight, fan profiles and battery charge limit (asusctl);
  # it also turns on supergfxd for GPU mode switching.
  services.asusd = {
    enable = true;
    enableUserService = true;
  };

  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
