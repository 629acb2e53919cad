"""The JSON Schemas editors use agree with ``unclench check`` wherever a JSON Schema can decide.

Every TOML file under ``tests/`` and of the bundled course, and every file of the faulty
courses in ``test_faulty_courses.py``, is validated twice: by the ``jsonschema`` package
against ``unclench schema``, and by the checker. A file that passes check passes the schema;
a file the schema refuses fails check; and a file check refuses for a reason the schema can
express (types, required keys, lengths, patterns, bounds, the quiz and tremor rules) the
schema refuses too. What a schema cannot see (ids unique across steps or files, references
to the course index, TOML that cannot be parsed, what a text's Markdown holds) is left to check alone. One type rule is
beyond JSON itself: TOML's `3.0` and `3` differ (check wants a whole number written `3`),
but in JSON they are the same number, so a schema accepts `minutes = 3.0`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli
from test_faulty_courses import FAULTS, faulty_course

from unclench import loader
from unclench.folders import bundled_course_root
from unclench.problems import Problem
from unclench.schema import schema_text

# A test dependency (pyproject's `test` extra): a venv made before it was added skips, not errors.
jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[dev]' for the jsonschema test dependency")

TESTS = Path(__file__).resolve().parents[1]
#: Problems no JSON Schema can express: uniqueness, rules across files, and a text's Markdown structure
#: (:mod:`unclench.markdowncost`).
BEYOND_A_SCHEMA = (
    "Markdown blocks",
    "a table may have at most",
    "a table may hold at most",
    "a code line may be at most",
    "may be inside one another",
    "is used twice",
    "is listed twice",
    "is also used by",
    "has id '",
    "is not listed in",
    "is the id of another current lesson",
    "draws as nothing",
    "is also claimed by lesson",
    "this lesson's own id",
    # Beyond this test's validator only: Python's $ matches before a final line break, where ECMAScript's (the
    # editors' JSON Schema regexes) and pydantic's do not, so a one-line text ending in one passes jsonschema here.
    "ends with a line break",
)
VALIDATORS = {
    kind: jsonschema.Draft202012Validator(json.loads(schema_text(kind)), format_checker=None)
    for kind in ("lesson", "course")
}


def test_the_schemas_are_valid_json_schemas() -> None:
    for validator in VALIDATORS.values():
        jsonschema.Draft202012Validator.check_schema(validator.schema)


def _files() -> Iterator[Path]:
    yield from sorted(TESTS.rglob("*.toml"))
    root = bundled_course_root()
    yield root / "course" / "course.toml"
    yield from sorted((root / "lessons").glob("*.toml"))


def _parsed(path: Path) -> Any:
    try:
        # As check reads it: a stray carriage return stays one (text mode would make it a line break).
        return tomli.loads(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (tomli.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError):
        return None


def _check_problems(path: Path) -> list[Problem]:
    """What check says about this one file (for a course index: its own problems in its course)."""
    if path.name != "course.toml":
        return loader.check_lesson_file(path).problems
    return [problem for problem in loader.check_course(path.parents[1]).problems if problem.path == path]


def assert_agree(path: Path) -> None:
    data = _parsed(path)
    if data is None:
        return  # not TOML: only check can say so
    kind = "course" if path.name == "course.toml" else "lesson"
    schema_errors = [error.message for error in VALIDATORS[kind].iter_errors(data)]
    problems = [p for p in _check_problems(path) if p.severity == "error"]
    decidable = [p for p in problems if not any(words in p.message for words in BEYOND_A_SCHEMA)]
    if not problems:
        assert not schema_errors, f"check passes {path} but the schema refuses it: {schema_errors}"
    if schema_errors:
        assert problems, f"the schema refuses {path} but check passes it: {schema_errors}"
    if decidable:
        assert schema_errors, f"check refuses {path} ({decidable[0].text()}) but the schema accepts it"


FILES = list(_files())


def test_the_files_include_the_bundled_course_and_every_fixture() -> None:
    assert bundled_course_root() / "course" / "course.toml" in FILES
    assert len([path for path in FILES if TESTS in path.parents]) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(path.parents[2])))
def test_schema_and_check_agree_on_every_file(path: Path) -> None:
    assert_agree(path)


@pytest.mark.parametrize("case", list(FAULTS))
def test_schema_and_check_agree_on_every_faulty_course(case: str, tmp_path: Path) -> None:
    fault = FAULTS[case]
    root = faulty_course(tmp_path, fault)
    assert_agree(root / fault.file)


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        # The rules the schema states beyond types, each broken once in an otherwise valid file.
        (lambda d: d["steps"][1]["choices"].pop(), "lesson"),  # quiz with one choice
        (lambda d: d["steps"][1]["choices"][0].pop("correct"), "lesson"),  # no correct choice
        (lambda d: d["steps"][1]["choices"][1].update(correct=True), "lesson"),  # two correct, single-answer
        (lambda d: d["steps"][0].update(kind="quizz"), "lesson"),  # an unknown kind
        (lambda d: d["steps"][0].update(question="Why?"), "lesson"),  # a quiz's key in a page
        (lambda d: d.update(title=" \n "), "lesson"),  # blank text
    ],
)
def test_the_schema_states_the_rules(change: Any, kind: str, tmp_path: Path) -> None:
    source = TESTS / "unit" / "data" / "base_course" / "lessons" / "body-basics.toml"
    data = tomli.loads(source.read_text(encoding="utf-8"))
    assert VALIDATORS[kind].is_valid(data)
    change(data)
    assert not VALIDATORS[kind].is_valid(data)


def test_a_multiple_answer_quiz_may_have_several_correct_choices() -> None:
    source = TESTS / "unit" / "data" / "base_course" / "lessons" / "body-basics.toml"
    data = tomli.loads(source.read_text(encoding="utf-8"))
    data["steps"][1]["choices"][1]["correct"] = True
    assert not VALIDATORS["lesson"].is_valid(data)
    data["steps"][1]["multiple"] = True
    assert VALIDATORS["lesson"].is_valid(data)


def test_tremor_rules_and_format_version(tmp_path: Path) -> None:
    base = TESTS / "unit" / "data" / "base_course"
    lesson = tomli.loads((base / "lessons" / "first-practice.toml").read_text(encoding="utf-8"))
    assert VALIDATORS["lesson"].is_valid(lesson)
    lesson["steps"][1]["minutes"] = 16
    assert not VALIDATORS["lesson"].is_valid(lesson)
    lesson["steps"][1].update(minutes=15, safety=[])
    assert not VALIDATORS["lesson"].is_valid(lesson)
    lesson["steps"][1].update(tremor=False, minutes=40)  # not a tremor exercise: no such limits
    assert VALIDATORS["lesson"].is_valid(lesson)
    index = tomli.loads((base / "course" / "course.toml").read_text(encoding="utf-8"))
    assert VALIDATORS["course"].is_valid(index)
    index["format_version"] = 2
    assert not VALIDATORS["course"].is_valid(index)
    shutil.rmtree(tmp_path)
