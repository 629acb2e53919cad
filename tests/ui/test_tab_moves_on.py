"""Tab then Enter, a habit for "move on", never goes back a step; Shift+Tab still reaches Previous.

A stranger on a reflection step pressed Tab and Enter to move on and was taken back a step: Tab went
from the step to "← Previous" first.
"""

from __future__ import annotations

import pytest

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.screens.player import PlayerScreen

from .conftest import AppFactory
from .helpers import open_at, settle, sync


def focused_id(app: object) -> str | None:
    from textual.app import App

    assert isinstance(app, App)
    return app.focused.id if app.focused is not None else None


@pytest.mark.parametrize("step", [1, 3], ids=["reflection", "page"])
@sync
async def test_tab_then_enter_moves_on(make_app: AppFactory, mini: Course, step: int) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("intro", step))
        await pilot.press("tab")
        assert focused_id(app) == "next"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("intro", step + 1)


@pytest.mark.parametrize("step", [1, 3], ids=["reflection", "page"])
@sync
async def test_shift_tab_from_the_step_reaches_previous(make_app: AppFactory, mini: Course, step: int) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("intro", step))
        await pilot.press("shift+tab")
        assert focused_id(app) == "prev"
        await pilot.press("tab")  # from Previous, round to the step
        assert isinstance(app.screen, PlayerScreen) and app.focused is app.screen.view


@sync
async def test_on_a_quiz_tab_goes_to_check_then_next(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("intro", 2))
        assert focused_id(app) == "choices"
        await pilot.press("tab")
        assert focused_id(app) == "check"
        await pilot.press("tab")
        assert focused_id(app) == "next"
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert focused_id(app) == "prev"  # the chain wraps round: Shift+Tab from the choices
