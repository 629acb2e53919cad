"""Safe practice as domain objects: the gate, clearances, one exercise run and its ratings (no app)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from unclench.course import CheckinMeasure, Course, ExerciseStep
from unclench.loader import load_course
from unclench.practice import (
    CLEARANCE_SECONDS,
    AfterCare,
    DistressedBefore,
    ExerciseRun,
    NotCleared,
    RunPhase,
    at_worst_end,
    grounding_while_distressed_words,
    held_back_today,
    kind_word_text,
    near_worse_end,
    safety_gate,
    safety_subject,
    worst_after_words,
)
from unclench.store.rows import CheckinRecord

FIXTURE = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(FIXTURE)


def tremor_step(course: Course) -> ExerciseStep:
    step = course.lessons["shake"].steps[1]
    assert isinstance(step, ExerciseStep) and step.tremor
    return step


def breathe_step(course: Course) -> ExerciseStep:
    step = course.lessons["shake"].steps[2]
    assert isinstance(step, ExerciseStep) and not step.tremor
    return step


# -- the gate ---------------------------------------------------------------------


def test_tremor_exercise_has_a_gate_with_its_notes_then_the_always_shown(course: Course) -> None:
    gate = safety_gate(course, "shake", tremor_step(course))
    assert gate is not None
    assert gate.subject_id == safety_subject("shake", "tremor") == "shake:tremor"
    assert [n.id for n in gate.notes] == ["doctor-first", "stop-anytime"]
    assert "Check with a doctor first" in gate.text and "Straighten your legs" in gate.text
    assert gate.ack_kind == "safety"
    assert safety_gate(course, "shake", breathe_step(course)) is None
    assert safety_gate(course, "intro", course.lessons["intro"].steps[0]) is None


def test_any_exercise_naming_safety_notes_has_a_gate(course: Course) -> None:
    """A stranger named a safety note on a breathing exercise (not tremor): check said OK, and the note was never
    shown; the timer started at once. An exercise that names notes shows them first, every time, as tremor does."""
    step = dataclasses.replace(breathe_step(course), safety_ids=("doctor-first",))
    gate = safety_gate(course, "shake", step)
    assert gate is not None and [n.id for n in gate.notes] == ["doctor-first", "stop-anytime"]
    run = ExerciseRun(course, "shake", step)
    with pytest.raises(NotCleared):
        run.start(100.0)


def test_a_tremor_run_refuses_to_start_without_a_fresh_clearance(course: Course) -> None:
    step = tremor_step(course)
    run = ExerciseRun(course, "shake", step)
    with pytest.raises(NotCleared):
        run.start(100.0)
    assert run.phase is RunPhase.READY
    gate = run.gate
    assert gate is not None
    # Another exercise's clearance, or one for notes that changed since, does not do.
    other = dataclasses.replace(gate.pass_(100.0), subject_id="shake:other")
    with pytest.raises(NotCleared):
        run.start(100.0, other)
    stale_text = dataclasses.replace(gate.pass_(100.0), text="old notes")
    with pytest.raises(NotCleared):
        run.start(100.0, stale_text)
    # One passed long ago does not either.
    with pytest.raises(NotCleared):
        run.start(100.0 + CLEARANCE_SECONDS + 1, gate.pass_(100.0))
    run.start(130.0, gate.pass_(100.0))
    assert run.phase is RunPhase.RUNNING


def test_a_run_starts_once_and_a_non_tremor_run_needs_no_clearance(course: Course) -> None:
    run = ExerciseRun(course, "shake", breathe_step(course))
    run.start(0.0)
    with pytest.raises(ValueError):
        run.start(1.0)


# -- ratings ------------------------------------------------------------------------


def test_each_run_starts_with_empty_scales_and_its_own_id(course: Course) -> None:
    step = tremor_step(course)
    first = ExerciseRun(course, "shake", step)
    first.rate_before("distress", 3)
    first.start(0.0, first.gate.pass_(0.0) if first.gate else None)
    first.end_early(10.0)
    first.rate_after("distress", 4)
    second = ExerciseRun(course, "shake", step)
    assert second.before == {} and second.after == {}
    assert second.session_id != first.session_id


def test_ratings_belong_to_their_phase(course: Course) -> None:
    run = ExerciseRun(course, "shake", breathe_step(course))
    tremor = ExerciseRun(course, "shake", tremor_step(course))
    with pytest.raises(KeyError):
        run.rate_before("distress", 3)  # the breathing exercise asks for no check-ins
    with pytest.raises(ValueError):
        tremor.rate_after("distress", 3)  # not over yet
    with pytest.raises(ValueError):
        tremor.rate_before("distress", 11)
    tremor.rate_before("distress", 2)
    assert tremor.gate is not None
    tremor.start(0.0, tremor.gate.pass_(0.0))
    with pytest.raises(ValueError):
        tremor.rate_before("distress", 5)  # too late: the before-rating is what it was
    assert tremor.before == {"distress": 2}


# -- the distress loop --------------------------------------------------------------


def test_a_high_before_rating_suggests_grounding_instead_of_starting(course: Course) -> None:
    step = tremor_step(course)
    run = ExerciseRun(course, "shake", step)
    assert run.gate is not None
    run.rate_before("distress", 7)  # alert_at = 7
    with pytest.raises(DistressedBefore) as refused:
        run.start(0.0, run.gate.pass_(0.0))
    assert [m.id for m in refused.value.measures] == ["distress"]
    assert not refused.value.allow_anyway
    # "Anyway" is honoured only where the author allows it.
    with pytest.raises(DistressedBefore):
        run.start(0.0, run.gate.pass_(0.0), anyway=True)
    allowing = ExerciseRun(course, "shake", dataclasses.replace(step, start_anyway=True))
    allowing.rate_before("distress", 9)
    assert allowing.gate is not None
    allowing.start(0.0, allowing.gate.pass_(0.0), anyway=True)
    assert allowing.phase is RunPhase.RUNNING
    # A rating below the alert level starts as usual; tension has no alert level.
    calm = ExerciseRun(course, "shake", step)
    calm.rate_before("distress", 6)
    calm.rate_before("tension", 10)
    assert calm.gate is not None
    calm.start(0.0, calm.gate.pass_(0.0))


def test_a_grounding_exercise_is_not_held_back_by_a_high_before_rating(course: Course) -> None:
    """A stranger rated distress 10 before "Two minutes of grounding" and was told to ground first instead."""
    step = dataclasses.replace(breathe_step(course), checkin_ids=("distress",))
    held = ExerciseRun(course, "shake", step)
    held.rate_before("distress", 10)
    with pytest.raises(DistressedBefore):
        held.start(0.0)
    grounding = ExerciseRun(course, "shake", dataclasses.replace(step, grounding=True))
    grounding.rate_before("distress", 10)
    grounding.start(0.0)
    assert grounding.phase is RunPhase.RUNNING
    assert [m.id for m in grounding.distressed_before()] == ["distress"]  # still known, to name support
    assert grounding_while_distressed_words(grounding.distressed_before()) == (
        "Your distress rating is high right now. This exercise is made for moments like this: go gently, and "
        "stop whenever you like. If you would like to talk to someone, press f2 for the support card."
    )


@pytest.mark.parametrize(
    ("before", "after", "follow_up"),
    [
        ({"distress": 2}, {"distress": 2}, False),
        ({"distress": 2}, {"distress": 1}, False),
        ({"distress": 2}, {"distress": 3}, True),  # worse than before
        ({}, {"distress": 7}, True),  # high
        ({"distress": 5}, {"distress": 8}, True),
        ({"tension": 2}, {"tension": 9}, False),  # no alert level on tension
        ({}, {}, False),
    ],
)
def test_follow_up_after_a_worse_or_high_rating(
    course: Course, before: dict[str, int], after: dict[str, int], follow_up: bool
) -> None:
    run = ExerciseRun(course, "shake", tremor_step(course))
    for measure, rating in before.items():
        run.rate_before(measure, rating)
    assert run.gate is not None
    run.start(0.0, run.gate.pass_(0.0))
    run.end_early(5.0)
    for measure, rating in after.items():
        run.rate_after(measure, rating)
    assert run.needs_follow_up() is follow_up


# -- the timer ------------------------------------------------------------------------


def test_timer_counts_practice_not_pauses_and_finishes_on_time(course: Course) -> None:
    step = breathe_step(course)  # 60 seconds
    run = ExerciseRun(course, "shake", step)
    assert run.remaining(0.0) == 60
    run.start(0.0)
    run.pause(10.0)
    assert run.remaining(500.0) == 50
    run.resume(500.0)
    assert not run.tick(549.0)
    assert run.tick(551.0)
    assert run.phase is RunPhase.FINISHED
    assert run.seconds_practised(600.0) == 60


def test_ending_early_and_interrupting_keep_the_time_practised(course: Course) -> None:
    ended = ExerciseRun(course, "shake", breathe_step(course))
    ended.start(0.0)
    ended.end_early(12.5)
    assert ended.phase is RunPhase.ENDED and ended.seconds_practised(99.0) == 12
    interrupted = ExerciseRun(course, "shake", breathe_step(course))
    interrupted.start(0.0)
    interrupted.interrupt(30.0)
    assert interrupted.phase is RunPhase.INTERRUPTED and interrupted.over


def test_an_interrupted_run_takes_its_late_after_check_in(course: Course) -> None:
    run = ExerciseRun.interrupted(course, "shake", tremor_step(course), "abc", {"distress": 2, "gone": 4})
    assert run.before == {"distress": 2} and run.session_id == "abc"
    run.rate_after("distress", 6)
    assert run.needs_follow_up()


def test_an_interrupted_run_leaves_out_a_stored_before_rating_off_the_scale(course: Course) -> None:
    """A tampered database's before-rating of 99 made any late after-rating look better than before."""
    run = ExerciseRun.interrupted(course, "shake", tremor_step(course), "abc", {"distress": 99})
    assert run.before == {}
    run = ExerciseRun.interrupted(course, "shake", tremor_step(course), "abc", {"distress": -4})
    assert run.before == {}


