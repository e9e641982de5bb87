"""What `panther health` reads from a host: the facts panther-facts writes, and the KEY=VALUE
lines of the one SSH round trip. Both are parsers of what a host sends: fuzzed too."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pantheros.ops.health import parse_facts, stored_facts

NOW = 1_800_000_000.0
HOUR = 3600


def facts(backup: dict[str, Any] | None = None, snapshots: dict[str, Any] | None = None) -> str:
    return json.dumps(
        {
            "schema": 1,
            "host": "web1",
            "generated_at": NOW - 600,
            "backup": backup if backup is not None else {"enabled": False},
            "snapshots": snapshots if snapshots is not None else {"enabled": False},
            "btrfs": [],
            "certificates": [],
            "failed_units": [],
        }
    )


def backup(age_hours: float | None, limit_hours: int = 36) -> dict[str, Any]:
    last = None if age_hours is None else NOW - age_hours * HOUR
    return {"enabled": True, "last_success": last, "age_seconds": None,
            "max_age_seconds": limit_hours * HOUR, "checked_at": NOW - 60}  # fmt: skip


def snapshots(*ages: float | None, timer_active: bool = True) -> dict[str, Any]:
    configs = {
        f"c{i}": {
            "mountpoint": f"/m{i}",
            "last": None if a is None else NOW - a * HOUR,
            "age_seconds": None,
            "count": 3,
        }
        for i, a in enumerate(ages)
    }
    return {"enabled": True, "max_age_seconds": 3 * HOUR, "timer": "snapper-timeline.timer",
            "timer_active": timer_active, "configs": configs}  # fmt: skip


def test_ages_come_from_the_timestamps_not_from_the_file() -> None:
    read = stored_facts(facts(backup(5.0), snapshots(2.0, 0.5)), NOW)
    assert read.backup_age_hours == 5.0
    assert read.snapshot_age_hours == 0.5  # the newest of every config
    assert read.warnings == ()


def test_an_old_backup_or_snapshot_is_a_warning_with_the_hosts_own_limit() -> None:
    read = stored_facts(facts(backup(40.0, limit_hours=36), snapshots(4.0)), NOW)
    assert read.warnings == (
        "newest backup is 40.0 h old (limit 36 h)",
        "newest snapshot is 4.0 h old (limit 3 h)",
    )


def test_no_backup_yet_and_a_stopped_snapshot_timer_are_warnings() -> None:
    read = stored_facts(facts(backup(None), snapshots(None, timer_active=False)), NOW)
    assert read.backup_age_hours is None and read.snapshot_age_hours is None
    assert read.warnings == (
        "no backup yet",
        "no snapshot yet",
        "the snapshot timer snapper-timeline.timer is not active",
    )


def test_a_host_without_backups_or_snapshots_has_nothing_to_warn_about() -> None:
    assert stored_facts(facts(), NOW).warnings == ()
    assert stored_facts("", NOW).warnings == ()


@given(st.text(max_size=400))
def test_any_text_as_facts_never_raises(text: str) -> None:
    stored_facts(text, NOW)


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(
    st.dictionaries(
        st.sampled_from(["backup", "snapshots", "schema", "configs", "enabled"]), json_values
    )
)
def test_any_json_shape_as_facts_never_raises(data: dict[str, Any]) -> None:
    read = stored_facts(json.dumps(data), NOW)
    for age in (read.backup_age_hours, read.snapshot_age_hours):
        assert age is None or age >= 0


@given(st.lists(st.text(max_size=40), max_size=20))
def test_any_lines_as_round_trip_output_never_raise(lines: list[str]) -> None:
    parsed = parse_facts("\n".join(lines))
    assert all(isinstance(v, list) for v in parsed.values())
