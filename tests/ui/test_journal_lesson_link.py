"""``o`` in the journal opens the selected answer's lesson at its question, and changes nothing else in the record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.store.rows import CourseRecord
from unclench.tui.app import UnclenchApp
from unclench.tui.keys import key_rows
from unclench.tui.screens.help import HelpScreen
from unclench.tui.screens.journal import (
    NOT_OPENED,
    QUESTION_GONE,
    TYPED_NOT_EDITING,
    JournalEntryView,
    JournalScreen,
)
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import TYPING_PAUSE, WORD_AFTER_E

from .conftest import AppFactory
from .helpers import keys_at_once, screen_text, settle, sync

pytestmark = pytest.mark.usefixtures("utc_local_time")

#: The mini course's reflection: the second step of "intro".
FEEL = Place("intro", 1)
QUESTION = "Where do you hold tension?"


async def open_journal(pilot: Pilot[Any]) -> JournalScreen:
    await settle(pilot)
    await pilot.app.run_action("journal")  # as "j" on the map does, wherever the app opened
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    return screen


async def press_o(pilot: Pilot[Any]) -> None:
    """``o`` on its own: the lesson opens a moment after it (a key straight after it would make it a letter)."""
    await pilot.press("o")
    await pilot.pause(WORD_AFTER_E + 0.2)
    await settle(pilot, 2)


def footer(app: UnclenchApp) -> str:
    return screen_text(app).splitlines()[-1]


@sync
async def test_o_opens_the_answers_lesson_at_its_question_and_escape_comes_back(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    """The journal had no way to the lesson an answer belongs to: the palette, by the lesson's name, at its start.

    ``o`` (in the footer and the help) opens it at the reflection, as opening the lesson there any other way
    does: the record after it is the one the palette's way to the same step leaves, to the byte.
    """
    app = make_app(mini, data_dir=tmp_path / "by-o")
    twin = make_app(mini, data_dir=tmp_path / "by-palette")
    for one in (app, twin):
        one.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    before = app.store.record(mini.id)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(pilot)
        assert "o Lesson" in footer(app), footer(app)
        assert isinstance(app.focused, JournalEntryView)
        await press_o(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.place == FEEL
        assert QUESTION in screen_text(app) and "Shoulders" in screen_text(app)
        assert "esc Back" in footer(app)  # back to the journal, and the footer says so
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is journal and isinstance(app.focused, JournalEntryView)
        opened_by_o = app.store.record(mini.id)
    async with twin.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await twin.open_place(FEEL)  # the palette's way ("Lesson: …" opens a place), at the same step
        await settle(pilot, 2)
        assert isinstance(twin.screen, PlayerScreen) and twin.screen.place == FEEL
        await pilot.press("escape")
        await settle(pilot)
        opened_the_usual_way = twin.store.record(mini.id)
    assert opened_by_o == opened_the_usual_way
    # A lesson not done yet became the learner's place (as however it is opened); nothing was marked done.
    assert opened_by_o.position is not None and (opened_by_o.position.lesson_id, opened_by_o.position.step_id) == (
        "intro",
        "feel",
    )
    assert not opened_by_o.steps_done and not opened_by_o.lessons_done
    assert opened_by_o.journal == before.journal


@sync
async def test_o_at_a_lesson_done_keeps_the_learners_place(make_app: AppFactory, mini: Course) -> None:
    """Reading a lesson done again keeps the course place where it was: so does opening it from the journal."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    app.store.mark_lesson_done(mini.id, "intro")
    second = mini.lessons["second"].steps[0].id
    app.store.set_position(mini.id, "second", second)
    before = app.store.record(mini.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await press_o(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == FEEL
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    after = app.store.record(mini.id)
    assert after.position == before.position
    assert {p.lesson_id: p.step_id for p in after.lesson_positions} == {"intro": "feel", "second": second}
    assert (after.steps_done, after.lessons_done, after.journal, after.quiz_attempts) == (
        before.steps_done,
        before.lessons_done,
        before.journal,
        before.quiz_attempts,
    )


def unchanged(before: CourseRecord, after: CourseRecord) -> bool:
    return before == after


@sync
@pytest.mark.parametrize("typed", ["ok", "on", "oh no", "o\r"])
async def test_an_o_typed_with_other_keys_opens_nothing(make_app: AppFactory, mini: Course, typed: str) -> None:
    """Words typed as if to search ("ok", "on"): their "o" does not open the lesson (the "n" of "on" would then
    have moved it on a step, marking it done), and the learner is told how to open it."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    before = app.store.record(mini.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        journal = await open_journal(pilot)
        keys_at_once(app, *["enter" if c == "\r" else "space" if c == " " else c for c in typed])
        await pilot.pause(WORD_AFTER_E + 0.3)
        await settle(pilot, 3)
        assert app.screen is journal
        assert [n for n in app._notifications if n.message == NOT_OPENED]
    assert unchanged(before, app.store.record(mini.id))


@sync
async def test_a_lone_o_a_moment_after_a_word_opens_the_lesson(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed "ok", read "press o on its own", and pressed o a second later: nothing opened (the o was
    still taken as a letter of the word, for a pause of 1.5 s). Once the word has ended, a lone o opens the lesson."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        journal = await open_journal(pilot)
        keys_at_once(app, "o", "k")
        await pilot.pause(WORD_AFTER_E + 0.3)
        await settle(pilot, 3)
        assert app.screen is journal and [n for n in app._notifications if n.message == NOT_OPENED]
        await press_o(pilot)  # a second after the word, well within the 1.5 s pause that ends a burst of words
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == FEEL


@sync
async def test_a_notice_about_words_typed_goes_once_an_answer_is_opened(make_app: AppFactory, mini: Course) -> None:
    """ "Nothing was typed into your answers" said about words typed is untrue once ``e`` opens the answer."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_journal(pilot)
        keys_at_once(app, "t", "h", "e")
        await settle(pilot, 3)
        assert [n for n in app._notifications if n.message == TYPED_NOT_EDITING]
        await pilot.pause(TYPING_PAUSE + 0.2)
        await pilot.press("e")
        await settle(pilot, 3)
        assert isinstance(app.focused, TextArea)
        assert not [n for n in app._notifications if n.message == TYPED_NOT_EDITING]


@sync
async def test_o_at_an_answer_no_longer_in_the_course_says_so(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "gone-lesson", "gone-step", "An old question?", "An old answer")
    before = app.store.record(mini.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        journal = await open_journal(pilot)
        await press_o(pilot)
        assert app.screen is journal
        assert [n for n in app._notifications if n.message == QUESTION_GONE]
    assert unchanged(before, app.store.record(mini.id))


@sync
async def test_habit_keys_around_the_link_change_nothing(make_app: AppFactory, mini: Course) -> None:
    """Enter, n, p, j and arrows pressed by habit in the journal open no lesson and change nothing."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    before = app.store.record(mini.id)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(pilot)
        for key in ("enter", "enter", "n", "p", "j", "down", "up", "left", "right", "enter"):
            await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.screen is journal
    assert unchanged(before, app.store.record(mini.id))


@sync
async def test_the_help_in_the_journal_lists_o(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", QUESTION, "Shoulders")
    [row] = [row for row in key_rows() if "journal_open_lesson" in row.ids]
    assert (row.keys, row.where) == (("o",), "journal")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("f1")
        await settle(pilot, 2)
        assert isinstance(app.screen, HelpScreen)
        assert row in app.screen.rows_here  # the help lists the keys that act where the learner was
