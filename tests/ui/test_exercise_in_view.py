"""What an exercise must show without scrolling: the time left while it runs, the check-in when it ends.

A stranger at 60x20 had "2:52 left" off-screen mid-run, and when the time was up the page jumped to its
top, with the ratings after the run below the fold (at 80x24 too).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.widgets.cue_banner import CueBanner
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory, FakeClock
from .helpers import open_at, settle, sync
from .practising import exercise, pass_gate

#: The bundled course's three-minute "notice and name" practice (ratings before and after, no safety gate).
NOTICE_AND_NAME = Place("notice-and-name", 1)
#: The bundled course's three-minute tremor practice (its safety gate, and the stop panel while it runs).
GENTLE_TREMOR = Place("first-tremor-practice", 4)


def in_view(app: UnclenchApp, widget: Widget) -> bool:
    """Whether all of ``widget`` is on screen (inside the screen, not scrolled out of its container)."""
    region = widget.region
    visible = app.screen.find_widget(widget).region if widget.region else None
    screen = app.screen.region
    return bool(region) and visible == region and screen.contains_region(region) and _not_clipped(widget)


def _not_clipped(widget: Widget) -> bool:
    node: Any = widget.parent
    region = widget.region
    while isinstance(node, Widget):
        if node.is_scrollable and not node.content_region.contains_region(region):
            return False
        node = node.parent
    return True


async def tick(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    await pilot.pause(0.4)
    await settle(pilot)


@pytest.mark.parametrize("place", [NOTICE_AND_NAME, GENTLE_TREMOR])
@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_the_time_left_is_in_view_while_running_and_the_check_in_when_it_ends(
    make_app: AppFactory, size: tuple[int, int], place: Place
) -> None:
    clock = FakeClock()
    course = load_course(bundled_course_root())
    app = make_app(course, clock=clock)
    for question in course.screening:  # answered before: none closes the practice
        app.store.set_screening_answer(course.id, question.id, False)
    async with app.run_test(size=size) as pilot:
        await open_at(pilot, place, asked=True)
        if isinstance(app.screen, SafetyGateScreen):
            await pass_gate(app, pilot)
        view = exercise(app)
        assert view.measures
        await pilot.press("tab", "3", "tab", "6")  # the ratings before, by keys
        while app.focused is not view.query_one("#start"):
            await pilot.press("tab")
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#cue", CueBanner).hide()
        await settle(pilot)
        assert view.phase == "running"
        await tick(pilot, clock, 8)
        clock_line = view.query_one("#clock")
        assert "left" in str(clock_line.render())
        assert in_view(app, clock_line)
        await tick(pilot, clock, 200)
        app.screen.query_one("#cue", CueBanner).hide()
        await settle(pilot, 2)
        assert view.phase == "finished"
        first = view.query_one(f"#after-{view.measures[0].id}", RatingScale)
        assert app.focused is first
        assert in_view(app, first)
