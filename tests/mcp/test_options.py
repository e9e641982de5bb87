"""The option index: in step with the modules, the text extractor, and the search."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pantheros.mcp import options_gen
from pantheros.mcp.options_index import INDEX, OptionIndex, load, search, words
from tests.conftest import REPO
from tests.nix.nixeval import NIX, needs_nix


@needs_nix
def test_the_checked_in_index_is_what_the_modules_declare() -> None:
    fresh = options_gen.render(options_gen.generate(REPO))
    assert INDEX.read_text() == fresh, (
        "options.json is out of date: run `python -m pantheros.mcp.options_gen --write`"
    )


def test_the_index_covers_every_declared_option_name() -> None:
    """A cheap cross-check without Nix: each option's last name part is written in its file."""
    index = load()
    assert len(index.options) > 100
    for option in index.options:
        file, line = option.declared.rsplit(":", 1)
        text = (REPO / file).read_text().splitlines()
        leaf = option.name.rsplit(".", 1)[-1]
        window = "\n".join(text[max(0, int(line) - 3) : int(line) + 1])
        assert leaf in window or "mapAttrs" in "\n".join(text), option
        assert option.type and option.description, option
    names = [o.name for o in index.options]
    assert names == sorted(names) and len(set(names)) == len(names)


def test_known_options_read_as_the_modules_write_them() -> None:
    by_name = {o.name: o for o in load().options}
    interval = by_name["panther.storage.snapshots.interval"]
    assert (interval.type, interval.default, interval.example) == ("string", '"daily"', '"hourly"')
    assert by_name["panther.storage.snapshots.keep.daily"].default == "14"
    assert by_name["panther.storage.zram.memoryPercent"].type == (
        "integer between 1 and 100 (both inclusive)"
    )
    assert by_name["panther.host.class"].type == 'one of "laptop", "workstation", "server", "dev"'
    assert by_name["panther.secrets.wanted"].type == "attribute set of (submodule)"
    assert by_name["panther.secrets.wanted.<name>.kind"].default == '"field"'
    assert by_name["panther.secrets.directory"].read_only is True
    # mkEnableOption's own words, and a default given with defaultText.
    assert by_name["panther.storage.scrub.enable"].description.startswith("Whether to enable")
    assert by_name["panther.storage.scrub.enable"].default == "config.panther.storage.enable"


# --- expression_at: any Nix expression written as `default = EXPR;` comes back as written ------

identifiers = st.from_regex(r"[a-z][a-zA-Z0-9_]{0,6}", fullmatch=True).filter(
    lambda w: w not in {"let", "in", "if", "then", "else", "with", "rec", "inherit", "assert", "or"}
)
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(";{}[]()'#\"$\\"),
    max_size=12,
)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("${", "\\${") + '"'


def _indented(text: str) -> str:
    body = text.replace("''", "'''").replace("${", "''${")
    return "''" + body + "''" if not body.endswith("'") else "''" + body + " ''"


def _expressions() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.integers(-1000, 1000).map(str),
        st.sampled_from(["true", "false", "null", "./path.nix"]),
        identifiers,
        plain_text.map(_quoted),
        plain_text.map(_indented),
    )

    def compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        # Inner expressions in parentheses wherever Nix's grammar needs them.
        return st.one_of(
            st.lists(inner, max_size=3).map(
                lambda xs: "[ " + " ".join(f"({x})" for x in xs) + " ]"
            ),
            st.lists(st.tuples(identifiers, inner), max_size=3, unique_by=lambda kv: kv[0]).map(
                lambda kv: "{ " + " ".join(f"{k} = {v};" for k, v in kv) + " }"
            ),
            st.tuples(identifiers, inner).map(lambda p: f"let {p[0]} = {p[1]}; in {p[0]}"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]}) // ({p[1]})"),
            st.tuples(identifiers, inner).map(lambda p: f'"${{{p[0]} ({p[1]})}};"'),
            st.tuples(identifiers, inner).map(lambda p: f"{p[0]}: {p[1]}"),
            inner.map(lambda x: f"f /* ; */ ({x})"),
        )

    return st.recursive(leaf, compound, max_leaves=8)


@given(expression=_expressions(), indent=st.integers(0, 8), after=st.sampled_from(["", " # ;x"]))
@settings(max_examples=300, deadline=None)
def test_expression_at_returns_the_expression_as_written(
    expression: str, indent: int, after: str
) -> None:
    pad = " " * indent
    text = f"{{\n{pad}x = mkOption {{\n{pad}  default = {expression};{after}\n{pad}}};\n}}\n"
    assert options_gen.expression_at(text, 3, indent + 3) == expression.strip()


@needs_nix
@given(expression=_expressions())
@settings(max_examples=25, deadline=None)
def test_the_generated_expressions_are_nix(expression: str) -> None:
    """The strategy's texts parse as Nix (names are free under `with`), so the property above
    is about real Nix."""
    assert NIX is not None
    done = subprocess.run(
        [NIX, "--parse", "-E", f"with {{ }}; {{ x = {expression}; }}"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_multi_line_default_is_dedented() -> None:
    text = 'a = {\n      default = [\n        "/home"\n        "/var/lib"\n      ];\n};\n'
    assert options_gen.expression_at(text, 2, 7) == '[\n  "/home"\n  "/var/lib"\n]'


# --- search ---------------------------------------------------------------------------------

INDEX_NOW: OptionIndex = load()


@given(index=st.integers(0, len(INDEX_NOW.options) - 1))
def test_an_options_own_name_finds_it(index: int) -> None:
    option = INDEX_NOW.options[index]
    found = search(option.name, limit=len(INDEX_NOW.options))
    assert option in found.options
    for match in found.options:
        haystack = " ".join(words(f"{match.name} {match.type} {match.description}"))
        assert all(w in haystack or w in match.name.lower() for w in words(option.name))


@given(query=st.text(max_size=40), limit=st.integers(1, 50))
def test_any_query_answers_within_the_limit(query: str, limit: int) -> None:
    found = search(query, limit=limit)
    assert len(found.options) == min(limit, found.total)
    assert found.total <= len(INDEX_NOW.options)
    if not words(query):
        assert found.total == len(INDEX_NOW.options)


def test_camel_case_words_match_spaced_queries() -> None:
    assert search("memory percent").options[0].name == "panther.storage.zram.memoryPercent"


def test_the_index_ships_with_the_package() -> None:
    assert INDEX.parent == Path(options_gen.__file__).parent
    assert INDEX.is_file() and (INDEX.parent / "declared_options.nix").is_file()
