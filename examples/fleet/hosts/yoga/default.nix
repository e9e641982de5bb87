# Lenovo Yoga 7 2-in-1 14AKP10: AMD Ryzen AI 7 350, convertible. nixos-hardware
# has no module for this model, so it uses the generic AMD laptop modules.
{ inputs, ... }:
{
  imports = [
    inputs.nixos-hardware.nixosModules.common-cpu-amd
    inputs.nixos-hardware.nixosModules.common-cpu-amd-pstate
    inputs.nixos-hardware.nixosModules.common-gpu-amd
    inputs.nixos-hardware.nixosModules.common-pc-laptop
    inputs.nixos-hardware.nixosModules.common-pc-ssd
  ];

  # Accelerometer and ambient light sensor (iio-sensor-proxy): screen
  # rotation in tablet mode and automatic brightness.
  hardware.sensor.iio.enable = true;

  # Set once at installation; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
