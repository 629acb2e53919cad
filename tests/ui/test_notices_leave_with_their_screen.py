"""A notice about one screen goes when the learner leaves it (a stranger read old notices over other screens).

The journal's "Nothing was typed into your answers" showed on Trends; the screening's "Your answers are not saved"
covered the Trends table's heading at 60x20; a quiz's "Choose an answer first." stayed over the feedback once an
answer was checked.
"""

from __future__ import annotations

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.journal import TYPED_NOT_EDITING
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.screening import KEPT_NOT_SAVED, ScreeningScreen
from unclench.tui.widgets.quiz_view import CHOOSE_FIRST

from .conftest import AppFactory
from .helpers import open_at, settle, sync
from .practising import start_tremor
from .test_screening import screened


def said(app: UnclenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@sync
async def test_the_journals_notice_does_not_follow_to_trends(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Shoulders")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press(*"xyz")
        await settle(pilot)
        assert TYPED_NOT_EDITING in said(app)
        await pilot.press("escape", "t")
        await settle(pilot, 2)
        assert type(app.screen).__name__ == "TrendsScreen"
        assert TYPED_NOT_EDITING not in said(app)


@sync
async def test_unsaved_screening_answers_are_said_once_and_not_over_trends(make_app: AppFactory, mini: Course) -> None:
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await start_tremor(app, pilot)
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("right", "space", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert KEPT_NOT_SAVED in said(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot, 2)
        assert type(app.screen).__name__ == "TrendsScreen"
        assert KEPT_NOT_SAVED not in said(app)


@sync
async def test_choose_an_answer_first_goes_once_an_answer_is_checked(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_at(pilot, Place("intro", 2))
        await pilot.press("enter")
        await settle(pilot)
        assert CHOOSE_FIRST in said(app)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert CHOOSE_FIRST not in said(app)


@sync
async def test_a_notice_does_not_sit_over_help_or_the_support_card(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed ctrl+c on the map and then ?: "Ctrl+c does not quit" sat over the help box's keys."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for key in ("question_mark", "f2"):
            await pilot.press("ctrl+c")
            await settle(pilot)
            assert [text for text in said(app) if "ctrl+q" in text]
            await pilot.press(key)
            await settle(pilot)
            assert not [text for text in said(app) if "ctrl+q" in text], key
            await pilot.press("escape")
            await settle(pilot)
