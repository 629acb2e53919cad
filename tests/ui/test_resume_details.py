"""Everything the learner did before quitting comes back: a burst of typing, an unchecked quiz choice.

And a disclaimer acknowledgement that cannot be stored keeps the learner on
the disclaimer, with the error shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Button, Static

from unclench.course import Course
from unclench.journey import Place
from unclench.store.errors import StoreWriteError
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.choice_list import ChoiceList
from unclench.tui.widgets.quiz_view import QuizView

from .conftest import AppFactory
from .helpers import click, read_and_tick, screen_text, settle, sync


@sync
async def test_text_in_the_same_burst_as_ctrl_q_is_saved(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)
    app.store.set_position(mini.id, "intro", "feel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        # One burst, as a terminal delivers a paste and a quit key read together:
        # every event is queued before the app handles any of them.
        app.post_message(events.Paste("pasted, "))
        for key in "and typed":
            app.post_message(events.Key(key, key if key != " " else " "))
        app.post_message(events.Key("ctrl+q", None))
        await settle(pilot, 3)
    assert not app.is_running
    entry = app.store.answer(mini.id, "intro", "feel")
    assert entry is not None and entry.answer == "pasted, and typed"


async def _quiz(app_screen: object) -> QuizView:
    assert isinstance(app_screen, PlayerScreen)
    view = app_screen.view
    assert isinstance(view, QuizView)
    return view


@sync
async def test_an_unchecked_choice_comes_back_on_resume(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)
    app.store.set_position(mini.id, "intro", "check")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = await _quiz(app.screen)
        await pilot.press("down", "space")  # pick the second shown choice, do not check it
        await settle(pilot)
        picked = quiz.chosen()
        assert len(picked) == 1
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.store.quiz_attempts(mini.id, "intro", "check") == []  # picking is not answering

    again = make_app(mini, data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = await _quiz(again.screen)
        assert quiz.chosen() == picked
        assert again.screen.query_one("#choices", ChoiceList).chosen  # shown picked
        assert "Not quite" not in screen_text(again) and "That's right" not in screen_text(again)
        await click(pilot, "#check")  # checking records it; the unchecked pick is forgotten
        await settle(pilot)
    assert len(again.store.quiz_attempts(mini.id, "intro", "check")) == 1
    assert again.store.quiz_choice(mini.id, "intro", "check") == ()


@sync
async def test_unchecked_ticks_of_a_multiple_choice_quiz_come_back(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)
    app.store.set_position(mini.id, "second", "many")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = await _quiz(app.screen)
        await pilot.press("space", "down", "space")
        await settle(pilot)
        picked = quiz.chosen()
        assert len(picked) == 2
        await pilot.press("q")
        await settle(pilot)
    again = make_app(mini, data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = await _quiz(again.screen)
        assert quiz.chosen() == picked
        shown = again.screen.query_one("#choices", ChoiceList).chosen
        assert {quiz.order[position] for position in shown} == set(picked)


def test_an_unchecked_choice_is_kept_by_its_text_and_forgotten_by_reset(make_app: AppFactory, mini: Course) -> None:
    store = make_app(mini).store
    store.save_quiz_choice(mini.id, "intro", "check", ["A choice", "Another [b]one[/b]"])
    store.save_quiz_choice(mini.id, "intro-two", "check", ["Kept"])
    assert store.quiz_choice(mini.id, "intro", "check") == ("A choice", "Another [b]one[/b]")
    assert store.record(mini.id).quiz_attempts == ()  # not an answer: not in the record
    store.reset(mini.id, "intro")
    assert store.quiz_choice(mini.id, "intro", "check") == ()
    assert store.quiz_choice(mini.id, "intro-two", "check") == ("Kept",)
    store.reset(mini.id)
    assert store.quiz_choice(mini.id, "intro-two", "check") == ()


@sync
async def test_a_failed_disclaimer_save_keeps_the_learner_on_the_disclaimer(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mini, acknowledged=False)
    real = app.store.acknowledge
    failures = [StoreWriteError("The disk is full [bold]now[/].")]

    def flaky(*args: str) -> None:
        if failures:
            raise failures.pop()
        real(*args)

    monkeypatch.setattr(app.store, "acknowledge", flaky)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DisclaimerScreen)
        await read_and_tick(pilot, "#disclaimer-text", "#disclaimer-confirm")
        await click(pilot, "#disclaimer-continue")
        await settle(pilot)
        assert isinstance(app.screen, DisclaimerScreen)  # not on a map that refuses every lesson
        error = app.screen.query_one("#disclaimer-error", Static)
        assert error.display
        assert "The disk is full [bold]now[/]." in screen_text(app)  # shown literally
        assert not app.screen.query_one("#disclaimer-continue", Button).disabled
        await click(pilot, "#disclaimer-continue")  # try again: it works now
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("intro", 0)
    assert app.store.is_acknowledged(mini.id, "disclaimer", "course", mini.disclaimer)
