"""The Practice list: exercises met, practised on their own behind the same gate, screening and limits."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from unclench.course import Course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.practice import NONE_MET, PracticeScreen
from unclench.tui.screens.screening import ScreeningScreen
from unclench.tui.widgets.exercise_view import ExerciseView
from unclench.tui.widgets.summary_view import SummaryView

from .conftest import AppFactory, FakeClock
from .helpers import screen_text, settle, sync
from .practising import exercise, pass_gate, rate, resting, save_after, start, start_rated
from .test_screening import answer, screened

#: Keys a learner presses out of habit; none of them may change the record on the Practice list.
HABITUAL = ["n", "p", "left", "right", "up", "down", "j", "c", "t", "home", "end", "pageup", "pagedown"]


def met_tremor(app: UnclenchApp, course: Course) -> None:
    """The learner reached the tremor exercise in its lesson (and went back to the first lesson)."""
    app.store.set_position(course.id, "shake", "tremor")
    app.store.set_position(course.id, "intro", "hello")


async def open_list(app: UnclenchApp, pilot: Pilot[Any]) -> PracticeScreen:
    """From the course map, press p."""
    await settle(pilot)
    if isinstance(app.screen, PlayerScreen):
        await pilot.press("escape")
        await settle(pilot)
    assert isinstance(app.screen, CourseMapScreen)
    await pilot.press("p")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PracticeScreen)
    return screen


async def practise_first(app: UnclenchApp, pilot: Pilot[Any]) -> None:
    await pilot.press("down", "enter")
    await settle(pilot, 2)


@sync
async def test_a_new_learner_is_told_where_the_exercises_are(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        text = screen_text(app)
        assert NONE_MET.split(".")[0] in text
        assert "Not met yet" in text
        assert "· Gentle tremor (in the lesson Shaking practice)" in text
        assert "· Breathing (in the lesson Shaking practice)" in text
        assert not app.screen.query("Button")  # nothing to start before it is met
        before = app.store.record(mini.id)
        await pilot.press(*HABITUAL, "enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert app.store.record(mini.id) == before


@sync
async def test_only_exercises_met_can_be_practised(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    met_tremor(app, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        assert [item.title for item in screen.met] == ["Gentle tremor"]
        text = screen_text(app)
        assert "Practise: Gentle tremor" in text and "Not practised yet." in text
        assert "· Breathing (in the lesson Shaking practice)" in text
        assert "Practise: Breathing" not in text


@sync
async def test_habitual_keys_on_the_list_change_nothing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    met_tremor(app, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        before = app.store.record(mini.id)
        # Nothing has the focus on arrival: a habitual Enter opens nothing.
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press(*HABITUAL)
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert app.store.record(mini.id) == before


@sync
async def test_a_practice_from_the_list_is_behind_the_gate_and_keeps_the_place(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    met_tremor(app, mini)
    clock = app.session.clock
    assert isinstance(clock, FakeClock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        position = app.store.position(mini.id)
        positions = app.store.lesson_positions(mini.id)
        await practise_first(app, pilot)
        assert isinstance(app.screen, SafetyGateScreen)  # the same gate as in the lesson
        await pilot.press("enter", "enter", "enter", "n", "right")
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)
        assert app.store.runs(mini.id) == []
        await pass_gate(app, pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.practice
        text = screen_text(app)
        assert "Practice on its own" in text and "Practice list" in text
        assert "Next →" not in text  # no way on to other steps from here
        # n and p lead nowhere from a practice on its own.
        view = exercise(app)
        view.query_one("#start").focus()
        await pilot.press("n", "p", "ctrl+n", "ctrl+p")
        await settle(pilot)
        assert app.screen is player and exercise(app) is view
        await start_rated(pilot, view, "4")
        assert view.running
        assert "How to stop" in screen_text(app)  # the stop panel, as in the lesson
        clock.advance(view.step.seconds + 1)
        await pilot.pause(0.4)
        await settle(pilot)
        assert view.phase == "finished"
        await rate(pilot, view, "after-distress", "2")
        await save_after(pilot)
        await pilot.press("escape")
        await settle(pilot, 2)
        assert isinstance(app.screen, PracticeScreen)
        text = screen_text(app)
        assert "Practised once, 2 min in all." in text
        assert "2 min · full time · Distress 4 → 2" in text
        # The place in the course did not move; the run and the exercise's step are recorded.
        assert app.store.position(mini.id) == position
        assert app.store.lesson_positions(mini.id) == positions
        [run] = app.store.runs(mini.id)
        assert (run.lesson_id, run.step_id, run.outcome) == ("shake", "tremor", "finished")
        assert "tremor" in app.store.completed_steps(mini.id)["shake"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


@sync
async def test_high_distress_before_a_practice_from_the_list_suggests_grounding(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    met_tremor(app, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await practise_first(app, pilot)
        await pass_gate(app, pilot)
        view = exercise(app)
        await start_rated(pilot, view, "9")
        assert isinstance(app.screen, GuidanceScreen)
        assert "Ground yourself first" in screen_text(app)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert view.phase == "ready" and app.store.runs(mini.id) == []


@sync
async def test_screening_is_asked_before_a_first_practice_from_the_list(make_app: AppFactory, mini: Course) -> None:
    course = screened(mini)
    app = make_app(course)
    met_tremor(app, course)
    async with app.run_test(size=(80, 30)) as pilot:
        await open_list(app, pilot)
        await practise_first(app, pilot)
        await pass_gate(app, pilot)
        await start(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        await answer(app, pilot, pregnant=False, seizures=True, balance=False)
        assert isinstance(app.screen, GuidanceScreen)
        assert "This practice is closed for now" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(exercise(app), ExerciseView) and not exercise(app).running
        assert app.store.runs(course.id) == []


@sync
async def test_dose_limits_apply_to_a_practice_from_the_list(make_app: AppFactory, mini: Course) -> None:
    course = resting(mini)
    app = make_app(course)
    met_tremor(app, course)
    app.store.start_run(course.id, "shake", "tremor", "earlier")
    app.store.end_run("earlier", "finished", 120)
    # Rated after: a run of today not rated after would be shown as it ended, its check-in after offered.
    app.store.record_checkin(course.id, "shake", "tremor", "tension", "after", 3, "earlier")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        text = screen_text(app)
        assert "Resting for now" in text
        assert "Practised once, 2 min in all." in text
        await practise_first(app, pilot)
        # Closed for now: no gate to clear, the reason on screen and a Start that does nothing.
        assert isinstance(app.screen, PlayerScreen)
        view = exercise(app)
        assert view.closed is not None and view.closed.label == "Resting for now"
        assert "a day of rest between sessions" in view.closed.reason
        assert "Resting for now" in screen_text(app)
        view.request_start()
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen) and "Not just now" in screen_text(app)
        assert len(app.store.runs(course.id)) == 1


@sync
async def test_the_palette_opens_the_practice_list_from_a_lesson(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    met_tremor(app, mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        await app.action_practice()
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["CourseMapScreen", "PracticeScreen"]
        # From a practice on its own, a lesson opens in the lesson player over the map.
        await practise_first(app, pilot)
        await pass_gate(app, pilot)
        await app._open_lesson("intro")
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack] == ["CourseMapScreen", "PlayerScreen"]
        player = app.screen
        assert isinstance(player, PlayerScreen) and not player.practice
        # The journal from a practice leaves the practice and the list.
        await app.action_practice()
        await settle(pilot)
        await practise_first(app, pilot)
        await pass_gate(app, pilot)
        await app.action_journal()
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack] == ["CourseMapScreen", "JournalScreen"]


@sync
async def test_the_lesson_summary_shows_the_practice_history(
    make_app: AppFactory, mini: Course, utc_local_time: None
) -> None:
    app = make_app(mini)
    store = app.store
    store.start_run(mini.id, "shake", "tremor", "run-1")
    store.record_checkin(mini.id, "shake", "tremor", "distress", "before", 6, "run-1")
    store.end_run("run-1", "ended", 75)
    store.record_checkin(mini.id, "shake", "tremor", "distress", "after", 3, "run-1")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await app.open_place(app.session.journey.place_of("shake", "~summary"))
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.query(SummaryView)
        text = screen_text(app)
        assert "Your practice" in text
        assert "Gentle tremor: Practised once, 1 min 15 s in all." in text
        assert "1 May 2024, 09:30 · 1 min 15 s · stopped early · Distress 6 → 3" in text


@sync
async def test_up_and_down_move_between_exercises_and_the_focus_comes_back(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.set_position(mini.id, "shake", "breathe")
    async with app.run_test(size=(60, 20)) as pilot:
        await open_list(app, pilot)
        await pilot.press("down", "down", "down")  # the last one stays
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "practise-1"
        await pilot.press("enter")
        await settle(pilot, 2)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.practice
        assert exercise(app).step.id == "breathe"
        await pilot.press("escape")
        await settle(pilot, 2)
        assert isinstance(app.screen, PracticeScreen)
        assert app.focused is not None and app.focused.id == "practise-1"
        await pilot.press("up", "enter")  # the body's own up (scrolling) does not take the key
        await settle(pilot, 2)
        assert isinstance(app.screen, SafetyGateScreen)
