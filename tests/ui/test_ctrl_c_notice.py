"""Ctrl+c says how to quit in words true where it is pressed (a stranger read "your answer is saved first" on the
disclaimer, which has no answer), and the notice goes once what it said is no longer so."""

from __future__ import annotations

from textual.widgets import Input

from unclench.course import Course
from unclench.tui.app import CTRL_C_ELSEWHERE, CTRL_C_IN_A_BOX, UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen, LeavingExerciseScreen

from .conftest import AppFactory
from .helpers import settle, settle_until, sync
from .practising import start_tremor


def said(app: UnclenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@sync
async def test_on_the_disclaimer_ctrl_c_speaks_of_no_answer_and_q_quits_as_it_says(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini, acknowledged=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, 2)
        assert type(app.screen).__name__ == "DisclaimerScreen"
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert said(app) == [CTRL_C_ELSEWHERE]
        assert "answer" not in CTRL_C_ELSEWHERE
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


@sync
async def test_in_the_journals_search_ctrl_c_says_q_is_typed_there(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Shoulders")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot, 2)
        search = app.screen.query_one("#journal-search", Input)
        search.focus()
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert said(app) == [CTRL_C_IN_A_BOX]
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and search.value == "q"  # as it said: q went into the box


@sync
async def test_at_60x20_ctrl_c_then_ctrl_q_during_an_exercise_ends_it_and_asks_nothing(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger's ctrl+c during an exercise, then ctrl+q: notices covered the box's "Quit Unclench" button. Now
    ctrl+c ends the exercise (as the stop keys do), and ctrl+q over the grounding after it quits as anywhere."""
    app = make_app(mini)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        view = await start_tremor(app, pilot)
        await pilot.press("ctrl+c")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        assert not view.running and said(app) == []
        await pilot.press("ctrl+q")
        await settle(pilot, 3)
        assert not isinstance(app.screen, LeavingExerciseScreen)
    assert [run.outcome for run in app.store.runs(mini.id)] == ["ended"]
