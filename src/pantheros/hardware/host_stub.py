"""The text of hosts/<name>/default.nix for a new host, from its hardware profile.

Only what the report implies for this one machine goes here: nixos-hardware imports, boot
loader, PRIME bus IDs, VM guest agent, model quirks. lib/default.nix already feeds the report to
nixpkgs' hardware.facter (initrd modules, microcode, firmware) and sets the host platform.
Output follows nixfmt (RFC 166) layout so it reads like a hand-written file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.quirks import QUIRKS

# Matches the example hosts; set once at installation, never bumped by a generator.
STATE_VERSION = "26.05"
# NVIDIA Turing (device IDs from 0x1e00) and newer run the open kernel module.
_NVIDIA_OPEN_FROM = 0x1E00
_QEMU_GUESTS = {"kvm", "qemu", "bochs"}
_NVIDIA_UNFREE = ("nvidia-x11", "nvidia-settings", "nvidia-persistenced")


@dataclass
class _Body:
    args: set[str] = field(default_factory=set)
    blocks: list[list[str]] = field(default_factory=list)

    def add(self, comment: str, *lines: str) -> None:
        self.blocks.append([f"# {part}" for part in _wrap(comment)] + list(lines))


# What a compact storage plan asks of the host (planner nixos_settings), written as Nix.
_SMALL_DISK_SETTINGS = (
    "panther.boot.configurationLimit",
    "boot.loader.generic-extlinux-compatible.configurationLimit",
    "panther.storage.snapshots.keep.daily",
    "panther.storage.snapshots.keep.weekly",
    "panther.storage.snapshots.keep.monthly",
    "nix.gc.automatic",
)


def render_default_nix(
    name: str,
    profile: HardwareProfile,
    *,
    command: str,
    report: str,
    storage: Mapping[str, str] | None = None,
) -> str:
    """`storage`: the storage plan's nixos_settings, when the host's plan is known."""
    body = _Body()
    _imports(body, profile)
    # How to write this file again once fleet.toml says more (boot_mode): the exact command.
    _boot(body, profile, f"panther host add {name} --report {' '.join(report.split())} --force")
    _graphics(body, profile)
    _guest(body, profile)
    _small_disk(body, storage or {})
    for quirk in profile.quirks:
        why, lines = QUIRKS[quirk]
        body.add(why, *lines)
    body.add(
        "Set once at installation; see the NixOS manual before changing it.",
        f'system.stateVersion = "{STATE_VERSION}";',
    )
    # SMBIOS strings and paths go into comments: collapse any line breaks they carry.
    machine = " ".join(" ".join(p.split()) for p in (profile.vendor, profile.product) if p)
    command, report = " ".join(command.split()), " ".join(report.split())
    header = [
        f"# {name}: written by `{command}`",
        f"# from the nixos-facter report {report} ({machine or 'unknown machine'}).",
        "# What is special about this host; fleet.toml, its profile and hardware.facter",
        "# (fed facter.json by lib/default.nix) cover the rest. Edit freely.",
    ]
    header += [f"# CHECK: {line}" for w in profile.warnings for line in _wrap(w, 91)]
    args = ", ".join(sorted(body.args, key=("inputs", "lib").index))
    opening = f"{{ {args}, ... }}:\n{{" if args else "{"
    inner = "\n\n".join("\n".join(f"  {line}" if line else "" for line in b) for b in body.blocks)
    return "\n".join(header) + "\n" + opening + "\n" + inner + "\n}\n"


def _imports(body: _Body, profile: HardwareProfile) -> None:
    if not profile.nixos_hardware_modules:
        return
    body.args.add("inputs")
    if profile.nixos_hardware_exact:
        why = f"nixos-hardware module for this model ({profile.known_model})."
    elif profile.known_model and profile.nixos_hardware_modules[0].startswith("common-"):
        why = f"nixos-hardware has no module for the {profile.known_model}: generic modules."
    elif profile.known_model:
        why = f"Nearest nixos-hardware model for the {profile.known_model} (no exact module)."
    else:
        why = "Generic nixos-hardware modules for this CPU, GPU, form factor and disks."
    lines = ["imports = ["]
    lines += [f"  inputs.nixos-hardware.nixosModules.{m}" for m in profile.nixos_hardware_modules]
    lines.append("];")
    body.add(why, *lines)


def _boot(body: _Body, profile: HardwareProfile, again: str) -> None:
    evidence = profile.evidence.get("boot_mode", "")
    if profile.boot_mode == "uefi":
        body.add(
            f"UEFI ({profile.boot_mode_confidence} confidence): {evidence}. "
            "panther.boot.mode keeps the fleet's boot module in agreement.",
            'panther.boot.mode = "uefi";',
            "boot.loader.systemd-boot.enable = true;",
            "boot.loader.efi.canTouchEfiVariables = true;",
        )
    elif profile.boot_mode == "bios":
        body.add(
            f"Legacy BIOS ({profile.boot_mode_confidence} confidence): {evidence}. GRUB on a GPT "
            "disk with a BIOS-boot (EF02) partition; disko adds the disk to "
            "boot.loader.grub.devices.",
            'panther.boot.mode = "bios";',
            "boot.loader.grub.enable = true;",
        )
    elif profile.form_factor == "board":
        body.add(
            f"A board: it boots through its own firmware or u-boot, which reads extlinux.conf "
            f"from the FAT /boot ({evidence}). If it runs UEFI firmware instead (EDK2, u-boot's "
            f'EFI), set boot_mode = "uefi" in fleet.toml and run `{again}`.',
            "panther.boot.enable = false;",
            "boot.loader.grub.enable = false;",
            "boot.loader.generic-extlinux-compatible.enable = true;",
        )
    else:
        body.add(
            "Boot mode unknown: GRUB installed for both BIOS and UEFI (EF02 + ESP, the disko "
            f"hybrid layout). Set boot_mode in fleet.toml and run `{again}` to get a single "
            "boot loader.",
            "panther.boot.enable = false;",
            "boot.loader.grub = {",
            "  enable = true;",
            "  efiSupport = true;",
            "  efiInstallAsRemovable = true;",
            "};",
        )


def _graphics(body: _Body, profile: HardwareProfile) -> None:
    nvidia = [g for g in profile.gpus if g.vendor == "nvidia"]
    if not nvidia:
        return
    body.args.add("lib")
    prime = profile.prime
    if prime is not None:
        igpu = (
            f'  intelBusId = "{prime.intel_bus_id}";'
            if prime.intel_bus_id
            else f'  amdgpuBusId = "{prime.amdgpu_bus_id}";'
        )
        body.add(
            "Hybrid graphics: the integrated GPU drives the panel, NVIDIA renders on demand "
            "(PRIME offload: `nvidia-offload <program>`). Bus IDs from the report's sysfs_bus_id.",
            "hardware.nvidia.prime = {",
            "  offload.enable = true;",
            igpu,
            f'  nvidiaBusId = "{prime.nvidia_bus_id}";',
            "};",
        )
    device = nvidia[0].device_id or ""
    device_number = int(device.split(":")[1], 16) if ":" in device else 0
    generic = {"common-gpu-nvidia", "common-gpu-nvidia-nonprime"}
    # Model modules choose the kernel module themselves; the generic ones leave it unset.
    if generic & set(profile.nixos_hardware_modules) and device_number >= _NVIDIA_OPEN_FROM:
        body.add(
            f"NVIDIA {device} is Turing or newer: use the open kernel module.",
            "hardware.nvidia.open = lib.mkDefault true;",
        )
    elif generic & set(profile.nixos_hardware_modules) and device_number:
        body.add(
            f"NVIDIA {device} is older than Turing: only the proprietary kernel module drives it.",
            "hardware.nvidia.open = lib.mkDefault false;",
        )
    unfree = " ".join(f'"{p}"' for p in _NVIDIA_UNFREE)
    body.add(
        "The NVIDIA driver is unfree: allow just its packages.",
        "nixpkgs.config.allowUnfreePredicate =",
        f"  pkg: lib.elem (lib.getName pkg) [ {unfree} ];",
    )


def _guest(body: _Body, profile: HardwareProfile) -> None:
    if profile.virtualisation in _QEMU_GUESTS:
        provider = (
            f" on {profile.provider}" if profile.provider not in (None, "other", "unknown") else ""
        )
        body.add(
            f"{profile.virtualisation.upper()} guest{provider}: the QEMU guest agent lets the "
            "host freeze filesystems for snapshots and shut down cleanly.",
            "services.qemuGuest.enable = true;",
        )


def _small_disk(body: _Body, storage: Mapping[str, str]) -> None:
    lines = [f"{key} = {storage[key]};" for key in _SMALL_DISK_SETTINGS if key in storage]
    if lines:
        body.add(
            "Small system disk: keep few boot entries and snapshots and collect garbage, or "
            "rebuilds run out of space (panther storage plan explains the layout).",
            *lines,
        )


def _wrap(text: str, width: int = 96) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines
