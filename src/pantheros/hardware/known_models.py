"""The known-model table (known_models.toml) and the nixos-hardware module choice.

A known model decides the modules; otherwise generic common-* modules are picked from the
CPU, GPUs, form factor and disks, and the profile says so (nixos_hardware_exact=False).
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


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    vendor: str
    product: str
    cpu: Literal["intel", "amd"] | None = None
    quirks: list[str] = []

    @field_validator("vendor", "product")
    @classmethod
    def _is_regex(cls, value: str) -> str:
        re.compile(value)
        return value

    @field_validator("quirks")
    @classmethod
    def _known_quirks(cls, value: list[str]) -> list[str]:
        unknown = [q for q in value if q not in QUIRKS]
        if unknown:
            raise ValueError(f"unknown quirk(s) {unknown}; known: {sorted(QUIRKS)}")
        return value

    def matches(self, vendors: list[str], products: list[str], cpu: str) -> bool:
        if self.cpu is not None and self.cpu != cpu:
            return False
        return any(re.search(self.vendor, v, re.IGNORECASE) for v in vendors) and any(
            re.search(self.product, p, re.IGNORECASE) for p in products
        )


class ModelEntry(_Entry):
    modules: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]]
    exact: bool
    note: str


class FamilyEntry(_Entry):
    pass


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
    *,
    vendors: list[str],
    products: list[str],
    cpu: Cpu,
    gpus: list[Gpu],
    hybrid: bool,
    form_factor: FormFactor,
    disks: list[Disk],
    cppc: bool,
    convertible: bool,
) -> ModuleChoice:
    table = known_models()
    quirks: list[str] = []
    evidence: dict[str, str] = {}
    for family in table.family:
        if family.matches(vendors, products, cpu.vendor):
            quirks += family.quirks
            evidence["quirks"] = f"family {family.name!r} in {TABLE_FILE}"
    if convertible:
        quirks.append("rotation-sensor")
    model = next((m for m in table.model if m.matches(vendors, products, cpu.vendor)), None)
    if model is not None:
        quirks += model.quirks
    quirks = list(dict.fromkeys(quirks))
    if model is not None and model.modules:
        evidence["nixos_hardware_modules"] = f"{TABLE_FILE}: {model.name}: {model.note}"
        return ModuleChoice(list(model.modules), model.exact, model.name, quirks, evidence)
    generic, why = generic_modules(cpu, gpus, hybrid, form_factor, disks, cppc)
    lead = f"{TABLE_FILE}: {model.name}: {model.note}" if model else "no known-model entry"
    evidence["nixos_hardware_modules"] = f"{lead}; generic modules: {why}"
    return ModuleChoice(generic, False, model.name if model else None, quirks, evidence)


def generic_modules(
    cpu: Cpu, gpus: list[Gpu], hybrid: bool, form_factor: FormFactor, disks: list[Disk], cppc: bool
) -> tuple[list[str], str]:
    if form_factor == "vm":
        return [], "a virtual machine needs none"
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
    vendors = {g.vendor for g in gpus if g.kind != "virtual"}
    if "amd" in vendors:
        modules.append("common-gpu-amd")
        reasons.append("AMD GPU")
    if "intel" in vendors and cpu.vendor != "intel":
        modules.append("common-gpu-intel")
        reasons.append("Intel GPU")
    if "nvidia" in vendors:
        modules.append("common-gpu-nvidia" if hybrid else "common-gpu-nvidia-nonprime")
        reasons.append("NVIDIA GPU " + ("with PRIME offload" if hybrid else "without PRIME"))
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
