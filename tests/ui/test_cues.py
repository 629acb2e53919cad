"""Cues for eyes-closed practice: a bell and a full-screen sign at the start, halfway and end; a remembered setting."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from unclench.course import Course
from unclench.journey import Place
from unclench.practice import CUES_SETTING, Cue
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.widgets.cue_banner import CueBanner
from unclench.tui.widgets.exercise_view import ExerciseView

from .conftest import AppFactory, FakeClock
from .helpers import click, screen_text, settle, sync
from .practising import exercise

#: The breathing exercise of the fixture course: one minute, no safety gate.
BREATHE = Place("shake", 2)


def count_bells(app: UnclenchApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    rung: list[str] = []
    monkeypatch.setattr(app, "bell", lambda: rung.append("bell"))
    return rung


def banner(app: UnclenchApp) -> CueBanner:
    return app.screen.query_one("#cue", CueBanner)


async def open_breathing(app: UnclenchApp, pilot: Pilot[Any]) -> ExerciseView:
    await settle(pilot)
    await app.open_place(BREATHE)
    await settle(pilot, 2)
    return exercise(app)


async def tick(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    await pilot.pause(0.4)  # the timer ticks every quarter second
    await settle(pilot)


@sync
async def test_cues_at_start_halfway_and_end(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock, cues=True)
    rung = count_bells(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_breathing(app, pilot)
        assert view.cues  # on by default
        assert not banner(app).display
        await click(pilot, "#start")
        await settle(pilot)
        assert rung == ["bell"] and banner(app).cue is Cue.START
        text = screen_text(app)
        assert "Started" in text and "Press s or Escape to end the exercise now." in text
        assert "Breathe out slowly." not in text  # the whole screen changed
        banner(app).hide()
        await settle(pilot)
        await tick(pilot, clock, 20)
        assert rung == ["bell"] and banner(app).cue is None  # not halfway yet
        view.toggle_pause()  # a pause does not count towards halfway
        await tick(pilot, clock, 60)
        assert rung == ["bell"] and view.phase == "paused"
        view.toggle_pause()
        await tick(pilot, clock, 11)
        assert rung == ["bell", "bell"] and banner(app).cue is Cue.HALFWAY
        assert "Halfway" in screen_text(app)
        await tick(pilot, clock, 5)
        assert rung == ["bell", "bell"]  # halfway is told once
        await tick(pilot, clock, 30)
        assert view.phase == "finished"
        assert rung == ["bell", "bell", "bell"] and banner(app).cue is Cue.END
        text = screen_text(app)
        assert "Time is up. You practised" in text and "Press s" not in text


@sync
async def test_the_stop_key_works_while_a_cue_is_shown(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock, cues=True)
    count_bells(app, monkeypatch)
    async with app.run_test(size=(60, 20)) as pilot:
        view = await open_breathing(app, pilot)
        await click(pilot, "#start")
        await settle(pilot)
        assert banner(app).display
        await pilot.press("s")
        await settle(pilot)
        assert view.phase == "ended"
        assert isinstance(app.screen, GuidanceScreen)  # grounding
        [run] = app.store.runs(mini.id)
        assert run.outcome == "ended"
        # The sign went with the run: under the box it would stay up, hiding the ratings after, once it closed.
        player = app.screen_stack[-2]
        sign = player.query_one("#cue", CueBanner)
        assert sign.cue is None and not sign.has_class("-shown")


@sync
async def test_cues_off_is_remembered_and_nothing_rings(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock, data_dir=tmp_path / "data", cues=True)
    rung = count_bells(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_breathing(app, pilot)
        await click(pilot, "#cues")  # a click (or space) turns them off
        await settle(pilot)
        assert not view.cues
        assert app.store.setting(CUES_SETTING) == "off"
        view.query_one("#cues").focus()
        await pilot.press("enter", "enter")  # a habitual Enter does not tick it
        await settle(pilot)
        assert not view.cues
        await click(pilot, "#start")
        await tick(pilot, clock, 61)
        assert view.phase == "finished"
        assert rung == [] and not banner(app).display
    # Remembered: the next start has them off; space turns them on again.
    again = make_app(mini, clock=FakeClock(), data_dir=tmp_path / "data", cues=None)
    async with again.run_test(size=(80, 24)) as pilot:
        view = await open_breathing(again, pilot)
        assert not view.cues
        view.query_one("#cues").focus()
        await pilot.press("space")
        await settle(pilot)
        assert view.cues and again.store.setting(CUES_SETTING) == "on"


@sync
async def test_the_palette_turns_the_cues_on_and_off(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini, cues=None)  # never set: on
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_breathing(app, pilot)
        assert view.cues
        app.action_toggle_cues()
        await settle(pilot)
        assert not view.cues and app.store.setting(CUES_SETTING) == "off"
        await pilot.press("escape")
        await settle(pilot)
        app.action_toggle_cues()  # from the map too
        await settle(pilot)
        assert app.store.setting(CUES_SETTING) == "on"


@pytest.mark.parametrize("key", ["enter", "space"])
@sync
async def test_enter_under_a_cue_presses_no_hidden_button(make_app: AppFactory, mini: Course, key: str) -> None:
    """A stranger pressed Enter three times under the start cue: the hidden Pause button paused the run unseen.

    Under the cue, Enter and Space (which press the focused button) take the cue away instead; the stop keys
    still stop.
    """
    clock = FakeClock()
    app = make_app(mini, clock=clock, cues=True)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_breathing(app, pilot)
        await click(pilot, "#start")
        await settle(pilot)
        assert banner(app).cue is Cue.START and view.phase == "running"
        await pilot.press(key)
        await settle(pilot)
        assert view.phase == "running" and banner(app).cue is None  # the screen shows again, nothing pressed
        assert "Breathe out slowly." in screen_text(app)
        await pilot.press("enter")  # with the screen in view, the highlighted button works as ever
        await settle(pilot)
        assert view.phase == "paused"
