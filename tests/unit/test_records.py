"""The journal and check-ins arranged for reading (unclench.records): order, renames, orphans, runs."""

from __future__ import annotations

import dataclasses
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from unclench.course import Course
from unclench.loader import load_course
from unclench.localtime import local_date, local_date_time
from unclench.records import (
    GONE_TITLE,
    answer_when,
    checkin_runs,
    journal_count,
    journal_sections,
    rated_measures,
    text_matches,
)
from unclench.store.rows import CheckinRecord, JournalEntry

MINI = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini() -> Course:
    return load_course(MINI)


def entry(lesson_id: str, step_id: str, answer: str, at: str = "2024-05-01T09:30:00Z") -> JournalEntry:
    return JournalEntry("mini", lesson_id, step_id, f"Question of {step_id}?", answer, at, at)


def rating(step_id: str, measure: str, phase: str, value: int, run: str, lesson_id: str = "shake") -> CheckinRecord:
    return CheckinRecord("mini", lesson_id, step_id, measure, phase, value, run, "2024-05-01T09:30:00Z")  # type: ignore[arg-type]


def test_local_date() -> None:
    assert local_date("2026-11-21T23:40:05Z", timezone.utc) == "21 Nov 2026"
    assert local_date("2026-11-21T23:40:05Z", timezone(timedelta(hours=2))) == "22 Nov 2026"
    assert local_date("2026-01-01T00:10:00Z", timezone(timedelta(hours=-1))) == "31 Dec 2025"
    assert local_date("not a time") == "not a time (damaged value)"  # a database changed outside Unclench


def test_local_date_time() -> None:
    assert local_date_time("2026-11-21T23:40:05Z", timezone.utc) == "21 Nov 2026, 23:40"
    assert local_date_time("2026-11-21T23:40:05Z", timezone(timedelta(hours=2))) == "22 Nov 2026, 01:40"
    assert local_date_time("2026-01-01T00:10:00Z", timezone(timedelta(hours=-1))) == "31 Dec 2025, 23:10"
    assert local_date_time("2024-05-01T09:05:59Z", timezone(timedelta(hours=5, minutes=30))) == "1 May 2024, 14:35"
    assert local_date_time("not a time") == "not a time (damaged value)"


def test_text_matches_ignores_case() -> None:
    assert text_matches("SHOULD", "my shoulders")
    assert text_matches("  ", "anything")
    assert text_matches("[/]", "x", "a [/] b")
    assert not text_matches("knee", "my shoulders", "Where?")


def test_text_matches_ignores_accents_both_ways() -> None:
    """A stranger searched "cafe" and did not find the answer about the café."""
    assert text_matches("cafe", "At the café I felt calm")
    assert text_matches("CAFÉ", "at the cafe")
    assert text_matches("cafe\u0301", "at the caf\u00e9")  # decomposed and composed é
    assert text_matches("naive", "a NAÏVE hope") and text_matches("zurich", "Zürich")
    assert text_matches("strasse", "Straße")
    assert not text_matches("cafe", "a cave")


def test_journal_in_course_order_with_renames_and_orphans(mini: Course) -> None:
    intro = dataclasses.replace(mini.lessons["intro"], previous_ids=("old-intro",))
    course = dataclasses.replace(mini, lessons={**mini.lessons, "intro": intro})
    entries = [
        entry("zz-removed", "q", "From a removed lesson", "2024-01-01T00:00:00Z"),
        entry("old-intro", "feel", "Saved under the old id"),
        entry("intro", "gone-step", "From a removed step"),
        entry("intro", "hello", "Under a page, not a prompt"),
        entry("a-removed", "q", "Another removed lesson"),
        entry("shake", "x", "   \n"),  # blank: not an answer
    ]
    sections = journal_sections(course, entries)
    assert [s.title for s in sections] == ["Basics", GONE_TITLE]
    basics, gone = sections
    assert basics.module_id == "basics"
    assert [(lesson.key, lesson.title) for lesson in basics.lessons] == [("intro", "Introduction")]
    (item,) = basics.items
    assert item.entry.answer == "Saved under the old id" and item.step is not None and item.step.id == "feel"
    assert gone.module_id is None
    assert [(lesson.key, lesson.title) for lesson in gone.lessons] == [
        ("a-removed", "a-removed"),
        ("intro", "Introduction"),
        ("zz-removed", "zz-removed"),
    ]
    assert [i.entry.answer for i in gone.lessons[1].items] == ["From a removed step", "Under a page, not a prompt"]
    assert all(i.step is None for i in gone.items)
    assert journal_sections(course, []) == []


