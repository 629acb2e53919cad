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
from typing import Any, Literal

SchemaKind = Literal["lesson", "course"]
SCHEMA_FILES: dict[SchemaKind, str] = {"lesson": "lesson.schema.json", "course": "course.schema.json"}
#: Where the package keeps the committed copies (a test keeps them current).
PACKAGED_SCHEMAS = Path(__file__).resolve().parent / "schemas"
#: Beside the copies: the digest of the model sources they were generated from.
MODELS_DIGEST_FILE = "models.sha256"
#: The source files the schemas are generated from.
MODEL_SOURCES = ("model.py", "course.py", "schema.py")
STEP_KINDS = ("page", "prompt", "quiz", "exercise")


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
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    if kind == "lesson":
        _add_lesson_rules(schema)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _add_lesson_rules(schema: dict[str, Any]) -> None:
    """Add the rules ``unclench check`` enforces beyond the models' types, where JSON Schema can say them.

    Also replaces the steps' ``oneOf`` by one ``if``/``then`` per step kind, so that
    an editor validates (and completes) a step against its own kind only, instead
    of reporting every kind's complaint about it.
    """
    from unclench import course as c

    defs = schema["$defs"]
    quiz = defs["QuizModel"]
    choices = quiz["properties"]["choices"]
    correct = {"type": "object", "required": ["correct"], "properties": {"correct": {"const": True}}}
    choices.update({"minItems": c.MIN_QUIZ_CHOICES, "contains": correct, "minContains": 1})
    # A single-answer quiz (multiple left out or false) has exactly one correct choice.
    quiz["if"] = {"properties": {"multiple": {"const": False}}}
    quiz["then"] = {"properties": {"choices": {"contains": correct, "maxContains": 1}}}
    exercise = defs["ExerciseModel"]
    exercise["if"] = {"required": ["tremor"], "properties": {"tremor": {"const": True}}}
    exercise["then"] = {
        "required": ["safety"],
        "properties": {"safety": {"minItems": 1}, "minutes": {"maximum": c.MAX_TREMOR_MINUTES}},
    }
    steps = schema["properties"]["steps"]
    models = {kind: f"#/$defs/{kind.capitalize()}Model" for kind in STEP_KINDS}
    assert steps["items"].get("discriminator", {}).get("mapping") == models, "step kinds changed: update STEP_KINDS"
    steps["items"] = {
        "type": "object",
        "description": "A step; `kind` says which: " + ", ".join(STEP_KINDS) + ".",
        "required": ["kind"],
        "allOf": [
            {"if": {"required": ["kind"], "properties": {"kind": {"const": kind}}}, "then": {"$ref": ref}}
            for kind, ref in models.items()
        ]
        + [{"if": {"required": ["kind"], "properties": {"kind": {"not": {"enum": list(STEP_KINDS)}}}}, "then": False}],
    }


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
