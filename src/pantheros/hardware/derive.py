"""Report → HardwareProfile: a pure function, every fact with the evidence it came from."""

from __future__ import annotations

import re
from typing import Literal

from pantheros.hardware import boards, form, platform, provider
from pantheros.hardware.boot import boot_mode as decide_boot_mode
from pantheros.hardware.disks import scan_disks
from pantheros.hardware.gpus import scan_gpus
from pantheros.hardware.known_models import MachineKey, choose_modules
from pantheros.hardware.profile import Cpu, CpuVendor, HardwareProfile
from pantheros.hardware.report import FacterReport

_CPU_VENDORS: dict[str, CpuVendor] = {"GenuineIntel": "intel", "AuthenticAMD": "amd"}
KIB = 1024
_WLAN_SUB_CLASS = 0x82  # network_controller "WLAN controller"
_WLAN_INTERFACE = 0x0A  # network_interface "WLAN"


def profile_report(
    report: FacterReport,
    source: str,
    *,
    boot_mode_override: str | None = None,
    provider_hint: str | None = None,
) -> HardwareProfile:
    evidence: dict[str, str] = {}
    warnings: list[str] = []
    if report.version != 1:
        evidence["report_version"] = (
            f"version {report.version}: a pre-release nixos-facter report, read as version 1"
        )

    virt = platform.virtualisation(report)
    is_vm = virt.value != "none"
    evidence["virtualisation"] = virt.evidence

    cpu = _cpu(report, is_vm=is_vm)
    evidence["cpu.vendor"] = _cpu_evidence(report, cpu)
    wifi, wifi_why = _wifi(report)
    bluetooth = bool(report.hardware.bluetooth)
    evidence["wifi"] = wifi_why
    evidence["bluetooth"] = (
        f"{len(report.hardware.bluetooth)} hardware.bluetooth device(s)"
        if bluetooth
        else "no hardware.bluetooth entries"
    )

    shape = form.form_factor(report, is_vm=is_vm, has_radio=wifi or bluetooth)
    form_factor = shape.value
    evidence["form_factor"] = shape.evidence
    if shape.confidence == "low":
        warnings.append(f"form factor {form_factor!r} is a guess: {shape.evidence}")
    two_in_one = form.convertible(report)
    convertible = two_in_one.value and form_factor == "laptop"
    evidence["convertible"] = two_in_one.evidence
    board = boards.identify(report) if form_factor == "board" else None
    if board is not None:
        evidence["board"] = f"{board.name}: {board.evidence}"

    if is_vm:
        verdict = provider.vm_verdict(report, hint=provider_hint)
        evidence["provider"] = verdict.evidence
    else:
        verdict = None
        evidence["provider"] = "bare metal: no hosting provider"

    boot = decide_boot_mode(report, is_vm=is_vm, override=boot_mode_override)
    boot_mode = boot.value
    evidence["boot_mode"] = boot.evidence
    if boot.confidence == "low" and form_factor == "board":
        warnings.append(
            "boot mode unknown: the board boots through its own firmware or u-boot (extlinux); "
            'set boot_mode = "uefi" in fleet.toml if it runs UEFI firmware (EDK2, u-boot EFI)'
        )
    elif boot.confidence == "low":
        warnings.append(
            'boot mode unknown: set boot_mode = "uefi" or "bios" for this host in fleet.toml'
        )
    if report.uefi is not None and report.uefi.platform_size == 32 and boot_mode == "uefi":
        warnings.append(
            "32-bit UEFI firmware (uefi.platform_size = 32): systemd-boot and GRUB need their "
            "32-bit EFI builds; check the boot loader before installing"
        )

    gpu_scan = scan_gpus(
        report.hardware.graphics_card, cpu_vendor=cpu.vendor, form_factor=form_factor
    )
    evidence |= gpu_scan.evidence
    disk_scan = scan_disks(report.hardware.disk, virtual=is_vm, board=form_factor == "board")
    evidence |= disk_scan.evidence
    if not disk_scan.disks:
        warnings.append("no disk to install on was found in the report")
    memory_bytes, memory_why = _memory(report, is_vm=is_vm)
    evidence["memory_bytes"] = memory_why

    vendor, product = _names(report)
    if product is None and board is not None:
        product = board.name  # no SMBIOS: the board the SoC's devices identify
    strings = platform.smbios_strings(report)
    choice = choose_modules(
        MachineKey(
            vendors=[
                strings.get(k, "")
                for k in ("smbios.system.manufacturer", "smbios.board.manufacturer")
            ],
            products=[
                strings.get(k, "")
                for k in ("smbios.system.product", "smbios.system.version", "smbios.board.product")
            ],
            board=board.family if board is not None else None,
            board_exact=board.exact if board is not None else False,
            form_factor=form_factor,
        ),
        cpu=cpu,
        gpus=gpu_scan.gpus,
        hybrid=gpu_scan.hybrid,
        form_factor=form_factor,
        disks=disk_scan.disks,
        cppc=not is_vm and any("cppc" in c.features for c in report.hardware.cpu),
        convertible=convertible,
    )
    evidence |= choice.evidence
    battery = form_factor == "laptop"
    evidence["battery"] = (
        "facter does not report batteries: inferred from the portable form factor"
        if battery
        else "facter does not report batteries: none assumed for a non-laptop"
    )

    return HardwareProfile(
        source=source,
        report_version=report.version,
        system=report.system,
        vendor=vendor,
        product=product,
        form_factor=form_factor,
        virtualisation=virt.value,
        provider=verdict.provider if verdict is not None else None,
        provider_confidence=verdict.confidence if verdict is not None else None,
        vm_host=verdict.host if verdict is not None else None,
        boot_mode=boot_mode,
        boot_mode_confidence=boot.confidence,
        cpu=cpu,
        gpus=gpu_scan.gpus,
        hybrid_graphics=gpu_scan.hybrid,
        prime=gpu_scan.prime,
        disks=disk_scan.disks,
        excluded_disks=disk_scan.excluded,
        memory_bytes=memory_bytes,
        battery=battery,
        wifi=wifi,
        bluetooth=bluetooth,
        convertible=convertible,
        nixos_hardware_modules=choice.modules,
        nixos_hardware_exact=choice.exact,
        known_model=choice.known_model,
        quirks=choice.quirks,
        warnings=warnings,
        evidence=evidence,
    )


