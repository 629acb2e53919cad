"""A hard run of slow breathing: tremor practice closes for the day, the breathing (a way to ground) stays open.

A stranger said "I'm not OK" after "Two minutes of slow breathing", and was told that tremor practice, and that
very breathing exercise, stayed closed for the rest of the day: the one thing a distressed learner may want next.
"""

from __future__ import annotations

import re

from unclench.course import Course, ExerciseStep
from unclench.journey import Place
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.recommended_order import RecommendedOrderScreen
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS

from .conftest import AppFactory
from .helpers import click, open_at, screen_text, settle, settle_until, sync
from .practising import exercise, start

#: The bundled course's "Two minutes of slow breathing".
SLOW_BREATHING = Place("settling-breath", 1)


def shown(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return " ".join(re.sub(r"[┃│▆▁▂▃▄▅▇█]", " ", screen_text(app)).split())


def test_slow_breathing_is_a_way_to_ground(bundled: Course) -> None:
    step = bundled.lessons[SLOW_BREATHING.lesson_id].steps[SLOW_BREATHING.index]
    assert isinstance(step, ExerciseStep) and step.title == "Two minutes of slow breathing"
    assert step.grounding  # the guide: slow breathing, a way to ground, says grounding = true


@sync
async def test_not_ok_after_slow_breathing_closes_tremor_practice_not_the_breathing(
    make_app: AppFactory, bundled: Course
) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_at(pilot, SLOW_BREATHING)
        if isinstance(app.screen, RecommendedOrderScreen):
            await click(pilot, "#order-anyway")
            await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen)
        view = exercise(app)
        await start(pilot)
        await settle_until(pilot, lambda: view.running)
        await pilot.press("s")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        await pilot.pause(WARNING_READ_SECONDS + 0.05)
        await click(pilot, "#guidance-not-ok")
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        text = shown(app)
        assert "Please take care of yourself" in text
        assert "Tremor practice stays closed for the rest of today" in text
        assert "slow breathing" not in text  # it is not closed, so not named as closed
        await click(pilot, "#guidance-close")
        await settle(pilot)
    # The record says the run was hard: tremor practice is closed today; the breathing is not.
    assert [run.follow_up for run in app.store.runs(bundled.id)] == [True]
    assert view.closed is None
    tremor = next(
        (lesson.id, step)
        for lesson in bundled.lessons.values()
        for step in lesson.steps
        if isinstance(step, ExerciseStep) and step.tremor
    )
    closed = app.session.practice_block(*tremor)
    assert closed is not None and "tremor practice stays closed" in closed.reason
