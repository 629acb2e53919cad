"""Titles, names, labels and choices are one line (a stranger's findings).

A lesson title of sixty line breaks passed ``unclench check``; during a tremor
exercise the lesson's header grew with it and pushed the stop line, the timer
and its buttons off the screen. A course title of line breaks hid the whole
disclaimer screen, and one in a course or module title wrote lines of its own
into ``unclench status`` ("Continue at: the end (all done)") and onto the map.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from unclench import validation
from unclench.cli import main
from unclench.schema import schema_text

#: The attacker's lesson title: "L", sixty line breaks, "X".
SIXTY_BREAKS = "L" + "\\n" * 60 + "X"

LESSON: dict[str, Any] = {
    "id": "l",
    "title": "L",
    "summary": "S",
    "minutes": 5,
    "builds_on": ["k"],
    "builds_on_reason": "R",
    "steps": [
        {"kind": "page", "id": "p", "title": "P", "body": "B"},
        {
            "kind": "quiz",
            "id": "q",
            "title": "Q",
            "question": "Q?",
            "choices": [{"text": "A", "correct": True, "feedback": "F"}, {"text": "B", "feedback": "F"}],
        },
    ],
}
COURSE: dict[str, Any] = {
    "format_version": 1,
    "id": "c",
    "title": "T",
    "disclaimer": "D",
    "sources": [{"id": "s", "title": "T", "author": "A"}],
    "safety": [{"id": "n", "title": "T", "text": "X"}],
    "checkins": [{"id": "k", "label": "L", "question": "Q?", "low": "lo", "high": "hi"}],
    "screening": [{"id": "q", "question": "Q?", "yes_means": "advice", "advice": "A", "source": "S"}],
    "support": {
        "directory": "D",
        "entries": [{"name": "N", "reach": "R", "region": "G", "source": "S", "checked": "2026-01-01"}],
    },
    "modules": [{"id": "m", "title": "T", "summary": "S", "lessons": ["l"]}],
}
#: Every text shown on one line, as a path into the data above: the published format says so (lessons/README.md).
ONE_LINE: dict[validation.Kind, list[tuple[str | int, ...]]] = {
    "lesson": [
        ("title",),
        ("summary",),
        ("builds_on_reason",),
        ("steps", 0, "title"),
        ("steps", 1, "title"),
        ("steps", 1, "choices", 0, "text"),
    ],
    "course": [
        ("title",),
        ("sources", 0, "title"),
        ("sources", 0, "author"),
        ("safety", 0, "title"),
        ("checkins", 0, "label"),
        ("checkins", 0, "question"),
        ("checkins", 0, "low"),
        ("checkins", 0, "high"),
        ("screening", 0, "question"),
        ("screening", 0, "source"),
        ("support", "entries", 0, "name"),
        ("support", "entries", 0, "reach"),
        ("support", "entries", 0, "region"),
        ("support", "entries", 0, "source"),
        ("support", "directory"),
        ("modules", 0, "title"),
        ("modules", 0, "summary"),
    ],
}
#: Texts drawn as Markdown or in a scrolling box: they keep their line breaks.
SEVERAL_LINES: dict[validation.Kind, list[tuple[str | int, ...]]] = {
    "lesson": [("steps", 0, "body"), ("steps", 1, "question"), ("steps", 1, "choices", 0, "feedback")],
    "course": [("summary",), ("disclaimer",), ("safety", 0, "text"), ("screening", 0, "advice"), ("support", "note")],
}


def _with(kind: validation.Kind, path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    data = copy.deepcopy(LESSON if kind == "lesson" else COURSE)
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def _all_agree(kind: validation.Kind, data: dict[str, Any]) -> bool:
    """Whether the compiled validators, the models and the editors' schema all accept ``data`` (they must agree)."""
    compiled = validation.accepted(kind, data) is not None
    try:
        validation.model_for(kind).model_validate(data)
        modelled = True
    except ValidationError:
        modelled = False
    try:
        jsonschema.validate(data, json.loads(schema_text(kind)))
        schema = True
    except jsonschema.ValidationError:
        schema = False
    assert compiled == modelled == schema, (compiled, modelled, schema)
    return compiled


@pytest.mark.parametrize(("kind", "path"), [(kind, path) for kind, paths in ONE_LINE.items() for path in paths])
def test_a_one_line_text_refuses_a_line_break_everywhere(kind: validation.Kind, path: tuple[str | int, ...]) -> None:
    assert _all_agree(kind, _with(kind, path, "A plain line, with\ttab"))
    assert not _all_agree(kind, _with(kind, path, "A title\nContinue at: the end (all done)"))
    # A line break at the end too: the compiled validators and the models (the check). Not asked of the schema as
    # Python's jsonschema reads it: its patterns' ``$`` (Python's) matches before a last line break; ECMA-262's, an
    # editor's, does not.
    trailing = _with(kind, path, "A title\n")
    assert validation.accepted(kind, trailing) is None
    with pytest.raises(ValidationError):
        validation.model_for(kind).model_validate(trailing)


@pytest.mark.parametrize(("kind", "path"), [(kind, path) for kind, paths in SEVERAL_LINES.items() for path in paths])
def test_texts_drawn_as_paragraphs_keep_their_line_breaks(kind: validation.Kind, path: tuple[str | int, ...]) -> None:
    assert _all_agree(kind, _with(kind, path, "One paragraph.\n\nAnother one."))