# -- screening --------------------------------------------------------------------------


def test_screening_sorts_questions_into_unanswered_advice_and_closing(course: Course) -> None:
    from unclench.course import ScreeningQuestion
    from unclench.practice import screening_for

    questions = (
        ScreeningQuestion("a", "A?", "advice", "Read this.", "src", False),
        ScreeningQuestion("p", "P?", "professional", "Ask first.", "src", True),
        ScreeningQuestion("n", "N?", "not-alone", "Not alone.", "src", False),
    )
    screened = dataclasses.replace(course, screening=questions)
    step = dataclasses.replace(tremor_step(course), screening_ids=("a", "p", "n"))
    fresh = screening_for(screened, step, {})
    assert [q.id for q in fresh.unanswered] == ["a", "p", "n"] and not fresh.closing
    all_no = screening_for(screened, step, {"a": False, "p": False, "n": False})
    assert not (all_no.unanswered or all_no.advice or all_no.closing)
    some = screening_for(screened, step, {"a": True, "p": True, "n": False})
    assert [q.id for q in some.advice] == ["a"] and [q.id for q in some.closing] == ["p"]
    assert some.may_proceed_anyway and "Ask first." in some.reason()
    worst = screening_for(screened, step, {"a": False, "p": True, "n": True})
    assert not worst.may_proceed_anyway  # one closing yes allows no way round
    # Questions the exercise does not name are not asked.
    other = dataclasses.replace(step, screening_ids=("a",))
    assert [q.id for q in screening_for(screened, other, {}).unanswered] == ["a"]


