"""The journey: places, navigation, completion and continue point (no app)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unclench.course import Course, QuizStep
from unclench.folders import bundled_course_root
from unclench.journey import (
    SUMMARY_STEP_ID,
    Journey,
    LessonState,
    Place,
    Progress,
    completes_on_moving_on,
    is_required,
    percent,
)
from unclench.loader import load_course

FIXTURE = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(FIXTURE)


def journey(course: Course, **progress: object) -> Journey:
    return Journey(course, Progress(**progress))  # type: ignore[arg-type]


def done(**lessons: set[str]) -> dict[str, frozenset[str]]:
    return {lesson: frozenset(steps) for lesson, steps in lessons.items()}


# -- navigation ---------------------------------------------------------------


def test_next_walks_steps_then_summary_then_next_lesson(course: Course) -> None:
    j = journey(course)
    place: Place | None = Place("intro", 0)
    seen = []
    while place is not None:
        seen.append((place.lesson_id, j.stored_step_id(place)))
        place = j.next_place(place)
    assert seen == [
        ("intro", "hello"),
        ("intro", "feel"),
        ("intro", "check"),
        ("intro", "bye"),
        ("intro", SUMMARY_STEP_ID),
        ("second", "read"),
        ("second", "many"),
        ("second", SUMMARY_STEP_ID),
        ("shake", "before"),
        ("shake", "tremor"),
        ("shake", "breathe"),
        ("shake", SUMMARY_STEP_ID),
    ]


def test_previous_is_the_inverse_of_next(course: Course) -> None:
    j = journey(course)
    place: Place | None = Place("intro", 0)
    while place is not None:
        following = j.next_place(place)
        if following is not None:
            assert j.previous_place(following) == place
        place = following
    assert j.previous_place(Place("intro", 0)) is None
    assert j.previous_place(Place("second", 0)) == Place("intro", 4)


def test_step_label_and_summary(course: Course) -> None:
    j = journey(course)
    assert j.step_label(Place("intro", 2)) == "Step 3 of 4"
    assert j.step_label(Place("intro", 4)) == "Summary"
    assert j.is_summary(Place("intro", 4))
    assert j.step_at(Place("intro", 4)) is None


def test_place_of_missing_step_or_lesson(course: Course) -> None:
    j = journey(course)
    assert j.place_of("intro", "check") == Place("intro", 2)
    assert j.place_of("intro", SUMMARY_STEP_ID) == Place("intro", 4)
    assert j.place_of("intro", "gone") is None
    assert j.place_of("gone", "hello") is None


# -- completion ---------------------------------------------------------------


def test_completion_rules_per_kind(course: Course) -> None:
    lesson = course.lessons["intro"]
    hello, feel, check, _ = lesson.steps
    assert completes_on_moving_on(hello)
    assert not completes_on_moving_on(feel)  # a prompt needs a written answer
    assert not completes_on_moving_on(check)
    assert not completes_on_moving_on(course.lessons["shake"].steps[1])
    assert is_required(hello)
    assert not any(is_required(step) for step in (feel, check, course.lessons["shake"].steps[1]))

    j = journey(course, answered=done(intro={"feel"}), quiz_results={("intro", "check"): (False,)})
    assert j.step_done("intro", feel)  # non-empty answer
    assert not j.step_done("intro", check)  # wrong answers only
    assert not j.step_done("intro", hello)
    j = journey(course, quiz_results={("intro", "check"): (False, True)})
    assert j.step_done("intro", check)
    j = journey(course, completed_steps=done(intro={"hello"}))
    assert j.step_done("intro", hello)


def test_lesson_states(course: Course) -> None:
    j = journey(course)
    assert j.lesson_state("intro") is LessonState.NOT_STARTED
    j = journey(course, lesson_positions={"intro": "hello"})
    assert j.lesson_state("intro") is LessonState.IN_PROGRESS
    j = journey(course, completed_steps=done(intro={"hello"}))
    assert j.lesson_state("intro") is LessonState.IN_PROGRESS
    # The pages read: done, though the prompt is empty and the quiz skipped (both optional).
    j = journey(course, completed_steps=done(intro={"hello", "bye"}))
    assert j.lesson_state("intro") is LessonState.DONE
    assert j.summary("intro").done and j.summary("intro").incomplete == (Place("intro", 1), Place("intro", 2))
    # A lesson recorded as done stays done (e.g. after an author adds a step).
    j = journey(course, completed_lessons=frozenset({"second"}))
    assert j.lesson_state("second") is LessonState.DONE


def test_progress_is_lessons_done_out_of_lessons(course: Course) -> None:
    j = journey(course)
    assert (j.overall().done, j.overall().total, j.overall().percent) == (0, 3, 0)
    j = journey(course, completed_steps=done(intro={"hello", "feel"}, second={"read", "many"}))
    assert j.lesson_tally("intro").done == 2 and j.lesson_tally("intro").total == 4
    modules = j.module_progress()
    assert [(m.module_id, m.lessons_done, m.lessons_total) for m in modules] == [("basics", 1, 2), ("practice", 0, 1)]
    assert modules[0].fraction == 0.5 and modules[0].tally.percent == 50
    assert j.lessons_done() == 1
    assert j.overall().fraction == pytest.approx(1 / 3) and j.overall().percent == 33
    assert j.tally(["nope"]).total == 0 and j.tally(["nope"]).fraction == 0.0


def test_percent_rounds_half_up_and_agrees_with_its_count() -> None:
    assert [percent(d, 16) for d in (1, 2, 3, 6, 16)] == [6, 13, 19, 38, 100]
    assert percent(1, 8) == 13 and percent(3, 8) == 38  # never banker's rounding (12, 38)
    assert percent(0, 0) == 0
    assert all(percent(d, t) == int(d * 100 / t + 0.5) for t in range(1, 40) for d in range(t + 1))


def test_summary_counts(course: Course) -> None:
    j = journey(
        course,
        completed_steps=done(intro={"hello"}),
        answered=done(intro={"feel"}),
        quiz_results={("intro", "check"): (False, True)},
    )
    s = j.summary("intro")
    assert (s.steps_done, s.steps_total) == (3, 4)
    assert (s.answers, s.prompts) == (1, 1)
    assert (s.quizzes, s.quizzes_correct) == (1, 1)  # right in the end: no count of first tries (not a grade)
    assert s.incomplete == (Place("intro", 3),)
    assert not s.done


def test_next_lesson_and_sources(course: Course) -> None:
    j = journey(course)
    assert j.next_lesson("intro").id == "second"  # type: ignore[union-attr]
    assert j.next_lesson("shake") is None
    assert j.previous_lesson("intro") is None
    assert j.source_titles("intro") == ["An Article", "A Forum Thread"]
    assert j.start_of_next("intro") == Place("second", 0)
    assert j.start_of_next("shake") is None


# -- continue point -----------------------------------------------------------


def test_continue_fresh_learner_starts_at_the_beginning(course: Course) -> None:
    assert journey(course).continue_place() == Place("intro", 0)


def test_continue_returns_the_exact_stored_step(course: Course) -> None:
    j = journey(course, position=("second", "many"))
    assert j.continue_place() == Place("second", 1)


def test_continue_missing_step_goes_to_first_incomplete_step(course: Course) -> None:
    j = journey(course, position=("intro", "removed"), completed_steps=done(intro={"hello"}))
    assert j.continue_place() == Place("intro", 1)


def test_continue_renamed_step_of_a_read_lesson_goes_back_to_it(course: Course) -> None:
    # A stranger answered reflection 'feel' (then called 'old-feel') and stopped there; the author renamed it.
    # The lesson counts as done (its pages are read), but the renamed step is not: Continue leads to it,
    # not on to another lesson, nor to a summary.
    pages = done(intro={"hello", "bye"})
    j = journey(course, position=("intro", "old-feel"), completed_steps=pages)
    assert j.lesson_state("intro") is LessonState.DONE
    assert j.continue_place() == Place("intro", 1)
    others = frozenset({"second", "shake"})
    j = journey(course, position=("intro", "old-feel"), completed_steps=pages, completed_lessons=others)
    assert j.continue_place() == Place("intro", 1)


def test_continue_missing_lesson_goes_to_first_unfinished_lesson(course: Course) -> None:
    all_intro = done(intro={"hello", "feel", "check", "bye"})
    j = journey(course, position=("removed", "x"), completed_steps=all_intro)
    assert j.continue_place() == Place("second", 0)


def test_continue_from_a_finished_lessons_summary_goes_on(course: Course) -> None:
    # The learner quit on a finished lesson's summary (a skipped quiz does not hold it open):
    # Continue leads on to the next unfinished lesson.
    pages = done(intro={"hello", "bye"})
    j = journey(course, position=("intro", SUMMARY_STEP_ID), completed_steps=pages)
    assert j.continue_place() == Place("second", 0)
    # ... at the step the learner was last at there.
    j = journey(course, position=("intro", SUMMARY_STEP_ID), completed_steps=pages, lesson_positions={"second": "many"})
    assert j.continue_place() == Place("second", 1)
    # A summary of an unfinished lesson is resumed exactly.
    j = journey(course, position=("intro", SUMMARY_STEP_ID), completed_steps=done(intro={"hello"}))
    assert j.continue_place() == Place("intro", 4)
    all_intro = done(intro={"hello", "feel", "check", "bye"})
    # A removed step of a done lesson: on to the next unfinished lesson.
    j = journey(course, position=("intro", "gone"), completed_steps=all_intro)
    assert j.continue_place() == Place("second", 0)


def test_continue_when_everything_is_done(course: Course) -> None:
    everything = frozenset({"intro", "second", "shake"})
    j = journey(course, position=("shake", SUMMARY_STEP_ID), completed_lessons=everything)
    assert j.continue_place() == Place("shake", 3)
    j = journey(course, completed_lessons=everything)
    assert j.continue_place() == Place("shake", 3)
    # With nothing stored, the first unfinished lesson is found from the start.
    j = journey(course, completed_lessons=frozenset({"second", "shake"}))
    assert j.continue_place() == Place("intro", 0)


def test_continue_empty_course(course: Course) -> None:
    empty = replace(course, modules=(), lessons={})
    assert Journey(empty).continue_place() is None


def test_entry_place(course: Course) -> None:
    j = journey(course, lesson_positions={"intro": "check"}, completed_steps=done(intro={"hello"}))
    assert j.entry_place("intro") == Place("intro", 2)
    j = journey(course, lesson_positions={"intro": "gone"}, completed_steps=done(intro={"hello"}))
    assert j.entry_place("intro") == Place("intro", 1)
    j = journey(course, lesson_positions={"intro": SUMMARY_STEP_ID}, completed_steps=done(intro={"hello"}))
    assert j.entry_place("intro") == Place("intro", 1)
    j = journey(course, completed_lessons=frozenset({"intro"}), lesson_positions={"intro": "check"})
    assert j.entry_place("intro") == Place("intro", 0)


# -- reading a store ----------------------------------------------------------


@dataclass
class _Pos:
    lesson_id: str
    step_id: str


@dataclass
class _Answer:
    lesson_id: str
    step_id: str
    answer: str


@dataclass
class _Attempt:
    lesson_id: str
    step_id: str
    correct: bool


class _FakeStore:
    def position(self, course_id: str) -> _Pos | None:
        return _Pos("intro", "check")

    def lesson_positions(self, course_id: str, lesson_id: str | None = None) -> dict[str, str]:
        return {"intro": "check", "removed-lesson": "x"}

    def completed_steps(self, course_id: str, lesson_id: str | None = None) -> dict[str, set[str]]:
        return {"intro": {"hello"}}

    def completed_lessons(self, course_id: str, lesson_id: str | None = None) -> set[str]:
        return set()

    def answered_steps(self, course_id: str, lesson_id: str | None = None) -> dict[str, set[str]]:
        return {"intro": {"feel"}}

    def quiz_results(self, course_id: str, lesson_id: str | None = None) -> dict[tuple[str, str], tuple[bool, ...]]:
        return {("intro", "check"): (False, True)}


def test_progress_read_from_a_store(course: Course) -> None:
    progress = Progress.read(_FakeStore(), course)
    assert progress.position == ("intro", "check")
    assert progress.lesson_positions == {"intro": "check"}
    assert progress.answered == {"intro": frozenset({"feel"})}
    assert progress.quiz_results == {("intro", "check"): (False, True)}
    j = Journey(course, progress)
    assert j.summary("intro").steps_done == 3
    assert j.continue_place() == Place("intro", 2)
    quiz = course.lessons["intro"].steps[2]
    assert isinstance(quiz, QuizStep) and quiz.is_correct(frozenset({1}))


def test_restorable_choices_only_when_the_saved_texts_still_match() -> None:
    from unclench.course import Choice, QuizStep
    from unclench.journey import restorable_choices

    quiz = QuizStep("q", "", "?", False, (Choice("Yes", True, "f"), Choice("No", False, "f")))
    assert restorable_choices(quiz, [1], ["No"]) == frozenset({1})
    assert restorable_choices(quiz, [1], ["Maybe"]) == frozenset()  # the choice was reworded
    assert restorable_choices(quiz, [5], ["Gone"]) == frozenset()  # the choice was removed
    assert restorable_choices(quiz, [0, 1], ["Yes"]) == frozenset()  # a malformed record


def test_reread_of_changed_lessons_equals_a_full_read(course: Course, tmp_path: Path) -> None:
    """A step change reads only the lessons it touched; the snapshot must be the one a full read gives."""
    from unclench.store import ProgressStore

    with ProgressStore.open(tmp_path) as store:
        store.set_position(course.id, "intro", "hello")
        store.mark_step_done(course.id, "intro", "hello")
        store.save_answer(course.id, "second", "x", "Q?", "an answer")
        before = Progress.read(store, course)
        # The learner moves on in "intro", answers a quiz, blanks an answer in "second", finishes "intro".
        store.set_position(course.id, "intro", "check")
        store.mark_step_done(course.id, "intro", "feel")
        store.record_quiz_attempt(course.id, "intro", "check", "Q?", [0], ["a"], False)
        store.save_answer(course.id, "second", "x", "Q?", "  ")
        store.mark_lesson_done(course.id, "intro")
        reread = before.reread(store, course, ["intro", "second"])
        assert reread == Progress.read(store, course)
        assert reread != before


# -- lessons nobody touched (the map of a large course) ----------------------------------------


@functools.cache
def _bundled() -> Course:
    return load_course(bundled_course_root())


def _states_step_by_step(journey: Journey, lesson_id: str) -> tuple[int, bool]:
    """Steps done and completeness worked out from every step, as :class:`Journey` did before its shortcut."""
    steps = journey.lesson(lesson_id).steps
    done = sum(journey.step_done(lesson_id, step) for step in steps)
    required = [step for step in steps if is_required(step)] or list(steps)
    return done, all(journey.step_done(lesson_id, step) for step in required)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_lessons_without_progress_are_told_apart_as_step_by_step(data: st.DataObject) -> None:
    """Steps done, completeness, states and what a lesson waits for, with any mix of touched lessons."""
    course = _bundled()
    lessons = list(course.lessons.values())
    assert any(lesson.builds_on for lesson in lessons)
    steps = [(lesson.id, step.id) for lesson in lessons for step in lesson.steps]
    chosen = data.draw(st.lists(st.sampled_from(steps), max_size=12))
    answered = data.draw(st.lists(st.sampled_from(steps), max_size=6))
    quizzed = data.draw(st.lists(st.tuples(st.sampled_from(steps), st.booleans()), max_size=6))
    completed: dict[str, frozenset[str]] = {}
    for lesson_id, step_id in chosen:
        completed[lesson_id] = completed.get(lesson_id, frozenset()) | {step_id}
    answers: dict[str, frozenset[str]] = {}
    for lesson_id, step_id in answered:
        answers[lesson_id] = answers.get(lesson_id, frozenset()) | {step_id}
    journey = Journey(
        course,
        Progress(
            completed_steps=completed,
            answered=answers,
            quiz_results={place: (right,) for place, right in quizzed},
            completed_lessons=frozenset(data.draw(st.lists(st.sampled_from([x.id for x in lessons]), max_size=2))),
        ),
    )
    for lesson in lessons:
        assert (journey.steps_done(lesson.id), journey.lesson_complete(lesson.id)) == _states_step_by_step(
            journey, lesson.id
        )
        in_order = [x for x in journey.lessons if x.id in set(lesson.builds_on) - {lesson.id}]
        assert journey.waiting_for(lesson.id) == tuple(
            x for x in in_order if journey.lesson_state(x.id) is not LessonState.DONE
        )
