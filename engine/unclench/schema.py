"""JSON Schemas of the authoring models, for editors' completion and hover help.

The package ships the generated schemas (``schemas/*.json``, kept identical
to :func:`schema_text` by a test), so that ``unclench schema`` usually needs
neither pydantic nor the models: see :func:`packaged_schema_text`. After
changing the models, regenerate them with ``python -m unclench.schema``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

SchemaKind = Literal["lesson", "course"]
SCHEMA_FILES: dict[SchemaKind, str] = {"lesson": "lesson.schema.json", "course": "course.schema.json"}
#: Where the package keeps the committed copies (a test keeps them current).
PACKAGED_SCHEMAS = Path(__file__).resolve().parent / "schemas"
#: Beside the copies: the digest of the model sources they were generated from.
MODELS_DIGEST_FILE = "models.sha256"
#: The source files the schemas are generated from.
MODEL_SOURCES = ("model.py", "course.py")


def models_digest() -> str:
    """The SHA-256 of the models' source files, as they are now."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in MODEL_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def schema_text(kind: SchemaKind) -> str:
    """The JSON Schema of a lesson file or of ``course/course.toml``, as text, generated from the models."""
    from unclench.model import CourseModel, LessonModel  # pydantic: only when generating

    model = LessonModel if kind == "lesson" else CourseModel
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def packaged_schema_text(kind: SchemaKind) -> str:
    """:func:`schema_text`, read from the shipped copy when that is current, else generated.

    The copy is used unless it is missing or empty (as while ``unclench schema
    > engine/unclench/schemas/...`` rewrites it) or the models' source files
    differ from those it was generated from (a source checkout being edited).
    Contents are compared, not file times, which a fresh checkout sets in any order.
    """
    copy = packaged_schema(kind)
    try:
        if (PACKAGED_SCHEMAS / MODELS_DIGEST_FILE).read_text(encoding="ascii").strip() == models_digest():
            text = copy.read_text(encoding="utf-8")
            if text.strip():
                return text
    except (OSError, UnicodeDecodeError):
        pass
    return schema_text(kind)


def packaged_schema(kind: SchemaKind) -> Path:
    """The committed schema file for ``kind``."""
    return PACKAGED_SCHEMAS / SCHEMA_FILES[kind]


def write_packaged_schemas() -> list[Path]:
    """Regenerate the shipped copies and their models digest; returns the files written."""
    written = []
    for kind in SCHEMA_FILES:
        path = packaged_schema(kind)
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    digest = PACKAGED_SCHEMAS / MODELS_DIGEST_FILE
    digest.write_text(models_digest() + "\n", encoding="ascii")
    return [*written, digest]


if __name__ == "__main__":
    for written_path in write_packaged_schemas():
        print(f"wrote {written_path}")
