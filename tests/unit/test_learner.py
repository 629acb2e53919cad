"""The application layer (unclench.learner): every read and write the app makes of the learner's record.

Tested without the TUI: the Learner is what screens and widgets go through, so what it
writes, where, and how it fails is checked here on a real store on disk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from unclench.course import Course, ExerciseStep
from unclench.learner import Learner
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.store.errors import StoreError

MINI = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "mini"


@pytest.fixture
def course() -> Course:
    return load_course(MINI)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data")
    yield opened
    opened.close()


def test_writes_land_under_the_course_and_the_journey_sees_them(course: Course, store: ProgressStore) -> None:
    learner = Learner(course, store)
    assert learner.refresh().progress.position is None
    learner.set_position("intro", "feel")
    learner.save_answer("intro", "feel", "Where do you hold tension?", "  Shoulders\n")
    learner.mark_step_done("intro", "hello")
    learner.record_quiz_attempt("intro", "check", "Which?", [1], ["B"], True)
    learner.save_quiz_choice("second", "many", ["one", "two"])
    journey = learner.refresh(["intro"])
    assert journey.progress.position == ("intro", "feel")
    assert "hello" in journey.progress.completed_steps["intro"]
    # Stored exactly, under the course's id: what status and export read back.
    record = store.record(course.id)
    assert [(e.lesson_id, e.step_id, e.answer) for e in record.journal] == [("intro", "feel", "  Shoulders\n")]
    assert learner.answer("intro", "feel") == record.journal[0]
    assert [a.chosen_texts for a in learner.quiz_attempts("intro", "check")] == [("B",)]
    assert learner.quiz_choice("second", "many") == ("one", "two")
    assert store.record("another-course").is_empty


def test_practice_contacts_and_settings_go_through_it(course: Course, store: ProgressStore) -> None:
    learner = Learner(course, store)
    learner.start_run("shake", "tremor", "run-1")
    learner.record_checkin("shake", "tremor", "tension", "before", 6, "run-1")
    learner.end_run("run-1", "ended", 30)
    learner.set_run_follow_up("run-1")
    learner.add_contact("Sam", "+44 20 7946 0000")
    learner.set_screening_answer("pain", False)
    learner.set_setting("charts", "off")
    assert [(r.session_id, r.outcome, r.seconds, r.follow_up) for r in learner.runs()] == [("run-1", "ended", 30, True)]
    assert [(c.phase, c.rating) for c in learner.checkins()] == [("before", 6)]
    (contact,) = learner.contacts()
    learner.remove_contact(contact.contact_id)
    assert learner.contacts() == []
    assert [(a.question_id, a.answer) for a in learner.screening_answers()] == [("pain", False)]
    assert learner.setting("charts") == "off"


def test_the_disclaimer_counts_only_for_the_text_acknowledged(course: Course, store: ProgressStore) -> None:
    learner = Learner(course, store)
    assert not learner.disclaimer_acknowledged()
    learner.acknowledge_disclaimer()
    assert learner.disclaimer_acknowledged()
    changed = Learner(dataclasses.replace(course, disclaimer=course.disclaimer + " New."), store)
    assert not changed.disclaimer_acknowledged()


def test_a_record_that_cannot_be_read_fails_safe_and_writes_say_so(course: Course, store: ProgressStore) -> None:
    learner = Learner(course, store)
    learner.mark_step_done("intro", "hello")
    before = learner.refresh()
    exercise = next(s for s in course.lessons["shake"].steps if isinstance(s, ExerciseStep))
    store.close()
    assert learner.refresh() is before  # the last snapshot is kept
    assert not learner.disclaimer_acknowledged()  # nothing opens on an acknowledgement that cannot be confirmed
    assert learner.practice_block("shake", exercise) is None  # an unreadable history locks no one out
    with pytest.raises(StoreError):
        learner.save_answer("intro", "feel", "Q", "text")


def test_a_new_course_is_read_whole_at_the_next_refresh(course: Course, store: ProgressStore) -> None:
    learner = Learner(course, store)
    learner.refresh()
    store.mark_step_done(course.id, "second", "read")  # written elsewhere (another window)
    learner.change_course(course)
    assert "read" in learner.refresh(["intro"]).progress.completed_steps["second"]


def test_a_lessons_practice_history_is_the_whole_historys_part_for_it(course: Course, store: ProgressStore) -> None:
    """A summary reads only its lesson's runs and ratings: the same entries as from the whole record, renames too."""
    lesson = dataclasses.replace(course.lessons["shake"], previous_ids=("old-shake",))
    renamed = dataclasses.replace(course, lessons={**course.lessons, "shake": lesson})
    learner = Learner(renamed, store)
    for session_id, lesson_id in (("run-1", "shake"), ("run-2", "old-shake"), ("run-3", "gone"), ("run-4", "shake")):
        learner.start_run(lesson_id, "tremor", session_id)
        learner.record_checkin(lesson_id, "tremor", "tension", "before", 6, session_id)
        learner.record_checkin(lesson_id, "tremor", "tension", "after", 2, session_id)
        learner.end_run(session_id, "finished", 60)
    learner.record_checkin("shake", "tremor", "tension", "before", 9, "refused")  # kept a practice from starting
    whole = learner.practice_history()
    assert learner.practice_history(lesson) == {key: whole[key] for key in whole if key[0] == "shake"}
    assert sorted(e.session_id for e in whole[("shake", "tremor")]) == ["run-1", "run-2", "run-4"]
    assert learner.practice_history(course.lessons["intro"]) == {}


