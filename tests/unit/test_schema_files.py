"""``unclench schema`` prints the shipped schema copy when it is current, and generates it otherwise.

(``test_schema.py`` checks that the committed copies are current.)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from unclench import schema
from unclench.schema import SCHEMA_FILES, SchemaKind, packaged_schema_text, schema_text


@pytest.fixture
def copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped schemas, newer than the models."""
    folder = tmp_path / "schemas"
    shutil.copytree(schema.PACKAGED_SCHEMAS, folder)
    for copy in folder.iterdir():
        os.utime(copy)  # now: newer than the models' source files
    monkeypatch.setattr(schema, "PACKAGED_SCHEMAS", folder)
    return folder


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    generated: list[str] = []

    def fake(kind: SchemaKind) -> str:
        generated.append(kind)
        return f"generated {kind}\n"

    monkeypatch.setattr(schema, "schema_text", fake)
    return generated


@pytest.mark.parametrize("kind", list(SCHEMA_FILES))
def test_a_current_copy_is_printed_as_is(kind: SchemaKind, copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = schema_text(kind)
    generated = _spy(monkeypatch)
    assert packaged_schema_text(kind) == expected
    assert generated == []


def test_a_copy_older_than_the_models_is_regenerated(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = Path(schema.__file__).with_name("model.py")
    old = model.stat().st_mtime_ns - 10**9
    os.utime(copies / SCHEMA_FILES["lesson"], ns=(old, old))
    generated = _spy(monkeypatch)
    assert packaged_schema_text("lesson") == "generated lesson\n"
    assert generated == ["lesson"]


def test_an_empty_copy_is_regenerated(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``unclench schema lesson > .../lesson.schema.json`` empties the file before the command reads it."""
    (copies / SCHEMA_FILES["lesson"]).write_text("")
    generated = _spy(monkeypatch)
    assert packaged_schema_text("lesson") == "generated lesson\n"
    assert generated == ["lesson"]


def test_a_missing_copy_is_generated(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (copies / SCHEMA_FILES["course"]).unlink()
    assert packaged_schema_text("course") == schema.schema_text("course")
