"""Typed model of a nixos-facter report (version 1): only the parts PantherOS reads.

Every other key is ignored, so reports from newer nixos-facter releases still load. Shapes that
changed over time are normalised here (chassis object vs list, nulls in lists, IDs given as
plain strings), so the rules in the other modules see one shape.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

# The report versions this reader understands. nixos-facter reset its ReportVersion to 1 on
# 2024-09-13 (commit c03851a, the day of v0.1.0): every released report says 1, and version 2
# comes from pre-release builds of 2024-08/09 with the same sections (a few wrapped each SMBIOS
# type in a list, which is unwrapped below).
SUPPORTED_VERSIONS = (1, 2)

# Every number in a report is a count, an id or a size: none means anything beyond 64 bits, and
# bounding them here keeps 10**400 (valid JSON) from overflowing the arithmetic downstream.
Number = Annotated[StrictInt, Field(ge=-(2**63), le=2**64)]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


def _object_as_list(value: Any) -> Any:
    # smbios.chassis became a list in 2025-04 (a774603); older reports have one object.
    if value is None:
        return []
    return [value] if isinstance(value, dict) else _drop_nulls(value)


def _first_of_list(value: Any) -> Any:
    # Pre-release builds of 2024-08 (report version 2) wrapped every SMBIOS type in a list.
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _drop_nulls(value: Any) -> Any:
    # hardware.cpu may contain null entries; so may hand-trimmed device lists.
    if value is None:
        return []
    return [item for item in value if item is not None] if isinstance(value, list) else value


def _empty_as_none(value: Any) -> Any:
    # Boards without firmware tables give `{}` (or `[]` in pre-release builds) for a section.
    return None if value in ({}, []) else value


StrList = Annotated[list[str], BeforeValidator(_none_as_empty)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Id(_Part):
    """An hwinfo ID: match on `value`; `hex` (added 2024-11) and `name` are often missing."""

    hex: str | None = None
    name: str | None = None
    value: Number


class Resource(_Part):
    type: str
    unit: str | None = None
    value_1: Number | None = None
    value_2: Number | None = None
    range: Number | None = None


class Device(_Part):
    """One hwinfo HardwareDevice (disk, graphics card, controller, …)."""

    index: Number | None = None
    class_list: StrList = []
    bus_type: Id | None = None
    base_class: Id | None = None
    sub_class: Id | None = None
    # Virtio devices name their vendor and device with plain strings instead of IDs.
    vendor: Id | str | None = None
    sub_vendor: Id | str | None = None
    device: Id | str | None = None
    model: str | None = None
    sysfs_id: str | None = None
    sysfs_bus_id: str | None = None
    # The device's place in the kernel's tree (/devices/platform/…/fe340000.mmc/…, …/usb2/…).
    sysfs_device_link: str | None = None
    unix_device_names: StrList = []
    # Removed in 2025-07 (1afab78); still present in older reports.
    unix_device_name: str | None = None
    resources: Annotated[list[Resource], BeforeValidator(_none_as_empty)] = []
    hotplug: str | None = None
    driver: str | None = None
    driver_module: str | None = None
    drivers: StrList = []
    driver_modules: StrList = []

    @property
    def vendor_id(self) -> int | None:
        return self.vendor.value if isinstance(self.vendor, Id) else None

    @property
    def device_id(self) -> int | None:
        return self.device.value if isinstance(self.device, Id) else None

    @property
    def device_name(self) -> str | None:
        if isinstance(self.device, Id):
            return self.device.name
        return self.device or None

    @property
    def all_drivers(self) -> set[str]:
        found = {*self.drivers, *self.driver_modules}
        found.update(d for d in (self.driver, self.driver_module) if d)
        return found


class Cpu(_Part):
    architecture: str | None = None
    vendor_name: str | None = None
    model_name: str | None = None
    family: Number | None = None
    model: Number | None = None
    cores: Number | None = None
    siblings: Number | None = None
    # aarch64: the "Hardware" line of /proc/cpuinfo, which only vendor kernels print
    # (Raspberry Pi's says "BCM2835").
    platform: str | None = None
    features: StrList = []


class HardwareSystem(_Part):
    form_factor: str | None = None


class HardwareBios(_Part):
    """hwinfo's reading of the x86 BIOS data area (only present on x86)."""

    # Conventional memory the BIOS data area reports (about 639 KiB); 0 when the area is
    # empty, which is how UEFI leaves it.
    low_memory_size: Number | None = None
    pnp: StrictBool | None = None  # a $PnP BIOS header was found


DeviceList = Annotated[list[Device], BeforeValidator(_drop_nulls)]


class Hardware(_Part):
    cpu: Annotated[list[Cpu], BeforeValidator(_drop_nulls)] = []
    disk: DeviceList = []
    graphics_card: DeviceList = []
    storage_controller: DeviceList = []
    network_controller: DeviceList = []
    network_interface: DeviceList = []
    bluetooth: DeviceList = []
    memory: DeviceList = []
    # PCI bridges (the SoC's root port names the board family on a Raspberry Pi 4 or 5).
    bridge: DeviceList = []
    mmc_controller: DeviceList = []
    sound: DeviceList = []
    bios: Annotated[HardwareBios | None, BeforeValidator(_empty_as_none)] = None
    system: Annotated[HardwareSystem | None, BeforeValidator(_empty_as_none)] = None


class SmbiosSystem(_Part):
    manufacturer: str | None = None
    product: str | None = None
    version: str | None = None


class SmbiosBoard(_Part):
    manufacturer: str | None = None
    product: str | None = None
    version: str | None = None


class SmbiosBios(_Part):
    vendor: str | None = None
    version: str | None = None
    date: str | None = None


class SmbiosChassis(_Part):
    manufacturer: str | None = None
    version: str | None = None
    chassis_type: Id | None = None


class SmbiosMemoryDevice(_Part):
    size: Number | None = None  # KiB


class SmbiosMemoryArray(_Part):
    ecc: Id | None = None


def _first_or_none(value: Any) -> Any:
    return _empty_as_none(_first_of_list(value))


class Smbios(_Part):
    system: Annotated[SmbiosSystem | None, BeforeValidator(_first_or_none)] = None
    board: Annotated[SmbiosBoard | None, BeforeValidator(_first_or_none)] = None
    bios: Annotated[SmbiosBios | None, BeforeValidator(_first_or_none)] = None
    chassis: Annotated[list[SmbiosChassis], BeforeValidator(_object_as_list)] = []
    memory_device: Annotated[list[SmbiosMemoryDevice], BeforeValidator(_drop_nulls)] = []
    memory_array: Annotated[list[SmbiosMemoryArray], BeforeValidator(_drop_nulls)] = []

    @property
    def empty(self) -> bool:
        """No firmware tables at all: boards without UEFI, many aarch64 guests."""
        return self.system is None and self.board is None and self.bios is None


class Uefi(_Part):
    supported: StrictBool
    platform_size: Number | None = None


class FacterReport(_Part):
    version: Number
    system: Annotated[str, Field(pattern=r"^[a-z0-9_]+-[a-z]+$")]
    # Absent only in hand-made reports; nixos-facter always writes it.
    virtualisation: str = "none"
    # Added to nixos-facter in 2025-11 (5a3e3bf); most reports do not have it.
    uefi: Uefi | None = None
    hardware: Hardware
    smbios: Annotated[Smbios, BeforeValidator(lambda v: {} if v is None else v)] = Smbios()
