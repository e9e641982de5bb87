"""The hardware profile: what PantherOS knows about a machine, each fact with its evidence.

This model is the stable `panther hw show --json` schema (docs/hardware.md) and the input of
the storage planner. Add fields freely; renaming or removing one breaks scripts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

# "board": a single-board computer or another device-tree machine (Raspberry Pi, Rockchip, …).
FormFactor = Literal["laptop", "desktop", "server", "vm", "board"]
# Hosting providers a report can name; "other": a named host PantherOS does not model;
# "unknown": a hosted-looking VM whose strings name nobody.
Provider = Literal[
    "hetzner",
    "ovh",
    "contabo",
    "netcup",
    "linode",
    "ionos",
    "oracle",
    "glesys",
    "vultr",
    "digitalocean",
    "aws",
    "gcp",
    "azure",
    "scaleway",
    "upcloud",
    "other",
    "unknown",
]
# Where a VM runs: at a hosting provider, on a person's own machine (VirtualBox, UTM, …), or
# not known.
VmHost = Literal["cloud", "local", "unknown"]
BootModeGuess = Literal["uefi", "bios", "unknown"]
Confidence = Literal["high", "medium", "low"]
CpuVendor = Literal["intel", "amd", "arm", "other"]
GpuVendor = Literal["intel", "amd", "nvidia", "virtual", "other"]
GpuKind = Literal["integrated", "discrete", "virtual"]
DiskBus = Literal["nvme", "sata", "virtio", "scsi", "mmc", "usb", "other"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Cpu(_Frozen):
    vendor: CpuVendor
    model: str | None
    cores: int | None
    threads: int | None
    # Which microcode updates to enable: hardware.cpu.<vendor>.updateMicrocode.
    microcode: Literal["intel", "amd"] | None


class Gpu(_Frozen):
    vendor: GpuVendor
    name: str | None
    device_id: str | None  # "10de:24a0"
    driver: str | None
    kind: GpuKind
    pci_address: str | None  # "0000:01:00.0"
    bus_id: str | None  # as NixOS PRIME options expect: "PCI:1:0:0"
    # Bound to vfio-pci: reserved for a VM guest, so the host neither drives nor offloads to it.
    passthrough: bool = False


class Disk(_Frozen):
    name: str  # kernel name, e.g. "nvme0n1"
    model: str | None
    device: str  # /dev/nvme0n1
    by_id: str | None  # stable /dev/disk/by-id/... path, None when the report has none
    bus: DiskBus
    rotational: bool | None  # None: the report cannot tell
    size_bytes: int
    # An SD card or a USB-attached disk: fine to boot from, not to keep data on.
    removable: bool = False

    @property
    def stable_path(self) -> str:
        return self.by_id or self.device


class ExcludedDisk(_Frozen):
    """A block device in the report that is not a disk to install on, and why."""

    name: str
    reason: str


class Prime(_Frozen):
    """NVIDIA PRIME bus IDs (hardware.nvidia.prime.*); one of intel/amdgpu is set."""

    nvidia_bus_id: str
    intel_bus_id: str | None
    amdgpu_bus_id: str | None


class HardwareProfile(_Frozen):
    source: str  # the report this came from
    report_version: int
    system: str  # x86_64-linux | aarch64-linux
    vendor: str | None  # SMBIOS system manufacturer
    product: str | None  # SMBIOS product, or the marketing name where the vendor puts it
    form_factor: FormFactor
    virtualisation: str  # "none", "kvm", … (systemd-detect-virt names)
    provider: Provider | None  # None on bare metal and on a local VM
    provider_confidence: Confidence | None
    boot_mode: BootModeGuess
    boot_mode_confidence: Confidence
    cpu: Cpu
    gpus: list[Gpu]
    hybrid_graphics: bool
    prime: Prime | None  # set when hybrid graphics has an NVIDIA GPU to offload to
    disks: list[Disk]
    excluded_disks: list[ExcludedDisk]
    memory_bytes: int
    battery: bool
    wifi: bool
    bluetooth: bool
    convertible: bool  # 2-in-1: has a rotation sensor worth enabling
    nixos_hardware_modules: list[str]
    nixos_hardware_exact: bool  # False: generic cpu/gpu/ssd/laptop fallbacks were used
    known_model: str | None  # the known-model table entry that matched, if any
    quirks: list[str]
    # Things a person should check before trusting the profile (low-confidence guesses).
    warnings: list[str]
    # fact name ("boot_mode", "provider", "disks[0].bus", …) → what in the report said so
    evidence: dict[str, str]
    vm_host: VmHost | None = None  # None on bare metal


def default_host_class(form_factor: FormFactor) -> Literal["laptop", "workstation", "server"]:
    """The fleet class a machine gets unless told otherwise: VMs, servers and boards serve."""
    if form_factor == "laptop":
        return "laptop"
    if form_factor == "desktop":
        return "workstation"
    return "server"
