"""A screen's first showing keeps the styles its widgets got as they were mounted (issue 18: start-up).

Textual styles every widget of a screen once more when the screen is first
shown; the start-up screens (the course map, the lesson player, the
disclaimer) skip that second pass (:class:`StyledAsMountedScreen`). Skipping it
is only right if it would have changed nothing: here every screen on the stack
is restyled all over after the app settled, and no widget's styles may change.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen

from unclench.course import Course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.styled_as_mounted import StyledAsMountedScreen

from .conftest import AppFactory
from .helpers import settle, sync


def styles_of(screen: Screen[Any]) -> list[tuple[str, dict[str, object]]]:
    """Every widget of ``screen`` (the screen too) with the rules its stylesheet gave it."""
    return [(repr(node), dict(node._css_styles.get_rules())) for node in screen.walk_children(with_self=True)]


async def assert_restyling_changes_nothing(app: UnclenchApp, pilot: Any) -> None:
    await settle(pilot, 3)
    stack = list(app.screen_stack)
    assert any(isinstance(screen, StyledAsMountedScreen) for screen in stack)
    as_shown = [styles_of(screen) for screen in stack]
    # Restyled and compared at once (restyling is synchronous): the app going on meanwhile could mount or
    # remove widgets (the next step's view built ahead, say), and the lists would then differ for that alone.
    for screen in stack:
        screen.update_node_styles(animate=False)
    assert [styles_of(screen) for screen in stack] == as_shown


@sync
async def test_the_course_map_of_a_returning_learner(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, CourseMapScreen)
        await assert_restyling_changes_nothing(app, pilot)


@sync
async def test_the_disclaimer_of_a_first_run(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, DisclaimerScreen)
        await assert_restyling_changes_nothing(app, pilot)


@sync
@pytest.mark.parametrize(
    ("lesson", "step", "answer"),
    [
        ("intro", "hello", None),  # a page
        ("intro", "feel", None),  # a reflection, nothing written: the empty answer box
        ("intro", "feel", "My shoulders, mostly."),  # a reflection with an answer: the editor
        ("intro", "check", None),  # a quiz
        ("shake", "breathe", None),  # an exercise
        ("shake", "tremor", None),  # a tremor exercise: its safety gate over the player
    ],
)
async def test_a_returning_learner_at_their_step(
    make_app: AppFactory, mini: Course, lesson: str, step: str, answer: str | None
) -> None:
    app = make_app(mini)
    app.store.set_position(mini.id, lesson, step)
    if answer is not None:
        app.store.save_answer(mini.id, lesson, step, "How does it feel?", answer)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert any(isinstance(screen, PlayerScreen) for screen in app.screen_stack)
        await assert_restyling_changes_nothing(app, pilot)


@sync
async def test_a_lesson_opened_from_the_map(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 2)
        await pilot.press("c")
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("n")
        await settle(pilot, 2)
        await assert_restyling_changes_nothing(app, pilot)


def rate_two_runs(app: UnclenchApp, course: Course) -> None:
    for run, (before, after) in (("first", (7, 3)), ("second", (6, 2))):
        app.store.record_checkin(course.id, "shake", "tremor", "tension", "before", before, run)
        app.store.record_checkin(course.id, "shake", "tremor", "tension", "after", after, run)
    app.store.record_checkin(course.id, "shake", "tremor", "distress", "before", 9, "held-back")


@sync
@pytest.mark.parametrize("charts", ["on", "off"])
async def test_the_trends_screen(make_app: AppFactory, mini: Course, charts: str) -> None:
    from unclench.tui.screens.trends import TrendsScreen

    app = make_app(mini)
    rate_two_runs(app, mini)
    app.store.set_setting("charts", charts)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("t")
        await settle(pilot, 2)
        assert isinstance(app.screen, TrendsScreen)
        await assert_restyling_changes_nothing(app, pilot)


@sync
@pytest.mark.parametrize("answers", [0, 2])
async def test_the_journal_screen(make_app: AppFactory, mini: Course, answers: int) -> None:
    from unclench.tui.screens.journal import JournalScreen

    app = make_app(mini)
    for step, text in [("feel", "My shoulders, mostly."), ("feel2", "[bold]not bold[/]")][:answers]:
        app.store.save_answer(mini.id, "intro", step, "How does it feel?", text)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("j")
        await settle(pilot, 2)
        assert isinstance(app.screen, JournalScreen)
        await assert_restyling_changes_nothing(app, pilot)


async def change_the_theme(app: UnclenchApp, pilot: Any) -> None:
    app.theme = next(name for name in app.available_themes if name != app.theme)


async def blur_the_terminal(app: UnclenchApp, pilot: Any) -> None:
    app.app_focus = False


async def resize_the_terminal(app: UnclenchApp, pilot: Any) -> None:
    await pilot.resize_terminal(100, 30)


async def nothing(app: UnclenchApp, pilot: Any) -> None:
    pass


@sync
@pytest.mark.parametrize("meanwhile", [nothing, change_the_theme, blur_the_terminal, resize_the_terminal])
async def test_screens_shown_again(make_app: AppFactory, mini: Course, meanwhile: Any) -> None:
    """The player after its safety gate closed, and the gate kept and shown again: restyling changes nothing.

    They skip Textual's restyling when shown again only while the app around them (its theme, its
    classes, the terminal's focus, the size) is as it was when they were covered or closed; here it
    changes meanwhile (or not), and every widget must still have the styles a full restyle gives it.
    """
    from unclench.tui.screens.dialogs import SafetyGateScreen

    app = make_app(mini)
    app.store.set_position(mini.id, "shake", "tremor")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, SafetyGateScreen)  # over the player
        await meanwhile(app, pilot)
        await pilot.press("escape")  # "Not now": the player shown again
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen)
        await assert_restyling_changes_nothing(app, pilot)
        await change_the_theme(app, pilot) if meanwhile is change_the_theme else await meanwhile(app, pilot)
        if meanwhile is blur_the_terminal:
            app.app_focus = True
        await settle(pilot)
        app.screen.query_one("#start").focus()
        await pilot.press("enter")  # "Read the safety notes to start": the kept gate shown again
        await settle(pilot, 2)
        assert isinstance(app.screen, SafetyGateScreen)
        await assert_restyling_changes_nothing(app, pilot)
