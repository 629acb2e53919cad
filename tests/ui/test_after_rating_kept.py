"""The check-in after a run is never lost by leaving: it stays offered when the learner comes back (that day).

A stranger rated before (7/3), stopped the run, and pressed Escape twice: the first closed "Take a moment",
the second left the lesson before the check-in after was read. Back with Continue, the step asked "Before
you start" again and that run could never be rated after. After "I'm not OK" the same two Escapes lost the
hard run's distress rating after.
"""

from __future__ import annotations

from datetime import timedelta

from unclench.course import Course
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.exercise_view import AFTER_HARD_RUN_TITLE, AFTER_TITLE, ExerciseView
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory
from .helpers import click, screen_text, settle, settle_until, sync
from .practising import close_take_a_moment, exercise, open_tremor, rate, save_after, start
from .test_practice_leftovers import breathing_with_checkins, start_breathing


def flat(app: object) -> str:
    from unclench.tui.app import UnclenchApp

    assert isinstance(app, UnclenchApp)
    return " ".join(screen_text(app).split())


async def back_with_continue(pilot: object) -> ExerciseView:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    app = pilot.app
    await settle_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
    assert isinstance(app.screen, CourseMapScreen)
    await pilot.press("c")
    await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen) and app.screen.exercise_view is not None)
    await settle(pilot, 2)
    assert isinstance(app.screen, PlayerScreen)
    return exercise(app)


@sync
async def test_two_escapes_after_a_stop_leave_the_check_in_after_offered_on_return(
    make_app: AppFactory, mini: Course
) -> None:
    course = breathing_with_checkins(mini)
    app = make_app(course)
    async with app.run_test(size=(60, 20)) as pilot:
        view = await start_breathing(app, pilot)  # tension 6 before
        await pilot.press("s")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        await close_take_a_moment(pilot)
        await pilot.pause(0.5)
        await pilot.press("escape")  # the second Escape: to the course map, nothing rated after
        back = await back_with_continue(pilot)
        assert back is not view
        text = flat(app)
        assert AFTER_TITLE in text and "Before you start" not in text
        assert back.asks_after and back.session_id == view.session_id
        assert app.focused is back.query_one("#after-tension", RatingScale)
        assert "You ended the exercise after" in text
        await pilot.press("3")
        await save_after(pilot)
        rows = [(c.session_id, c.measure_id, c.phase, c.rating) for c in app.store.checkins(course.id)]
        assert rows == [(view.session_id, "tension", "before", 6), (view.session_id, "tension", "after", 3)]
        # Rated, it is not offered again: the step is ready for a new run.
        await pilot.press("escape")
        again = await back_with_continue(pilot)
        assert not again.asks_after and again.phase == "ready" and again.session_id != view.session_id


@sync
async def test_the_hard_runs_check_in_after_is_offered_gently_on_return_without_the_gate(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        view = await open_tremor(app, pilot)
        await rate(pilot, view, "before-distress", "5")
        await rate(pilot, view, "before-tension", "3")
        await start(pilot)
        await pilot.press("s")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        await click(pilot, "#guidance-not-ok")
        await settle(pilot)
        await pilot.pause(1.05)
        await pilot.press("escape")  # the support box
        await settle(pilot, 2)
        await pilot.pause(0.5)
        await pilot.press("escape")  # to the map
        back = await back_with_continue(pilot)
        assert not isinstance(app.screen, SafetyGateScreen)
        assert AFTER_HARD_RUN_TITLE in flat(app)
        assert back.asks_after and back.hard_run and back.session_id == view.session_id
        await rate(pilot, back, "after-distress", "6")
        await save_after(pilot)
        assert isinstance(app.screen, PlayerScreen)  # the follow-up was shown: not a second time
        after = [(c.session_id, c.measure_id, c.rating) for c in app.store.checkins(mini.id) if c.phase == "after"]
        assert after == [(view.session_id, "distress", 6)]


def test_nothing_is_offered_for_a_run_of_another_day_or_an_interrupted_one(utc_local_time: None) -> None:
    from unclench.practice import still_to_rate_after
    from unclench.store.rows import RunRecord

    from .conftest import FIXED_NOW

    def run(session: str, outcome: str, ended: str | None) -> RunRecord:
        return RunRecord("c", "shake", "breathe", session, "2024-05-01T08:00:00Z", ended, 5, outcome, False, False)

    today = run("a", "ended", "2024-05-01T08:00:05Z")
    assert still_to_rate_after([today], "breathe", FIXED_NOW) is today
    assert still_to_rate_after([today], "tremor", FIXED_NOW) is None
    assert still_to_rate_after([today], "breathe", FIXED_NOW + timedelta(days=1)) is None
    assert still_to_rate_after([run("b", "interrupted", "2024-05-01T08:00:05Z")], "breathe", FIXED_NOW) is None
    assert still_to_rate_after([run("b", "running", None)], "breathe", FIXED_NOW) is None
    # Only the latest run of the exercise: a newer one (rated or not) supersedes it.
    assert still_to_rate_after([today, run("c", "interrupted", None)], "breathe", FIXED_NOW) is None