def test_a_measure_whose_worse_end_is_low_is_called_low(course: Course) -> None:
    """A calm rating of 1 (worse = "low") is not "high": the words follow the measure's worse end."""
    low = CheckinMeasure("calm", "Calm", "How calm?", "not calm", "very calm", "low", 2)
    high = CheckinMeasure("distress", "Distress", "How upset?", "none", "extreme", "high", 7)
    assert str(DistressedBefore([low], False)) == "Your calm rating is low right now."
    both = "Your distress rating is high and your calm rating is low right now."
    assert str(DistressedBefore([high, low], False)) == both


@pytest.mark.parametrize(
    ("before", "after", "care"),
    [
        ({"tension": 5}, {"tension": 5}, AfterCare.NONE),
        ({"tension": 5}, {"tension": 3}, AfterCare.NONE),
        ({"tension": 5}, {"tension": 6}, AfterCare.KIND_WORD),  # worse, on a measure with no alert level
        ({}, {"tension": 8}, AfterCare.KIND_WORD),  # near the worse end, nothing to compare with
        ({}, {"tension": 7}, AfterCare.NONE),
        ({"distress": 2}, {"distress": 2, "tension": 9}, AfterCare.KIND_WORD),
        ({"distress": 2}, {"distress": 3, "tension": 9}, AfterCare.FOLLOW_UP),  # the follow-up comes first
        ({}, {"distress": 7}, AfterCare.FOLLOW_UP),
    ],
)
def test_after_care_a_kind_word_for_worse_or_hard_the_follow_up_for_alarming(
    course: Course, before: dict[str, int], after: dict[str, int], care: AfterCare
) -> None:
    run = ExerciseRun(course, "shake", tremor_step(course))
    for measure, rating in before.items():
        run.rate_before(measure, rating)
    assert run.gate is not None
    run.start(0.0, run.gate.pass_(0.0))
    run.end_early(5.0)
    for measure, rating in after.items():
        run.rate_after(measure, rating)
    assert run.after_care() is care


