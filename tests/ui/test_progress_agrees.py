"""One definition of progress: the course map, the lesson summary, ``status`` and the export agree.

Several progress states are built (fresh, partial, optional steps skipped,
finished, a lesson renamed, a step removed). For each, the figures the
learner reads in four places are taken from what each place prints, and
must be the same: lessons done per module and overall with their
percentages, each lesson's state, and where Continue leads.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from unclench.course import Course
from unclench.export import render_markdown
from unclench.journey import SUMMARY_STEP_ID, Place
from unclench.loader import load_course
from unclench.status import build_status
from unclench.store import ProgressStore
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.player import PlayerScreen

from .conftest import FIXTURES, AppFactory
from .helpers import screen_text, settle, sync

C = "mini"
Seed = Callable[[ProgressStore], None]


def _fresh(store: ProgressStore) -> None:
    pass


def _partial(store: ProgressStore) -> None:
    store.mark_step_done(C, "intro", "hello")
    store.set_position(C, "intro", "feel")


def _optional_skipped(store: ProgressStore) -> None:
    # The pages of the first lesson read; its reflection left empty and its quiz skipped.
    store.mark_step_done(C, "intro", "hello")
    store.mark_step_done(C, "intro", "bye")
    store.set_position(C, "intro", SUMMARY_STEP_ID)
    store.mark_step_done(C, "second", "read")
    store.record_quiz_attempt(C, "second", "many", "Q", [0], ["A"], False)


def _finished(store: ProgressStore) -> None:
    for lesson in ("intro", "second", "shake"):
        store.mark_lesson_done(C, lesson)
    store.save_answer(C, "intro", "feel", "Q", "Shoulders")
    store.set_position(C, "shake", SUMMARY_STEP_ID)


def _renamed(store: ProgressStore) -> None:
    # Saved under "second", which the course now calls "second-new".
    store.mark_step_done(C, "second", "read")
    store.set_position(C, "second", "many")


def _step_removed(store: ProgressStore) -> None:
    # The learner was on "bye", which the author then removed.
    store.mark_step_done(C, "intro", "hello")
    store.set_position(C, "intro", "bye")


def _rename_second(folder: Path) -> None:
    lesson = folder / "lessons" / "second.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('id = "second"', 'id = "second-new"\nprevious_ids = ["second"]', 1),
        encoding="utf-8",
    )
    course_file = folder / "course" / "course.toml"
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace('"second"]', '"second-new"]'), encoding="utf-8"
    )


def _remove_bye(folder: Path) -> None:
    lesson = folder / "lessons" / "intro.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text[: text.index('[[steps]]\nkind = "page"\nid = "bye"')], encoding="utf-8")


STATES: dict[str, tuple[Seed, Callable[[Path], None] | None]] = {
    "fresh": (_fresh, None),
    "partial": (_partial, None),
    "optional-skipped": (_optional_skipped, None),
    "finished": (_finished, None),
    "renamed": (_renamed, _rename_second),
    "step-removed": (_step_removed, _remove_bye),
}

#: The figures every place must agree on.
Figures = dict[str, Any]


def from_status(document: dict[str, Any]) -> Figures:
    overall = document["overall"]
    position = document["position"]
    return {
        "overall": (overall["lessons_done"], overall["lessons_total"], overall["percent"]),
        "modules": [(m["lessons_done"], m["lessons_total"], m["percent"]) for m in document["modules"]],
        "continue": None if position is None else (position["lesson_title"], position["step_number"]),
    }


def from_export(markdown: str, course: Course) -> tuple[Figures, dict[str, str]]:
    where = markdown.split("## Where you are\n\n", 1)[1].split("\n", 1)[0]
    found = re.match(r"(\d+) of (\d+) lessons done \((\d+)%\)\. Continue at \*\*(.+?)\*\*, (.+?) \(saved", where)
    modules = [tuple(map(int, m)) for m in re.findall(r"^(\d+) of (\d+) lessons done \((\d+)%\)\.$", markdown, re.M)]
    states = {}
    for lesson in course.ordered_lessons():
        body = markdown.split(f"### {lesson.title}\n\n", 1)[1].split("\n", 1)[0]
        states[lesson.id] = (
            "done" if body.startswith("Completed") else "not started" if body == "Not started." else "in progress"
        )
    if found is None:
        assert where == "Not started yet.", where
        figures: Figures = {"overall": None, "modules": modules, "continue": None}
    else:
        step = found.group(5)
        number = None if step == "its summary" else int(re.fullmatch(r"step (\d+) of \d+", step).group(1))  # type: ignore[union-attr]
        figures = {
            "overall": tuple(int(found.group(i)) for i in (1, 2, 3)),
            "modules": modules,
            "continue": (found.group(4), number),
        }
    return figures, states


def from_map(text: str, course: Course) -> tuple[Figures, dict[str, str], tuple[str, int | None]]:
    overall = re.search(r"(\d+)%\s+(\d+) of (\d+) lessons", text)
    assert overall is not None, text
    modules = [(int(d), int(t), int(p)) for p, d, t in re.findall(r"(\d+)%\s+(\d+)/(\d+)\s*$", text, re.M)]
    states = {}
    for lesson in course.ordered_lessons():
        line = next(line for line in text.splitlines() if f" {lesson.title}  " in line)
        states[lesson.id] = line.split(f" {lesson.title}  ", 1)[1].strip()
    label = re.search(r"(?:Continue|Start): (.+?) · (Step (\d+) of \d+|Summary)", text)
    assert label is not None, text
    number = int(label.group(3)) if label.group(3) else None
    figures: Figures = {
        "overall": (int(overall.group(2)), int(overall.group(3)), int(overall.group(1))),
        "modules": modules,
    }
    return figures, states, (label.group(1), number)


@pytest.mark.parametrize("state", list(STATES))
@sync
async def test_map_summary_status_and_export_agree(
    state: str, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed, edit = STATES[state]
    folder = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", folder)
    data = tmp_path / "data"
    store = ProgressStore.open(data)
    seed(store)
    store.close()
    if edit is not None:
        edit(folder)
    course = load_course(folder)

    store = ProgressStore.open(data)
    before = from_status(build_status(store.record(C), course, data, data / "progress.sqlite3"))
    store.close()

    app = make_app(course, data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if isinstance(app.screen, PlayerScreen):  # a returning learner is put back in the lesson
            resumed = app.screen.place
            await pilot.press("escape")
            await settle(pilot)
        else:
            resumed = None
        assert isinstance(app.screen, CourseMapScreen)
        shown, map_states, continue_label = from_map(screen_text(app), course)
        # The record as the map shows it (reopening the lesson counts as opening it).
        record = app.store.record(C)
        status = from_status(build_status(record, course, data, data / "progress.sqlite3"))
        markdown = render_markdown(record, course)
        exported, export_states = from_export(markdown, course)

        # Lessons done, per module and overall, with their percentages.
        assert shown["modules"] == status["modules"] == exported["modules"], state
        assert shown["overall"] == status["overall"], state
        if exported["overall"] is not None:
            assert exported["overall"] == status["overall"], state
        for done, total, shown_percent in [shown["overall"], *shown["modules"]]:
            assert shown_percent == (200 * done + total) // (2 * total) if total else 0  # agrees with its count
        # Each lesson's state.
        assert map_states == export_states, state
        # Where Continue leads: the map's button, status, the export, and where the app reopened.
        if before["continue"] is not None:
            assert continue_label == status["continue"] == before["continue"], state
            assert exported["continue"] == status["continue"], state
            assert resumed is not None
            title, number = before["continue"]
            lesson = next(lesson for lesson in course.ordered_lessons() if lesson.title == title)
            assert resumed == Place(lesson.id, len(lesson.steps) if number is None else number - 1), state
        # Each lesson's summary: complete exactly when the map says done, with the export's step count.
        for lesson in course.ordered_lessons():
            await app.open_place(Place(lesson.id, len(lesson.steps)))
            await settle(pilot)
            text = screen_text(app)
            assert ("Lesson complete" in text) == (map_states[lesson.id] == "done"), (state, lesson.id)
            counted = re.search(r"Steps done: (\d+) of (\d+)", text)
            assert counted is not None
            # "Complete" with steps left (optional ones) says what is left: the words agree with the bar.
            steps_left = counted.group(1) != counted.group(2)
            says_left = "Optional steps still open:" in text
            assert says_left == (map_states[lesson.id] == "done" and steps_left), (state, lesson.id)
            body = markdown.split(f"### {lesson.title}\n\n", 1)[1].split("\n", 1)[0]
            if map_states[lesson.id] != "not started":
                assert f"{counted.group(1)} of {counted.group(2)} steps done" in body, (state, lesson.id, body)
            await pilot.press("escape")
            await settle(pilot)

    if state == "optional-skipped":
        assert map_states["intro"] == "done"  # a skipped quiz and an empty reflection never hold it open
        assert map_states["second"] == "done"  # its page read; a wrong quiz answer does not hold it open
        assert before["continue"] == ("Shaking practice", 1)  # Continue goes on, not back to a summary
    if state == "step-removed":
        assert map_states["intro"] == "done"  # its remaining pages are read
    if state == "finished":
        assert status["overall"] == (3, 3, 100)


@sync
async def test_a_lesson_without_pages_is_done_once_the_learner_moves_past_its_last_step(
    make_app: AppFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", folder)
    lesson = folder / "lessons" / "second.toml"
    text = lesson.read_text(encoding="utf-8")
    start = text.index('[[steps]]\nkind = "page"')
    lesson.write_text(text[:start] + text[text.index('[[steps]]\nkind = "quiz"') :], encoding="utf-8")
    course = load_course(folder)
    assert [step.kind for step in course.lessons["second"].steps] == ["quiz"]
    app = make_app(course, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("second", 0))
        await settle(pilot)
        assert "second" not in app.store.completed_lessons(C)  # opening it is not finishing it
        await pilot.press("p", "n")  # back to the previous lesson's summary and forward again: still not done
        await settle(pilot)
        assert "second" not in app.store.completed_lessons(C)
        await pilot.press("n")  # past its only (optional) step, onto its summary
        await settle(pilot)
        assert "Lesson complete: Second lesson" in screen_text(app)
    assert "second" in app.store.completed_lessons(C)
