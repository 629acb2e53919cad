"""Practice leftovers: the check-in after an early stop asks, in view; a kept blocked before-rating; one gate check."""

from __future__ import annotations

from unclench.course import Course, ExerciseStep
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.session import Session
from unclench.tui.widgets.exercise_view import AFTER_HARD_RUN_TITLE, AFTER_TITLE, ExerciseView
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory, FakeClock
from .helpers import click, open_at, screen_text, settle, sync
from .practising import (
    allowing_start_anyway,
    close_take_a_moment,
    exercise,
    open_tremor,
    rate,
    save_after,
    start,
    start_rated,
    with_tremor,
)

BREATHE = Place("shake", 2)
#: Instructions as long as a real practice's: the check-in after the run starts below the fold.
LONG_BODY = "\n\n".join(f"**Step {n}.** Breathe in gently, then breathe out a little more slowly." for n in range(12))


def breathing_with_checkins(course: Course) -> Course:
    """The mini course with its breathing exercise (not a tremor exercise) asking for check-ins."""
    import dataclasses

    lesson = course.lessons["shake"]
    step = lesson.steps[2]
    assert isinstance(step, ExerciseStep) and not step.tremor
    steps = (*lesson.steps[:2], dataclasses.replace(step, checkin_ids=("tension", "distress"), body=LONG_BODY))
    lessons = {**course.lessons, "shake": dataclasses.replace(lesson, steps=steps)}
    return dataclasses.replace(course, lessons=lessons)


def in_view(app: UnclenchApp, view: ExerciseView) -> bool:
    """Whether the check-in after the run is on screen, asking as it does after such a run, its first scale focused."""
    first = view.query_one(f"#after-{view.measures[0].id}", RatingScale)
    title = AFTER_HARD_RUN_TITLE if view.hard_run else AFTER_TITLE
    return title in " ".join(screen_text(app).split()) and app.focused is first


async def start_breathing(app: UnclenchApp, pilot: object) -> ExerciseView:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await open_at(pilot, BREATHE, settles=2)
    view = exercise(app)
    await rate(pilot, view, "before-tension", "6")
    await start(pilot)
    assert view.phase == "running"
    return view


