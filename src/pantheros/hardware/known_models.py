"""The known-model table (known_models.toml) and the nixos-hardware module choice.

A known model decides the modules; a family entry (every ThinkPad, every Surface) gives its
family's module when no model matches, and says it is not exact; otherwise generic common-*
modules are picked from the CPU, GPUs, form factor and disks (nixos_hardware_exact=False).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from pantheros.hardware.profile import Cpu, Disk, FormFactor, Gpu
from pantheros.hardware.quirks import QUIRKS

TABLE_FILE = "known_models.toml"
# The graphics a model variant needs: PRIME offload, a discrete GPU driving the panel alone,
# an NVIDIA GPU present (or absent), no discrete GPU at all.
GpuCondition = Literal["hybrid", "dgpu-only", "nvidia", "no-nvidia", "igpu-only"]
ModuleName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]


@dataclass(frozen=True)
class MachineKey:
    """What a table entry matches on."""

    vendors: list[str]  # smbios.system.manufacturer, smbios.board.manufacturer
    products: list[str]  # smbios.system.product, .version, smbios.board.product
    board: str | None = None  # boards.Board.family ("raspberry-pi-4")
    board_exact: bool = False
    form_factor: FormFactor | None = None


@dataclass(frozen=True)
class Graphics:
    hybrid: bool
    discrete: set[str]  # vendors of discrete GPUs the host uses (not passed through)

    def meets(self, condition: GpuCondition) -> bool:
        if condition == "hybrid":
            return self.hybrid
        if condition == "dgpu-only":
            return bool(self.discrete) and not self.hybrid
        if condition == "nvidia":
            return "nvidia" in self.discrete
        if condition == "no-nvidia":
            return "nvidia" not in self.discrete
        return not self.discrete


_LEADING_LITERAL = re.compile(r"(?:\^|\\b)?([A-Za-z0-9 ,\-]{3,})")


@cache
def required_text(pattern: str) -> str | None:
    """Text every match of `pattern` contains (casefolded): its leading literal run, when the
    pattern has no top-level alternation. A product without it is passed over before the
    pattern is compiled: the table's vendors each have dozens of product patterns."""
    if "[]" in pattern or "[^]" in pattern:
        return None  # a class that starts with "]": not worth reading
    depth, escaped, in_class = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return None
    match = _LEADING_LITERAL.match(pattern)
    if match is None:
        return None
    text = match.group(1)
    if pattern[match.end() : match.end() + 1] in ("?", "*", "{"):
        text = text[:-1]  # the last character is optional
    return text.casefold() if len(text) >= 3 else None


@cache
def _pattern(text: str) -> re.Pattern[str]:
    # The table has more patterns than the re module caches (512): compiled once each here,
    # and a product pattern only when its vendor matched, not all at load (that cost 0.1 s a
    # process); tests/hardware/test_known_models.py compiles every one.
    return re.compile(text, re.IGNORECASE)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    vendor: str | None = None
    product: str | None = None
    board: str | None = None
    cpu: Literal["intel", "amd", "arm"] | None = None
    cpu_model: str | None = None
    gpu: GpuCondition | None = None
    form_factor: FormFactor | None = None
    quirks: list[str] = []

    @field_validator("quirks")
    @classmethod
    def _known_quirks(cls, value: list[str]) -> list[str]:
        unknown = [q for q in value if q not in QUIRKS]
        if unknown:
            raise ValueError(f"unknown quirk(s) {unknown}; known: {sorted(QUIRKS)}")
        return value

    def matches(self, key: MachineKey, cpu: Cpu, graphics: Graphics) -> bool:
        if self.form_factor is not None and self.form_factor != key.form_factor:
            return False
        if self.board is not None:
            if key.board != self.board:
                return False
        elif self.vendor is None or self.product is None:
            return False
        else:
            vendor = _pattern(self.vendor)
            if not any(vendor.search(v) for v in key.vendors if v):
                return False
            required = required_text(self.product)
            if required is not None and not any(required in p.casefold() for p in key.products):
                return False
            product = _pattern(self.product)
            if not any(product.search(p) for p in key.products if p):
                return False
        if self.cpu is not None and self.cpu != cpu.vendor:
            return False
        if self.cpu_model is not None and not _pattern(self.cpu_model).search(cpu.model or ""):
            return False
        return self.gpu is None or graphics.meets(self.gpu)


class ModelEntry(_Entry):
    modules: list[ModuleName]
    exact: bool
    note: str


class FamilyEntry(_Entry):
    # A family's own module (lenovo-thinkpad, microsoft-surface-common), used when no model
    # of the family matches; never exact.
    modules: list[ModuleName] = []
    note: str | None = None


class KnownModels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: list[ModelEntry] = []
    family: list[FamilyEntry] = []


@cache
def known_models() -> KnownModels:
    text = resources.files("pantheros.hardware").joinpath(TABLE_FILE).read_text("utf-8")
    try:
        return KnownModels.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:  # a packaging bug, not user input
        raise RuntimeError(f"pantheros/hardware/{TABLE_FILE} is invalid: {exc}") from exc