def test_the_kind_word_follows_each_measure_s_worse_end() -> None:
    """Calm is worse when lower: a calm of 1 after 3 is "lower than before", a calm of 1 alone "low"."""
    calm = CheckinMeasure("calm", "Calm", "How calm?", "not calm", "very calm", "low", None)
    tension = CheckinMeasure("tension", "Tension", "How tense?", "loose", "tense", "high", None)
    text = kind_word_text([tension, calm], {"calm": 3}, {"tension": 9, "calm": 1}, "Feel your feet.")
    assert text.startswith("Your ratings are saved. After the exercise, your tension is high and your calm is lower ")
    assert "it is OK" in text and "f2" in text and text.endswith("Feel your feet.")
    assert near_worse_end(calm, 2) and not near_worse_end(calm, 3)
    assert near_worse_end(tension, 8) and not near_worse_end(tension, 7)


CALM = CheckinMeasure("calm", "Calm", "How calm?", "not calm", "very calm", "low", None)
TENSION = CheckinMeasure("tension", "Tension", "How tense?", "loose", "tense", "high", None)


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        # A stranger's runs: tension 10 then 8, calm 1 then 2, were called "higher than before" and "lower".
        (
            {"tension": 10, "calm": 1},
            {"tension": 8, "calm": 2},
            "your tension is still high, though lower than before "
            "and your calm is still low, though higher than before.",
        ),
        (
            {"tension": 9, "calm": 2},
            {"tension": 9, "calm": 2},
            "your tension is still high and your calm is still low.",
        ),
        (
            {"tension": 4, "calm": 6},
            {"tension": 6, "calm": 4},
            "your tension is higher than before and your calm is lower ",
        ),
        ({}, {"tension": 9, "calm": 1}, "your tension is high and your calm is low."),
    ],
)
def test_the_kind_word_says_higher_than_before_only_when_it_is(
    before: dict[str, int], after: dict[str, int], said: str
) -> None:
    text = kind_word_text([TENSION, CALM], before, after, "Feel your feet.")
    assert f"After the exercise, {said}" in text


def test_a_run_rated_tension_10_then_9_is_still_high_not_higher(course: Course) -> None:
    """The stranger's first run, end to end: the measures the run finds hard, then the words for them."""
    run = ExerciseRun(course, "shake", tremor_step(course))
    run.rate_before("tension", 10)
    run.rate_before("distress", 1)
    assert run.gate is not None
    run.start(0.0, run.gate.pass_(0.0))
    run.end_early(5.0)
    run.rate_after("tension", 9)
    run.rate_after("distress", 1)
    assert run.after_care() is AfterCare.KIND_WORD
    text = kind_word_text(run.harder_after(), run.before, run.after, "Feel your feet.")
    assert "After the exercise, your tension is still high, though lower than before. " in text
    assert "higher than before" not in text


# -- a start held back by a high rating --------------------------------------------------

HELD_AT = "2026-12-01T10:00:00Z"
"""When the ratings of the held-back starts below were given (noon, say, on the learner's day)."""


def _rated(session_id: str, measure_id: str, rating: int, phase: str = "before", at: str = HELD_AT) -> CheckinRecord:
    return CheckinRecord("course", "shake", "tremor", measure_id, phase, rating, session_id, at)  # type: ignore[arg-type]


def _held(course: Course, checkins: list[CheckinRecord], started: set[str], now: datetime) -> list[tuple[str, int]]:
    step = tremor_step(course)
    measures = ExerciseRun(course, "shake", step).measures
    held = held_back_today(step, measures, checkins, started, now)
    return [] if held is None else [(measure.id, rating) for measure, rating in held.ratings]


