"""JSON Schemas of the authoring models, for editors' completion and hover help."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from unclench.model import CourseModel, LessonModel

SchemaKind = Literal["lesson", "course"]
SCHEMA_FILES: dict[SchemaKind, str] = {"lesson": "lesson.schema.json", "course": "course.schema.json"}
_MODELS: dict[SchemaKind, type[BaseModel]] = {"lesson": LessonModel, "course": CourseModel}
#: Where the package keeps the committed copies (a test keeps them current).
PACKAGED_SCHEMAS = Path(__file__).resolve().parent / "schemas"


def schema_text(kind: SchemaKind) -> str:
    """The JSON Schema of a lesson file or of ``course/course.toml``, as text."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **_MODELS[kind].model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def packaged_schema(kind: SchemaKind) -> Path:
    """The committed schema file for ``kind``."""
    return PACKAGED_SCHEMAS / SCHEMA_FILES[kind]
