"""Stopping and distress: grounding starts at a high rating before it; a stop's burst does not answer the box after."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button

from unclench.course import Course
from unclench.journey import Place
from unclench.practice import CLEARANCE_SECONDS, safety_subject
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import NO_DEFAULT_HINT, GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import GROUNDING_PRACTICE_OFFER, BackTo, PlayerScreen
from unclench.tui.screens.recommended_order import RecommendedOrderScreen
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS

from .conftest import AppFactory, FakeClock
from .helpers import click, keys_at_once, open_at, press, screen_text, settle, sync
from .practising import exercise, pass_gate, rate, start, start_breathing

#: The bundled course's "Two minutes of grounding" (calm and distress; distress alerts at 8).
GROUNDING = Place("when-feelings-surface", 4)


@sync
async def test_grounding_is_not_refused_at_high_distress_and_names_the_support_card(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger rated distress 10 before "Two minutes of grounding" and was told to ground first instead."""
    app = make_app(bundled)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_at(pilot, GROUNDING)
        if isinstance(app.screen, RecommendedOrderScreen):
            await click(pilot, "#order-anyway")
            await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == GROUNDING
        view = exercise(app)
        assert view.step.grounding
        await rate(pilot, view, "before-distress", "10")
        await start(pilot)
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen), "no 'Ground yourself first' box"
        assert view.running
        said = [str(n.message) for n in app._notifications]
        assert any("distress rating is high" in m and "f2 for the support card" in m for m in said), said
        assert "Ground yourself first" not in screen_text(app)
        await pilot.press("s")  # stopping works as ever
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Take a moment"
    runs = app.store.runs(bundled.id)
    assert [(run.step_id, run.outcome) for run in runs] == [("grounding-practice", "ended")]


