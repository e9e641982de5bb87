"""Property tests: whatever text reaches the loader, it fails only with InputError."""

from __future__ import annotations

import string
import tomllib

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantheros.errors import InputError
from pantheros.fleet.load import parse_text
from pantheros.fleet.model import FleetFile
from pantheros.fleet.tomlpos import line_of

from ..conftest import EXAMPLE

EXAMPLE = (EXAMPLE / "fleet.toml").read_text()
EXAMPLE_DATA = tomllib.loads(EXAMPLE)

toml_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.text(string.ascii_lowercase + "-_", min_size=1, max_size=8), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


def _loads_or_input_error(text: str) -> None:
    try:
        document = parse_text(text)
    except InputError as error:
        assert error.exit_code == 2
        assert error.one_line()
    else:
        assert isinstance(document, FleetFile)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_garbage_text(text: str) -> None:
    _loads_or_input_error(text)


@settings(max_examples=300)
@given(st.data())
def test_mutated_example(data: st.DataObject) -> None:
    lines = EXAMPLE.splitlines()
    op = data.draw(st.sampled_from(["delete", "truncate", "replace", "insert"]))
    index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if op == "delete":
        del lines[index]
    elif op == "truncate":
        lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
    elif op == "replace":
        lines[index] = data.draw(st.text(max_size=40))
    else:
        lines.insert(index, data.draw(st.text(max_size=40)))
    _loads_or_input_error("\n".join(lines))


@settings(max_examples=300)
@given(
    path=st.lists(
        st.sampled_from(
            ["fleet", "users", "hosts", "yoga", "deploy", "class", "port", "stages", "tags", "alex"]
        ),
        min_size=1,
        max_size=4,
    ),
    value=toml_values,
)
def test_structured_mutation(path: list[str], value: object) -> None:
    data = tomlkit.parse(EXAMPLE)
    node: object = data
    for key in path[:-1]:
        if not isinstance(node, dict) or key not in node or not isinstance(node[key], dict):
            break
        node = node[key]
    if isinstance(node, dict):
        try:
            node[path[-1]] = value
        except (ValueError, TypeError):
            return
    _loads_or_input_error(tomlkit.dumps(data))


@given(st.text(max_size=300), st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=4))
def test_line_locator_never_fails(text: str, path: list[str | int]) -> None:
    line = line_of(text, path)
    assert line is None or 1 <= line <= max(1, len(text.splitlines()))


def test_line_locator_finds_keys_and_tables() -> None:
    text = '[a]\nx = 1\n\n[a.b]\n"quoted.key" = 2\ny.z = 3\n'
    assert line_of(text, ["a", "x"]) == 2
    assert line_of(text, ["a", "b"]) == 4
    assert line_of(text, ["a", "b", "quoted.key"]) == 5
    assert line_of(text, ["a", "b", "y", "z"]) == 6
    assert line_of(text, ["a", "b", "missing"]) == 4
    assert line_of(text, ["nope"]) is None
