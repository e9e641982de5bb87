"""Who hosts a VM: a hosting provider named by SMBIOS or firmware strings, the person's own
machine (VirtualBox, UTM, VMware Workstation, Hyper-V or virt-manager on a desktop), or
nobody the report names.

Strings marked "seen" were read in public reports (dmidecode output or facter reports); those
marked "inferred" follow the provider's documentation or the pattern of its siblings and have
not been seen in a report: a miss there falls through to `unknown`, never to a wrong name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from pantheros.hardware.platform import (
    APPLE_IMPLEMENTER,
    cpu_implementer,
    pci_devices,
    smbios_strings,
)
from pantheros.hardware.profile import Confidence, Provider, VmHost
from pantheros.hardware.report import FacterReport


@dataclass(frozen=True)
class VmVerdict:
    """Provider (None: no hosting company) and where the VM runs, with the evidence."""

    provider: Provider | None
    host: VmHost
    confidence: Confidence
    evidence: str


# (provider, SMBIOS key or "*" for any, pattern, confidence, what it is)
_NAMED: tuple[tuple[Provider, str, str, Confidence, str], ...] = (
    ("hetzner", "smbios.system.manufacturer", r"^Hetzner", "high", "Hetzner Cloud vServer (seen)"),
    ("hetzner", "smbios.bios.vendor", r"^Hetzner", "high", "Hetzner firmware (seen)"),
    ("ovh", "*", r"\bOVH", "high", "OVH string in SMBIOS"),
    ("contabo", "*", r"contabo", "high", "Contabo string in SMBIOS"),
    ("netcup", "smbios.system.manufacturer", r"^netcup", "high", "netcup KVM server (seen)"),
    ("vultr", "smbios.system.manufacturer", r"^Vultr", "high", "Vultr instance (inferred)"),
    (
        "digitalocean",
        "smbios.system.manufacturer",
        r"^DigitalOcean",
        "high",
        "DigitalOcean Droplet (seen)",
    ),
    ("digitalocean", "smbios.bios.vendor", r"^DigitalOcean", "high", "DigitalOcean firmware"),
    (
        "linode",
        "smbios.system.manufacturer",
        r"^(Linode|Akamai)",
        "high",
        "Linode/Akamai compute instance (inferred from Linode's docs)",
    ),
    ("aws", "smbios.system.manufacturer", r"^Amazon EC2", "high", "EC2 Nitro instance (seen)"),
    ("aws", "smbios.bios.vendor", r"^Amazon EC2", "high", "EC2 Nitro firmware (seen)"),
    ("aws", "smbios.bios.version", r"amazon", "high", "EC2 Xen instance (seen)"),
    ("gcp", "smbios.system.manufacturer", r"^Google", "high", "Google Compute Engine (seen)"),
    ("gcp", "smbios.system.product", r"^Google Compute Engine", "high", "Compute Engine"),
    ("oracle", "*", r"^OracleCloud", "high", "Oracle Cloud Infrastructure"),
    ("ionos", "smbios.bios.version", r"ionos", "high", "IONOS firmware (seen)"),
    ("ionos", "smbios.system.manufacturer", r"^IONOS", "high", "IONOS (inferred)"),
    ("scaleway", "smbios.system.manufacturer", r"^Scaleway", "high", "Scaleway (seen)"),
    ("upcloud", "smbios.system.manufacturer", r"^UpCloud", "high", "UpCloud (inferred)"),
    ("glesys", "*", r"^GleSYS", "high", "GleSYS (inferred)"),
    (
        "ovh",
        "smbios.system.product",
        r"^OpenStack Nova",
        "medium",
        "OpenStack Nova guest: OVH Public Cloud (and its newer VPS range) shows exactly this, "
        "but so does any OpenStack cloud",
    ),
    ("other", "smbios.system.manufacturer", r"^Exoscale", "high", "Exoscale"),
)
# systemd-detect-virt names that only one cloud produces.
_VIRT_NAMES: dict[str, tuple[Provider, str]] = {
    "amazon": ("aws", "virtualisation = 'amazon' (EC2 Nitro)"),
    "google": ("gcp", "virtualisation = 'google' (Compute Engine)"),
}
# Every provider a fleet.toml tag may name: all but the two verdicts that name none.
PROVIDER_TAGS: tuple[Provider, ...] = tuple(
    p for p in get_args(Provider) if p not in ("other", "unknown")
)
_MELLANOX = 0x15B3
_QEMU_VENDORS = {0x1AF4, 0x1B36}  # virtio, Red Hat QEMU devices
_QXL = (0x1B36, 0x0100)
_SOUND_OR_SPICE = "a sound card or a SPICE display"


def vm_verdict(report: FacterReport, *, hint: str | None = None) -> VmVerdict:
    """Provider and VM host of a guest (call it for VMs only)."""
    strings = smbios_strings(report)
    named = _named(report, strings)
    if named is not None:
        return named
    if hint in PROVIDER_TAGS:
        return VmVerdict(
            next(p for p in PROVIDER_TAGS if p == hint),
            "cloud",
            "medium",
            f"fleet.toml tags the host {hint!r}; SMBIOS does not say",
        )
    local = _local(report, strings)
    if local is not None:
        return local
    if not strings:
        return VmVerdict(
            "unknown",
            "unknown",
            "low",
            "no SMBIOS at all (typical of aarch64 clouds such as Hetzner arm64): provider unknown",
        )
    generic = strings.get("smbios.system.product") or strings.get("smbios.bios.vendor") or "?"
    return VmVerdict(
        "unknown",
        "unknown",
        "low",
        f"generic QEMU/KVM strings ({generic!r}) and no desktop devices; Contabo and many small "
        "hosts look exactly like this, so the provider cannot be told from the report",
    )


def _named(report: FacterReport, strings: dict[str, str]) -> VmVerdict | None:
    for name, key, pattern, confidence, what in _NAMED:
        keys = list(strings) if key == "*" else [key]
        for found in keys:
            value = strings.get(found, "")
            if re.search(pattern, value, re.IGNORECASE):
                return VmVerdict(name, "cloud", confidence, f"{found} = {value!r}: {what}")
    virt = report.virtualisation
    if virt in _VIRT_NAMES:
        provider, why = _VIRT_NAMES[virt]
        return VmVerdict(provider, "cloud", "high", why)
    for index, disk in enumerate(report.hardware.disk):
        if (disk.model or "").startswith("ORACLE BlockVolume"):
            return VmVerdict(
                "oracle",
                "cloud",
                "high",
                f"hardware.disk[{index}].model = {disk.model!r}: an Oracle Cloud block volume",
            )
    if _hyper_v(report, strings):
        for where, device in pci_devices(report):
            if device.vendor_id == _MELLANOX:
                return VmVerdict(
                    "azure",
                    "cloud",
                    "medium",
                    f"a Hyper-V guest with a Mellanox adapter ({where}): Azure's accelerated "
                    "networking passes one through; a local Hyper-V VM has none",
                )
    return None


def _hyper_v(report: FacterReport, strings: dict[str, str]) -> bool:
    """Microsoft's hypervisor itself, not KVM that only borrows its interface (Vultr does)."""
    if report.virtualisation != "microsoft" or _qemu_devices(report):
        return False
    return strings.get("smbios.system.manufacturer", "").startswith("Microsoft")


