"""Exercise runs, screening answers and support contacts in the store, the export and the limits."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from unclench.course import DoseLimits, ExerciseStep
from unclench.export import parse_document, render_json
from unclench.folders import bundled_course_root
from unclench.loader import load_course
from unclench.practice import Closed, closed_after_a_hard_run, hard_today, practice_block
from unclench.store import ProgressStore

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)
#: A course with a breathing exercise and no tremor practice.
BREATHING_ONLY = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "markup"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data", now=clock)
    yield opened
    opened.close()


def step(step_id: str = "tremor", *, tremor: bool = True, limits: DoseLimits | None = None) -> ExerciseStep:
    return ExerciseStep(step_id, "", "Shake.", 5, tremor, (), (), limits=limits)


def test_a_run_is_recorded_from_start_to_end(store: ProgressStore, clock: Clock) -> None:
    store.start_run("c", "shake", "tremor", "r1")
    assert [(r.outcome, r.ended_at) for r in store.runs("c")] == [("running", None)]
    clock.now += timedelta(minutes=3)
    store.end_run("r1", "ended", 170)
    store.end_run("r1", "finished", 999)  # only a run under way changes
    (run,) = store.runs("c")
    assert (run.outcome, run.seconds, run.ended_at, run.noticed) == ("ended", 170, "2026-03-04T12:03:00Z", True)
    with pytest.raises(ValueError):
        store.end_run("r1", "running", 1)
    with pytest.raises(ValueError):
        store.end_run("r1", "ended", -1)


def test_runs_left_running_are_marked_interrupted_and_untold(store: ProgressStore) -> None:
    store.start_run("c", "shake", "tremor", "r1")
    store.start_run("other", "shake", "tremor", "r2")
    assert store.interrupt_stale_runs("c") == 1
    assert [(r.outcome, r.noticed) for r in store.runs("c")] == [("interrupted", False)]
    assert [r.outcome for r in store.runs("other")] == ["running"]
    store.mark_run_noticed("r1")
    assert store.runs("c")[0].noticed


def test_untold_interrupted_runs_are_the_interrupted_ones_not_yet_noticed_oldest_first(
    store: ProgressStore, clock: Clock
) -> None:
    for session_id in ("told", "finished", "first", "second"):
        store.start_run("c", "shake", "tremor", session_id)
        clock.now += timedelta(minutes=1)
    store.start_run("other", "shake", "tremor", "elsewhere")
    store.end_run("finished", "finished", 300)
    store.end_run("told", "interrupted", 10)
    store.mark_run_noticed("told")
    store.end_run("second", "interrupted", 20)
    store.interrupt_stale_runs("c")  # "first" was left running
    store.interrupt_stale_runs("other")
    untold = store.untold_interrupted_runs("c")
    assert [r.session_id for r in untold] == ["first", "second"]
    assert untold == [r for r in store.runs("c") if r.outcome == "interrupted" and not r.noticed]


def test_runs_screening_and_contacts_round_trip_through_the_export(store: ProgressStore, tmp_path: Path) -> None:
    store.start_run("c", "shake", "tremor", "r1")
    store.end_run("r1", "finished", 300)
    store.set_run_follow_up("r1")
    store.set_screening_answer("c", "pregnancy", False)
    store.set_screening_answer("c", "seizures", True)
    store.add_contact("c", "Sam [bold]\x1b[31m", "07700 900123")
    record = store.record("c")
    text = render_json(record, "Course")
    document = json.loads(text)
    assert document["screening"] == [
        {"question_id": "pregnancy", "answer": False, "at": "2026-03-04T12:00:00Z"},
        {"question_id": "seizures", "answer": True, "at": "2026-03-04T12:00:00Z"},
    ]
    assert document["contacts"] == [
        {"name": "Sam [bold]\x1b[31m", "reach": "07700 900123", "added_at": "2026-03-04T12:00:00Z"}
    ]
    assert document["runs"][0]["follow_up"] is True
    with ProgressStore.open(tmp_path / "fresh") as fresh:
        fresh.restore(parse_document(text))
        assert render_json(fresh.record("c"), "Course") == text
        fresh.import_record(parse_document(text))  # twice: nothing doubles
        assert render_json(fresh.record("c"), "Course") == text


def test_an_export_from_before_runs_existed_still_imports(store: ProgressStore) -> None:
    store.mark_step_done("c", "shake", "before")
    document = json.loads(render_json(store.record("c")))
    for key in ("runs", "screening", "contacts"):
        del document[key]
    record = parse_document(json.dumps(document))
    assert record.runs == () and record.screening == () and record.contacts == ()


def test_lesson_reset_forgets_runs_but_keeps_screening_and_contacts(store: ProgressStore) -> None:
    store.start_run("c", "shake", "tremor", "r1")
    store.set_screening_answer("c", "pregnancy", True)
    store.add_contact("c", "Sam", "0123")
    store.reset("c", "shake")
    assert store.runs("c") == []
    assert [a.question_id for a in store.screening_answers("c")] == ["pregnancy"]
    assert [c.name for c in store.contacts("c")] == ["Sam"]
    store.remove_contact(store.contacts("c")[0].contact_id)
    assert store.contacts("c") == []


def test_a_follow_up_closes_tremor_practice_for_the_rest_of_the_day(
    store: ProgressStore, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        store.start_run("c", "shake", "tremor", "r1")
        store.end_run("r1", "ended", 60)
        runs = store.runs("c")
        assert practice_block("shake", step(), runs, store.now(), tremor_in_course=True) is None  # no follow-up: open
        store.set_run_follow_up("r1")
        runs = store.runs("c")
        assert practice_block("shake", step(), runs, store.now(), tremor_in_course=True) == Closed(
            "Closed for today", hard_today(tremor_in_course=True)
        )
        other = practice_block("other", step("other"), runs, store.now(), tremor_in_course=True)
        assert other is not None and other.label == "Closed for today"  # any tremor practice
        # Not "this exercise": the run that was hard was of another one (unnamed here, without the course).
        assert "so tremor practice stays closed until tomorrow" in other.reason
        assert practice_block("other", step("breathe", tremor=False), runs, store.now(), tremor_in_course=True) is None
        clock.now = NOW.replace(hour=23, minute=59)
        assert practice_block("shake", step(), runs, store.now(), tremor_in_course=True) == Closed(
            "Closed for today", hard_today(tremor_in_course=True)
        )
        clock.now = NOW + timedelta(days=1)
        assert practice_block("shake", step(), runs, store.now(), tremor_in_course=True) is None
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("tremor_in_course", [True, False])
def test_the_follow_up_box_and_the_closed_step_name_what_a_hard_run_closes_alike(
    store: ProgressStore, clock: Clock, tremor_in_course: bool
) -> None:
    """A stranger read "Tremor practice stays closed" after a hard breathing run, then found breathing closed too.

    Another, in a course of their own with no tremor practice, was told tremor practice stays closed.
    """
    from unclench.tui.app import follow_up_words

    store.start_run("c", "calm", "breathe", "r1")
    store.end_run("r1", "ended", 60)
    store.set_run_follow_up("r1")
    breathing = step("breathe", tremor=False)
    closed = practice_block("calm", breathing, store.runs("c"), store.now(), tremor_in_course=tremor_in_course)
    assert closed == Closed("Closed for today", hard_today(tremor_in_course=tremor_in_course))
    words = closed_after_a_hard_run(tremor_in_course=tremor_in_course)
    assert words in closed.reason
    course = load_course(BREATHING_ONLY if not tremor_in_course else bundled_course_root())
    assert course.has_tremor_practice is tremor_in_course
    assert words in follow_up_words(course).lower()
    assert ("tremor" in follow_up_words(course).lower()) is tremor_in_course


@pytest.mark.parametrize("tremor_in_course", [True, False])
def test_a_hard_grounding_run_closes_tremor_practice_but_not_the_grounding(
    store: ProgressStore, clock: Clock, tremor_in_course: bool
) -> None:
    """A stranger rated distress 10 before grounding and 9 after: grounding closed itself, and the box told them
    to ground themselves."""
    from unclench.tui.app import follow_up_words

    store.start_run("c", "feelings", "grounding", "r1")
    store.end_run("r1", "ended", 60)
    store.set_run_follow_up("r1")
    grounding = dataclasses.replace(step("grounding", tremor=False), grounding=True)
    runs = store.runs("c")
    assert practice_block("feelings", grounding, runs, store.now(), tremor_in_course=tremor_in_course) is None
    closed = practice_block("shake", step(), runs, store.now(), tremor_in_course=tremor_in_course)
    assert closed is not None and closed.label == "Closed for today"
    assert "so tremor practice stays closed until tomorrow" in closed.reason  # the grounding stays open
    course = load_course(BREATHING_ONLY if not tremor_in_course else bundled_course_root())
    words = follow_up_words(course, grounding=True).lower()
    assert "this exercise" not in words and "support card" in words
    assert ("tremor practice stays closed" in words) is tremor_in_course


LIMITS = DoseLimits(minutes_per_run=15, hours_between=24, runs_per_week=3)


def seed(store: ProgressStore, clock: Clock, *starts: datetime, step_id: str = "tremor") -> None:
    """Runs of the exercise started at these times (a seeded history)."""
    for index, start in enumerate(starts):
        clock.now = start
        store.start_run("c", "shake", step_id, f"{step_id}-{index}")
        store.end_run(f"{step_id}-{index}", "finished", 300)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_rest_between_runs_with_a_kind_explanation(store: ProgressStore, clock: Clock, utc: None) -> None:
    seed(store, clock, NOW)
    clock.now = NOW + timedelta(hours=2)
    closed = practice_block("shake", step(limits=LIMITS), store.runs("c"), store.now(), tremor_in_course=True)
    assert closed is not None and closed.label == "Resting for now"
    assert closed.reason.startswith("You practised 2 hours ago; this practice suggests a day of rest")
    assert "It opens again on Thursday at 12:00." in closed.reason
    # Other exercises' runs do not count; without limits nothing is held back.
    assert (
        practice_block("shake", step("other", limits=LIMITS), store.runs("c"), store.now(), tremor_in_course=True)
        is None
    )
    assert practice_block("shake", step(), store.runs("c"), store.now(), tremor_in_course=True) is None
    clock.now = NOW + timedelta(hours=24)
    assert practice_block("shake", step(limits=LIMITS), store.runs("c"), store.now(), tremor_in_course=True) is None


def test_runs_per_week_from_a_seeded_history(store: ProgressStore, clock: Clock, utc: None) -> None:
    seed(store, clock, NOW - timedelta(days=6), NOW - timedelta(days=4), NOW - timedelta(days=2))
    clock.now = NOW
    closed = practice_block("shake", step(limits=LIMITS), store.runs("c"), store.now(), tremor_in_course=True)
    assert closed is not None
    assert closed.reason.startswith("You have practised 3 times in the past seven days")
    assert "at most 3 times a week" in closed.reason
    clock.now = NOW + timedelta(days=1)  # the oldest run is now more than a week ago
    assert practice_block("shake", step(limits=LIMITS), store.runs("c"), store.now(), tremor_in_course=True) is None


def test_interrupted_and_ended_runs_count_too(store: ProgressStore, clock: Clock, utc: None) -> None:
    store.start_run("c", "shake", "tremor", "r1")
    store.interrupt_stale_runs("c")
    clock.now = NOW + timedelta(minutes=30)
    assert practice_block("shake", step(limits=LIMITS), store.runs("c"), store.now(), tremor_in_course=True) is not None


def test_the_timer_never_runs_past_the_limit_per_run() -> None:
    assert step(limits=DoseLimits(2, 0, 9)).seconds == 120
    assert step(limits=DoseLimits(15, 0, 9)).seconds == 300


@pytest.mark.parametrize("started_at", ["not a time", "2026\x1b[2J", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"])
def test_a_run_whose_start_says_nothing_about_pacing_is_left_out(
    store: ProgressStore, clock: Clock, utc: None, started_at: str
) -> None:
    """A damaged record: a start that is no time, or far ahead, neither fails nor closes practice for ever."""
    import dataclasses

    seed(store, clock, NOW)
    (run,) = store.runs("c")
    odd = dataclasses.replace(run, started_at=started_at, follow_up=True)
    assert practice_block("shake", step(limits=LIMITS), [odd], NOW, tremor_in_course=True) is None
    assert (
        practice_block("shake", step(limits=LIMITS), [run], NOW, tremor_in_course=True) is not None
    )  # the same run, readable: resting


def test_a_run_started_a_little_ahead_of_the_clock_counts_as_now(store: ProgressStore, clock: Clock, utc: None) -> None:
    """A clock set back by an hour: the run still asks for the rest, from now."""
    import dataclasses

    seed(store, clock, NOW)
    (run,) = store.runs("c")
    ahead = dataclasses.replace(run, started_at="2026-03-04T13:00:00Z")
    closed = practice_block("shake", step(limits=LIMITS), [ahead], NOW, tremor_in_course=True)
    assert closed is not None and closed.label == "Resting for now"
    assert "It opens again on Thursday at 12:00." in closed.reason
