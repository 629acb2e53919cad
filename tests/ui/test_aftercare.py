"""After an exercise: a run rated worse, or hard, is met with a calm word, in a lesson and from the Practice list."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot

from unclench.course import Course
from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.app import KIND_WORD_TITLE, UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.interrupted import InterruptedRunScreen
from unclench.tui.screens.player import HELD_WHILE_COVERED, PlayerScreen
from unclench.tui.screens.recommended_order import RecommendedOrderScreen
from unclench.tui.screens.support import SupportScreen
from unclench.tui.stopping import STOP_EXERCISE, stop_keys
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS, ExerciseView
from unclench.tui.widgets.quiz_view import CHECKED_ALREADY
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory, FakeClock
from .helpers import click, keys_at_once, open_at, screen_text, settle, sync
from .practising import (
    after_a_crash_mid_run,
    exercise,
    open_tremor,
    pass_gate,
    rate,
    rate_interrupted_run,
    save_after,
    start,
    start_breathing,
    start_then_stop_early,
)
from .test_practice_list import met_tremor, open_list, practise_first
from .test_quiz_keys import MULTIPLE

#: The bundled course's breathing practice (tension and calm, neither with an alert level).
BREATHING = Place("settling-breath", 1)


@pytest.fixture(scope="module")
def bundled() -> Course:
    return load_course(bundled_course_root())


async def open_breathing(app: UnclenchApp, pilot: Pilot[Any]) -> None:
    await open_at(pilot, BREATHING)
    if isinstance(app.screen, RecommendedOrderScreen):
        await click(pilot, "#order-anyway")
        await settle(pilot, 2)
    assert isinstance(app.screen, PlayerScreen) and app.screen.place == BREATHING


def kind_word_shown(app: UnclenchApp) -> str:
    """The kind word's text as read, lines joined (asserting it is on screen)."""
    assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == KIND_WORD_TITLE
    return " ".join(re.sub(r"[┃│▆▁▂▃▄▅▇█]", " ", screen_text(app)).split())


@sync
async def test_feeling_worse_after_a_breathing_practice_gets_a_calm_word(make_app: AppFactory, bundled: Course) -> None:
    """A stranger rated tension 7 then 9 and calm 3 then 1 after "I'm OK": they were told only "saved"."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "7")
        await rate(pilot, view, "before-calm", "3")
        await start_then_stop_early(pilot)  # s after a moment, then "I'm OK"
        await rate(pilot, view, "after-tension", "9")
        await rate(pilot, view, "after-calm", "1")
        await save_after(pilot)
        text = kind_word_shown(app)
        assert "your tension is higher than before and your calm is lower than before" in text
        assert "it is OK" in text and "fine to stop" in text and "f2" in text
        # Enter by habit does not close it unread; the support card is one key away.
        await pilot.press("enter", "enter")
        await settle(pilot)
        kind_word_shown(app)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        # Nothing closes and nothing but the ratings is recorded: no crisis follow-up for this.
        assert view.closed is None
        assert [r.follow_up for r in app.store.runs(bundled.id)] == [False]
        after = [(c.measure_id, c.rating) for c in app.store.checkins(bundled.id) if c.phase == "after"]
        assert after == [("tension", 9), ("calm", 1)]


@sync
async def test_the_calm_word_has_close_focused_and_enter_closes_it_once_past_the_burst(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger's Enter did nothing on "If this feels hard right now" until Tab: no button had the focus."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "7")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "9")
        await save_after(pilot)
        kind_word_shown(app)
        assert app.focused is not None and app.focused.id == "guidance-close"  # the gentle default, as elsewhere
        await pilot.press("enter")  # straight after the Enter that saved: of the same burst, it does nothing
        await settle(pilot)
        kind_word_shown(app)
        await pilot.pause(WARNING_READ_SECONDS + 0.05)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)


@sync
async def test_a_tension_of_10_then_9_is_still_high_not_higher(make_app: AppFactory, bundled: Course) -> None:
    """A stranger rated tension 10 then 9 and calm 5 then 6, and was told their tension was "higher than before"."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "10")
        await rate(pilot, view, "before-calm", "5")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "9")
        await rate(pilot, view, "after-calm", "6")
        await save_after(pilot)
        text = kind_word_shown(app)
        assert "After the exercise, your tension is still high, though lower than before. That can happen" in text
        assert "higher than before" not in text and "calm" not in text.split("That can happen")[0]


