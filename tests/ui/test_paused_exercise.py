"""A paused exercise says so, and how to go on: in the exercise itself and in the footer, the stop key still shown.

A stranger pressed Enter during a run (the focus is on Pause once it starts) and the timer stopped: the clock
said "Paused", but neither the exercise nor the footer said how to go on, and the footer offered only the stop key.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from unclench.course import Course
from unclench.tui.app import UnclenchApp
from unclench.tui.stopping import paused_words
from unclench.tui.widgets.exercise_view import ExerciseView

from .conftest import AppFactory
from .helpers import screen_text, settle, sync
from .practising import open_tremor, start_breathing, start_rated
from .test_footer_truth import footer

#: Longer than Textual's "pressed" look on a button (0.2 s), during which it takes no second press.
AFTER_THE_PRESS = 0.3


def one_line(app: UnclenchApp) -> str:
    """The screen's text with every run of spaces and line breaks as one space (words wrap at 60 columns)."""
    return " ".join(screen_text(app).replace("│", " ").split())


async def enter(pilot: Pilot[Any]) -> None:
    """Enter, as a learner presses it (not within the button's pressed look of the last press)."""
    await pilot.pause(AFTER_THE_PRESS)
    await pilot.press("enter")
    await settle(pilot)


def assert_paused(app: UnclenchApp, view: ExerciseView) -> None:
    assert view.phase == "paused"
    said = one_line(app)
    assert f"Paused: {view.step.seconds // 60}:00 left of" in said  # the clock (the fake one stands still)
    assert paused_words() in said
    assert "To go on, press r (or Enter on Resume); to end, s or Escape." in paused_words()
    assert footer(app).get("r") == "Resume"
    assert footer(app).get("s") == "Stop exercise"  # the stop key stays on screen while paused


def assert_running(app: UnclenchApp, view: ExerciseView) -> None:
    assert view.phase == "running"
    assert paused_words() not in one_line(app)
    assert "r" not in footer(app)
    assert footer(app).get("s") == "Stop exercise"


@sync
async def test_enter_pauses_the_screen_says_so_and_a_second_enter_resumes(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await start_rated(pilot, view, "2")
        assert_running(app, view)
        await enter(pilot)
        assert_paused(app, view)
        await enter(pilot)  # as the screen says: Enter on Resume, which kept the focus
        assert_running(app, view)


@sync
async def test_the_resume_key_goes_on_and_does_nothing_while_running(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:  # the narrow footer keeps stop and resume
        view = await start_breathing(app, pilot)
        await settle(pilot)
        await pilot.press("r")  # running: r is nothing (it never pauses)
        await settle(pilot)
        assert view.phase == "running"
        await enter(pilot)
        assert_paused(app, view)
        await pilot.press("r")
        await settle(pilot)
        assert_running(app, view)
        await enter(pilot)
        await pilot.press("s")  # paused, the stop key ends it at once
        await settle(pilot)
        assert view.phase == "ended"
