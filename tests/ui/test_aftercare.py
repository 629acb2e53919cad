"""After an exercise: a run rated worse, or hard, is met with a calm word, in a lesson and from the Practice list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot

from unclench.course import Course
from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.app import KIND_WORD_TITLE, UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.recommended_order import RecommendedOrderScreen
from unclench.tui.screens.support import SupportScreen

from .conftest import AppFactory, FakeClock
from .helpers import click, screen_text, settle, sync
from .test_practice_list import met_tremor, open_list, practise_first
from .test_practice_loop import open_tremor, rate, start_then_stop_early
from .test_safety import exercise

#: The bundled course's breathing practice (tension and calm, neither with an alert level).
BREATHING = Place("settling-breath", 1)


@pytest.fixture(scope="module")
def bundled() -> Course:
    return load_course(bundled_course_root())


async def open_breathing(app: UnclenchApp, pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await app.open_place(BREATHING)
    await settle(pilot)
    if isinstance(app.screen, RecommendedOrderScreen):
        await click(pilot, "#order-anyway")
        await settle(pilot, 2)
    assert isinstance(app.screen, PlayerScreen) and app.screen.place == BREATHING


def kind_word_shown(app: UnclenchApp) -> str:
    """The kind word's text as read, lines joined (asserting it is on screen)."""
    assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == KIND_WORD_TITLE
    return " ".join(re.sub(r"[┃│▆▁▂▃▄▅▇█]", " ", screen_text(app)).split())


@sync
async def test_feeling_worse_after_a_breathing_practice_gets_a_calm_word(make_app: AppFactory, bundled: Course) -> None:
    """A stranger rated tension 7 then 9 and calm 3 then 1 after "I'm OK": they were told only "saved"."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "7")
        await rate(pilot, view, "before-calm", "3")
        await start_then_stop_early(pilot)  # s after a moment, then "I'm OK"
        await rate(pilot, view, "after-tension", "9")
        await rate(pilot, view, "after-calm", "1")
        await click(pilot, "#save-after")
        await settle(pilot)
        text = kind_word_shown(app)
        assert "your tension is higher than before and your calm is lower than before" in text
        assert "it is OK" in text and "fine to stop" in text and "f2" in text
        # Enter by habit does not close it unread; the support card is one key away.
        await pilot.press("enter", "enter")
        await settle(pilot)
        kind_word_shown(app)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        # Nothing closes and nothing but the ratings is recorded: no crisis follow-up for this.
        assert view.closed is None
        assert [r.follow_up for r in app.store.runs(bundled.id)] == [False]
        after = [(c.measure_id, c.rating) for c in app.store.checkins(bundled.id) if c.phase == "after"]
        assert after == [("tension", 9), ("calm", 1)]


@sync
async def test_better_after_gets_no_kind_word(make_app: AppFactory, bundled: Course) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "7")
        await rate(pilot, view, "before-calm", "3")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "5")
        await rate(pilot, view, "after-calm", "6")
        await click(pilot, "#save-after")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)


@sync
async def test_a_hard_rating_after_a_full_run_from_the_practice_list_gets_the_kind_word(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger rated tension 10 after a full run from the Practice list: nothing was said."""
    course = mini
    clock = FakeClock()
    app = make_app(course, clock=clock)
    met_tremor(app, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await practise_first(app, pilot)
        view = await open_tremor_in_place(app, pilot)
        await click(pilot, "#start")
        await settle(pilot)
        clock.advance(121)
        await pilot.pause(0.4)
        await settle(pilot)
        assert view.phase == "finished"
        await rate(pilot, view, "after-tension", "10")
        await click(pilot, "#save-after")
        await settle(pilot)
        text = kind_word_shown(app)
        assert "your tension is high" in text
        await click(pilot, "#guidance-card")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        assert [r.follow_up for r in app.store.runs(course.id)] == [False]


async def open_tremor_in_place(app: UnclenchApp, pilot: Pilot[Any]) -> Any:
    """The practice opened from the list shows its gate: pass it."""
    from .test_safety import pass_gate

    await pass_gate(app, pilot)
    return exercise(app)


@sync
async def test_an_alarming_rating_still_leads_to_the_follow_up_not_the_kind_word(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await rate(pilot, view, "before-tension", "2")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "9")
        await rate(pilot, view, "after-distress", "8")
        await click(pilot, "#save-after")
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        assert "Please take care of yourself" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)  # one box, not the kind word after it
