"""`unclench check` warns at a safety note, screening question or check-in no exercise names: learners never
meet it (a stranger's [[safety]] note without always = true reached no one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli

EXERCISE = '\n[[steps]]\nkind = "exercise"\nid = "settle"\nbody = "Rest."\nminutes = 1\n{extra}\n'
DECLARED = """
[[safety]]
id = "knees"
title = "Mind your knees"
text = "Keep your knees soft."

[[screening]]
id = "pregnant"
question = "Are you pregnant?"
yes_means = "advice"
advice = "Ask your midwife first."
source = "a leaflet"

[[checkins]]
id = "calm"
label = "Calm"
question = "How calm do you feel?"
worse = "low"
"""


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "course", "c"]) == 0
    index = Path("c/course/course.toml")
    index.write_text(index.read_text(encoding="utf-8") + DECLARED, encoding="utf-8")
    capsys.readouterr()
    return Path("c")


def _with_exercise(course: Path, extra: str) -> None:
    lesson = course / "lessons" / "welcome.toml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + EXERCISE.format(extra=extra), encoding="utf-8")


def _unused(capsys: pytest.CaptureFixture[str], course: Path) -> list[str]:
    assert cli.main(["check", "--no-cache", str(course)]) == 0  # a warning never fails the check
    return [line for line in capsys.readouterr().err.splitlines() if "no exercise names" in line]


def test_what_no_exercise_names_is_a_warning_with_the_fix(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _with_exercise(course, "")
    found = _unused(capsys, course)
    assert len(found) == 4  # the scaffold's own check-in 'tension' too
    knees, tension, calm, pregnant = (
        next(line for line in found if f"'{name}'" in line) for name in ("knees", "tension", "calm", "pregnant")
    )
    assert knees.startswith("c/course/course.toml:")
    assert "warning: safety[1].id: no exercise names the safety note 'knees', and it is not always = true" in knees
    assert 'safety = ["knees"]), or write always = true to show it before every exercise, or remove it' in knees
    assert "checkins[0].id: no exercise names the check-in 'tension': learners are never asked it" in tension
    assert 'checkin = ["calm"]' in calm
    assert "screening[0].id: no exercise names the screening question 'pregnant'" in pregnant
    assert 'screening = ["pregnant"]' in pregnant


def test_what_an_exercise_names_and_an_always_note_are_no_warning(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_exercise(course, 'safety = ["knees"]\nscreening = ["pregnant"]\ncheckin = ["tension", "calm"]')
    assert _unused(capsys, course) == []


def test_a_course_with_no_exercise_yet_is_not_warned(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _unused(capsys, course) == []
