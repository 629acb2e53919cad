"""Quiz answers are one key away, arrows stop at the ends, and every choice is shown in full."""

from __future__ import annotations

import dataclasses

from unclench.course import Course, QuizStep
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.choice_list import ChoiceList
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS
from unclench.tui.widgets.quiz_view import CHECK_ANOTHER, NOT_CHECKED_YET, QuizView

from .conftest import AppFactory, FakeClock
from .helpers import click, screen_text, settle, sync

SINGLE = Place("intro", 2)
MULTIPLE = Place("second", 1)


def quiz(app: UnclenchApp) -> QuizView:
    player = app.screen
    assert isinstance(player, PlayerScreen)
    view = player.view
    assert isinstance(view, QuizView)
    return view


@sync
async def test_a_number_key_picks_and_checks_a_single_answer(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        view = quiz(app)
        right = next(p for p, i in enumerate(view.order) if view.step.choices[i].correct)
        await pilot.press(str(right + 1))
        await settle(pilot)
        attempts = app.store.quiz_attempts(mini.id, "intro", "check")
        assert [a.correct for a in attempts] == [True]
        assert "That's right" in screen_text(app)


@sync
async def test_a_stray_number_after_a_right_answer_records_nothing(make_app: AppFactory, mini: Course) -> None:
    """A stranger's stray 2 after "That's right" recorded a wrong attempt; then, picking only, a stray 1 replaced
    the verdict with "Not checked yet". Now a number key leaves a right answer as it is, and says so once."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        view = quiz(app)
        right = next(p for p, i in enumerate(view.order) if view.step.choices[i].correct)
        wrong = next(p for p, i in enumerate(view.order) if not view.step.choices[i].correct)
        await pilot.press(str(right + 1))
        await settle(pilot)
        await pilot.press(str(wrong + 1), str(wrong + 1), str(right + 1))
        await settle(pilot)
        assert [a.correct for a in app.store.quiz_attempts(mini.id, "intro", "check")] == [True]
        words = " ".join(screen_text(app).split())
        assert words.count("You answered this one right") == 1
        assert "That's right" in words and NOT_CHECKED_YET not in words
        assert view.chosen() == {view.order[right]}
        assert app.store.quiz_choice(mini.id, "intro", "check") == ()  # no pick remembered either
        # The arrows and Enter check another choice only when meant: a stranger pressed Down to scroll to the
        # explanation, then Enter, and "✓ That's right" became "✗ Not quite". The first Enter asks; Enter again at
        # once (by habit) does nothing; Enter once that was read checks it.
        await pilot.press(*(["down"] * (wrong - right) if wrong > right else ["up"] * (right - wrong)))
        await settle(pilot)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert [a.correct for a in app.store.quiz_attempts(mini.id, "intro", "check")] == [True]
        said = [notice.message for notice in app._notifications]
        assert said.count(CHECK_ANOTHER) == 1
        clock = app.session.clock
        assert isinstance(clock, FakeClock)
        clock.advance(WARNING_READ_SECONDS)
        await pilot.press("enter")
        await settle(pilot)
        assert [a.correct for a in app.store.quiz_attempts(mini.id, "intro", "check")] == [True, False]


@sync
async def test_repeated_enter_with_nothing_chosen_says_choose_first_once(make_app: AppFactory, mini: Course) -> None:
    """A stranger's repeated Enter stacked "Choose an answer first." notices over the feedback."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        assert told.count("Choose an answer first.") == 1


@sync
async def test_enter_on_arriving_at_a_quiz_checks_nothing(make_app: AppFactory, mini: Course) -> None:
    """A stranger arrived with n and pressed Enter by habit: the first choice was checked, a wrong answer recorded."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert app.store.quiz_attempts(mini.id, "intro", "check") == []
        assert quiz(app).chosen() == frozenset()
        await pilot.press("down", "enter")  # a deliberate pick, then Enter: checked
        await settle(pilot)
        assert len(app.store.quiz_attempts(mini.id, "intro", "check")) == 1


@sync
async def test_arrows_stop_at_the_ends_and_home_end_leave_the_choice_alone(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        choices = app.screen.query_one("#choices", ChoiceList)
        assert app.focused is choices and choices.highlighted is None  # nothing is picked for the learner
        await pilot.press("up", "up")
        assert choices.highlighted == 0, "Up does not wrap round to the last choice"
        await pilot.press(*["down"] * (len(choices.texts) + 3))
        assert choices.highlighted == len(choices.texts) - 1, "Down stops at the last choice"
        await pilot.press("home", "end", "pageup", "pagedown", "space")
        await settle(pilot)
        assert choices.highlighted == len(choices.texts) - 1
        assert choices.chosen == {len(choices.texts) - 1}  # Space picked it, without checking
        assert app.store.quiz_attempts(mini.id, "intro", "check") == []
        assert "(•)" in screen_text(app) and "›" in screen_text(app)


@sync
async def test_enter_again_on_a_checked_answer_records_no_new_attempt(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Enter again after checking: every press recorded another attempt (4 where they meant 2)."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        view = quiz(app)
        wrong = next(p for p, i in enumerate(view.order) if not view.step.choices[i].correct)
        right = next(p for p, i in enumerate(view.order) if view.step.choices[i].correct)
        await pilot.press(str(wrong + 1), "enter", "enter")
        await settle(pilot)
        await click(pilot, "#check")
        await settle(pilot)
        assert [a.correct for a in app.store.quiz_attempts(mini.id, "intro", "check")] == [False]
        view.query_one(ChoiceList).focus()
        await pilot.press(str(right + 1), "enter", "enter")  # a new answer is a new attempt; its repeats are not
        await settle(pilot)
        assert [a.correct for a in app.store.quiz_attempts(mini.id, "intro", "check")] == [False, True]
        shown = screen_text(app).count("checked this")
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert shown >= 1 and screen_text(app).count("checked this") == shown  # said once, not a notice per Enter
    # Coming back, the last answer is shown; checking it again records nothing either.
    app2 = make_app(mini)  # the same data folder
    async with app2.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app2.open_place(SINGLE)
        await settle(pilot)
        await pilot.press("enter")
        await click(pilot, "#check")
        await settle(pilot)
        assert [a.correct for a in app2.store.quiz_attempts(mini.id, "intro", "check")] == [False, True]


@sync
async def test_multiple_answers_tick_with_space_or_numbers_and_check_with_enter(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(MULTIPLE)
        await settle(pilot)
        view = quiz(app)
        rights = [p for p, i in enumerate(view.order) if view.step.choices[i].correct]
        await pilot.press(*(str(p + 1) for p in rights))
        await settle(pilot)
        assert app.store.quiz_attempts(mini.id, "second", "many") == []  # ticking does not check
        assert screen_text(app).count("[x]") == len(rights)
        await pilot.press("1", "1", "enter")  # tick and untick the first; Enter checks
        await settle(pilot)
        attempts = app.store.quiz_attempts(mini.id, "second", "many")
        assert [a.correct for a in attempts] == [True]
        text = screen_text(app)
        assert text.count("Choose all that apply") <= 1


@sync
async def test_long_choices_wrap_in_full_at_60x20(make_app: AppFactory, mini: Course) -> None:
    step = mini.lessons["intro"].steps[2]
    assert isinstance(step, QuizStep)
    long_texts = [
        f"Choice {n}: a long answer that goes on well past the width of a small terminal, ending in WORD{n}"
        for n in range(len(step.choices))
    ]
    choices = tuple(dataclasses.replace(c, text=t) for c, t in zip(step.choices, long_texts, strict=True))
    steps = list(mini.lessons["intro"].steps)
    steps[2] = dataclasses.replace(step, choices=choices)
    lesson = dataclasses.replace(mini.lessons["intro"], steps=tuple(steps))
    course = dataclasses.replace(mini, lessons={**mini.lessons, "intro": lesson})
    app = make_app(course)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        text = screen_text(app)
        assert "…" not in text
        for n in range(len(step.choices)):
            assert f"WORD{n}" in text


@sync
async def test_choose_first_does_not_outlive_its_quiz(make_app: AppFactory, mini: Course) -> None:
    """A stranger read "Choose an answer first." on the next step, over a quiz they had not touched."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await app.open_place(SINGLE)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Choose an answer first." in [str(n.message) for n in app._notifications]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.place != SINGLE  # type: ignore[attr-defined]
        assert "Choose an answer first." not in [str(n.message) for n in app._notifications]
