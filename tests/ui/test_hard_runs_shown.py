"""A hard run ("I'm not OK", or a hard rating after) is marked wherever the app lists runs, and named where it closes.

A stranger found "a hard run (support offered)" only in the Markdown export; and after saying "I'm not OK"
on the breathing exercise, the tremor step told them that "this exercise" stayed closed.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from unclench.course import Course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.practice import PracticeScreen

from .conftest import AppFactory
from .helpers import click, open_at, screen_text, settle, settle_until, sync
from .practising import BREATHING, TREMOR, start_breathing


async def not_ok_after_breathing(app: UnclenchApp, pilot: Pilot[Any]) -> str:
    """Start the breathing exercise, stop it at once, answer "I'm not OK"; the follow-up's text, then closed."""
    await start_breathing(app, pilot)
    await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen) and app.screen.exercise_running)
    await pilot.press("s")
    await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
    await click(pilot, "#guidance-not-ok")
    await settle_until(
        pilot,
        lambda: isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Please take care of yourself",
    )
    notice = app.screen
    assert isinstance(notice, GuidanceScreen)
    said = " ".join(notice.text.split())
    await pilot.press("escape")
    await settle(pilot, 2)
    assert [(run.step_id, run.follow_up) for run in app.store.runs(app.course.id)] == [("breathe", True)]
    return said


@sync
async def test_a_hard_run_is_marked_in_the_practice_list_and_the_summary(
    make_app: AppFactory, mini: Course, utc_local_time: None
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 50)) as pilot:
        await not_ok_after_breathing(app, pilot)
        await app.action_practice()
        await settle_until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await settle(pilot)
        assert "1 May 2024, 09:30 · 0 s · stopped early · a hard run" in screen_text(app)
        await app.open_place(app.session.journey.place_of("shake", "~summary"))
        await settle(pilot, 2)
        assert "1 May 2024, 09:30 · 0 s · stopped early · a hard run" in screen_text(app)


@sync
async def test_the_exercise_that_was_hard_is_named_where_practice_is_closed(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 30)) as pilot:
        said = await not_ok_after_breathing(app, pilot)
        assert "Tremor practice, and the exercise “Breathing”, stay closed for the rest of today" in said
        # The tremor step, closed by the breathing run: it names the breathing exercise, not "this exercise".
        await open_at(pilot, TREMOR, settles=2)
        shown = " ".join(screen_text(app).split())
        assert "tremor practice, and the exercise “Breathing”, stay closed until tomorrow" in shown
        assert "this exercise" not in shown
        # The breathing step itself: "this exercise" is the one that was hard.
        await open_at(pilot, BREATHING, settles=2)
        shown = " ".join(screen_text(app).split())
        assert "tremor practice, and this exercise, stay closed until tomorrow" in shown
