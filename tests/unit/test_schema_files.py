"""``unclench schema`` prints the shipped schema copy when it is current, and generates it otherwise.

Current means: generated from model sources identical to today's (a digest beside the copies),
whatever the files' times, which a fresh checkout sets in any order.

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
    """A private copy of the shipped schemas, older than the models' source files."""
    folder = tmp_path / "schemas"
    shutil.copytree(schema.PACKAGED_SCHEMAS, folder)
    for copy in folder.iterdir():
        os.utime(copy, ns=(0, 0))  # 1970: times must not matter
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


@pytest.mark.parametrize("digest", ["0" * 64, "", None], ids=["other-models", "empty", "missing"])
def test_a_copy_of_other_models_is_regenerated(
    digest: str | None, copies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = copies / schema.MODELS_DIGEST_FILE
    if digest is None:
        recorded.unlink()
    else:
        recorded.write_text(digest)
    generated = _spy(monkeypatch)
    assert packaged_schema_text("lesson") == "generated lesson\n"
    assert generated == ["lesson"]


def test_write_packaged_schemas_writes_current_copies(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in copies.iterdir():
        path.write_text("stale")
    written = schema.write_packaged_schemas()
    assert sorted(path.name for path in written) == sorted([*SCHEMA_FILES.values(), schema.MODELS_DIGEST_FILE])
    generated = _spy(monkeypatch)
    assert packaged_schema_text("course") == (copies / SCHEMA_FILES["course"]).read_text()
    assert generated == []


def test_an_empty_copy_is_regenerated(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``unclench schema lesson > .../lesson.schema.json`` empties the file before the command reads it."""
    (copies / SCHEMA_FILES["lesson"]).write_text("")
    generated = _spy(monkeypatch)
    assert packaged_schema_text("lesson") == "generated lesson\n"
    assert generated == ["lesson"]


def test_a_missing_copy_is_generated(copies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (copies / SCHEMA_FILES["course"]).unlink()
    assert packaged_schema_text("course") == schema.schema_text("course")