@sync
async def test_better_after_gets_no_kind_word(make_app: AppFactory, bundled: Course) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_breathing(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-tension", "7")
        await rate(pilot, view, "before-calm", "3")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "5")
        await rate(pilot, view, "after-calm", "6")
        await save_after(pilot)
        assert isinstance(app.screen, PlayerScreen)


@sync
async def test_a_hard_rating_after_a_full_run_from_the_practice_list_gets_the_kind_word(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger rated tension 10 after a full run from the Practice list: nothing was said."""
    course = mini
    clock = FakeClock()
    app = make_app(course, clock=clock)
    met_tremor(app, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await practise_first(app, pilot)
        view = await open_tremor_in_place(app, pilot)
        await start(pilot)
        clock.advance(121)
        await pilot.pause(0.4)
        await settle(pilot)
        assert view.phase == "finished"
        await rate(pilot, view, "after-tension", "10")
        await save_after(pilot)
        text = kind_word_shown(app)
        assert "your tension is high" in text
        await click(pilot, "#guidance-card")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        assert [r.follow_up for r in app.store.runs(course.id)] == [False]


async def open_tremor_in_place(app: UnclenchApp, pilot: Pilot[Any]) -> ExerciseView:
    """The practice opened from the list shows its gate: pass it."""
    await pass_gate(app, pilot)
    return exercise(app)


@sync
async def test_an_alarming_rating_still_leads_to_the_follow_up_not_the_kind_word(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tremor(app, pilot)
        await rate(pilot, view, "before-tension", "2")
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "9")
        await rate(pilot, view, "after-distress", "8")
        await save_after(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        assert "Please take care of yourself" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)  # one box, not the kind word after it


# -- notices about a state go when the state ends ---------------------------------------------------


def still_on(app: UnclenchApp, player: PlayerScreen, view: ExerciseView) -> bool:
    """Whether ``player`` is on top, showing ``view`` (a function: mypy would narrow both by an inline ``is``)."""
    return app.screen is player and player.view is view


def notices(app: UnclenchApp) -> list[str]:
    return [notification.message for notification in app._notifications]


@sync
async def test_still_running_goes_when_the_exercise_ends(make_app: AppFactory, mini: Course) -> None:
    """A stranger read "The exercise is still running" over the "Take a moment" box after it had ended."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_breathing(app, pilot)
        await settle(pilot)
        await pilot.press("n")  # by habit, while it runs
        await settle(pilot)
        assert any("still running" in message for message in notices(app))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        assert not any("still running" in message for message in notices(app))
        assert "still running" not in screen_text(app)


@sync
async def test_timer_paused_goes_when_the_box_closes(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini, clock=FakeClock())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        view = await start_breathing(app, pilot)
        await settle(pilot)
        await pilot.press("ctrl+k")  # a box that does not say it itself (help and the support card do)
        await settle(pilot)
        assert HELD_WHILE_COVERED in notices(app)
        await pilot.press("escape")
        await settle(pilot)
        assert view.phase == "running"
        assert HELD_WHILE_COVERED not in notices(app)


@sync
async def test_ratings_not_saved_goes_once_they_are_saved(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        view = await open_tremor(app, pilot)
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "3")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert ExerciseView.UNSAVED_AFTER in notices(app)
        await pilot.press("enter")  # on Save ratings, where the notice put the focus
        await settle(pilot)
        assert ExerciseView.UNSAVED_AFTER not in notices(app)
        assert "Your ratings are saved." in notices(app)


@sync
async def test_checked_already_is_said_under_the_feedback_not_over_it(make_app: AppFactory, mini: Course) -> None:
    """A stranger's "You have checked this answer already." covered "The right answer, explained:"."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_at(pilot, MULTIPLE)
        await pilot.press("3", "enter")  # Water: wrong
        await settle(pilot)
        await pilot.press("1", "enter")  # Adrenaline and water: wrong again, so the right answers are explained
        await settle(pilot)
        assert "explained" in screen_text(app)
        await pilot.press("enter")  # by habit, on the answer just checked
        await settle(pilot)
        assert CHECKED_ALREADY not in notices(app)
        text = screen_text(app)
        assert CHECKED_ALREADY in text and "explained" in text


# -- a burst of two leaves does not let unsaved ratings go ------------------------------------------


@pytest.mark.parametrize("leave", ["escape", "n"])
@sync
async def test_a_burst_of_two_leaves_keeps_the_ratings_picked_after_a_run(
    make_app: AppFactory, mini: Course, leave: str
) -> None:
    """A stranger's two habit Escapes on a practice from the list lost the ratings picked after the run.

    The first leave says they are not saved; a second one in the same burst, before that could be
    read, keeps them and the learner where they are. Once the warning was on screen long enough, a
    leave lets them go (saving stays the learner's choice).
    """
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    met_tremor(app, mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        if leave == "escape":
            await open_list(app, pilot)
            await practise_first(app, pilot)
            view = await open_tremor_in_place(app, pilot)
        else:
            view = await open_tremor(app, pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await start_then_stop_early(pilot)
        await rate(pilot, view, "after-tension", "3")
        keys_at_once(app, leave, leave)
        await settle(pilot, 3)
        assert still_on(app, player, view)  # still on the exercise
        assert view.query_one("#after-tension", RatingScale).value == 3  # picked, not saved, not gone
        assert notices(app).count(ExerciseView.UNSAVED_AFTER) == 1
        await pilot.press(leave)  # still within the moment: nothing new
        await settle(pilot)
        assert still_on(app, player, view)
        clock.advance(WARNING_READ_SECONDS)
        await pilot.press(leave)
        await settle(pilot)
        assert not still_on(app, player, view)
    assert [c for c in app.store.checkins(mini.id) if c.phase == "after"] == []


# -- the stop key is named before the eyes close ---------------------------------------------------


def test_the_stop_keys_named_are_the_ones_bound() -> None:
    bound = [b for b in PlayerScreen.BINDINGS if isinstance(b, Binding) and b.action == "stop_exercise"]
    assert bound == [STOP_EXERCISE]
    assert stop_keys() == "s or Escape"


@sync
async def test_the_gate_and_the_ready_exercise_name_the_stop_key(make_app: AppFactory, mini: Course) -> None:
    """The safety notes promise "the stop key (shown on screen during the exercise)": a stranger about
    to lie down with eyes closed was not told which key it was until the run had started."""
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_at(pilot, Place("shake", 1))
        assert isinstance(app.screen, SafetyGateScreen)
        assert f"press {stop_keys()} to end it at once" in " ".join(screen_text(app).replace("┃", " ").split())
        await pass_gate(app, pilot)
        view = exercise(app)
        view.query_one("#stop-hint").scroll_visible(animate=False, immediate=True)
        await settle(pilot)
        assert view.phase == "ready"
        assert f"press {stop_keys()}" in " ".join(screen_text(app).replace("│", " ").split())
        await start(pilot)
        assert not view.query_one("#stop-hint").display  # the stop panel and the footer say it now


@sync
async def test_a_hard_rating_after_an_interrupted_run_gets_the_kind_word(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    app = after_a_crash_mid_run(make_app, mini, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        assert isinstance(app.screen, InterruptedRunScreen)
        await rate_interrupted_run(pilot, "after-tension", "9")
        assert "your tension is high" in kind_word_shown(app)
        await pilot.press("escape")
        await settle(pilot, 2)
        assert not isinstance(app.screen, (GuidanceScreen, InterruptedRunScreen))
    assert [(r.outcome, r.follow_up) for r in app.store.runs(mini.id)] == [("interrupted", False)]
    assert [(c.measure_id, c.rating) for c in app.store.checkins(mini.id) if c.phase == "after"] == [("tension", 9)]
