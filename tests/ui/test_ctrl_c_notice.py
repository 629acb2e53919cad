"""Ctrl+c says how to quit in words true where it is pressed (a stranger read "your answer is saved first" on the
disclaimer, which has no answer), and the notice goes once what it said is no longer so."""

from __future__ import annotations

from textual.widgets import Button, Input
from textual.widgets._toast import Toast

from unclench.course import Course
from unclench.tui.app import CTRL_C_ELSEWHERE, CTRL_C_IN_A_BOX, UnclenchApp
from unclench.tui.screens.dialogs import LeavingExerciseScreen

from .conftest import AppFactory
from .helpers import screen_text, settle, sync
from .practising import open_tremor, start_rated


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
async def test_at_60x20_a_notice_leaves_the_before_you_go_boxs_buttons_uncovered(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger's ctrl+c during an exercise, then ctrl+q: notices covered the box's "Quit Unclench" button."""
    app = make_app(mini)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        view = await open_tremor(app, pilot)
        await start_rated(pilot, view, "2")
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert any("To end the exercise now" in text for text in said(app))
        await pilot.press("ctrl+q")
        await settle(pilot, 3)
        assert isinstance(app.screen, LeavingExerciseScreen)
        # The ctrl+c notice said "press s or Escape" to end the exercise: over this box, Escape stays. The box
        # says itself that the exercise is paused (no notice over it).
        assert said(app) == []
        toasts = [toast.region for toast in app.screen.query(Toast) if toast.region]
        buttons = [button.region for button in app.screen.query(Button)]
        assert len(buttons) == 2 and all(button in app.screen.region for button in buttons)
        assert not [(t, b) for t in toasts for b in buttons if t.overlaps(b)]
        text = screen_text(app)
        assert "Stay" in text and "Quit Unclench" in text and "The exercise is paused." in text
