"""Form factor (laptop, desktop, server, vm, board) and two-in-one, with their evidence."""

from __future__ import annotations

import re

from pantheros.hardware import chassis
from pantheros.hardware.boards import is_board
from pantheros.hardware.platform import APPLE_IMPLEMENTER, Fact, cpu_implementer, smbios_strings
from pantheros.hardware.profile import FormFactor
from pantheros.hardware.report import FacterReport

_FORM_FACTOR_HINTS: dict[str | None, FormFactor] = {
    "laptop": "laptop",
    "desktop": "desktop",
    "server": "server",
}
ASPEED = 0x1A03


def form_factor(report: FacterReport, *, is_vm: bool, has_radio: bool) -> Fact[FormFactor]:
    if is_vm:
        return Fact("vm", "high", "a virtual machine (see virtualisation)")
    board = is_board(report, is_vm=False)
    if board.value:
        return Fact("board", board.confidence, board.evidence)
    codes = chassis.chassis_codes(report)
    for index, code in enumerate(codes):
        kind = chassis.kind(code)
        where = f"smbios.chassis[{index}].chassis_type.value = {chassis.describe(code)}"
        if kind in ("laptop", "two-in-one"):
            return Fact("laptop", "high", f"{where} (portable)")
        if kind == "server":
            return Fact("server", "high", f"{where} (server)")
    server_sign = _server_sign(report, has_radio=has_radio)
    if server_sign:
        return Fact("server", "medium", server_sign)
    for index, code in enumerate(codes):
        if chassis.kind(code) == "desktop":
            hinted = _hint(report)
            also = (
                f"; hardware.system.form_factor says {hinted!r}, but hwinfo guesses that from a "
                "battery driver (a UPS counts), and the chassis is what the maker wrote"
                if hinted not in (None, "desktop")
                else ""
            )
            return Fact(
                "desktop",
                "high",
                f"smbios.chassis[{index}].chassis_type.value = {chassis.describe(code)}{also}",
            )
    if report.smbios.empty and cpu_implementer(report) == APPLE_IMPLEMENTER:
        return Fact(
            "laptop",
            "low",
            "an Apple silicon CPU (implementer 0x61) on bare metal: a Mac running Asahi Linux; "
            "most are MacBooks, but a Mac mini or Studio looks the same here",
        )
    hinted = _hint(report)
    if hinted in _FORM_FACTOR_HINTS:
        return Fact(
            _FORM_FACTOR_HINTS[hinted],
            "low",
            f"hardware.system.form_factor = {hinted!r} (hwinfo's guess; no usable chassis code)",
        )
    return Fact("desktop", "low", "no chassis code or form factor in the report: assumed desktop")


def _hint(report: FacterReport) -> str | None:
    return report.hardware.system.form_factor if report.hardware.system else None


def _server_sign(report: FacterReport, *, has_radio: bool) -> str | None:
    strings = smbios_strings(report)
    if strings.get("smbios.system.manufacturer", "").lower().startswith("hetzner"):
        return "smbios.system.manufacturer is Hetzner (a dedicated server)"
    board = strings.get("smbios.board.manufacturer", "")
    if re.search(r"asrockrack|asrock rack|supermicro", board, re.IGNORECASE):
        return f"server board vendor {board!r}"
    if any(g.vendor_id == ASPEED for g in report.hardware.graphics_card):
        return "an ASPEED BMC display adapter"
    ecc = [a.ecc.value for a in report.smbios.memory_array if a.ecc]
    # SMBIOS ECC types 3 (none), 1/2 (other/unknown) do not count.
    if any(v >= 4 for v in ecc) and not has_radio:
        return "ECC memory and no Wi-Fi or Bluetooth"
    return None


def convertible(report: FacterReport) -> Fact[bool]:
    for index, code in enumerate(chassis.chassis_codes(report)):
        if chassis.kind(code) == "two-in-one":
            return Fact(
                True,
                "high",
                f"smbios.chassis[{index}].chassis_type.value = {chassis.describe(code)}",
            )
    names = " ".join(smbios_strings(report).values())
    if re.search(r"2-in-1|\bx360\b|\bflip\b|\bYoga\b.*\bGen\b", names, re.IGNORECASE):
        return Fact(True, "medium", f"the product name says so: {names!r}")
    return Fact(False, "high", "no two-in-one chassis code")