@sync
async def test_a_second_escape_of_the_stop_does_not_close_take_a_moment_unanswered(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger pressed Escape three times: the run stopped, "Take a moment" closed unanswered, the lesson left.

    Escape is the stop key; the Escapes after it, in the same burst, are not an answer to the box
    that the stop opened. Escape once the box has been on screen a moment still closes it.
    """
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        await settle(pilot)
        keys_at_once(app, "escape", "escape", "escape")
        await settle(pilot, 3)
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Take a moment"
        assert not view.running
        await pilot.press("escape", "escape")  # still within the moment
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Take a moment"
        await pilot.pause(WARNING_READ_SECONDS + 0.1)
        await pilot.press("escape")  # read, then closed on purpose: as before, no answer given
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.view is view
    [run] = app.store.runs(mini.id)
    assert (run.outcome, run.follow_up) == ("ended", False)


@sync
async def test_escape_pressed_again_and_again_never_closes_take_a_moment(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Escape again and again after stopping: the third, a moment on, closed the box unanswered.

    "Take a moment" asks how someone is after stopping early ("I'm not OK" leads to support). Escapes pressed
    in a run, each sooner than a moment after the one before, are habit, not an answer: the box stays, with its
    buttons on screen. One Escape after a pause still closes it (no answer given), as before.
    """
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        await settle(pilot)
        await pilot.press("escape")  # the stop key
        await settle(pilot)
        box = app.screen
        assert isinstance(box, GuidanceScreen) and box.title_text == "Take a moment"
        assert not view.running
        for _ in range(8):  # three times as long as the moment the box waits after opening
            await pilot.pause(WARNING_READ_SECONDS * 0.4)
            await pilot.press("escape")
        await settle(pilot)
        assert app.screen is box, "an Escape of a run of them closed 'Take a moment' unanswered"
        shown = screen_text(app)
        assert "I'm OK" in shown and "I'm not OK" in shown
        assert " ".join(NO_DEFAULT_HINT.split()) in " ".join(shown.replace("┃", " ").split())  # the ways out
        assert [(run.outcome, run.follow_up) for run in app.store.runs(mini.id)] == [("ended", False)]
        await pilot.pause(WARNING_READ_SECONDS + 0.1)
        await pilot.press("escape")  # one, after a pause: closed on purpose
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.view is view
    [run] = app.store.runs(mini.id)
    assert (run.outcome, run.follow_up) == ("ended", False)


#: The bundled course's tremor practice (distress alerts at 8; no "Start anyway").
GENTLE_TREMOR = Place("first-tremor-practice", 4)


async def rated_9_before_tremor(app: UnclenchApp, pilot: Pilot[Any]) -> None:
    """Open the bundled tremor practice (its gate passed), rate distress 9 and press Start: "Ground yourself first"."""
    await open_at(pilot, GENTLE_TREMOR, asked=True)
    if isinstance(app.screen, SafetyGateScreen):
        await pass_gate(app, pilot)
    await rate(pilot, exercise(app), "before-distress", "9")
    await start(pilot)
    assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Ground yourself first"


@sync
async def test_a_high_rating_before_tremor_practice_offers_the_grounding_practice_met(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger at distress 9 found "Ground first" only closed the box. Once the learner has met the course's
    grounding practice, the box offers it: it opens on its own, and the learner's place stays at the tremor step."""
    app = make_app(bundled)
    app.store.mark_lesson_done(bundled.id, GROUNDING.lesson_id)  # the grounding practice is met
    async with app.run_test(size=(80, 24)) as pilot:
        await rated_9_before_tremor(app, pilot)
        assert " ".join(GROUNDING_PRACTICE_OFFER.split()[:6]) in " ".join(screen_text(app).split())
        assert app.focused is not None and app.focused.id == "guidance-ground"  # the default closes the box
        await click(pilot, "#guidance-grounding")
        await settle(pilot, 3)
        player = app.player()
        assert player is not None and app.screen is player
        assert player.practice and player.place == GROUNDING
        assert app.store.runs(bundled.id) == []  # nothing started on the way
    position = app.store.position(bundled.id)
    assert position is not None and (position.lesson_id, position.step_id) == ("first-tremor-practice", "gentle-tremor")


@sync
async def test_before_the_grounding_practice_is_met_the_box_offers_only_grounding_in_words(
    make_app: AppFactory, bundled: Course
) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await rated_9_before_tremor(app, pilot)
        assert not app.screen.query("#guidance-grounding")
        # The one button closes the box; its words say so (a stranger expected "Ground first" to ground them).
        assert str(app.screen.query_one("#guidance-ground", Button).label) == "I will ground first"


@sync
async def test_escape_from_the_grounding_practice_offered_at_a_high_rating_goes_back_to_the_lesson(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger at distress 9 chose the grounding practice; Escape led to the Practice list, a second to the map."""
    app = make_app(bundled)
    app.store.mark_lesson_done(bundled.id, GROUNDING.lesson_id)  # the grounding practice is met
    async with app.run_test(size=(60, 20)) as pilot:
        await rated_9_before_tremor(app, pilot)
        await click(pilot, "#guidance-grounding")
        await settle(pilot, 3)
        player = app.player()
        assert player is not None and player.practice and player.place == GROUNDING
        assert "esc Lesson" in screen_text(app)  # the footer says where Escape leads
        await pilot.press("escape")
        await settle(pilot, 4)
        back = app.player()
        assert back is not None and app.screen is back
        assert not back.practice and back.place == GENTLE_TREMOR
        await pilot.press("escape")
        await settle(pilot, 2)
        from unclench.tui.screens.course_map import CourseMapScreen

        assert isinstance(app.screen, CourseMapScreen)  # from the lesson, as from any lesson
    position = app.store.position(bundled.id)
    assert position is not None and (position.lesson_id, position.step_id) == ("first-tremor-practice", "gentle-tremor")


async def grounded_and_back(app: UnclenchApp, pilot: Pilot[Any]) -> PlayerScreen:
    """At distress 9 before the tremor practice (its gate passed): the grounding practice offered, then Escape back.

    The grounding practice must be met (its lesson done). Returns the lesson player back at the tremor step.
    """
    await rated_9_before_tremor(app, pilot)
    await click(pilot, "#guidance-grounding")
    await settle(pilot, 3)
    grounding = app.player()
    assert grounding is not None and grounding.practice and grounding.place == GROUNDING
    await pilot.press("escape")
    await settle(pilot, 4)
    back = app.player()
    assert back is not None and not back.practice and back.place == GENTLE_TREMOR
    return back


def grounding_met_and_screened(make_app: AppFactory, bundled: Course, **options: Any) -> UnclenchApp:
    """An app on the bundled course whose grounding practice is met and whose screening is answered (no closing)."""
    app = make_app(bundled, **options)
    app.store.mark_lesson_done(bundled.id, GROUNDING.lesson_id)
    for question in bundled.screening:
        app.store.set_screening_answer(bundled.id, question.id, False)
    return app


def gates(app: UnclenchApp) -> list[SafetyGateScreen]:
    """The safety gates open (anywhere in the screen stack)."""
    return [screen for screen in app.screen_stack if isinstance(screen, SafetyGateScreen)]


def tremor_acknowledgements(app: UnclenchApp, course: Course) -> int:
    """How many times the tremor practice's safety notes were acknowledged, in the record."""
    subject = safety_subject(GENTLE_TREMOR.lesson_id, "gentle-tremor")
    return sum(ack.subject_id == subject for ack in app.store.record(course.id).acknowledgements)


@sync
async def test_back_from_grounding_the_safety_notes_just_passed_do_not_open_again(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger at distress 9 ticked the safety notes, grounded, and pressed Escape back to the tremor practice:
    the notes opened again at once, minutes after they ticked them ("pushy"). The gate passed goes with them: back
    at the step nothing opens, and Start, while the gate still accepts that pass, starts without asking again."""
    app = grounding_met_and_screened(make_app, bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        back = await grounded_and_back(app, pilot)
        assert app.screen is back and not gates(app), "the safety notes opened again on arrival"
        view = exercise(app)
        assert str(view.query_one("#start", Button).label) == "Start"
        await rate(pilot, view, "before-distress", "3")
        await start(pilot)
        assert app.screen is back and not gates(app)
        assert view.running and back.exercise_running
    assert [run.step_id for run in app.store.runs(bundled.id)] == ["gentle-tremor"]  # one run, the one started
    assert tremor_acknowledgements(app, bundled) == 1  # the one the learner gave before grounding


@sync
async def test_back_from_grounding_after_the_pass_grew_old_start_asks_for_the_gate(
    make_app: AppFactory, bundled: Course
) -> None:
    clock = FakeClock()
    app = grounding_met_and_screened(make_app, bundled, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        back = await grounded_and_back(app, pilot)
        assert app.screen is back and not gates(app)
        clock.advance(CLEARANCE_SECONDS + 1)  # a long grounding: the pass no longer counts
        view = exercise(app)
        await rate(pilot, view, "before-distress", "3")
        await start(pilot)
        assert isinstance(app.screen, SafetyGateScreen) and not view.running
        await pass_gate(app, pilot)
        assert view.running
    assert tremor_acknowledgements(app, bundled) == 2


@sync
async def test_after_grounding_any_other_arrival_at_the_step_opens_its_gate_and_habit_keys_record_nothing(
    make_app: AppFactory, bundled: Course
) -> None:
    """Back from grounding, keys pressed by habit (Enter again and again, the arrows, n and p) start nothing and
    acknowledge nothing; moving away and back to the tremor practice opens its safety notes, as every arrival does."""
    app = grounding_met_and_screened(make_app, bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await grounded_and_back(app, pilot)
        before = app.store.record(bundled.id)
        await press(pilot, "enter", "enter", "enter", "down", "up", "enter", "enter")
        assert isinstance(app.screen, PlayerScreen) and not app.screen.exercise_running and not gates(app)
        for away, back in (("n", "p"), ("left", "right")):
            await press(pilot, away)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place != GENTLE_TREMOR
            await press(pilot, back)
            await settle(pilot, 2)
            assert isinstance(app.screen, SafetyGateScreen), f"no safety notes on arriving by {back}"
            await press(pilot, "enter", "enter", "enter")  # Enter never passes the gate
            assert isinstance(app.screen, SafetyGateScreen)
            await press(pilot, "escape")  # not now: the step, not started
            player = app.player()
            assert app.screen is player and player is not None and player.place == GENTLE_TREMOR
            assert not player.exercise_running
    after = app.store.record(bundled.id)
    assert after.runs == before.runs == ()
    assert after.checkins == before.checkins  # the 9 rated before grounding, and nothing since
    assert after.acknowledgements == before.acknowledgements
    assert after.screening == before.screening
    assert after.quiz_attempts == before.quiz_attempts and after.journal == before.journal


@sync
async def test_a_practice_opened_from_a_lesson_step_without_its_gate_passed_opens_the_gate_back_there(
    make_app: AppFactory, bundled: Course
) -> None:
    """Only a gate the learner passed at the step goes along: without one, arriving back opens the gate, as ever."""
    app = grounding_met_and_screened(make_app, bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.practise(GROUNDING, back_to=BackTo(GENTLE_TREMOR))
        await settle(pilot, 3)
        grounding = app.player()
        assert grounding is not None and grounding.practice and grounding.place == GROUNDING
        await pilot.press("escape")
        await settle(pilot, 4)
        assert isinstance(app.screen, SafetyGateScreen)
        player = app.player()
        assert player is not None and not player.practice and player.place == GENTLE_TREMOR


def said(app: UnclenchApp) -> list[str]:
    """The notices on screen."""
    return [str(n.message) for n in app._notifications]


@sync
async def test_back_from_grounding_start_without_rating_again_asks_for_a_rating_and_starts_nothing(
    make_app: AppFactory, bundled: Course
) -> None:
    """A stranger at distress 9 chose the grounding practice, pressed Escape at once, and back at the step (the
    scales empty) pressed Tab, Enter: the tremor practice started at distress 9 unasked. Start now asks for the
    distress rating first, naming the 9; keys pressed by habit record nothing; a fresh 9 is held back again."""
    app = grounding_met_and_screened(make_app, bundled)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        back = await grounded_and_back(app, pilot)
        view = exercise(app)
        before = app.store.record(bundled.id)
        await start(pilot)
        assert app.screen is back and not view.running and not back.exercise_running
        assert app.focused is view.query_one("#before-distress")
        assert any("distress rating was 9" in m and "rate how you feel now" in m for m in said(app)), said(app)
        # By habit: Enter again and again, the arrows, Tab and Enter (to Start), Escape: nothing starts.
        await press(pilot, "enter", "enter", "tab", "enter", "enter", "down", "up", "tab", "tab", "enter")
        assert app.screen is back and not view.running and not gates(app)
        after = app.store.record(bundled.id)
        assert after.runs == before.runs == ()
        assert after.checkins == before.checkins  # the 9 rated before grounding, and nothing since
        assert after.acknowledgements == before.acknowledgements
        await rate(pilot, view, "before-tension", "3")  # another measure is not the one held back
        await start(pilot)
        assert not view.running and app.focused is view.query_one("#before-distress")
        await rate(pilot, view, "before-distress", "9")  # a fresh high rating: held back again, as before
        await start(pilot)
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Ground yourself first"
        await press(pilot, "escape")
        await rate(pilot, view, "before-distress", "4")
        await start(pilot)
        assert app.screen is back and view.running and not gates(app)  # the gate passed before still holds
    runs = app.store.runs(bundled.id)
    assert [run.step_id for run in runs] == ["gentle-tremor"]
    [run] = runs
    assert {c.measure_id: c.rating for c in app.store.checkins(bundled.id, run.session_id)} == {
        "tension": 3,
        "distress": 4,
    }
