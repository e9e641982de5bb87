"""Property-based: whatever bytes arrive, reading + profiling raises InputError or succeeds."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantheros.errors import InputError
from pantheros.hardware.derive import profile_report
from pantheros.hardware.read import parse_report

from ..conftest import REAL_REPORTS, real_report
from .helpers import SYNTHETIC

REPORTS: list[Any] = [json.loads(real_report(n).read_text()) for n in REAL_REPORTS] + [
    json.loads(p.read_text()) for p in sorted(SYNTHETIC.glob("*.json"))
]
RAW = [real_report(n).read_bytes() for n in REAL_REPORTS]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)


def read_and_profile(raw: bytes | str) -> None:
    try:
        report = parse_report(raw, "fuzz.json")
    except InputError:
        return
    profile = profile_report(report, "fuzz.json")
    profile.model_dump_json()  # the --json output must serialise too


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(doc: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "delete":
        del parent[last]
    else:
        parent[last] = value
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_any_json_value(value: Any) -> None:
    read_and_profile(json.dumps(value))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_json_value_inside_a_report_envelope(data: st.DataObject) -> None:
    doc = {
        "version": data.draw(st.sampled_from([1, 2])),
        "system": data.draw(st.sampled_from(["x86_64-linux", "aarch64-linux", "riscv64-linux"])),
        "virtualisation": data.draw(
            st.sampled_from(["none", "kvm", "oracle"]) | st.text(max_size=5)
        ),
        "uefi": data.draw(st.none() | st.fixed_dictionaries({"supported": st.booleans()})),
        "hardware": data.draw(
            st.dictionaries(
                st.sampled_from(
                    ["cpu", "disk", "graphics_card", "memory", "network_interface", "system"]
                ),
                json_values,
                max_size=4,
            )
        ),
        "smbios": data.draw(json_values),
    }
    read_and_profile(json.dumps(doc))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_reports(data: st.DataObject) -> None:
    doc = json.loads(json.dumps(data.draw(st.sampled_from(REPORTS))))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(doc)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["delete", "replace"]))
        doc = _mutate(doc, path, action, data.draw(json_values))
    read_and_profile(json.dumps(doc))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_truncated_and_flipped_bytes(data: st.DataObject) -> None:
    raw = bytearray(data.draw(st.sampled_from(RAW)))
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    raw = raw[:cut]
    for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
        if raw:
            raw[data.draw(st.integers(min_value=0, max_value=len(raw) - 1))] = data.draw(
                st.integers(min_value=0, max_value=255)
            )
    read_and_profile(bytes(raw))