@dataclass
class ModuleChoice:
    modules: list[str]
    exact: bool
    known_model: str | None
    quirks: list[str]
    evidence: dict[str, str] = field(default_factory=dict)


def choose_modules(
    key: MachineKey,
    *,
    cpu: Cpu,
    gpus: list[Gpu],
    hybrid: bool,
    form_factor: FormFactor,
    disks: list[Disk],
    cppc: bool,
    convertible: bool,
) -> ModuleChoice:
    table = known_models()
    graphics = Graphics(
        hybrid=hybrid,
        discrete={g.vendor for g in gpus if g.kind == "discrete" and not g.passthrough},
    )
    quirks: list[str] = []
    evidence: dict[str, str] = {}
    reasons: list[str] = []
    families = [f for f in table.family if f.matches(key, cpu, graphics)]
    for family in families:
        quirks += family.quirks
        if family.quirks:
            reasons.append(f"{', '.join(family.quirks)}: family {family.name!r} in {TABLE_FILE}")
    if convertible:
        quirks.append("rotation-sensor")
        reasons.append("rotation-sensor: a 2-in-1, whose accelerometer turns the screen")
    model = next((m for m in table.model if m.matches(key, cpu, graphics)), None)
    if model is not None and model.quirks:
        quirks += model.quirks
        reasons.append(f"{', '.join(model.quirks)}: model {model.name!r} in {TABLE_FILE}")
    quirks = list(dict.fromkeys(quirks))
    evidence["quirks"] = "; ".join(reasons) or "no known-model entry or device asks for one"
    if model is not None and model.modules:
        exact = model.exact and (model.board is None or key.board_exact)
        note = model.note
        if model.exact and not exact:
            note += "; the board generation is certain, the exact model within it is not"
        evidence["nixos_hardware_modules"] = f"{TABLE_FILE}: {model.name}: {note}"
        return ModuleChoice(list(model.modules), exact, model.name, quirks, evidence)
    owner = next((f for f in families if f.modules), None) if model is None else None
    if owner is not None:
        evidence["nixos_hardware_modules"] = (
            f"{TABLE_FILE}: no model entry matched; family {owner.name!r}: "
            f"{', '.join(owner.modules)}, not exact: {owner.note}"
        )
        return ModuleChoice(list(owner.modules), False, owner.name, quirks, evidence)
    generic, why = generic_modules(cpu, gpus, hybrid, form_factor, disks, cppc)
    lead = f"{TABLE_FILE}: {model.name}: {model.note}" if model else "no known-model entry"
    evidence["nixos_hardware_modules"] = f"{lead}; generic modules: {why}"
    return ModuleChoice(generic, False, model.name if model else None, quirks, evidence)


def generic_modules(
    cpu: Cpu, gpus: list[Gpu], hybrid: bool, form_factor: FormFactor, disks: list[Disk], cppc: bool
) -> tuple[list[str], str]:
    if form_factor == "vm":
        return [], "a virtual machine needs none"
    if form_factor == "board":
        return [], "a board without a known model: nixos-hardware's common-* modules are for PCs"
    modules: list[str] = []
    reasons: list[str] = []
    if cpu.vendor == "intel":
        modules.append("common-cpu-intel")  # also brings common-gpu-intel
        reasons.append("Intel CPU")
    elif cpu.vendor == "amd":
        modules.append("common-cpu-amd")
        reasons.append("AMD CPU")
        if cppc:
            modules.append("common-cpu-amd-pstate")
            reasons.append("CPU has the cppc flag (amd-pstate)")
    used = [g for g in gpus if g.kind != "virtual" and not g.passthrough]
    vendors = {g.vendor for g in used}
    if "amd" in vendors:
        modules.append("common-gpu-amd")
        reasons.append("AMD GPU")
    if "intel" in vendors and cpu.vendor != "intel":
        modules.append("common-gpu-intel")
        reasons.append("Intel GPU")
    if "nvidia" in vendors:
        modules.append("common-gpu-nvidia" if hybrid else "common-gpu-nvidia-nonprime")
        reasons.append("NVIDIA GPU " + ("with PRIME offload" if hybrid else "without PRIME"))
    if len(used) < len([g for g in gpus if g.kind != "virtual"]):
        reasons.append("GPUs bound to vfio-pci left out (passed through to VMs)")
    rotational = [d.rotational for d in disks]
    if form_factor == "laptop":
        modules.append("common-pc-laptop")
        reasons.append("laptop")
        if True in rotational:
            modules.append("common-pc-laptop-hdd")
            reasons.append("a hard disk")
    else:
        # common-pc-hdd is deprecated upstream (it only warns): a desktop with a hard disk
        # gets the plain PC module.
        modules.append("common-pc")
        reasons.append("PC")
    if False in rotational:
        modules.append("common-pc-ssd")
        reasons.append("an SSD (fstrim)")
    return modules, ", ".join(reasons)
