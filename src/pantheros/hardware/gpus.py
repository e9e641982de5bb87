"""Graphics cards: vendor, integrated or discrete, and hybrid (PRIME) graphics.

Vendors are matched on the PCI vendor ID `value`, never on names (hwinfo often omits them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pantheros.hardware.profile import CpuVendor, FormFactor, Gpu, GpuKind, GpuVendor, Prime
from pantheros.hardware.report import Device

NVIDIA, AMD, INTEL, ASPEED = 0x10DE, 0x1002, 0x8086, 0x1A03
# Emulated display adapters: virtio, bochs/std-vga, qxl, cirrus, VMware, VirtualBox, Hyper-V.
VIRTUAL_VENDORS = {0x1AF4, 0x1234, 0x1B36, 0x1013, 0x15AD, 0x80EE, 0x1414}
_VENDORS: dict[int, GpuVendor] = {NVIDIA: "nvidia", AMD: "amd", INTEL: "intel"}

SUB_CLASS_3D = 0x02  # "3D controller": an NVIDIA Optimus GPU without display outputs
_PCI_ADDRESS = re.compile(
    r"^(?P<domain>[0-9a-fA-F]{4,8}):(?P<bus>[0-9a-fA-F]{2}):(?P<dev>[0-9a-fA-F]{2})\.(?P<fn>[0-7])$"
)
# Intel discrete cards (Arc Alchemist DG2, Battlemage); every other Intel GPU is integrated.
_INTEL_DISCRETE = re.compile(r"^(56[0-9a-f]{2}|e2[0-9a-f]{2})$")
# On AMD APUs the iGPU hangs off the internal GPP bridge at 00:08.1.
_AMD_APU_BRIDGE = "/0000:00:08.1/"
_VFIO = {"vfio-pci", "vfio_pci"}


@dataclass
class GpuScan:
    gpus: list[Gpu] = field(default_factory=list)
    hybrid: bool = False
    prime: Prime | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def prime_bus_id(pci_address: str) -> str | None:
    """ "0000:01:00.0" → "PCI:1:0:0": the X.org BusID NixOS PRIME options expect (decimal)."""
    match = _PCI_ADDRESS.match(pci_address)
    if not match:
        return None
    bus, dev, fn = int(match["bus"], 16), int(match["dev"], 16), int(match["fn"])
    domain = int(match["domain"], 16)
    # X.org writes a non-zero PCI domain as bus@domain.
    return f"PCI:{bus}@{domain}:{dev}:{fn}" if domain else f"PCI:{bus}:{dev}:{fn}"


def scan_gpus(devices: list[Device], *, cpu_vendor: CpuVendor, form_factor: FormFactor) -> GpuScan:
    scan = GpuScan()
    raw: list[Device] = []
    for position, device in enumerate(devices):
        gpu = _gpu(device, cpu_vendor)
        scan.gpus.append(gpu)
        raw.append(device)
        scan.evidence[f"gpus[{len(scan.gpus) - 1}].kind"] = (
            f"hardware.graphics_card[{position}]: vendor 0x{device.vendor_id or 0:04x}, "
            f"{_kind_reason(gpu, device)}"
        )
    _judge_hybrid(scan, raw, form_factor)
    return scan


def _gpu(device: Device, cpu_vendor: CpuVendor) -> Gpu:
    vendor_id = device.vendor_id
    vendor: GpuVendor = (
        "virtual" if vendor_id in VIRTUAL_VENDORS else _VENDORS.get(vendor_id or -1, "other")
    )
    device_hex = f"{device.device_id:04x}" if device.device_id is not None else None
    pci = (
        device.sysfs_bus_id
        if device.sysfs_bus_id and _PCI_ADDRESS.match(device.sysfs_bus_id)
        else None
    )
    return Gpu(
        vendor=vendor,
        name=device.device_name or device.model,
        device_id=f"{vendor_id:04x}:{device_hex}" if vendor_id is not None and device_hex else None,
        driver=device.driver_module
        or device.driver
        or next(iter(sorted(device.all_drivers)), None),
        kind=_kind(vendor, device_hex, device, cpu_vendor),
        pci_address=pci,
        bus_id=prime_bus_id(pci) if pci else None,
        passthrough=bool(device.all_drivers & _VFIO),
    )


def _kind(vendor: GpuVendor, device_hex: str | None, device: Device, cpu: CpuVendor) -> GpuKind:
    if vendor == "virtual":
        return "virtual"
    if vendor == "intel":
        return "discrete" if device_hex and _INTEL_DISCRETE.match(device_hex) else "integrated"
    if vendor == "amd":
        on_apu_bridge = _AMD_APU_BRIDGE in (device.sysfs_id or "")
        return "integrated" if cpu == "amd" and on_apu_bridge else "discrete"
    if device.vendor_id == ASPEED:
        return "integrated"  # a server BMC's display
    return "discrete"


def _kind_reason(gpu: Gpu, device: Device) -> str:
    if gpu.passthrough:
        return f"{gpu.vendor} GPU bound to vfio-pci: passed through to a VM, not used by the host"
    if gpu.kind == "virtual":
        return "an emulated display adapter"
    if gpu.vendor == "intel":
        return f"Intel device {gpu.device_id}: {gpu.kind}"
    if gpu.vendor == "amd":
        where = (
            "behind the APU bridge 00:08.1" if gpu.kind == "integrated" else "not on the APU bridge"
        )
        return f"AMD GPU {where}"
    if device.vendor_id == ASPEED:
        return "ASPEED BMC display"
    return f"{gpu.vendor} GPU: discrete"


def _judge_hybrid(scan: GpuScan, raw: list[Device], form_factor: FormFactor) -> None:
    # A GPU bound to vfio-pci belongs to a VM guest: the host can neither drive nor offload to it.
    pairs = [(g, d) for g, d in zip(scan.gpus, raw, strict=True) if not g.passthrough]
    integrated = [
        (g, d) for g, d in pairs if g.kind == "integrated" and g.vendor in ("intel", "amd")
    ]
    discrete = [(g, d) for g, d in pairs if g.kind == "discrete" and g.vendor in ("nvidia", "amd")]
    if not integrated or not discrete:
        scan.evidence["hybrid_graphics"] = "not both an integrated and a discrete GPU"
        return
    igpu, igpu_dev = integrated[0]
    dgpu, dgpu_dev = discrete[0]
    optimus = (
        dgpu.vendor == "nvidia"
        and dgpu_dev.sub_class is not None
        and dgpu_dev.sub_class.value == SUB_CLASS_3D
    )
    # MUX laptops show whichever GPU drives the panel as VGA; judge by an iGPU with a driver.
    igpu_active = bool(igpu_dev.all_drivers)
    if optimus or (form_factor == "laptop" and igpu_active):
        scan.hybrid = True
        why = (
            "NVIDIA 3D controller beside an iGPU (Optimus)"
            if optimus
            else (
                f"laptop with an active {igpu.vendor} iGPU (driver {igpu.driver}) "
                f"and a discrete {dgpu.vendor} GPU"
            )
        )
        scan.evidence["hybrid_graphics"] = why
    else:
        scan.evidence["hybrid_graphics"] = (
            "the iGPU has no driver bound or this is not a laptop: "
            "the discrete GPU drives the display"
        )
        return
    if dgpu.vendor == "nvidia" and dgpu.bus_id and igpu.bus_id:
        scan.prime = Prime(
            nvidia_bus_id=dgpu.bus_id,
            intel_bus_id=igpu.bus_id if igpu.vendor == "intel" else None,
            amdgpu_bus_id=igpu.bus_id if igpu.vendor == "amd" else None,
        )
        scan.evidence["prime"] = (
            f"sysfs_bus_id {dgpu.pci_address} (NVIDIA) and {igpu.pci_address} ({igpu.vendor}), "
            "hex bus converted to decimal"
        )