def _qemu_devices(report: FacterReport) -> bool:
    return any(d.vendor_id in _QEMU_VENDORS for _, d in pci_devices(report)) or any(
        isinstance(d.vendor, str) and d.vendor == "Virtio" for _, d in pci_devices(report)
    )


def _local(report: FacterReport, strings: dict[str, str]) -> VmVerdict | None:
    virt = report.virtualisation
    text = " ".join(strings.values())
    if virt == "oracle" or re.search(r"innotek|VirtualBox", text, re.IGNORECASE):
        return VmVerdict(
            None,
            "local",
            "high",
            "VirtualBox (virtualisation = 'oracle'): a VM on "
            "a person's own machine, no hosting provider",
        )
    if virt == "parallels" or re.search(r"Parallels", text):
        return VmVerdict(None, "local", "high", "Parallels Desktop: a VM on a Mac")
    if virt == "apple":
        return VmVerdict(None, "local", "high", "Apple's Virtualization framework: a VM on a Mac")
    if cpu_implementer(report) == APPLE_IMPLEMENTER:
        return VmVerdict(
            None,
            "local",
            "high",
            "the guest CPU is Apple silicon (hardware.cpu vendor 'unknown (61)', implementer "
            "0x61): UTM, Parallels or VMware Fusion on a Mac; no cloud rents out Macs as VMs",
        )
    desktop_devices = _desktop_devices(report)
    if _hyper_v(report, strings):
        return VmVerdict(
            None,
            "local",
            "medium",
            "Hyper-V (virtualisation = 'microsoft', Microsoft SMBIOS) without the Mellanox "
            "adapter of Azure's accelerated networking: Hyper-V on a Windows machine (a small "
            "Azure VM without accelerated networking would look the same)",
        )
    if virt == "vmware" or re.search(r"VMware", text):
        if desktop_devices:
            return VmVerdict(
                None,
                "local",
                "medium",
                f"VMware with {desktop_devices}: Workstation or Fusion on a desktop (ESXi guests "
                "at a provider have none)",
            )
        return VmVerdict(
            "unknown",
            "unknown",
            "low",
            "VMware without desktop devices: ESXi at a provider and Workstation look alike",
        )
    if desktop_devices:
        return VmVerdict(
            None,
            "local",
            "medium",
            f"a QEMU/KVM guest with {desktop_devices}: virt-manager, GNOME Boxes or UTM on a "
            "desktop; hosting providers give guests neither",
        )
    return None


def _desktop_devices(report: FacterReport) -> str | None:
    if report.hardware.sound:
        return f"{_SOUND_OR_SPICE} (hardware.sound[0])"
    for index, card in enumerate(report.hardware.graphics_card):
        if (card.vendor_id, card.device_id) == _QXL:
            return f"{_SOUND_OR_SPICE} (hardware.graphics_card[{index}] is QXL)"
    return None
