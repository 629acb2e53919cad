"""JSON Schemas of the authoring models, for editors' completion and hover help.

The package ships the generated schemas (``schemas/*.json``, kept identical
to :func:`schema_text` by a test), so that ``unclench schema`` usually needs
neither pydantic nor the models: see :func:`packaged_schema_text`. After
changing the models, regenerate them with ``python -m unclench.schema`` (which
also compiles the shipped validators: see :mod:`unclench.validation`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from unclench.problems import Problem

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
    import hashlib  # here: ``check`` imports this module for its warnings

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
    return json.dumps(_without_astral_ranges(schema), indent=2, ensure_ascii=False) + "\n"


def _without_astral_ranges(schema: Any) -> Any:
    """``schema`` with the ranges beyond the BMP (tag and other invisible characters) left out of every pattern.

    JSON Schema's patterns are ECMA-262 regular expressions without the ``u``
    flag: ``\\U000e0000`` would read there as the letters ``U``, ``0`` and ``e``.
    An editor then misses only such a character, which ``unclench check`` refuses.
    """
    from unclench.model import TAG_RANGE
    from unclench.text import ASTRAL_INVISIBLE_RANGES

    if isinstance(schema, dict):
        return {
            key: value.replace(TAG_RANGE, "").replace(ASTRAL_INVISIBLE_RANGES, "")
            if key == "pattern" and isinstance(value, str)
            else _without_astral_ranges(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_without_astral_ranges(item) for item in schema]
    return schema


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
        "required": ["safety", "limits"],
        "properties": {
            "safety": {"minItems": 1},
            "minutes": {"maximum": c.MAX_TREMOR_MINUTES},
            "limits": {"type": "object"},
            "grounding": {"const": False},  # high ratings before hold tremor work back: it is never grounding
        },
    }
    steps = schema["properties"]["steps"]
    models = {kind: f"#/$defs/{kind.capitalize()}Model" for kind in STEP_KINDS}
    assert steps["items"].get("discriminator", {}).get("mapping") == models, "step kinds changed: update STEP_KINDS"
    steps["items"] = {
        "type": "object",
        "description": "A step; `kind` says which: " + ", ".join(STEP_KINDS) + ".",
        "required": ["kind"],
        # Says nothing (each kind's model closes the table), but tombi's strict mode reads an
        # object without it as closed, and would then refuse every key of every step.
        "additionalProperties": True,
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


# -- the key reference table of the authoring guide ---------------------------------------

#: Where the table sits in the authoring guide; everything between the markers is generated.
REFERENCE_START = "<!-- key reference: generated by `python -m unclench.schema --guide FILE`; do not edit -->"
REFERENCE_END = "<!-- end of key reference -->"
#: Rules ``unclench check`` applies to a key beyond its type and bounds (see :func:`_add_lesson_rules`).
EXTRA_RULES = {
    ("QuizModel", "choices"): "2 or more; at least one `correct`, exactly one unless `multiple = true`",
    ("ExerciseModel", "safety"): "at least one when `tremor = true`; each an id of a course [[safety]] note",
    ("ExerciseModel", "minutes"): "at most 15 when `tremor = true`",
    ("ExerciseModel", "checkin"): "each an id of a course [[checkins]] measure",
    ("ExerciseModel", "limits"): "required when `tremor = true`",
    ("ExerciseModel", "grounding"): "never with `tremor = true`",
    ("ExerciseModel", "screening"): "each an id of a course [[screening]] question",
    ("LessonModel", "sources"): "each an id of a course [[sources]] entry",
    ("LessonModel", "previous_ids"): (
        "none twice; none the lesson's own id or another current lesson's; none in another lesson's previous_ids"
    ),
    ("LessonModel", "builds_on"): "each an id of another lesson; no entry twice; no circles",
    ("LessonModel", "builds_on_reason"): "only with `builds_on`",
    ("LessonModel", "id"): "unique across the course's lessons",
    ("ModuleModel", "lessons"): "each an id of a lesson file; every lesson listed exactly once",
}


def reference_table() -> str:
    """Markdown tables of every key of lesson files and ``course.toml``, made from the models."""
    from unclench import model as m

    sections: list[tuple[str, type[Any]]] = [
        ("Lesson file (`lessons/*.toml`)", m.LessonModel),
        ('`[[steps]]` with `kind = "page"`', m.PageModel),
        ('`[[steps]]` with `kind = "prompt"`', m.PromptModel),
        ('`[[steps]]` with `kind = "quiz"`', m.QuizModel),
        ("`[[steps.choices]]` (a quiz's choices)", m.ChoiceModel),
        ('`[[steps]]` with `kind = "exercise"`', m.ExerciseModel),
        ("`[steps.limits]` (an exercise's dose limits)", m.LimitsModel),
        ("`course/course.toml`", m.CourseModel),
        ("`[[sources]]`", m.SourceModel),
        ("`[[safety]]`", m.SafetyNoteModel),
        ("`[[checkins]]`", m.CheckinModel),
        ("`[[screening]]`", m.ScreeningModel),
        ("`[guidance]`", m.GuidanceModel),
        ("`[support]` (the support card)", m.SupportModel),
        ("`[[support.entries]]`", m.SupportEntryModel),
        ("`[[modules]]`", m.ModuleModel),
    ]
    out: list[str] = []
    for heading, model in sections:
        out += [f"**{heading}**", "", "| key | type | required | default | limits |", "| --- | --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else "no"
            default = "" if field.is_required() else _shown_default(field.default)
            limits = "; ".join(filter(None, [_limits(field), EXTRA_RULES.get((model.__name__, name), "")]))
            out.append(f"| `{name}` | {_type_words(field.annotation)} | {required} | {default} | {limits} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _type_words(annotation: Any) -> str:
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return "id" if _is_id(annotation) else _type_words(args[0])
    if origin is typing.Literal:
        return " or ".join(f'`"{arg}"`' for arg in args)
    if origin in (typing.Union, __import__("types").UnionType):
        words = [_type_words(arg) for arg in args if arg is not type(None)]
        return " or ".join(words) if len(words) > 1 else words[0]
    if origin is list:
        inner = args[0]
        if typing.get_origin(inner) is typing.Annotated and typing.get_args(inner)[0] is str:
            return "array of ids" if _is_id(inner) else "array of text"
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "array of tables"
        return "array of tables" if typing.get_origin(inner) is typing.Annotated else f"array of {_type_words(inner)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "table"
    return {str: "text", int: "whole number", float: "number", bool: "true or false"}.get(annotation, str(annotation))


def _is_id(annotation: Any) -> bool:
    from unclench.model import ID_PATTERN

    return any(getattr(item, "pattern", None) == ID_PATTERN for item in _metadata(annotation))


def _metadata(annotation: Any) -> list[Any]:
    import typing

    if typing.get_origin(annotation) is typing.Annotated:
        return list(annotation.__metadata__)
    return []


def _limits(field: Any) -> str:
    from unclench.model import (
        DATE_PATTERN,
        ID_PATTERN,
        NON_BLANK_PATTERN,
        ONE_LINE_PATTERN,
        OPTIONAL_ONE_LINE_PATTERN,
        OPTIONAL_TEXT_PATTERN,
    )

    words: list[str] = []
    items = list(field.metadata)
    for item in items:
        pattern = getattr(item, "pattern", None)
        if pattern == ID_PATTERN:
            words.append("an id: a-z, 0-9 and dashes")
        elif pattern == NON_BLANK_PATTERN:
            words.append("not blank")
        elif pattern == OPTIONAL_TEXT_PATTERN:
            words.append("not blank when given")
        elif pattern == ONE_LINE_PATTERN:
            words.append("not blank; one line")
        elif pattern == OPTIONAL_ONE_LINE_PATTERN:
            words.append("not blank when given; one line")
        elif pattern == DATE_PATTERN:
            words.append("a real day, not one to come")
        for attr, text in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
            if getattr(item, attr, None) is not None:
                words.append(f"{text} {getattr(item, attr)}")
        least = getattr(item, "min_length", None)
        if least and _is_list(field):
            words.append(f"at least {least} {'entry' if least == 1 else 'entries'}")
        if getattr(item, "max_length", None):
            words.append(f"at most {item.max_length:,} characters")
    return "; ".join(word for word in words if word)


def _is_list(field: Any) -> bool:
    import typing

    return typing.get_origin(field.annotation) is list


def _shown_default(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        return '`""`' if not value else "a careful text" if len(value) > 40 else f'`"{value}"`'
    if isinstance(value, list):
        return "`[]`"
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return "each key's default"
    return f"`{value}`"


def update_guide(path: Path) -> bool:
    """Rewrite the key reference between the markers in the guide at ``path``; returns whether it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(REFERENCE_START) + len(REFERENCE_START), text.index(REFERENCE_END)
    new = f"{text[:start]}\n\n{reference_table()}\n{text[end:]}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def schema_paths(folder: Path) -> list[Path]:
    """Where :func:`write_schemas` writes in ``folder``."""
    return [folder / name for name in SCHEMA_FILES.values()]


