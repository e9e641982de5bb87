"""SMBIOS chassis types, by numeric value (SMBIOS 3.x, type 3 "Chassis Type").

hwinfo's name table stops at 25 (Multi-System Chassis): every later type (Compact PCI through
Stick PC, 26-36) is named "Other" in reports, so the value is the only thing to match on. Bit 7
of the byte is the chassis-lock flag; hwinfo masks it, and so does `chassis_type` here.
"""

from __future__ import annotations

from typing import Literal

from pantheros.hardware.report import FacterReport

ChassisKind = Literal["laptop", "two-in-one", "desktop", "server"]

# value → (SMBIOS name, what it means for the form factor; None: says nothing)
CHASSIS_TYPES: dict[int, tuple[str, ChassisKind | None]] = {
    1: ("Other", None),
    2: ("Unknown", None),
    3: ("Desktop", "desktop"),
    4: ("Low Profile Desktop", "desktop"),
    5: ("Pizza Box", "desktop"),
    6: ("Mini Tower", "desktop"),
    7: ("Tower", "desktop"),
    8: ("Portable", "laptop"),
    9: ("Laptop", "laptop"),
    10: ("Notebook", "laptop"),
    11: ("Hand Held", "laptop"),
    # A docked laptop lists the dock as a second chassis: it says nothing about the machine.
    12: ("Docking Station", None),
    13: ("All in One", "desktop"),
    14: ("Sub Notebook", "laptop"),
    15: ("Space-saving", "desktop"),
    16: ("Lunch Box", "desktop"),
    17: ("Main Server Chassis", "server"),
    18: ("Expansion Chassis", "server"),
    19: ("SubChassis", "server"),
    20: ("Bus Expansion Chassis", "server"),
    21: ("Peripheral Chassis", "server"),
    22: ("RAID Chassis", "server"),
    23: ("Rack Mount Chassis", "server"),
    24: ("Sealed-case PC", "desktop"),
    25: ("Multi-system chassis", "server"),
    26: ("Compact PCI", "server"),
    27: ("Advanced TCA", "server"),
    28: ("Blade", "server"),
    29: ("Blade Enclosure", "server"),
    30: ("Tablet", "two-in-one"),
    31: ("Convertible", "two-in-one"),
    32: ("Detachable", "two-in-one"),
    33: ("IoT Gateway", "desktop"),
    34: ("Embedded PC", "desktop"),
    35: ("Mini PC", "desktop"),
    36: ("Stick PC", "desktop"),
}
_LOCK_BIT = 0x80


def chassis_type(raw: int) -> int:
    return raw & ~_LOCK_BIT if 0 <= raw <= 0xFF else raw


def chassis_codes(report: FacterReport) -> list[int]:
    return [chassis_type(c.chassis_type.value) for c in report.smbios.chassis if c.chassis_type]


def kind(code: int) -> ChassisKind | None:
    return CHASSIS_TYPES.get(code, ("", None))[1]


def describe(code: int) -> str:
    name = CHASSIS_TYPES.get(code, ("not an SMBIOS chassis type", None))[0]
    hwinfo = " (hwinfo names it 'Other')" if 26 <= code <= 36 else ""
    return f"{code} = {name}{hwinfo}"
