"""Reopening the app after a finished lesson shows the next one, and saves nothing until the learner acts there.

A stranger finished a lesson, quit, opened the app the next day, looked, and quit again: the next lesson was
"in progress" on the map and in ``status``, though they had done nothing in it. Showing a place is not
starting it; moving on from it, or saving anything there (an answer), is.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from unclench.course import Course
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT, SUMMARY_STEP_ID, LessonState, Place
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import WORD_AFTER_E

from .conftest import FIXTURES, FakeClock
from .helpers import settle, sync

Rows = list[tuple[str, list[tuple[object, ...]]]]


def finished_first_lesson(course: Course, data: Path) -> None:
    """A record of the learner who finished ``intro`` and quit on its summary."""
    store = ProgressStore.open(data)
    try:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        intro = course.lessons["intro"]
        for step in intro.steps:
            store.mark_step_done(course.id, intro.id, step.id)
        store.mark_lesson_done(course.id, intro.id)
        store.set_position(course.id, intro.id, SUMMARY_STEP_ID)
    finally:
        store.close()


def every_row(data: Path) -> Rows:
    """Every row of every table of the record on disk, table by table."""
    connection = sqlite3.connect(data / "progress.sqlite3")
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [
            (table, sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)) for table in tables
        ]
    finally:
        connection.close()


def with_prompt_first(tmp_path: Path) -> Course:
    """The mini course, its second lesson opening with a reflection."""
    folder = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini", folder)
    lesson = folder / "lessons" / "second.toml"
    text = lesson.read_text(encoding="utf-8")
    first = '[[steps]]\nkind = "prompt"\nid = "notice"\ntitle = "Notice"\nquestion = "What do you notice?"\n\n'
    lesson.write_text(text.replace("[[steps]]", first + "[[steps]]", 1), encoding="utf-8")
    return load_course(folder)


def saved_place(course: Course, data: Path) -> tuple[str, str] | None:
    """The course-wide place in the record on disk: (lesson id, step id)."""
    store = ProgressStore.open(data)
    try:
        position = store.record(course.id).position
    finally:
        store.close()
    return None if position is None else (position.lesson_id, position.step_id)


async def reopen(course: Course, data: Path, *keys: str, answer: str = "") -> Place:
    """Open the app over the record, press ``keys`` (typing ``answer`` into the step's editor first), then quit.

    Returns:
        The place the app opened at.
    """
    store = ProgressStore.open(data)
    app = UnclenchApp(course, store, clock=FakeClock(), cursor_blink=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 2)
            assert isinstance(app.screen, PlayerScreen)
            opened = app.screen.place
            if answer:
                await pilot.press("e")
                await settle(pilot)
                await pilot.pause(WORD_AFTER_E)
                await pilot.press(*answer)
                await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            await pilot.press("ctrl+q")
            await settle(pilot, 2)
    finally:
        store.close()
    return opened


@sync
async def test_opening_into_the_next_lesson_and_quitting_changes_nothing(mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    finished_first_lesson(mini, data)
    before = every_row(data)
    opened = await reopen(mini, data)
    assert opened == Place("second", 0)
    assert every_row(data) == before


@sync
async def test_keys_pressed_by_habit_on_the_offered_step_change_nothing(mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    finished_first_lesson(mini, data)
    before = every_row(data)
    # Not Tab then Enter (that presses Next: moving on) nor p (back to the lesson before: a move too).
    habits = ("down", "up", "pagedown", "pageup", "home", "end", "enter", "enter", "question_mark", "escape")
    await reopen(mini, data, *habits, "j", "escape", "f2", "escape")
    assert every_row(data) == before


@sync
async def test_the_next_lesson_stays_not_started_on_the_map(mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    finished_first_lesson(mini, data)
    await reopen(mini, data)
    store = ProgressStore.open(data)
    try:
        from unclench.learner import Learner

        journey = Learner(mini, store).refresh()
        assert journey.lesson_state("second") is LessonState.NOT_STARTED
        assert journey.continue_place() == Place("second", 0)  # the next opening offers it again
    finally:
        store.close()


@sync
async def test_moving_on_from_the_offered_step_starts_the_lesson(mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    finished_first_lesson(mini, data)
    await reopen(mini, data, "ctrl+n")
    assert saved_place(mini, data) == ("second", "many")
    store = ProgressStore.open(data)
    try:
        assert "read" in store.completed_steps(mini.id).get("second", set())
    finally:
        store.close()


@sync
async def test_an_answer_written_on_the_offered_step_saves_the_place_with_it(tmp_path: Path) -> None:
    course = with_prompt_first(tmp_path)
    data = tmp_path / "data"
    finished_first_lesson(course, data)
    opened = await reopen(course, data, answer="my shoulders")
    assert opened == Place("second", 0)
    assert saved_place(course, data) == ("second", "notice")
