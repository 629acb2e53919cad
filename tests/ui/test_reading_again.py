"""Reading a lesson already done again keeps the learner's place in the course.

Continue, ``status`` and the app reopening lead on from where the learner
really is; only the reviewed lesson's own place moves. A lesson not done yet
moves the place there, as it always did, however it is reached (the map, the
palette, moving on from a summary).
"""

from __future__ import annotations

from pathlib import Path

from textual.command import Command, CommandList

from unclench.course import Course
from unclench.folders import bundled_course_root
from unclench.loader import load_course
from unclench.status import build_status
from unclench.store import ProgressStore
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.lesson_list import LessonList

from .conftest import AppFactory
from .helpers import press, settle, settle_until, sync


def intro_done(store: ProgressStore, course: Course) -> None:
    """The first lesson finished; the learner is now on the second lesson's quiz."""
    for step in ("hello", "feel", "check", "bye"):
        store.mark_step_done(course.id, "intro", step)
    store.mark_lesson_done(course.id, "intro")
    store.mark_step_done(course.id, "second", "read")
    store.set_position(course.id, "second", "many")


def saved_place(store: ProgressStore, course: Course) -> tuple[str, str]:
    """The course place stored (what Continue starts from)."""
    position = store.position(course.id)
    assert position is not None
    return position.lesson_id, position.step_id


def continue_at(store: ProgressStore, course: Course, data: Path) -> tuple[str, int | None]:
    """Where ``unclench status`` says Continue leads: the lesson id and the step number."""
    position = build_status(store.record(course.id), course, data, data / "progress.sqlite3")["position"]
    assert position is not None
    return position["lesson_id"], position["step_number"]


def player_place(app: object) -> tuple[str, int]:
    from textual.app import App

    assert isinstance(app, App)
    screen = app.screen
    assert isinstance(screen, PlayerScreen)
    return screen.place.lesson_id, screen.place.index


@sync
async def test_reading_a_done_lesson_again_from_the_map_keeps_the_place(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    app = make_app(mini)
    store = app.store
    intro_done(store, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        assert player_place(app) == ("second", 1)  # reopened at the learner's place
        # The learner's steps from the report: Escape, Down, Home, Enter.
        await press(pilot, "escape")
        assert isinstance(app.screen, CourseMapScreen)
        await press(pilot, "down", "home")
        assert app.screen.query_one(LessonList).highlighted_lesson == "intro"
        await press(pilot, "enter")
        await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        assert player_place(app) == ("intro", 0)
        await settle(pilot, 3)  # the deferred save of a reopened step, if any
        assert saved_place(store, mini) == ("second", "many")
        assert continue_at(store, mini, tmp_path / "data") == ("second", 2)
        # Through the lesson to its summary, a step at a time: the lesson's own place follows, the course's stays.
        await press(pilot, "n")
        assert player_place(app) == ("intro", 1)
        assert store.lesson_position(mini.id, "intro") == "feel"
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")
        assert player_place(app) == ("intro", 4)  # the summary
        assert saved_place(store, mini) == ("second", "many")
        assert continue_at(store, mini, tmp_path / "data") == ("second", 2)
        # On from the summary into a lesson not done yet: that is where the learner now is.
        await press(pilot, "ctrl+n")
        assert player_place(app)[0] == "second"
        assert saved_place(store, mini)[0] == "second"
    # Reopened: the app starts at the place, not at the lesson read again.
    again = make_app(mini, data_dir=tmp_path / "data", acknowledged=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(again.screen, PlayerScreen))
        assert player_place(again)[0] == "second"


@sync
async def test_a_lesson_not_done_yet_moves_the_place_there(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    app = make_app(mini)
    store = app.store
    intro_done(store, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        await press(pilot, "escape", "down", "end", "enter")
        await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        await settle(pilot, 2)
        assert player_place(app) == ("shake", 0)
        assert saved_place(store, mini) == ("shake", "before")
        assert continue_at(store, mini, tmp_path / "data") == ("shake", 1)


@sync
async def test_walking_on_in_the_lesson_the_place_is_in_moves_it_even_once_done(
    make_app: AppFactory, mini: Course
) -> None:
    # Both pages read, so the lesson is done, but the learner stopped on its reflection, before the quiz.
    app = make_app(mini)
    store = app.store
    for step in ("hello", "bye"):
        store.mark_step_done(mini.id, "intro", step)
    store.mark_lesson_done(mini.id, "intro")
    store.set_position(mini.id, "intro", "feel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        assert player_place(app) == ("intro", 1)
        await press(pilot, "n")
        assert player_place(app) == ("intro", 2)
        assert saved_place(store, mini) == ("intro", "check")


def palette_results(app: object) -> list[tuple[str, str]]:
    """The command palette's results on screen: each title and its help text."""
    from textual.app import App

    assert isinstance(app, App)
    results = app.screen.query_one(CommandList)
    commands = [results.get_option_at_index(i) for i in range(results.option_count)]
    return [(str(command.hit.text), str(command.hit.help)) for command in commands if isinstance(command, Command)]


@sync
async def test_the_palette_says_whether_a_lesson_moves_the_place(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    store = app.store
    intro_done(store, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
        await press(pilot, "ctrl+k", *"lesson")
        await settle(pilot, 3)
        helps = dict(palette_results(app))
        assert helps["Lesson: Introduction"].startswith("Read it again (your place stays)")
        assert helps["Lesson: Shaking practice"].startswith("Open this lesson (your place moves here)")
        # Chosen, the lesson done is read again and the place stays.
        await press(pilot, *" intro", "enter")
        await settle_until(
            pilot, lambda: isinstance(app.screen, PlayerScreen) and app.screen.place.lesson_id == "intro"
        )
        await settle(pilot, 2)
        assert saved_place(store, mini) == ("second", "many")


@sync
async def test_an_exercise_is_listed_before_a_lesson_that_matches_as_well(make_app: AppFactory) -> None:
    """A stranger typed "body scan": the lesson came first, and Enter opened it and moved their place."""
    course = load_course(bundled_course_root())
    app = make_app(course)
    app.store.mark_lesson_done(course.id, "body-scan")  # its exercise met: the palette offers it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await press(pilot, "ctrl+k", *"body scan")
        await settle(pilot, 3)
        titles = [title for title, _ in palette_results(app)]
        exercise = next(i for i, title in enumerate(titles) if title.startswith("Exercise: A four-minute body scan"))
        lesson = next(i for i, title in enumerate(titles) if title.startswith("Lesson: Practice: a short body scan"))
        assert exercise < lesson