def test_the_revision_moves_with_every_write_here_or_elsewhere_and_with_the_course(
    course: Course, store: ProgressStore, tmp_path: Path
) -> None:
    """What the lesson player keys a view built ahead by: reads leave it, any write or another course moves it."""
    learner = Learner(course, store)
    first = learner.revision()
    assert first is not None
    learner.refresh()
    learner.answer("intro", "feel")
    assert learner.revision() == first  # reads change nothing
    learner.set_position("intro", "feel")
    second = learner.revision()
    assert second not in (None, first)
    with ProgressStore.open(tmp_path / "data") as other:  # another window, an import or a reset elsewhere
        other.save_answer(course.id, "intro", "feel", "question", "from elsewhere")
    third = learner.revision()
    assert third not in (None, first, second)
    learner.change_course(load_course(MINI))  # preview and watch take the course again
    assert learner.revision() not in (None, first, second, third)


def test_a_look_at_the_revision_in_passing_does_not_wait_for_a_save_under_way(
    course: Course, store: ProgressStore
) -> None:
    """While another thread holds the store (an autosave committing), a look that must not wait gets None."""
    import threading

    learner = Learner(course, store)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store._lock:
            holding.set()
            release.wait(5)

    writer = threading.Thread(target=hold)
    writer.start()
    try:
        assert holding.wait(5)
        assert learner.revision(wait=False) is None
    finally:
        release.set()
        writer.join()
    assert learner.revision(wait=False) == learner.revision() is not None
    store.close()
    assert learner.revision() is None  # unreadable: nothing built earlier is trusted


def test_an_answer_is_put_back_exactly_as_it_was_or_taken_away_when_there_was_none(
    course: Course, tmp_path: Path
) -> None:
    """An edit the learner took back leaves the answer as it was: its text, question and both times."""
    moments = iter(["2026-11-21T23:40:00Z", "2026-11-30T23:50:00Z"])
    with ProgressStore.open(tmp_path / "d", now=lambda: datetime.fromisoformat(next(moments))) as store:
        learner = Learner(course, store)
        learner.save_answer("intro", "feel", "Where?", "world")
        before = learner.answer("intro", "feel")
        learner.save_answer("intro", "feel", "Where now?", "world pain")
        learner.put_back_answer("intro", "feel", before)
        assert learner.answer("intro", "feel") == before
        learner.put_back_answer("intro", "other", None)  # none there: nothing to take away
        learner.put_back_answer("intro", "feel", None)
        assert learner.answer("intro", "feel") is None and learner.answers() == []


def test_a_start_held_back_today_is_read_from_the_lesson_s_ratings_and_runs(
    course: Course, store: ProgressStore
) -> None:
    """The high rating that held a start back stands until a newer rating or a run of it (see held_back_today)."""
    learner = Learner(course, store)
    lesson = course.lessons["shake"]
    step = lesson.steps[1]
    assert isinstance(step, ExerciseStep) and step.tremor
    assert learner.held_back_start(lesson, step) is None  # never rated: nothing asked
    learner.record_checkin("shake", "tremor", "distress", "before", 9, "refused")  # no run: held back
    held = learner.held_back_start(lesson, step)
    assert held is not None and [(m.id, rating) for m, rating in held.ratings] == [("distress", 9)]
    learner.start_run("shake", "tremor", "refused")  # started anyway: a run now
    assert learner.held_back_start(lesson, step) is None
    assert learner.runs() and learner.checkins()  # reading wrote nothing away