def test_a_start_held_back_by_a_high_rating_today_asks_for_that_measure_again(course: Course) -> None:
    """A stranger held back at distress 9 came back with empty scales, and Start started the practice unasked."""
    now = datetime(2026, 12, 1, 10, 5, tzinfo=timezone.utc)
    refused = [_rated("refused", "tension", 8), _rated("refused", "distress", 9)]
    assert _held(course, refused, set(), now) == [("distress", 9)]  # tension has no alert level
    step = tremor_step(course)
    held = held_back_today(step, ExerciseRun(course, "shake", step).measures, refused, set(), now)
    assert held is not None
    assert [m.id for m in held.unrated({})] == ["distress"]
    assert [m.id for m in held.unrated({"tension": 2})] == ["distress"]  # another measure is not the one
    assert held.unrated({"distress": 9}) == [] and held.unrated({"distress": 2}) == []  # rated afresh: as ever
    assert held.words() == (
        "Earlier today your distress rating was 9 and the practice did not start: "
        "please rate how you feel now, then press Start."
    )
    # Later the same day it still stands: time is no sign that the learner is calmer, a rating is.
    assert _held(course, refused, set(), now + timedelta(hours=6)) == [("distress", 9)]


def test_a_held_back_start_no_longer_asks_once_a_newer_rating_a_run_or_a_new_day_says_otherwise(
    course: Course,
) -> None:
    now = datetime(2026, 12, 1, 10, 5, tzinfo=timezone.utc)
    refused = [_rated("refused", "distress", 9)]
    # Rated lower since, at a start: the latest rating is not held back.
    calmer = [*refused, _rated("later", "distress", 3, at="2026-12-01T10:04:00Z")]
    assert _held(course, calmer, {"later"}, now) == []
    # Started anyway (its own ratings, its own run): a run, not a start held back.
    assert _held(course, refused, {"refused"}, now) == []
    # Rated after too: a run's ratings, not a held-back start's.
    assert _held(course, [*refused, _rated("refused", "distress", 9, "after")], set(), now) == []
    # Below the alert level (nothing was held back by it) or off the scale (a damaged record): nothing asked.
    assert _held(course, [_rated("low", "distress", 6)], set(), now) == []
    assert _held(course, [_rated("damaged", "distress", 99)], set(), now) == []
    # A rating of another exercise says nothing of this one.
    other = CheckinRecord("course", "shake", "breathe", "distress", "before", 9, "other", HELD_AT)
    assert _held(course, [other], set(), now) == []
    # A new day: the learner starts it afresh, as every same-day rule does.
    assert _held(course, refused, set(), now + timedelta(days=1)) == []
    assert _held(course, [_rated("refused", "distress", 9, at="not a time")], set(), now) == []
    # Never rated: ratings stay optional.
    assert _held(course, [], set(), now) == []


def test_a_grounding_exercise_never_asks_again(course: Course) -> None:
    step = dataclasses.replace(tremor_step(course), grounding=True)
    measures = ExerciseRun(course, "shake", step).measures
    now = datetime(2026, 12, 1, 10, 5, tzinfo=timezone.utc)
    assert held_back_today(step, measures, [_rated("refused", "distress", 9)], set(), now) is None


def test_a_rating_at_the_very_worst_end_after_a_run_is_named_with_support() -> None:
    """Distress 10 of 10 after a hard run (its box already shown) was only "saved": the worst end is told apart."""
    distress = CheckinMeasure("distress", "Distress", "How upset?", "not at all", "extremely", "high", 7)
    assert at_worst_end(distress, 10) and not at_worst_end(distress, 9)
    assert at_worst_end(CALM, 0) and not at_worst_end(CALM, 1) and not at_worst_end(CALM, 10)
    words = worst_after_words([distress, CALM], {"distress": 10, "calm": 0})
    assert words.startswith("Your ratings are saved. Distress 10 of 10 and Calm 0 of 10 is as hard as it gets")
    assert "f2 for the support card" in words and "slow breath" in words


def test_a_run_knows_which_ratings_after_are_at_the_worst_end(course: Course) -> None:
    run = ExerciseRun(course, "shake", tremor_step(course))
    assert run.gate is not None and len(run.measures) > 1
    run.start(0.0, run.gate.pass_(0.0))
    run.end_early(1.0)
    for measure in run.measures:
        run.rate_after(measure.id, 10 if measure.worse == "high" else 0)
    assert [m.id for m in run.worst_after()] == [m.id for m in run.measures]
    run.rate_after(run.measures[0].id, 5)
    assert [m.id for m in run.worst_after()] == [m.id for m in run.measures[1:]]
