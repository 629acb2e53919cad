"""Recommended order in the real app: a lesson opened before the lessons it builds on names them (every way in)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from unclench.course import Course
from unclench.journey import Place, order_setting
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.recommended_order import RecommendedOrderScreen
from unclench.tui.widgets.lesson_list import LessonList

from .conftest import AppFactory
from .helpers import click, screen_text, settle, sync

REASON = "They say how to stop at any moment."


def building(course: Course, builds_on: tuple[str, ...] = ("intro", "second")) -> Course:
    """``course`` with its shaking lesson building on ``builds_on``."""
    shake = dataclasses.replace(course.lessons["shake"], builds_on=builds_on, builds_on_reason=REASON)
    return dataclasses.replace(course, lessons={**course.lessons, "shake": shake})


def finish(app: UnclenchApp, lesson_id: str) -> None:
    course = app.session.course
    for step in course.lessons[lesson_id].steps:
        app.store.mark_step_done(course.id, lesson_id, step.id)
    app.store.mark_lesson_done(course.id, lesson_id)


def progress_of(app: UnclenchApp) -> tuple[object, ...]:
    """What counts as progress: steps and lessons done, answers, quiz attempts, runs and check-ins."""
    store, course_id = app.store, app.session.course.id
    return (
        store.completed_steps(course_id),
        store.completed_lessons(course_id),
        store.answers(course_id),
        store.quiz_attempts(course_id),
        store.runs(course_id),
        store.checkins(course_id),
    )


def where(app: UnclenchApp) -> Place | None:
    screen = app.screen
    return screen.place if isinstance(screen, PlayerScreen) else None


async def open_shake_from_the_map(app: UnclenchApp, pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await settle(pilot)
    assert isinstance(app.screen, CourseMapScreen)
    lessons = app.screen.query_one(LessonList)
    lessons.focus()
    lessons.highlighted = lessons.get_option_index("lesson-shake")
    await pilot.press("enter")
    await settle(pilot, 2)


@sync
async def test_opening_early_from_the_map_names_the_lessons_and_why_and_enter_goes_there(
    make_app: AppFactory, mini: Course
) -> None:
    course = building(mini)
    app = make_app(course)
    finish(app, "intro")
    before = progress_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_shake_from_the_map(app, pilot)
        assert isinstance(app.screen, RecommendedOrderScreen)
        text = screen_text(app)
        assert "“Shaking practice” builds on this lesson, not done yet:" in text
        assert "• Second lesson" in text and "Introduction" not in text  # done: not named
        assert REASON in text and "Go there opens “Second lesson”" in text
        assert app.focused is not None and app.focused.id == "order-go"
        # The paging keys do nothing here; Enter, however often, goes there and never continues anyway.
        await pilot.press("n", "right", "left", "p")
        await settle(pilot)
        assert isinstance(app.screen, RecommendedOrderScreen)
        await pilot.press("enter")
        await settle(pilot, 2)
        assert where(app) == Place("second", 0)
        await pilot.press("enter", "enter")
        await settle(pilot, 2)
        assert where(app) is not None and where(app).lesson_id == "second"  # type: ignore[union-attr]
    assert progress_of(app)[1:] == before[1:]
    assert app.store.setting(order_setting(course.id, "shake")) is None


@sync
async def test_not_now_stays_on_the_map_and_changes_nothing(make_app: AppFactory, mini: Course) -> None:
    course = building(mini)
    app = make_app(course)
    before = progress_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_shake_from_the_map(app, pilot)
        assert "• Introduction" in screen_text(app) and "• Second lesson" in screen_text(app)
        assert "builds on these lessons" in screen_text(app)
        assert "Go there opens “Introduction”" in screen_text(app)  # the first in course order
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        await open_shake_from_the_map(app, pilot)
        await click(pilot, "#order-not-now")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
    assert progress_of(app) == before
    assert app.store.position(course.id) is None


@sync
async def test_continue_anyway_is_deliberate_remembered_and_changes_no_progress(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    course = building(mini)
    data = tmp_path / "learner"
    app = make_app(course, data_dir=data)
    before = progress_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_shake_from_the_map(app, pilot)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "order-not-now"  # one Tab is not enough
        await pilot.press("tab", "enter")
        await settle(pilot, 2)
        assert where(app) == Place("shake", 0)
        await pilot.press("escape")
        await settle(pilot)
        await open_shake_from_the_map(app, pilot)  # not asked again
        assert where(app) == Place("shake", 0)
    assert progress_of(app) == before
    assert app.store.setting(order_setting(course.id, "shake")) == "intro second"
    # Remembered across starts, also when the author drops a lesson from builds_on; adding one asks again.
    again = make_app(building(mini, ("second",)), data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert where(again) == Place("shake", 0)  # resumed where the learner was: no question
    third = dataclasses.replace(mini.lessons["second"], id="third")
    more = building(dataclasses.replace(mini, lessons={**mini.lessons, "third": third}), ("intro", "second", "third"))
    more = dataclasses.replace(
        more,
        modules=(
            dataclasses.replace(more.modules[0], lesson_ids=(*more.modules[0].lesson_ids, "third")),
            *more.modules[1:],
        ),
    )
    changed = make_app(more, data_dir=data)
    async with changed.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(changed.screen, RecommendedOrderScreen)  # a returning learner is asked before resuming
        await pilot.press("escape")
        await settle(pilot, 2)
        assert isinstance(changed.screen, CourseMapScreen)
        assert "Continue: Shaking practice" in screen_text(changed)  # the map was built


@sync
async def test_paging_into_the_lesson_from_the_summary_before_asks_and_go_there_leads_back(
    make_app: AppFactory, mini: Course
) -> None:
    course = building(mini, ("intro",))
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("second", 2))  # the second lesson's summary
        await settle(pilot, 2)
        assert where(app) == Place("second", 2)
        await pilot.press("n")
        await settle(pilot, 2)
        assert isinstance(app.screen, RecommendedOrderScreen)
        assert where(app) is None
        await pilot.press("enter")
        await settle(pilot, 2)
        assert where(app) == Place("intro", 0)
        # Within the lesson, and back out of it, nothing is asked.
        await app.open_place(Place("shake", 1))
        await settle(pilot)
        assert isinstance(app.screen, RecommendedOrderScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert where(app) == Place("intro", 0)  # Not now: still where the learner was


@sync
async def test_the_palette_and_continue_ask_too_and_a_done_order_asks_nothing(
    make_app: AppFactory, mini: Course
) -> None:
    course = building(mini, ("intro",))
    app = make_app(course)
    app.store.set_position(course.id, "shake", "before")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, RecommendedOrderScreen)  # resuming into it asks first
        await pilot.press("escape")
        await settle(pilot, 2)
        await pilot.press("c")  # Continue
        await settle(pilot, 2)
        assert isinstance(app.screen, RecommendedOrderScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press(*"Lesson: Shaking")
        await settle(pilot, 3)
        await pilot.press("enter")
        await settle(pilot, 3)
        assert isinstance(app.screen, RecommendedOrderScreen)
        await pilot.press("escape")
        await settle(pilot)
        finish(app, "intro")
        await pilot.press("c")
        await settle(pilot, 2)
        assert where(app) == Place("shake", 0)


@sync
async def test_the_map_marks_a_lesson_while_what_it_builds_on_is_not_done(make_app: AppFactory, mini: Course) -> None:
    course = building(mini, ("second",))
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lessons = app.screen.query_one(LessonList)
        lessons.focus()
        lessons.highlighted = lessons.get_option_index("lesson-shake")
        await settle(pilot)
        assert "Builds on: Second lesson" in screen_text(app)
        finish(app, "second")
        app.screen.query_one(LessonList).update_progress(app.session.refresh())
        await settle(pilot)
        assert "Builds on" not in screen_text(app)


@sync
async def test_question_mark_opens_help_over_the_box_and_escape_comes_back(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed ? in "Before this lesson" and nothing happened (only f1 worked)."""
    from unclench.tui.screens.help import HelpScreen

    course = building(mini)
    app = make_app(course)
    before = progress_of(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_shake_from_the_map(app, pilot)
        assert isinstance(app.screen, RecommendedOrderScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RecommendedOrderScreen)
        assert app.focused is not None and app.focused.id == "order-go"
    assert progress_of(app) == before