def test_checkin_runs_group_by_session(mini: Course) -> None:
    records = [
        rating("tremor", "tension", "before", 7, "a"),
        rating("tremor", "distress", "before", 5, "a"),
        rating("tremor", "tension", "before", 6, "b"),
        rating("tremor", "tension", "after", 3, "a"),
        rating("tremor", "tension", "after", 4, "a"),  # rated again: the later one counts
        rating("tremor", "calm", "after", 9, "b"),  # a measure the course no longer has
        rating("gone", "tension", "before", 2, "c", lesson_id="removed"),
    ]
    runs = checkin_runs(mini, records)
    assert [(r.session_id, r.before, r.after) for r in runs] == [
        ("a", {"tension": 7, "distress": 5}, {"tension": 4}),
        ("b", {"tension": 6}, {"calm": 9}),
        ("c", {"tension": 2}, {}),
    ]
    assert runs[0].exercise == "Gentle tremor"
    assert runs[2].exercise == "gone" and runs[2].lesson is None
    # The course's measures in its order, then those it no longer has.
    assert [(i, m.label if m else None) for i, m in rated_measures(mini, ["calm", "tension", "distress"])] == [
        ("tension", "Tension"),
        ("distress", "Distress"),
        ("calm", None),
    ]


def test_answer_when_says_written_or_changed() -> None:
    """The journal showed the last change unlabelled; a stranger read it as when they wrote it."""
    written = "2026-11-30T18:40:00Z"
    assert answer_when(written, written, timezone.utc) == "written 30 Nov 2026, 18:40"
    assert answer_when(written, "2026-11-30T18:47:00Z", timezone.utc) == "changed 30 Nov 2026, 18:47"


def test_journal_count_does_not_count_cleared_answers_as_answers() -> None:
    """A stranger emptied one of two answers and still read "2 answers"."""
    assert journal_count(2, 2) == "2 answers"
    assert journal_count(1, 1) == "1 answer"
    assert journal_count(1, 3) == "Showing 1 of 3 answers"
    assert journal_count(2, 2, cleared=1) == "1 answer, 1 cleared"
    assert journal_count(1, 1, cleared=1) == "0 answers, 1 cleared"
    assert journal_count(1, 3, cleared=1) == "Showing 1 of 3: 2 answers, 1 cleared"


def test_the_journal_files_under_gone_exactly_the_answers_status_and_check_call_orphaned(mini: Course) -> None:
    """One rule: an answer under a page's id (or a removed step or lesson) is orphaned in all three."""
    from unclench.places import orphan_of

    entries = [
        entry("intro", "feel", "In its reflection"),
        entry("intro", "hello", "Under a page, not a prompt"),
        entry("intro", "gone-step", "From a removed step"),
        entry("zz-removed", "q", "From a removed lesson"),
    ]
    gone = {
        item.entry.answer
        for section in journal_sections(mini, entries)
        if section.module_id is None
        for item in section.items
    }
    orphaned = {e.answer: orphan_of(mini, e.lesson_id, e.step_id, "journal") for e in entries}
    assert gone == {answer for answer, orphan in orphaned.items() if orphan is not None}
    assert orphaned["Under a page, not a prompt"] is not None
    assert orphaned["Under a page, not a prompt"].step_kind_now == "page"
    assert orphaned["From a removed step"] is not None and orphaned["From a removed step"].step_kind_now is None
