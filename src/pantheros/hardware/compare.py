"""Compare two hardware profiles field by field (`panther hw compare`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pantheros.hardware.profile import HardwareProfile

# Not hardware: where the report came from and why each fact was concluded.
_SKIP = {"source", "evidence", "warnings"}


class Difference(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str  # JSON path in the HardwareProfile schema: "disks[1].size_bytes"
    a: object
    b: object


class Comparison(BaseModel):
    """The `panther hw compare --json` schema."""

    model_config = ConfigDict(frozen=True)

    a: str
    b: str
    # True (--all): `rows` holds every compared field; False: only the fields that differ.
    all: bool
    rows: list[Difference]  # what the side-by-side table shows
    differences: list[Difference]
    same: int  # how many compared fields are equal


def compare_profiles(
    a: HardwareProfile, b: HardwareProfile, *, all_rows: bool = False
) -> Comparison:
    flat_a = flatten(a.model_dump(mode="json", exclude=_SKIP))
    flat_b = flatten(b.model_dump(mode="json", exclude=_SKIP))
    every = [
        Difference(field=key, a=flat_a.get(key), b=flat_b.get(key))
        for key in dict.fromkeys([*flat_a, *flat_b])
    ]
    differences = [r for r in every if r.a != r.b]
    return Comparison(
        a=a.source,
        b=b.source,
        all=all_rows,
        rows=every if all_rows else differences,
        differences=differences,
        same=len(every) - len(differences),
    )


def flatten(value: object, prefix: str = "") -> dict[str, object]:
    """{"cpu": {"vendor": "amd"}, "gpus": [{…}]} → {"cpu.vendor": "amd", "gpus[0].vendor": …}."""
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, item in value.items():
            out |= flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for index, item in enumerate(value):
            out |= flatten(item, f"{prefix}[{index}]")
        return out
    if isinstance(value, list) and not value:
        return {prefix: []}
    return {prefix: value}
