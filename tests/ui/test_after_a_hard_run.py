"""After a hard run ("I'm not OK" once stopped), the rating after is offered, gently, and skipping it records nothing.

PTSD Coach asks a distress rating before and after each tool. A run the learner said was hard must not end
as "Distress 6 → –" for want of an offer: the follow-up's care and support come first, then a word that the
check-in follows and is up to them; the check-in (the same one as after any run) says it is optional.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from unclench.course import Course
from unclench.records import practice_history
from unclench.tui.app import AFTER_RATING_OFFER, HARD_RUN_LEAD, UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.exercise_view import AFTER_HARD_RUN_TITLE, AFTER_TITLE, ExerciseView
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory
from .helpers import click, screen_text, settle, settle_until, sync
from .practising import open_tremor, rate, save_after, start_rated


def said(app: UnclenchApp) -> str:
    """The screen's text with every run of spaces, line breaks and borders as one space."""
    return " ".join(screen_text(app).replace("┃", " ").replace("│", " ").split())


async def not_ok_after_stopping(app: UnclenchApp, pilot: Pilot[Any]) -> ExerciseView:
    """Open the tremor exercise, rate distress 6 and start, stop at once and say "I'm not OK": the follow-up."""
    view = await open_tremor(app, pilot)
    await start_rated(pilot, view, "6")
    await pilot.press("s")
    await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
    await click(pilot, "#guidance-not-ok")
    await settle_until(
        pilot,
        lambda: isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Please take care of yourself",
    )
    return view


def distress(app: UnclenchApp) -> str:
    """The run's distress as the Practice list and the summary show it: ``Distress 6 → 4``."""
    history = practice_history(app.course, app.store.runs(app.course.id), app.store.checkins(app.course.id))
    [entry] = history[("shake", "tremor")]
    assert entry.hard
    [shown] = entry.changes([("distress", "Distress")])
    return shown


@sync
async def test_the_follow_up_offers_the_rating_after_care_first(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 30)) as pilot:
        view = await not_ok_after_stopping(app, pilot)
        box = app.screen
        assert isinstance(box, GuidanceScreen)
        text = " ".join(box.text.split())
        assert text.startswith(HARD_RUN_LEAD)  # care first, as ever
        assert text.endswith(AFTER_RATING_OFFER)  # the offer last, after the support
        await click(pilot, "#guidance-close")
        await settle(pilot, 3)
        assert isinstance(app.screen, PlayerScreen)
        shown = said(app)
        assert AFTER_HARD_RUN_TITLE in shown and AFTER_TITLE not in shown
        assert app.focused is view.query_one("#after-tension", RatingScale)
        await rate(pilot, view, "after-distress", "4")
        await save_after(pilot)
        assert isinstance(app.screen, PlayerScreen)  # no second follow-up
        assert distress(app) == "Distress 6 → 4"


@sync
async def test_skipping_the_rating_after_a_hard_run_records_nothing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await not_ok_after_stopping(app, pilot)
        await pilot.press("escape")  # the follow-up closed
        await settle(pilot, 3)
        assert AFTER_HARD_RUN_TITLE in said(app)
        await pilot.press("ctrl+n")  # moving on, nothing rated: at once, nothing asked
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place.index == 2
        assert [(c.phase, c.measure_id) for c in app.store.checkins(mini.id)] == [("before", "distress")]
        assert distress(app) == "Distress 6 → –"


@sync
async def test_the_next_run_asks_as_after_any_run(make_app: AppFactory, mini: Course) -> None:
    """The gentle title is the hard run's: a run that was not hard asks as ever (a breathing run, say)."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await start_rated(pilot, view, "2")
        await pilot.press("s")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        await click(pilot, "#guidance-ok")
        await settle(pilot, 3)
        shown = said(app)
        assert AFTER_TITLE in shown and AFTER_HARD_RUN_TITLE not in shown


@sync
async def test_distress_10_after_a_hard_run_names_support_and_grounding_not_only_saved(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger stopped, said "I'm not OK" (care and the support card), then rated distress 10 of 10 after and
    was told only "Your ratings are saved.". The box after the hard run is not shown twice, but the notice names
    the support card's key and a way to ground; Enter pressed again by habit saves nothing twice."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        view = await not_ok_after_stopping(app, pilot)
        await click(pilot, "#guidance-close")
        await settle(pilot, 3)
        await rate(pilot, view, "after-distress", "10")
        assert view.query_one("#after-distress", RatingScale).value == 10
        await save_after(pilot)
        assert isinstance(app.screen, PlayerScreen)  # no second box stacked on the one just read
        notices = [str(n.message) for n in app._notifications]
        assert "Your ratings are saved." not in notices, notices
        assert any("Distress 10 of 10" in m and "f2" in m and "slow breath" in m for m in notices), notices
        ratings = app.store.checkins(mini.id)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert app.store.checkins(mini.id) == ratings
    assert [(c.phase, c.measure_id, c.rating) for c in app.store.checkins(mini.id)] == [
        ("before", "distress", 6),
        ("after", "distress", 10),
    ]
    [run] = app.store.runs(mini.id)
    assert run.follow_up
