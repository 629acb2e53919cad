"""Screening questions before a first practice: asked, stored, closing, proceeding, reviewed."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Button, RadioSet

from unclench.course import Course, ScreeningQuestion
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import ANSWERS_SAVED, NOT_STARTED, PlayerScreen
from unclench.tui.screens.screening import HOW_TO_PICK, ScreeningScreen

from .conftest import AppFactory
from .helpers import click, screen_text, settle, sync
from .practising import TREMOR, exercise, pass_gate, start_tremor, with_tremor

PREGNANT = ScreeningQuestion("pregnant", "Are you pregnant?", "professional", "Ask your midwife first.", "TRE", True)
SEIZURES = ScreeningQuestion(
    "seizures", "Have you had a seizure?", "professional", "See your doctor first.", "TRE", False
)
BALANCE = ScreeningQuestion("balance", "Does a medicine affect your balance?", "advice", "Go gently.", "PAR-Q+", False)


def screened(course: Course) -> Course:
    changed = with_tremor(course, screening_ids=("pregnant", "seizures", "balance"))
    return dataclasses.replace(changed, screening=(PREGNANT, SEIZURES, BALANCE))


async def answer(app: UnclenchApp, pilot: object, **answers: bool) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    screen = app.screen
    assert isinstance(screen, ScreeningScreen)
    for question_id, yes in answers.items():
        await click(pilot, f"#screen-{question_id} RadioButton{':first-of-type' if yes else ':last-of-type'}")
        pressed = screen.query_one(f"#screen-{question_id}", RadioSet).pressed_button
        assert pressed is not None and pressed.name == ("yes" if yes else "no")
    await click(pilot, "#screening-save")
    await settle(pilot)


@sync
async def test_questions_are_asked_before_the_first_run_and_stored(make_app: AppFactory, mini: Course) -> None:
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        assert isinstance(app.screen, ScreeningScreen)
        text = screen_text(app)
        assert "Are you pregnant?" in text and "talk to a doctor or another professional" in text
        await click(pilot, "#screening-save")  # nothing answered: not saved, still asked
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen) and app.store.screening_answers(course.id) == []
        # Unanswered, each answer reads "( )" in text: no colour is needed to see nothing is chosen.
        assert "( ) Yes" in screen_text(app) and "(•)" not in screen_text(app)
        await click(pilot, "#screen-pregnant RadioButton:last-of-type")
        await settle(pilot)
        assert "(•) No" in screen_text(app)  # a stranger could not tell Yes from No without colour
        await answer(app, pilot, pregnant=False, seizures=False, balance=False)
        view = exercise(app)
        assert view.phase == "ready"  # saving the answers starts nothing: Start does, when the learner is ready
        assert {(a.question_id, a.answer) for a in app.store.screening_answers(course.id)} == {
            ("pregnant", False),
            ("seizures", False),
            ("balance", False),
        }


@sync
async def test_a_closing_yes_keeps_the_exercise_closed_with_a_deliberate_way_only_where_allowed(
    make_app: AppFactory, mini: Course
) -> None:
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        await answer(app, pilot, pregnant=True, seizures=False, balance=False)
        assert isinstance(app.screen, GuidanceScreen)
        text = screen_text(app)
        assert "Please check first" in text and "Ask your midwife first." in text
        assert "proceed anyway" in text and "you may go ahead" in text
        assert "stays closed" not in text  # a stranger read "stays closed" above a way to proceed
        await pilot.press("enter")  # the default is "Not now"
        await settle(pilot)
        view = exercise(app)
        assert view.phase == "ready" and isinstance(app.screen, PlayerScreen)
        await click(pilot, "#start")  # asked again: still closed
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        await click(pilot, "#guidance-proceed")
        await settle(pilot)
        assert view.phase == "ready" and app.focused is view.query_one("#start")  # proceeding is not starting
        await pilot.press("enter")
        await settle(pilot)
        if isinstance(app.screen, SafetyGateScreen):
            await pass_gate(app, pilot)
        assert view.phase == "running"


@sync
async def test_no_way_round_where_the_author_allows_none_until_the_answer_changes(
    make_app: AppFactory, mini: Course
) -> None:
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        await answer(app, pilot, pregnant=False, seizures=True, balance=True)
        assert isinstance(app.screen, GuidanceScreen)
        text = screen_text(app)
        assert "See your doctor first." in text and "proceed anyway" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert exercise(app).phase == "ready"
        # Reviewed and changed from the palette.
        app.action_screening()
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        assert "Does a medicine affect your balance?" in screen_text(app)
        await answer(app, pilot, seizures=False)
        assert {a.question_id: a.answer for a in app.store.screening_answers(course.id)}["seizures"] is False
        await click(pilot, "#start")
        await settle(pilot)
        if isinstance(app.screen, SafetyGateScreen):
            await pass_gate(app, pilot)
        assert exercise(app).phase == "running"


@sync
async def test_enter_pressed_by_habit_never_answers_a_screening_question(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Enter on "Are you pregnant?" and it turned to Yes (Textual's RadioSet toggles on Enter)."""
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("enter", "enter", "down", "enter", "up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        assert "(•)" not in screen_text(app)  # nothing picked
        text = screen_text(app)
        assert "›( ) Yes" in text  # the highlight reads without colour, in the focused set only
        assert text.count("›(") == 1
        await pilot.press("down", "space")  # a deliberate pick: No
        await settle(pilot)
        assert "›(•) No" in screen_text(app)
    assert app.store.screening_answers(course.id) == []  # nothing saved without "Save my answers"


@sync
async def test_the_arrows_stop_at_either_answer_and_never_wrap(make_app: AppFactory, mini: Course) -> None:
    """A stranger's Right on "No" went round to "Yes", and Space then saved "pregnant: yes" (the other way round
    it would turn a Yes into a No)."""
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("right", "right")  # past "No"
        await settle(pilot)
        assert "›( ) No" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        assert "›(•) No" in screen_text(app)
        await pilot.press("left", "left")  # past "Yes"
        await settle(pilot)
        assert "›( ) Yes" in screen_text(app)


@sync
async def test_not_now_after_answering_keeps_the_answers_for_this_session_and_says_so(
    make_app: AppFactory, mini: Course, tmp_path: object
) -> None:
    """A stranger answered every question, pressed Enter on what they took for "Save" (it was "Not now"):
    no word, and the next Start showed every answer blank. The focused button reads ``▶`` as in every
    other box, Not now says plainly nothing was saved, and the answers are there again next time."""
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        for _ in course.screening:
            await pilot.press("right", "space", "tab")  # No, picked, on to the next
        await settle(pilot)
        assert "▶ Save my answers" in screen_text(app)  # the focus reads in text, not in reverse video only
        await pilot.press("tab")
        await settle(pilot)
        assert "▶ Not now" in screen_text(app) and "▶ Save" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.store.screening_answers(course.id) == []  # Not now never writes the record
        said = " ".join(f"{n.title} {n.message}" for n in app._notifications)
        assert "not saved" in said.lower()
        await click(pilot, "#start")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        text = screen_text(app)
        assert text.count("(•) No") == len(course.screening) and "(•) Yes" not in text
        assert "picked earlier" in text and "not saved" in text  # the answers from earlier are named as unsaved
        await click(pilot, "#screening-save")
        await settle(pilot)
        assert {(a.question_id, a.answer) for a in app.store.screening_answers(course.id)} == {
            ("pregnant", False),
            ("seizures", False),
            ("balance", False),
        }


@sync
async def test_answers_left_with_not_now_are_never_kept_past_the_session(make_app: AppFactory, mini: Course) -> None:
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await start_tremor(app, pilot)
        await pilot.press("space")  # Yes to the first question
        await pilot.press("escape")
        await settle(pilot)
        assert app.store.screening_answers(course.id) == []
    again = make_app(course, acknowledged=False, cues=None)
    async with again.run_test(size=(80, 40)) as pilot:
        await start_tremor(again, pilot)
        assert isinstance(again.screen, ScreeningScreen)
        assert "(•)" not in screen_text(again) and "picked earlier" not in screen_text(again)


@sync
async def test_tab_goes_through_the_answers_then_the_buttons_and_each_question_stays_readable(
    make_app: AppFactory, mini: Course
) -> None:
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_tremor(app, pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        order = []
        for _ in range(len(course.screening) + 2):
            focused = app.focused
            assert focused is not None
            order.append(focused.id)
            await pilot.press("tab")
            await settle(pilot)
        assert order == [f"screen-{q.id}" for q in course.screening] + ["screening-save", "screening-leave"]
        assert app.focused is not None and app.focused.id == f"screen-{course.screening[0].id}"  # round again
        await pilot.press("shift+tab", "shift+tab")  # back past the buttons
        for question in reversed(course.screening):  # backwards too, each question is on screen with its answers
            await pilot.press("shift+tab")
            await settle(pilot)
            focused = app.focused
            assert focused is not None and focused.id == f"screen-{question.id}"
            assert question.question in screen_text(app)
        assert "Please answer honestly" in screen_text(app)  # the first shows the introduction too


@sync
async def test_a_high_rating_is_met_with_grounding_before_the_health_questions(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger who rated their distress 9 of 10 and pressed Start was asked six health questions, and only
    then told to ground themselves first. Grounding comes first; "Start anyway" still asks the questions."""
    from .practising import allowing_start_anyway, rate

    course = allowing_start_anyway(screened(mini))
    app = make_app(course)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await app.open_place(TREMOR)
        await settle(pilot)
        await pass_gate(app, pilot)
        view = exercise(app)
        await rate(pilot, view, "before-distress", "9")
        await click(pilot, "#start")
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen), type(app.screen).__name__
        assert "Ground yourself first" in screen_text(app)
        assert app.store.screening_answers(course.id) == []
        await click(pilot, "#guidance-anyway")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)  # a deliberate start still meets every question
        await answer(app, pilot, pregnant=False, seizures=False, balance=False)
        assert view.phase == "ready"
        await click(pilot, "#start")  # the start anyway still holds: the ratings are the same
        await settle(pilot)
        assert view.phase == "running"
        assert [(c.phase, c.rating) for c in app.store.checkins(course.id) if c.measure_id == "distress"] == [
            ("before", 9)
        ]


@sync
async def test_one_source_for_every_question_is_named_once_and_a_review_says_so(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger read the same long source under each of six questions, in a box titled "A few questions first"
    that they had opened to review their answers."""
    from unclench.tui.screens.screening import ScreeningScreen

    [source] = {question.source for question in bundled.screening}
    app = make_app(bundled)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        app.action_screening()
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        shown = [str(widget.render()) for widget in app.screen.query(".hint")]
        assert sum(source in text for text in shown) == 1  # once, above the questions
        assert "Your screening answers" in screen_text(app) and "A few questions first" not in screen_text(app)


@sync
async def test_long_questions_on_a_small_screen_never_leave_the_answers_with_the_focus_out_of_sight(
    make_app: AppFactory, mini: Course
) -> None:
    """A security tester's 280-character question and source at 60x20: Tab gave the focus to Yes/No below the
    fold (neither highlighted), and only Page Down showed them: a health answer could be picked blind."""
    long_question = "Have you ever " + "been told by a doctor about a condition of the heart or lungs, " * 4 + "Please?"
    long = dataclasses.replace(SEIZURES, question=long_question, source="A source " * 30)
    course = dataclasses.replace(screened(mini), screening=(PREGNANT, long, BALANCE))
    app = make_app(course)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_tremor(app, pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        assert HOW_TO_PICK in screen_text(app)  # how to pick is said on screen, not only in the README
        for question in course.screening:
            focused = app.focused
            assert focused is not None and focused.id == f"screen-{question.id}"
            body = screen.query_one("#screening-body")
            assert body.content_region.contains_region(focused.region), question.id
            assert "Yes" in screen_text(app) and "No" in screen_text(app)
            await pilot.press("tab")
            await settle(pilot, 2)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_saving_the_answers_starts_nothing_start_is_focused_and_starts_it(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    """A stranger rated, pressed Start, answered the questions and saved: the timer ran at once, though they still
    had to lie down. Back at the exercise, it is ready, Start has the focus, and a notice says so."""
    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40), notifications=True) as pilot:
        view = await start_tremor(app, pilot)
        await answer(app, pilot, pregnant=False, seizures=False, balance=True)  # a yes that means advice
        assert isinstance(app.screen, GuidanceScreen) and "Go gently." in screen_text(app)
        await click(pilot, "#guidance-ok")
        await pilot.resize_terminal(*size)
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and view.phase == "ready"
        assert app.store.runs(course.id) == []
        start = view.query_one("#start")
        assert app.focused is start and str(start.label) == "Start"  # the gate passed on arrival still holds
        assert [n.message for n in app._notifications] == [ANSWERS_SAVED + NOT_STARTED]
        await pilot.press("enter")  # the deliberate press
        await settle(pilot)
        assert view.phase == "running"
        assert not any(NOT_STARTED in n.message for n in app._notifications)  # no longer true: gone


@sync
async def test_start_says_what_it_leads_to_and_the_notes_follow_the_questions_by_themselves(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger who chose "Not now" at the safety notes pressed "Start" and met health questions, then, once
    they were saved, "Start" again and met the notes: nothing had said either was coming. Start now names the
    next thing, and once the answers are saved the notes open by themselves; passing them starts nothing."""
    from .helpers import open_at

    course = screened(mini)
    app = make_app(course)
    async with app.run_test(size=(80, 40), notifications=True) as pilot:
        await open_at(pilot, TREMOR)
        assert isinstance(app.screen, SafetyGateScreen)
        await pilot.press("escape")  # "Not now"
        await settle(pilot)
        view = exercise(app)
        start = view.query_one("#start", Button)
        assert str(start.label) == "Answer the health questions to start"
        await click(pilot, "#start")
        await settle(pilot)
        await answer(app, pilot, pregnant=False, seizures=False, balance=False)
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)  # the next thing Start asks for, opened at once
        await pass_gate(app, pilot)
        assert isinstance(app.screen, PlayerScreen) and view.phase == "ready"  # passing the notes starts nothing
        assert str(start.label) == "Start" and app.store.runs(course.id) == []
        await click(pilot, "#start")
        await settle(pilot)
        assert view.phase == "running"


@sync
async def test_with_the_questions_answered_start_names_the_notes(make_app: AppFactory, mini: Course) -> None:
    from .helpers import open_at

    course = screened(mini)
    app = make_app(course)
    for question in ("pregnant", "seizures", "balance"):
        app.store.set_screening_answer(course.id, question, False)
    async with app.run_test(size=(80, 40)) as pilot:
        await open_at(pilot, TREMOR)
        await pilot.press("escape")  # "Not now" at the notes
        await settle(pilot)
        assert str(exercise(app).query_one("#start", Button).label) == "Read the safety notes to start"
