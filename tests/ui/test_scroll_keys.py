"""Home, End, Page Up and Page Down scroll; they never set a rating, and help scrolls from the start."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.screens.help import HelpScreen
from unclench.tui.widgets import rating
from unclench.tui.widgets.exercise_view import ExerciseView
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory
from .helpers import keys_at_once, settle, sync


async def first_scale(app: UnclenchApp, pilot: Pilot[None]) -> RatingScale:
    """Open the tremor exercise and answer its safety gate "Not now": the focus lands on the first scale."""
    await settle(pilot)
    await app.open_place(Place("shake", 1))
    await settle(pilot)
    assert isinstance(app.screen, SafetyGateScreen)
    await pilot.press("escape")
    await settle(pilot)
    scale = app.focused
    assert isinstance(scale, RatingScale)
    return scale


@sync
async def test_scroll_keys_on_a_rating_scale_record_nothing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        scale = await first_scale(app, pilot)
        page = app.screen.query_one(ExerciseView)
        await pilot.press("end")
        await settle(pilot)
        assert scale.value is None, "End scrolls; it does not record 10 of 10"
        assert page.scroll_y > 0
        await pilot.press("home", "pagedown", "pageup")
        await settle(pilot)
        assert scale.value is None
        await pilot.press("7")  # a deliberate rating still works
        assert scale.value == 7
        assert app.store.checkins(mini.id) == []  # nothing is recorded before the exercise starts


@sync
async def test_help_scrolls_from_the_moment_it_opens(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        await pilot.press("pagedown")
        await settle(pilot)
        assert body.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        await settle(pilot)
        assert body.scroll_y == 0


@sync
async def test_down_and_up_move_between_rating_scales_and_record_nothing(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Down on a scale to reach the next one, and the page scrolled instead."""
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        await first_scale(app, pilot)
        scales = [scale for scale in app.screen.query(RatingScale) if scale.region.height]  # "after" ones hidden
        assert len(scales) >= 2 and app.focused is scales[0]
        for scale in scales[1:]:
            await pilot.press("down")
            await settle(pilot)
            assert app.focused is scale
            assert scale.region.height and scale.region in app.screen.region  # brought into view
        page = app.screen.query_one(ExerciseView)
        before = page.scroll_y
        await pilot.press("down")  # past the last scale the page scrolls, as before
        await settle(pilot)
        assert app.focused is scales[-1] and page.scroll_y > before
        for scale in reversed(scales[:-1]):
            await pilot.press("up")
            await settle(pilot)
            assert app.focused is scale
        assert all(scale.value is None for scale in scales)
        assert app.store.checkins(mini.id) == []


@sync
async def test_typing_10_on_a_scale_rates_10(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stranger typed "10" for their distress and the scale recorded 0, which skipped "ground yourself first"."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        scale = await first_scale(app, pilot)
        await pilot.press("1", "0")
        assert scale.value == 10
        await pilot.press("1")
        assert scale.value == 1
        await pilot.press("7", "0")  # only a 1 before it makes 10
        assert scale.value == 0
        monkeypatch.setattr(rating, "TEN_WITHIN", -1.0)  # a 0 typed long after a 1 is a 0
        await pilot.press("1", "0")
        assert scale.value == 0
        assert app.store.checkins(mini.id) == []  # nothing is recorded before the exercise starts


@sync
async def test_a_rating_typed_straight_after_an_arrow_goes_to_the_scale_it_reached(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger sent "down 3 + +" at once to rate the second scale 5: the numbers landed on the first."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await first_scale(app, pilot)
        scales = [scale for scale in app.screen.query(RatingScale) if scale.region.height]
        assert len(scales) >= 2
        keys_at_once(app, "7", "down", "3", "plus", "plus", "up", "minus")
        await settle(pilot, 3)
        assert (scales[0].value, scales[1].value) == (6, 5)
        assert app.focused is scales[0]
