"""Every report shape seen in the wild parses, and the shape alone never changes a profile.

Hypothesis takes real, synthetic and corpus reports and rewrites them the ways nixos-facter
releases and machines differ: IDs without `hex`, one chassis object instead of a list, `smbios`
missing, null or `{}` where it has nothing, disks without `class_list`, `null` entries in
device lists, `uefi` without `platform_size`, the old `unix_device_name`, pre-release reports
(version 2) that wrap each SMBIOS section in a list. The profile must be the same fact for fact.
Graphics shapes (a GPU as VGA, 3D or display controller; bound to vfio-pci) have their own
properties below.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantheros.hardware.derive import profile_report
from pantheros.hardware.profile import HardwareProfile
from pantheros.hardware.read import parse_report

from ..conftest import REAL_REPORTS, real_report
from .corpus.build import igpu_amd, igpu_intel, laptop_report, nvidia, radeon
from .corpus.cases import CASES
from .helpers import SYNTHETIC

JSON = dict[str, Any]
REPORTS: list[JSON] = (
    [json.loads(real_report(n).read_text()) for n in REAL_REPORTS]
    + [json.loads(p.read_text()) for p in sorted(SYNTHETIC.glob("*.json"))]
    + [c.report for c in CASES]
)
# What may differ with the shape: where the report came from and the wording of the evidence.
_NOT_FACTS = {"source", "evidence", "warnings", "report_version"}


def profile_of(doc: JSON) -> HardwareProfile:
    return profile_report(parse_report(json.dumps(doc), "r.json"), "r.json")


def facts(doc: JSON) -> dict[str, Any]:
    return profile_of(doc).model_dump(mode="json", exclude=_NOT_FACTS)


def _walk(node: Any, visit: Callable[[Any], None]) -> None:
    visit(node)
    if isinstance(node, dict):
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def drop_hex(doc: JSON) -> None:
    def visit(node: Any) -> None:
        if isinstance(node, dict) and "hex" in node and isinstance(node.get("value"), int):
            del node["hex"]

    _walk(doc, visit)


def chassis_as_object(doc: JSON) -> None:
    smbios = doc.get("smbios")
    chassis = smbios.get("chassis") if isinstance(smbios, dict) else None
    if isinstance(smbios, dict) and isinstance(chassis, list) and len(chassis) == 1:
        smbios["chassis"] = chassis[0]


def empty_smbios_shape(doc: JSON, shape: str) -> None:
    smbios = doc.get("smbios")
    if smbios in (None, {}) or not any(smbios.get(k) for k in ("system", "board", "bios")):
        if smbios and any(smbios.get(k) for k in ("memory_device", "chassis")):
            return  # it still carries facts
        if shape == "missing":
            doc.pop("smbios", None)
        else:
            doc["smbios"] = None if shape == "null" else {}


def disks_without_class_list(doc: JSON) -> None:
    for disk in doc.get("hardware", {}).get("disk", []) or []:
        if isinstance(disk, dict) and "cdrom" not in (disk.get("class_list") or []):
            disk.pop("class_list", None)


def nulls_in_lists(doc: JSON) -> None:
    hardware = doc.get("hardware", {})
    for key in ("disk", "graphics_card", "network_controller", "cpu"):
        if isinstance(hardware.get(key), list):
            hardware[key] = [None, *hardware[key], None]


def uefi_without_platform_size(doc: JSON) -> None:
    if isinstance(doc.get("uefi"), dict):
        doc["uefi"].pop("platform_size", None)


def old_unix_device_name(doc: JSON) -> None:
    for disk in doc.get("hardware", {}).get("disk", []) or []:
        if not isinstance(disk, dict):
            continue
        names = disk.get("unix_device_names") or []
        kernel = [n for n in names if n.count("/") == 2]
        if kernel and disk.get("sysfs_id"):
            disk["unix_device_name"] = kernel[0]


def prerelease_lists(doc: JSON) -> None:
    doc["version"] = 2
    smbios = doc.get("smbios")
    if isinstance(smbios, dict):
        for key in ("system", "board", "bios"):
            if isinstance(smbios.get(key), dict):
                smbios[key] = [smbios[key]]


SHAPES: dict[str, Callable[[JSON], None]] = {
    "ids without hex": drop_hex,
    "chassis as one object": chassis_as_object,
    "smbios missing": lambda d: empty_smbios_shape(d, "missing"),
    "smbios null": lambda d: empty_smbios_shape(d, "null"),
    "smbios {}": lambda d: empty_smbios_shape(d, "{}"),
    "disks without class_list": disks_without_class_list,
    "nulls in device lists": nulls_in_lists,
    "uefi without platform_size": uefi_without_platform_size,
    "old unix_device_name": old_unix_device_name,
    "pre-release version 2": prerelease_lists,
}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(REPORTS),
    shapes=st.lists(st.sampled_from(sorted(SHAPES)), min_size=1, max_size=4, unique=True),
)
def test_the_shape_of_a_report_changes_no_fact(base: JSON, shapes: list[str]) -> None:
    doc = copy.deepcopy(base)
    for shape in shapes:
        SHAPES[shape](doc)
    assert facts(doc) == facts(base), shapes


GPU_CLASSES = {"VGA": 0x00, "3D": 0x02, "display": 0x80}


@settings(max_examples=60, deadline=None)
@given(
    igpu=st.sampled_from(["intel", "amd"]),
    dgpu=st.sampled_from(["nvidia", "amd"]),
    dgpu_class=st.sampled_from(sorted(GPU_CLASSES)),
    igpu_class=st.sampled_from(["VGA", "display"]),
)
def test_a_laptop_gpu_is_read_whatever_controller_class_it_reports(
    igpu: str, dgpu: str, dgpu_class: str, igpu_class: str
) -> None:
    """MUX laptops show whichever GPU drives the panel as VGA: hybrid either way."""
    integrated = igpu_intel() if igpu == "intel" else igpu_amd()
    discrete = nvidia() if dgpu == "nvidia" else radeon()
    integrated["sub_class"] = {"value": GPU_CLASSES[igpu_class]}
    discrete["sub_class"] = {"value": GPU_CLASSES[dgpu_class]}
    p = profile_of(laptop_report(gpus=[integrated, discrete], cpu_vendor=igpu))
    assert [g.kind for g in p.gpus] == ["integrated", "discrete"]
    assert p.hybrid_graphics is True
    if dgpu == "nvidia":
        assert p.prime is not None and p.prime.nvidia_bus_id == "PCI:1:0:0"


@settings(max_examples=40, deadline=None)
@given(dgpu=st.sampled_from(["nvidia", "amd"]), driver=st.sampled_from(["vfio-pci", "vfio_pci"]))
def test_a_gpu_bound_to_vfio_is_left_to_the_guest(dgpu: str, driver: str) -> None:
    discrete = nvidia(driver=driver) if dgpu == "nvidia" else radeon()
    if dgpu == "amd":
        discrete |= {"driver": driver, "drivers": [driver]}
    p = profile_of(laptop_report(gpus=[igpu_intel(), discrete], cpu_vendor="intel"))
    assert [g.passthrough for g in p.gpus] == [False, True]
    assert p.hybrid_graphics is False and p.prime is None
    assert not any("nvidia" in m for m in p.nixos_hardware_modules)