def _cpu(report: FacterReport, *, is_vm: bool) -> Cpu:
    cpus = report.hardware.cpu
    first = cpus[0] if cpus else None
    vendor_name = (first.vendor_name if first else None) or ""
    vendor: CpuVendor = _CPU_VENDORS.get(vendor_name, "other")
    if vendor == "other" and (
        vendor_name.startswith("ARM")
        or report.system.startswith("aarch64")
        or (first is not None and (first.architecture or "").startswith(("aarch64", "arm")))
    ):
        vendor = "arm"
    cores = sum(c.cores for c in cpus if c.cores and c.cores > 0) or None
    threads = sum(c.siblings for c in cpus if c.siblings and c.siblings > 0) or None
    # Guests cannot load microcode: the hypervisor's host does.
    microcode: Literal["intel", "amd"] | None = None
    if not is_vm and vendor == "intel":
        microcode = "intel"
    elif not is_vm and vendor == "amd":
        microcode = "amd"
    return Cpu(
        vendor=vendor,
        model=(first.model_name if first else None) or None,
        cores=cores,
        threads=threads,
        microcode=microcode,
    )


def _cpu_evidence(report: FacterReport, cpu: Cpu) -> str:
    if not report.hardware.cpu:
        return f"no hardware.cpu entries; system {report.system!r}"
    name = report.hardware.cpu[0].vendor_name
    return f"hardware.cpu[0].vendor_name = {name!r}" + (
        "; microcode updates apply on bare metal only" if cpu.microcode is None else ""
    )


def _wifi(report: FacterReport) -> tuple[bool, str]:
    hw = report.hardware
    for i, nc in enumerate(hw.network_controller):
        if "wlan_card" in nc.class_list or (nc.sub_class and nc.sub_class.value == _WLAN_SUB_CLASS):
            return True, f"hardware.network_controller[{i}] is a WLAN controller"
    for i, nif in enumerate(hw.network_interface):
        names = nif.unix_device_names
        if (nif.sub_class and nif.sub_class.value == _WLAN_INTERFACE) or any(
            re.match(r"^wl", n) for n in names
        ):
            return True, f"hardware.network_interface[{i}] is a WLAN interface"
    return False, "no WLAN controller or interface"


def _memory(report: FacterReport, *, is_vm: bool) -> tuple[int, str]:
    smbios_total = sum(d.size for d in report.smbios.memory_device if d.size and d.size > 0) * KIB
    phys = sum(
        r.range
        for m in report.hardware.memory
        for r in m.resources
        if r.type == "phys_mem" and r.range and r.range > 0
    )
    # A guest's SMBIOS DIMMs are made up by the hypervisor; what the kernel sees is the truth.
    if is_vm and phys:
        return phys, "hardware.memory phys_mem (what the guest kernel sees)"
    if smbios_total:
        return smbios_total, "sum of smbios.memory_device sizes (installed RAM)"
    if phys:
        return phys, "hardware.memory phys_mem (no SMBIOS memory devices; reads a little low)"
    return 0, "no memory information in the report"


def _names(report: FacterReport) -> tuple[str | None, str | None]:
    system = report.smbios.system
    if system is None:
        return None, None
    product = system.product
    version = system.version or ""
    # Lenovo puts the marketing name in `version` and a machine-type number in `product`.
    looks_like_name = re.search(r"[A-Za-z]{3,}.*\s", version) and not re.search(
        r"^(None|Not |To be|Default|System|\d)", version, re.IGNORECASE
    )
    if looks_like_name and product and re.fullmatch(r"[0-9A-Z]{4,10}", product):
        product = version
    return _real(system.manufacturer), _real(product)


_PLACEHOLDERS = re.compile(
    r"^(default string|to be filled by o\.?e\.?m\.?|system (manufacturer|product name)|"
    r"not specified|not applicable|none|o\.e\.m\.?|0+|\s*)$",
    re.IGNORECASE,
)


def _real(value: str | None) -> str | None:
    """None for the placeholder strings cheap boards leave in SMBIOS."""
    return None if value is None or _PLACEHOLDERS.match(value) else value