@sync
async def test_stopping_a_breathing_practice_early_asks_the_check_in_after_in_view(
    make_app: AppFactory, mini: Course
) -> None:
    course = breathing_with_checkins(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        await pilot.press("tab", "enter")  # I'm OK: chosen, never a default
        await settle(pilot, 3)
        assert isinstance(app.screen, PlayerScreen)
        assert in_view(app, view)
        await pilot.press("3")
        await save_after(pilot)
        rows = [(c.measure_id, c.phase, c.rating) for c in app.store.checkins(course.id)]
        assert rows == [("tension", "before", 6), ("tension", "after", 3)]


@sync
async def test_declining_the_check_in_after_saves_nothing(make_app: AppFactory, mini: Course) -> None:
    course = breathing_with_checkins(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        await pilot.press("s")
        await settle(pilot)
        await close_take_a_moment(pilot)  # closing the grounding box is "I'm OK" too
        await settle(pilot, 3)
        assert in_view(app, view)
        await pilot.press("ctrl+n")  # moving on declines it
        await settle(pilot, 2)
        assert [(c.phase, c.rating) for c in app.store.checkins(course.id)] == [("before", 6)]


@sync
async def test_a_breathing_practice_that_runs_out_asks_the_check_in_after_in_view(
    make_app: AppFactory, mini: Course
) -> None:
    course = breathing_with_checkins(mini)
    clock = FakeClock()
    app = make_app(course, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        clock.advance(61)
        await pilot.pause(0.5)
        await settle(pilot, 3)
        assert view.phase == "finished"
        assert in_view(app, view)


@sync
async def test_not_ok_after_stopping_then_the_check_in_after_without_a_second_follow_up(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(with_tremor(mini, body=LONG_BODY))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await start_rated(pilot, view, "3")
        await pilot.press("s")
        await settle(pilot)
        await click(pilot, "#guidance-not-ok")
        await settle(pilot)
        assert "Please take care of yourself" in screen_text(app)
        await click(pilot, "#guidance-close")
        await settle(pilot, 3)
        assert isinstance(app.screen, PlayerScreen)
        assert in_view(app, view)  # offered after the follow-up too
        await pilot.press("9")
        await save_after(pilot)
        assert isinstance(app.screen, PlayerScreen)  # the follow-up is not shown a second time
        assert [(c.phase, c.rating) for c in app.store.checkins(mini.id) if c.measure_id == "tension"] == [("after", 9)]
        assert [r.follow_up for r in app.store.runs(mini.id)] == [True]


@sync
async def test_a_before_rating_that_kept_a_practice_from_starting_is_kept(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await rate(pilot, view, "before-tension", "4")
        await start_rated(pilot, view, "9")
        assert isinstance(app.screen, GuidanceScreen)
        blocked = view.session_id
        await pilot.press("enter")  # Ground first
        await settle(pilot)
        assert view.phase == "ready" and app.store.runs(mini.id) == []
        rows = [(c.session_id, c.measure_id, c.phase, c.rating) for c in app.store.checkins(mini.id)]
        assert rows == [(blocked, "tension", "before", 4), (blocked, "distress", "before", 9)]
        # The scales still show what the learner chose; the next attempt is a new one, with its own ratings.
        assert view.query_one("#before-distress", RatingScale).value == 9
        await start_rated(pilot, view, "5")
        assert view.phase == "running" and view.session_id != blocked
        [run] = app.store.runs(mini.id)
        assert run.session_id == view.session_id
        later = [(c.session_id, c.measure_id, c.rating) for c in app.store.checkins(mini.id)][2:]
        assert later == [(run.session_id, "tension", 4), (run.session_id, "distress", 5)]


@sync
async def test_start_anyway_after_a_high_rating_keeps_one_set_of_ratings(make_app: AppFactory, mini: Course) -> None:
    course = allowing_start_anyway(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await start_rated(pilot, view, "9")
        await click(pilot, "#guidance-anyway")
        await settle(pilot)
        assert view.phase == "running"
        [run] = app.store.runs(course.id)
        rows = [(c.session_id, c.measure_id, c.phase, c.rating) for c in app.store.checkins(course.id)]
        assert rows == [(run.session_id, "distress", "before", 9)]  # stored when it was given, not twice


@sync
async def test_arriving_at_a_tremor_exercise_asks_whether_it_is_closed_once(
    make_app: AppFactory, mini: Course, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    calls: list[str] = []
    original = Session.practice_block

    def counted(self: Session, lesson_id: str, step: ExerciseStep) -> object:
        calls.append(step.id)
        return original(self, lesson_id, step)

    monkeypatch.setattr(Session, "practice_block", counted)
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("shake", 1), settles=2)
        assert isinstance(app.screen, SafetyGateScreen)  # open: the gate shows
        assert calls == ["tremor"]


def test_the_clock_and_the_history_agree_on_how_long_a_stopped_run_lasted() -> None:
    """A stranger read "Ended after 0:35" on the clock and "34 s" in the history for the same run."""
    from unclench.practice import duration_text
    from unclench.tui.widgets.exercise_view import clock_label

    for practised in (0.2, 34.4, 34.99, 59.5, 61.0, 119.7):
        remaining = 120 - practised
        label = clock_label("ended", remaining, 120)
        recorded = int(practised)  # what ExerciseRun.seconds_practised stores
        minutes, seconds = divmod(recorded, 60)
        assert label == f"Ended after {minutes}:{seconds:02d} of 2:00.", (practised, label)
        assert duration_text(recorded) in {f"{recorded} s", f"{minutes} min", f"{minutes} min {seconds} s"}