def _set_key(path: Path, key: str, value: str) -> int:
    """Replace the first ``key = ...`` line of ``path`` with ``key = value``; returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*=", line))
    lines[number] = f"{key} = {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def _first_lesson(new_course_dir: Path) -> Path:
    return sorted((new_course_dir / "lessons").glob("*.toml"))[0]


def test_check_says_where_a_lesson_title_breaks_the_line_and_how_to_fix_it(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = _first_lesson(new_course_dir)
    line = _set_key(lesson, "title", f'"{SIXTY_BREAKS}"')
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{lesson.name}:{line}:1: title: holds a line break: a title is shown on one line; "
        "write it on one line; put longer text in a page's body"
    ) in err
    assert "1 problem in 1 file" in err


def test_check_json_says_the_same(new_course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = new_course_dir / "course" / "course.toml"
    line = _set_key(index, "title", '"Course\\nContinue at: the end (all done)"')
    assert main(["check", "--format", "json", str(new_course_dir)]) == 1
    document = json.loads(capsys.readouterr().out)
    # The scaffold's lessons still get their own warnings (their placeholders) beside the index's error.
    assert {problem["file"] for problem in document["problems"] if problem["severity"] == "warning"} <= {
        str(path) for path in (new_course_dir / "lessons").glob("*.toml")
    }
    assert [problem for problem in document["problems"] if problem["severity"] == "error"] == [
        {
            "file": str(index),
            "line": line,
            "column": 1,
            "key": "title",
            "severity": "error",
            "message": "holds a line break: a title is shown on one line",
            "suggestion": "write it on one line; put longer text in the course's summary",
        }
    ]


def test_a_title_of_only_line_breaks_is_blank_not_a_line_break(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_key(_first_lesson(new_course_dir), "title", '"\\n\\n"')
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert "title: must not be blank" in err and "holds a line break" not in err


def test_a_choice_with_a_line_break_is_told_where_longer_text_goes(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = _first_lesson(new_course_dir)
    _set_key(lesson, "text", '"Yes\\n  Fake module  1/1 lessons  100%"')
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert "a choice is shown on one line; write it on one line; put longer text in its feedback" in err


# -- what the commands print: a line feed from a file, a file name or a record is shown, never obeyed -----------

#: A key, a value or a file name that, printed raw, would add a line the command never said.
FAKE_OK = "x\ncourse OK: 1 lesson (Evil course) in s1\n"


def _lines_saying(text: str, words: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(words)]


def test_check_shows_a_line_feed_in_a_key_as_a_symbol(new_course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = _first_lesson(new_course_dir)
    text = lesson.read_text(encoding="utf-8").replace("minutes = ", f"{json.dumps(FAKE_OK)} = 1\nminutes = ", 1)
    lesson.write_text(text, encoding="utf-8")
    assert main(["check", str(new_course_dir)]) == 1
    out, err = capsys.readouterr()
    assert not _lines_saying(out + err, "course OK")
    assert "unknown key 'x␊course OK: 1 lesson (Evil course) in s1␊'" in err
    assert len([line for line in err.splitlines() if ": warning: " not in line]) == 2  # the problem, the count
    assert main(["check", "--format", "json", str(new_course_dir)]) == 1
    document = json.loads(capsys.readouterr().out)  # JSON keeps the key as it is, escaped
    [error] = [problem for problem in document["problems"] if problem["severity"] == "error"]
    assert error["key"] == repr(FAKE_OK)  # quoted as the key path quotes it
    assert FAKE_OK in error["message"]


def test_check_shows_a_line_feed_in_a_file_name_as_a_symbol(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (new_course_dir / "lessons" / "x\n9 fake.toml").write_text('id = "fake"\ntitle =\n', encoding="utf-8")
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert "x␊9 fake.toml:2:" in err
    assert not _lines_saying(err, "9 fake.toml")
    assert main(["check", "--format", "json", str(new_course_dir)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert any(problem["file"].endswith("x\n9 fake.toml") for problem in document["problems"])


def test_status_shows_a_line_feed_in_a_course_title_as_a_symbol(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The course is refused, so status reads the record alone, with the title course.toml says: still one line."""
    _set_key(new_course_dir / "course" / "course.toml", "title", '"Course\\nContinue at: the end (all done)"')
    assert main(["status", "--course", str(new_course_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Course␊Continue at: the end (all done) (")
    assert not _lines_saying(out, "Continue at: the end")


def test_status_shows_a_line_feed_in_a_module_title_as_a_symbol() -> None:
    """Defence in depth: a course built in code (the loader refuses it) still gets one line per module."""
    from unclench.status import render_status

    document = {
        "course": {"id": "c", "title": "C", "root": None},
        "overall": {"lessons_done": 0, "lessons_total": 1, "percent": 0},
        "modules": [
            {"title": "Mod\n  Fake module  1/1 lessons  100%", "lessons_done": 0, "lessons_total": 1, "percent": 0}
        ],
        "position": None,
        "orphaned": [],
        "journal_entries": 0,
        "journal_cleared": 0,
        "quiz_attempts": 0,
        "quiz_questions": 0,
        "checkins": 0,
        "practice": [],
        "data": {"folder": "d", "database": "d/p", "exists": False},
        "damaged": [],
    }
    text = render_status(document)
    assert "  Mod␊  Fake module  1/1 lessons  100%  0/1 lessons    0%" in text.splitlines()
    assert not _lines_saying(text, "  Fake module")
