"""docs/hardware.md lists the known models exactly as known_models.toml has them."""

from __future__ import annotations

from pantheros.hardware.known_models import known_models
from pantheros.hardware.models_doc import END, START, render, replace_section

from ..conftest import REPO

DOC = REPO / "docs" / "hardware.md"


def test_the_document_has_the_generated_table() -> None:
    text = DOC.read_text()
    assert START in text and END in text
    assert replace_section(text, render()) == text, (
        "docs/hardware.md is out of date: run python -m pantheros.hardware.models_doc --write"
    )


def test_every_exact_model_is_listed() -> None:
    section = render()
    for entry in known_models().model:
        assert entry.name.replace("|", "\\|") in section
        for module in entry.modules:
            assert f"`{module}`" in section
