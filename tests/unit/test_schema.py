"""The JSON Schemas for editors: committed copies are current and every field is described."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from unclench import cli
from unclench import model as m
from unclench.schema import (
    MODELS_DIGEST_FILE,
    PACKAGED_SCHEMAS,
    SCHEMA_FILES,
    SchemaKind,
    models_digest,
    packaged_schema,
    schema_text,
)

KINDS: list[SchemaKind] = ["lesson", "course"]
#: Keywords whose sub-schemas state conditions on a table, not tables of their own.
CONDITIONS = {"if", "then", "else", "not", "contains"}
ROOT_MODELS: dict[str, type[BaseModel]] = {"lesson": m.LessonModel, "course": m.CourseModel}


def authoring_models() -> list[type[BaseModel]]:
    """Every public pydantic model of the authoring format."""
    return [
        value
        for name, value in vars(m).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == m.__name__
        and not name.startswith("_")
    ]


def object_schemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object with ``properties``, anywhere (root, ``$defs``, nested), with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield where, node
        for key, value in node.items():
            if key in CONDITIONS:
                continue  # parts of a rule (e.g. "if tremor is true"), not tables of their own
            yield from object_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from object_schemas(value, f"{where}/{index}")


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_current(kind: SchemaKind) -> None:
    committed = packaged_schema(kind)
    assert committed.name == SCHEMA_FILES[kind]
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        f"{committed} is out of date with engine/unclench/model.py; regenerate it with:\n  python -m unclench.schema"
    )


def test_committed_models_digest_is_current() -> None:
    recorded = (PACKAGED_SCHEMAS / MODELS_DIGEST_FILE).read_text(encoding="ascii").strip()
    assert recorded == models_digest(), (
        "engine/unclench/schemas/models.sha256 does not match the models; regenerate with:\n  python -m unclench.schema"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_prints_valid_json(kind: SchemaKind, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", kind]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == schema_text(kind)
    schema = json.loads(captured.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert set(schema["properties"]) == set(ROOT_MODELS[kind].model_fields)


def test_schema_command_defaults_to_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text("lesson")


def test_schema_command_rejects_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["schema", "module"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_is_described(kind: SchemaKind) -> None:
    schema = json.loads(schema_text(kind))
    found = list(object_schemas(schema))
    assert len(found) > 1, "the walk must reach the $defs"
    undescribed = [
        f"{where}/properties/{name}"
        for where, node in found
        for name, prop in node["properties"].items()
        if not str(prop.get("description", "")).strip()
    ]
    assert not undescribed, f"properties without a description: {undescribed}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_object_is_described_and_closed(kind: SchemaKind) -> None:
    schema = json.loads(schema_text(kind))
    for where, node in object_schemas(schema):
        assert str(node.get("description", "")).strip(), f"{where} has no description (a model docstring)"
        # Unknown keys are errors for the checker, so editors must flag them too.
        assert node.get("additionalProperties") is False, where


@pytest.mark.parametrize("kind", KINDS)
def test_required_keys_match_the_models(kind: SchemaKind) -> None:
    schema = json.loads(schema_text(kind))
    model = ROOT_MODELS[kind]
    required = {name for name, field in model.model_fields.items() if field.is_required()}
    assert set(schema.get("required", [])) == required


def test_every_model_field_has_a_description() -> None:
    models = authoring_models()
    assert m.LessonModel in models and m.ChoiceModel in models and m.GuidanceModel in models
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if not (field.description or "").strip()
    ]
    assert not missing, f"fields without a description: {missing}"


def test_every_model_has_a_docstring() -> None:
    missing = [model.__name__ for model in authoring_models() if not (model.__doc__ or "").strip()]
    assert not missing
