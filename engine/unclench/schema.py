"""JSON Schemas of the authoring models, for editors' completion and hover help.

The package ships the generated schemas (``schemas/*.json``, kept identical
to :func:`schema_text` by a test), so that ``unclench schema`` usually needs
neither pydantic nor the models: see :func:`packaged_schema_text`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

SchemaKind = Literal["lesson", "course"]
SCHEMA_FILES: dict[SchemaKind, str] = {"lesson": "lesson.schema.json", "course": "course.schema.json"}
#: Where the package keeps the committed copies (a test keeps them current).
PACKAGED_SCHEMAS = Path(__file__).resolve().parent / "schemas"


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
    were modified after it (a source checkout being edited).
    """
    copy = packaged_schema(kind)
    here = Path(__file__).resolve().parent
    try:
        models_changed = max((here / name).stat().st_mtime_ns for name in ("model.py", "course.py"))
        if copy.stat().st_mtime_ns >= models_changed:
            text = copy.read_text(encoding="utf-8")
            if text.strip():
                return text
    except OSError:
        pass
    return schema_text(kind)


def packaged_schema(kind: SchemaKind) -> Path:
    """The committed schema file for ``kind``."""
    return PACKAGED_SCHEMAS / SCHEMA_FILES[kind]
