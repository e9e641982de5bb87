"""Model quirks: settings a machine needs that no nixos-hardware module sets for it.

A quirk is a name in the profile (`quirks`) and in known_models.toml; what it means for a host
is its NixOS settings here. Option names were checked against nixpkgs (docs/hardware.md).
"""

from __future__ import annotations

from collections.abc import Mapping

# quirk → (why, NixOS settings as `option = value;` lines)
QUIRKS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "asusd": (
        "ASUS ROG: asusd controls fan profiles, keyboard LEDs and the battery charge limit",
        ("services.asusd.enable = true;",),
    ),
    "supergfxd": (
        "ASUS ROG: supergfxctl switches the GPU mode (integrated, hybrid, dGPU)",
        ("services.supergfxd.enable = true;",),
    ),
    "rotation-sensor": (
        "2-in-1: the accelerometer rotates the screen (iio-sensor-proxy)",
        ("hardware.sensor.iio.enable = true;",),
    ),
}