def write_schemas(folder: Path, within: Path | None = None) -> list[Path]:
    """Write both schemas into ``folder`` (``course/`` of a course folder, for ``#:schema`` lines).

    Never through a symbolic link below ``within`` (default: ``folder``), and
    nothing at all when one of them would be (see :func:`unclench.files.write_text_below`).

    Raises:
        NotARegularFileError: A link or a non-file where a schema goes.
        OSError: A schema could not be written.
    """
    from unclench.files import refuse_links, write_text_below

    root = folder if within is None else within
    targets = dict(zip(SCHEMA_FILES, schema_paths(folder), strict=True))
    for target in targets.values():
        refuse_links(root, target)
    for kind, target in targets.items():
        write_text_below(root, target, packaged_schema_text(kind))
    return list(targets.values())


if __name__ == "__main__":
    import sys

    from unclench.validation import write_packaged_validators

    for written_path in [*write_packaged_schemas(), write_packaged_validators()]:
        print(f"wrote {written_path}")
    if sys.argv[1:2] == ["--guide"] and len(sys.argv) == 3 and update_guide(Path(sys.argv[2])):
        print(f"updated the key reference in {sys.argv[2]}")


def schema_line_warnings(files: list[Path]) -> list[Problem]:
    """A warning for each ``#:schema PATH`` line whose PATH is not a file: the editor finds no schema there.

    Only the top of each file is read (the line comes first); web addresses are left alone.
    """
    from unclench.problems import Problem

    warnings: list[Problem] = []
    for path in files:
        try:
            with path.open(encoding="utf-8", errors="replace") as handle:
                head = [handle.readline() for _ in range(3)]
        except OSError:
            continue
        for number, line in enumerate(head, start=1):
            if not line.startswith("#:schema"):
                continue
            target = line.removeprefix("#:schema").strip()
            if not target or "://" in target or (path.parent / target).is_file():
                continue
            near = path.parent / Path(target).parent
            names = sorted(p.name for p in near.glob("*.schema.json")) if near.is_dir() else []
            from unclench.loader import closest  # only when there is a warning to word

            close = closest(Path(target).name, names)
            hint = (
                f"did you mean {Path(target).parent / close}?"
                if close
                else "write the path of lesson.schema.json (or course.schema.json) relative to this file; "
                "`unclench schema --write DIR` writes them into DIR/course/"
            )
            warnings.append(
                Problem(path, number, 10, "", f"no schema at {target}: editors cannot check this file", hint, "warning")
            )
    return warnings
