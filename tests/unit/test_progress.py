"""The progress store: round trips, keys, timestamps, permissions, migrations, text fidelity."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Collection, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench import paths
from unclench.store import DB_FILENAME, ProgressStore, database_path
from unclench.store.errors import StoreError
from unclench.store.rows import (
    Acknowledgement,
    CheckinRecord,
    CourseRecord,
    JournalEntry,
    LessonDone,
    Position,
    QuizAttempt,
    SavedPosition,
    StepDone,
)
from unclench.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

C = "course"


class Clock:
    """A controllable clock: starts at a fixed moment, moves when told."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 21, 23, 40, 5, 123456, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[ProgressStore]:
    with ProgressStore.open(tmp_path / "data", now=clock) as opened:
        yield opened


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# --------------------------------------------------------------------------- paths


def test_data_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "custom"))
    assert paths.data_dir() == tmp_path / "custom"


def test_data_dir_default_when_unset_or_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    expected = Path(platformdirs.user_data_dir("unclench"))
    monkeypatch.delenv("UNCLENCH_DATA_DIR", raising=False)
    assert paths.data_dir() == expected
    monkeypatch.setenv("UNCLENCH_DATA_DIR", "")
    assert paths.data_dir() == expected


def test_open_without_dir_uses_paths_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "env-dir"))
    with ProgressStore.open() as opened:
        assert opened.data_dir == tmp_path / "env-dir"
        assert opened.path == tmp_path / "env-dir" / DB_FILENAME
        assert opened.path.exists()
        assert opened.notice is None


# --------------------------------------------------------------------------- positions & completion


def test_position_round_trip(store: ProgressStore) -> None:
    assert store.position(C) is None
    assert store.lesson_position(C, "one") is None
    store.set_position(C, "one", "a")
    store.set_position(C, "one", "b")
    store.set_position(C, "two", "x")
    assert store.position(C) == Position("two", "x")
    assert store.lesson_position(C, "one") == "b"
    assert store.lesson_position(C, "two") == "x"
    assert store.position("other-course") is None
    assert store.lesson_position("other-course", "one") is None


def test_completion_round_trip_and_idempotence(store: ProgressStore) -> None:
    assert store.completed_steps(C) == {}
    assert store.completed_lessons(C) == set()
    for _ in range(2):
        store.mark_step_done(C, "one", "a")
        store.mark_step_done(C, "one", "b")
        store.mark_step_done(C, "two", "a")
        store.mark_lesson_done(C, "one")
    assert store.completed_steps(C) == {"one": {"a", "b"}, "two": {"a"}}
    assert store.completed_lessons(C) == {"one"}
    assert store.completed_steps("other") == {}


def test_a_position_saved_with_a_step_done_records_what_the_two_writes_did(tmp_path: Path, clock: Clock) -> None:
    """Moving on from a page saves the page done and the new place in one commit: the same rows as two writes."""
    apart, together = (ProgressStore.open(tmp_path / name, now=clock) for name in ("apart", "together"))
    apart.mark_step_done(C, "one", "a")
    apart.set_position(C, "one", "b")
    apart.set_position(C, "one", "c")
    together.set_position(C, "one", "b", done=("one", "a"))
    together.set_position(C, "one", "c", done=("one", "a"))  # done already: the first time is kept
    for store in (apart, together):
        assert store.completed_steps(C) == {"one": {"a"}}
        assert store.position(C) == Position("one", "c")
        assert store.lesson_position(C, "one") == "c"
    dumps = []
    for store in (apart, together):
        path = store.path
        store.close()
        with contextlib.closing(sqlite3.connect(path)) as database:
            dumps.append(list(database.iterdump()))
    assert dumps[0] == dumps[1]


# --------------------------------------------------------------------------- journal


def test_answer_round_trip_with_utc_timestamps(store: ProgressStore, clock: Clock) -> None:
    assert store.answer(C, "one", "p") is None
    store.save_answer(C, "one", "p", "Where do you feel it?", "In my shoulders.")
    assert store.answer(C, "one", "p") == JournalEntry(
        C, "one", "p", "Where do you feel it?", "In my shoulders.", "2026-11-21T23:40:05Z", "2026-11-21T23:40:05Z"
    )


def test_naive_and_non_utc_clocks_are_stored_as_utc(tmp_path: Path) -> None:
    plus_two = timezone(timedelta(hours=2))
    with ProgressStore.open(tmp_path, now=lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=plus_two)) as aware:
        aware.save_answer(C, "l", "s", "Q", "A")
        entry = aware.answer(C, "l", "s")
        assert entry is not None and entry.created_at == "2026-01-02T01:04:05Z"
    with ProgressStore.open(tmp_path, now=lambda: datetime(2026, 1, 2, 3, 4, 5)) as naive:
        naive.mark_step_done(C, "l", "s")
        naive.save_answer(C, "l", "s", "Q", "B")
        entry = naive.answer(C, "l", "s")
        assert entry is not None and entry.updated_at == "2026-01-02T03:04:05Z"


def test_default_clock_is_utc_now(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as opened:
        before = datetime.now(timezone.utc).replace(microsecond=0)
        opened.save_answer(C, "l", "s", "Q", "A")
        after = datetime.now(timezone.utc)
        entry = opened.answer(C, "l", "s")
    assert entry is not None
    assert entry.created_at.endswith("Z") and len(entry.created_at) == 20
    saved = datetime.strptime(entry.created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= saved <= after


def test_upsert_keeps_created_at_and_stores_question_as_answered(store: ProgressStore, clock: Clock) -> None:
    store.save_answer(C, "one", "p", "Old wording?", "first")
    clock.advance(90)
    store.save_answer(C, "one", "p", "Old wording?", "first, then more")
    entry = store.answer(C, "one", "p")
    assert entry is not None
    assert entry.created_at == "2026-11-21T23:40:05Z"
    assert entry.updated_at == "2026-11-21T23:41:35Z"
    assert entry.answer == "first, then more"
    assert entry.question == "Old wording?"

    clock.advance(60)  # the author rewords the question; the learner edits the answer
    store.save_answer(C, "one", "p", "New wording?", "edited")
    entry = store.answer(C, "one", "p")
    assert entry is not None
    assert (entry.question, entry.answer) == ("New wording?", "edited")
    assert entry.created_at == "2026-11-21T23:40:05Z"
    assert entry.updated_at == "2026-11-21T23:42:35Z"


def test_saving_the_same_text_does_not_touch_updated_at(store: ProgressStore, clock: Clock) -> None:
    store.save_answer(C, "one", "p", "Q", "same")
    clock.advance(5)
    store.save_answer(C, "one", "p", "Q", "same")
    entry = store.answer(C, "one", "p")
    assert entry is not None and entry.updated_at == entry.created_at


def test_answers_are_keyed_by_ids_and_listed_oldest_first(store: ProgressStore, clock: Clock) -> None:
    store.save_answer(C, "two", "p", "Q2", "second lesson")
    clock.advance(1)
    store.save_answer(C, "one", "p", "Q1", "first lesson")
    clock.advance(1)
    store.save_answer(C, "one", "q", "Q3", "other step")
    store.save_answer("other", "one", "p", "Q", "other course")
    clock.advance(1)
    store.save_answer(C, "two", "p", "Q2", "second lesson, edited")
    listed = store.answers(C)
    assert [(e.lesson_id, e.step_id, e.answer) for e in listed] == [
        ("two", "p", "second lesson, edited"),
        ("one", "p", "first lesson"),
        ("one", "q", "other step"),
    ]
    assert [e.answer for e in store.answers("other")] == ["other course"]


AWKWARD_TEXTS = {
    "markup": "[bold]not bold[/] [/] [red]x[/red] [link=https://example.com]y[/link] \\[escaped]",
    "emoji": "😀 👩🏽‍💻 🏳️‍🌈 ❤️‍🔥",
    "rtl": "אני מרגיש מתח בכתפיים — أشعر بالتوتر في كتفي",
    "control": "tab\tnl\ncr\rnul\x00bell\x07esc\x1b[31mred\x1b[0m del\x7f c1\x85\u200b\u202e",
    "whitespace": "  leading and trailing  \n\n",
    "empty": "",
    "huge": ("x" * 99_999) + "é",
    "huge-mixed": ("Zeile ✓ [b]\n" * 9_100)[:100_000],
}


@pytest.mark.parametrize("name", sorted(AWKWARD_TEXTS))
def test_awkward_text_is_stored_exactly(tmp_path: Path, name: str) -> None:
    text = AWKWARD_TEXTS[name]
    with ProgressStore.open(tmp_path) as opened:
        opened.save_answer(C, "l", "s", text, text)
        opened.record_quiz_attempt(C, "l", "q", text, [1], [text], False)
        opened.acknowledge(C, "safety", "note", text)
    with ProgressStore.open(tmp_path) as reopened:
        entry = reopened.answer(C, "l", "s")
        assert entry is not None
        assert entry.answer == text and entry.question == text
        attempt = reopened.quiz_attempts(C)[0]
        assert attempt.question == text and attempt.chosen_texts == (text,)
        assert reopened.is_acknowledged(C, "safety", "note", text)
    assert len(AWKWARD_TEXTS["huge"]) == 100_000 and len(AWKWARD_TEXTS["huge-mixed"]) == 100_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.text(max_size=300), ids=st.tuples(st.text(min_size=1, max_size=10), st.text(max_size=10)))
def test_any_text_round_trips(answer: str, ids: tuple[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, ProgressStore.open(Path(tmp)) as opened:
        lesson_id, step_id = ids
        opened.save_answer(C, lesson_id, step_id, answer, answer)
        entry = opened.answer(C, lesson_id, step_id)
        assert entry is not None and entry.answer == answer and entry.question == answer


# --------------------------------------------------------------------------- quizzes & check-ins


def test_quiz_attempts_round_trip_and_filters(store: ProgressStore, clock: Clock) -> None:
    assert store.quiz_attempts(C) == []
    store.record_quiz_attempt(C, "one", "q1", "Which?", [1], ["Stop slowly"], False)
    clock.advance(2)
    store.record_quiz_attempt(C, "one", "q1", "Which?", (0, 2), ("Sit up", "Roll over"), True)
    store.record_quiz_attempt(C, "one", "q2", "Another?", [], [], False)
    store.record_quiz_attempt(C, "two", "q1", "Why?", [3], ["Because"], True)
    store.record_quiz_attempt("other", "one", "q1", "Which?", [0], ["x"], True)

    everything = store.quiz_attempts(C)
    assert everything[1] == QuizAttempt(
        C, "one", "q1", "Which?", (0, 2), ("Sit up", "Roll over"), True, "2026-11-21T23:40:07Z"
    )
    assert everything[0].at == "2026-11-21T23:40:05Z"
    assert [(a.lesson_id, a.step_id, a.correct) for a in everything] == [
        ("one", "q1", False),
        ("one", "q1", True),
        ("one", "q2", False),
        ("two", "q1", True),
    ]
    assert len(store.quiz_attempts(C, "one")) == 3
    assert [a.chosen for a in store.quiz_attempts(C, "one", "q1")] == [(1,), (0, 2)]
    assert [a.lesson_id for a in store.quiz_attempts(C, step_id="q1")] == ["one", "one", "two"]
    with pytest.raises(ValueError):
        store.record_quiz_attempt(C, "one", "q1", "Which?", [-1], ["x"], False)


def test_checkins_round_trip(store: ProgressStore) -> None:
    store.record_checkin(C, "one", "ex", "tension", "before", 7, "run-1")
    store.record_checkin(C, "one", "ex", "tension", "after", 0, "run-1")
    store.record_checkin(C, "one", "ex", "calm", "after", 10, "run-1")
    store.record_checkin("other", "one", "ex", "calm", "after", 5, "run-2")
    assert store.checkins(C) == [
        CheckinRecord(C, "one", "ex", "tension", "before", 7, "run-1", "2026-11-21T23:40:05Z"),
        CheckinRecord(C, "one", "ex", "tension", "after", 0, "run-1", "2026-11-21T23:40:05Z"),
        CheckinRecord(C, "one", "ex", "calm", "after", 10, "run-1", "2026-11-21T23:40:05Z"),
    ]


@pytest.mark.parametrize(("phase", "rating"), [("before", -1), ("after", 11), ("before", True), ("during", 5)])
def test_checkin_rejects_bad_values(store: ProgressStore, phase: str, rating: int) -> None:
    with pytest.raises(ValueError):
        store.record_checkin(C, "one", "ex", "tension", phase, rating, "run")
    with pytest.raises(ValueError):
        store.record_checkin(C, "one", "ex", "tension", "before", 5.5, "run")  # type: ignore[arg-type]
    assert store.checkins(C) == []


# --------------------------------------------------------------------------- acknowledgements


def test_text_hash_is_sha256_hex() -> None:
    assert ProgressStore.text_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert ProgressStore.text_hash("a") != ProgressStore.text_hash("a ")


def test_acknowledgement_follows_the_text(store: ProgressStore, clock: Clock) -> None:
    disclaimer = "This course is not medical advice."
    assert not store.is_acknowledged(C, "disclaimer", "disclaimer", disclaimer)
    store.acknowledge(C, "disclaimer", "disclaimer", disclaimer)
    assert store.is_acknowledged(C, "disclaimer", "disclaimer", disclaimer)
    changed = disclaimer + " See a qualified professional."
    assert not store.is_acknowledged(C, "disclaimer", "disclaimer", changed)
    assert not store.is_acknowledged(C, "safety", "disclaimer", disclaimer)
    assert not store.is_acknowledged("other", "disclaimer", "disclaimer", disclaimer)

    clock.advance(10)
    store.acknowledge(C, "disclaimer", "disclaimer", changed)
    assert store.is_acknowledged(C, "disclaimer", "disclaimer", changed)
    assert not store.is_acknowledged(C, "disclaimer", "disclaimer", disclaimer)  # only the latest counts

    store.acknowledge(C, "safety", "stop-anytime", "Stop at any time.")
    assert store.acknowledgements(C) == [
        Acknowledgement(C, "disclaimer", "disclaimer", ProgressStore.text_hash(disclaimer), "2026-11-21T23:40:05Z"),
        Acknowledgement(C, "disclaimer", "disclaimer", ProgressStore.text_hash(changed), "2026-11-21T23:40:15Z"),
        Acknowledgement(
            C, "safety", "stop-anytime", ProgressStore.text_hash("Stop at any time."), "2026-11-21T23:40:15Z"
        ),
    ]
    with pytest.raises(ValueError):
        store.acknowledge(C, "whim", "x", "text")


# --------------------------------------------------------------------------- settings


def test_settings_round_trip(store: ProgressStore) -> None:
    assert store.setting("charts") is None
    assert store.setting("charts", "on") == "on"
    store.set_setting("charts", "off")
    store.set_setting("theme", "dark")
    store.set_setting("charts", "auto")
    assert store.setting("charts", "on") == "auto"
    assert store.settings() == {"charts": "auto", "theme": "dark"}


# --------------------------------------------------------------------------- content changes


def _progress_in(store: ProgressStore, lesson: str, step: str = "s1") -> None:
    store.set_position(C, lesson, step)
    store.mark_step_done(C, lesson, step)
    store.mark_lesson_done(C, lesson)
    store.save_answer(C, lesson, step, "Q?", f"answer in {lesson}")
    store.record_quiz_attempt(C, lesson, "quiz", "Q?", [0], ["A"], True)
    store.record_checkin(C, lesson, "ex", "calm", "before", 4, "run")


def test_adopt_renamed_lessons_moves_everything(store: ProgressStore) -> None:
    _progress_in(store, "old-name")
    store.set_position(C, "elsewhere", "x")
    store.set_position(C, "old-name", "s1")
    assert store.lesson_ids_with_progress(C) == {"old-name", "elsewhere"}

    moved = store.adopt_renamed_lessons(C, {"old-name": "new-name", "never-existed": "whatever"})

    # course position + lesson position + step + lesson + journal + quiz + check-in
    assert moved == 7
    assert store.position(C) == Position("new-name", "s1")
    assert store.lesson_position(C, "new-name") == "s1"
    assert store.lesson_position(C, "old-name") is None
    assert store.completed_steps(C) == {"new-name": {"s1"}}
    assert store.completed_lessons(C) == {"new-name"}
    entry = store.answer(C, "new-name", "s1")
    assert entry is not None and entry.answer == "answer in old-name"
    assert [a.lesson_id for a in store.quiz_attempts(C)] == ["new-name"]
    assert [c.lesson_id for c in store.checkins(C)] == ["new-name"]
    assert store.lesson_ids_with_progress(C) == {"new-name", "elsewhere"}
    assert store.adopt_renamed_lessons(C, {"old-name": "new-name"}) == 0


def test_adopt_renamed_lessons_never_overwrites_the_new_id(store: ProgressStore) -> None:
    store.save_answer(C, "old", "p", "Q?", "old answer")
    store.save_answer(C, "old", "q", "Q?", "only under old")
    store.mark_step_done(C, "old", "p")
    store.save_answer(C, "new", "p", "Q?", "new answer")
    store.mark_step_done(C, "new", "p")
    store.save_answer("other", "old", "p", "Q?", "another course")

    moved = store.adopt_renamed_lessons(C, {"old": "new"})

    assert moved == 1  # only the q answer; p clashes in the journal and in completions
    new_p = store.answer(C, "new", "p")
    assert new_p is not None and new_p.answer == "new answer"
    old_p = store.answer(C, "old", "p")
    assert old_p is not None and old_p.answer == "old answer"  # kept, not lost
    new_q = store.answer(C, "new", "q")
    assert new_q is not None and new_q.answer == "only under old"
    other = store.answer("other", "old", "p")
    assert other is not None and other.answer == "another course"
    assert store.adopt_renamed_lessons(C, {}) == 0
    assert store.adopt_renamed_lessons(C, {"new": "new"}) == 0


def test_lesson_ids_with_progress_sees_every_table(store: ProgressStore) -> None:
    assert store.lesson_ids_with_progress(C) == set()
    store.mark_step_done(C, "a", "s")
    store.mark_lesson_done(C, "b")
    store.save_answer(C, "c", "s", "Q", "A")
    store.record_quiz_attempt(C, "d", "s", "Q", [0], ["A"], True)
    store.record_checkin(C, "e", "s", "calm", "after", 1, "run")
    store.set_position(C, "f", "s")
    store.acknowledge(C, "safety", "g", "text")  # not lesson progress
    assert store.lesson_ids_with_progress(C) == {"a", "b", "c", "d", "e", "f"}
    assert store.lesson_ids_with_progress("other") == set()
    assert store.course_ids() == {C}


# --------------------------------------------------------------------------- reset & backup


def test_reset_course_keeps_journal_unless_asked(store: ProgressStore) -> None:
    _progress_in(store, "one")
    _progress_in(store, "two")
    store.acknowledge(C, "disclaimer", "disclaimer", "text")
    store.set_setting("charts", "off")
    store.save_answer("other", "one", "s1", "Q", "untouched")

    store.reset(C)
    assert store.position(C) is None
    assert store.lesson_position(C, "one") is None
    assert store.completed_steps(C) == {}
    assert store.completed_lessons(C) == set()
    assert store.quiz_attempts(C) == []
    assert store.checkins(C) == []
    assert [e.lesson_id for e in store.answers(C)] == ["one", "two"]
    assert store.is_acknowledged(C, "disclaimer", "disclaimer", "text")
    assert store.setting("charts") == "off"

    store.reset(C, journal=True)
    assert store.answers(C) == []
    assert [e.answer for e in store.answers("other")] == ["untouched"]
    assert store.is_acknowledged(C, "disclaimer", "disclaimer", "text")


def test_reset_one_lesson(store: ProgressStore) -> None:
    _progress_in(store, "one")
    _progress_in(store, "two")
    store.reset(C, "two")
    assert store.position(C) is None  # it pointed into lesson two
    assert store.completed_lessons(C) == {"one"}
    assert store.completed_steps(C) == {"one": {"s1"}}
    assert {a.lesson_id for a in store.quiz_attempts(C)} == {"one"}
    assert {c.lesson_id for c in store.checkins(C)} == {"one"}
    assert {e.lesson_id for e in store.answers(C)} == {"one", "two"}
    store.reset(C, "two", journal=True)
    assert {e.lesson_id for e in store.answers(C)} == {"one"}

    store.set_position(C, "one", "s1")
    store.reset(C, "two")
    assert store.position(C) == Position("one", "s1")  # points elsewhere: kept


def test_reset_lessons_forgets_several_ids_and_never_the_whole_course_by_accident(store: ProgressStore) -> None:
    for lesson_id in ("one", "two", "three"):
        _progress_in(store, lesson_id)
    store.reset_lessons(C, {"one", "two"})
    assert store.completed_lessons(C) == {"three"}
    no_ids: list[Collection[str]] = [[], "three"]  # a string is a collection of letters, not of ids
    for nothing in no_ids:
        with pytest.raises(ValueError):
            store.reset_lessons(C, nothing)
    assert store.completed_lessons(C) == {"three"}


def test_backup_is_a_private_standalone_copy(store: ProgressStore, tmp_path: Path) -> None:
    _progress_in(store, "one")
    dest = tmp_path / "backup.sqlite3"
    dest.write_text("previous backup")
    old_umask = os.umask(0o022)
    try:
        assert store.backup(dest) == dest
    finally:
        os.umask(old_umask)
    assert _mode(dest) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3", "data"]
    conn = sqlite3.connect(dest)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT answer FROM journal").fetchall() == [("answer in one",)]
    finally:
        conn.close()
    copy_dir = tmp_path / "restored"
    copy_dir.mkdir()
    os.replace(dest, copy_dir / DB_FILENAME)
    with ProgressStore.open(copy_dir) as restored:
        assert restored.notice is None
        assert restored.completed_lessons(C) == {"one"}


# --------------------------------------------------------------------------- files, permissions, migrations


def test_permissions_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        data_dir = tmp_path / "nested" / "data"
        with ProgressStore.open(data_dir) as opened:
            opened.save_answer(C, "l", "s", "Q", "private")
            db = opened.path
            wal = Path(f"{db}-wal")
            shm = Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert _mode(data_dir) == 0o700
            assert _mode(db) == 0o600
            assert _mode(wal) == 0o600
            assert _mode(shm) == 0o600
            # A second connection (another window) recreates nothing looser.
            with ProgressStore.open(data_dir) as second:
                second.save_answer(C, "l", "t", "Q", "also private")
            assert _mode(wal) == 0o600 and _mode(shm) == 0o600
    finally:
        os.umask(old_umask)


def test_loose_existing_folder_and_files_are_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    ProgressStore.open(data_dir).close()
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / DB_FILENAME, 0o644)
    with ProgressStore.open(data_dir) as opened:
        opened.save_answer(C, "l", "s", "Q", "A")
        assert _mode(data_dir) == 0o700
        assert _mode(opened.path) == 0o600
        assert _mode(Path(f"{opened.path}-wal")) == 0o600


def test_database_settings_and_schema_version(store: ProgressStore) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"journal", "step_done", "lesson_done", "quiz_attempt", "checkin", "acknowledgement"} <= tables
    own = store._conn
    assert own is not None
    assert own.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert own.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert own.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migration_from_an_empty_file_and_reopening_keeps_data(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).touch()  # an empty file is an empty database, not damage
    with ProgressStore.open(tmp_path) as first:
        assert first.notice is None
        _progress_in(first, "one")
        first.set_setting("charts", "off")
    with ProgressStore.open(tmp_path) as second:
        assert second.notice is None
        assert second.position(C) == Position("one", "s1")
        assert second.completed_lessons(C) == {"one"}
        assert second.setting("charts") == "off"
        assert len(second.answers(C)) == 1
        assert len(second.quiz_attempts(C)) == 1
        assert len(second.checkins(C)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with pytest.raises(StoreError) as caught:
        ProgressStore.open(not_a_dir)
    assert str(not_a_dir) in caught.value.message
    assert not_a_dir.read_text() == "x"


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    opened = ProgressStore.open(tmp_path)
    opened.close()
    opened.close()
    assert opened.closed
    with pytest.raises(StoreError):
        opened.answers(C)
    with pytest.raises(StoreError):
        opened.save_answer(C, "l", "s", "Q", "A")


def test_saves_from_many_threads(store: ProgressStore) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(50):
                store.save_answer(C, f"lesson-{worker}", f"s{i}", "Q", f"{worker}/{i}")
                store.mark_step_done(C, f"lesson-{worker}", f"s{i}")
                store.answers(C)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.answers(C)) == 200
    assert {k: len(v) for k, v in store.completed_steps(C).items()} == {f"lesson-{w}": 50 for w in range(4)}


# --------------------------------------------------------------------------- whole records (export / import)


def test_database_path_does_not_create_anything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_path(tmp_path / "d") == tmp_path / "d" / DB_FILENAME
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "env"))
    assert database_path() == tmp_path / "env" / DB_FILENAME
    assert list(tmp_path.iterdir()) == []


def _full_record(store: ProgressStore, clock: Clock) -> CourseRecord:
    _progress_in(store, "one")
    clock.advance(1)
    _progress_in(store, "two", "s2")
    store.record_quiz_attempt(C, "two", "quiz", "Q?", [0], ["A"], True)  # an identical retry, same second
    store.acknowledge(C, "disclaimer", "disclaimer", "Not medical advice.")
    store.save_answer("other", "one", "s1", "Q", "another course")
    return store.record(C)


def test_record_holds_everything_about_one_course(store: ProgressStore, clock: Clock) -> None:
    assert store.record(C) == CourseRecord(C)
    assert store.record(C).is_empty
    record = _full_record(store, clock)
    assert not record.is_empty
    assert record.position == SavedPosition("two", "s2", "2026-11-21T23:40:06Z")
    assert record.lesson_positions == (
        SavedPosition("one", "s1", "2026-11-21T23:40:05Z"),
        SavedPosition("two", "s2", "2026-11-21T23:40:06Z"),
    )
    assert record.lessons_done == (LessonDone("one", "2026-11-21T23:40:05Z"), LessonDone("two", "2026-11-21T23:40:06Z"))
    assert record.steps_done == (
        StepDone("one", "s1", "2026-11-21T23:40:05Z"),
        StepDone("two", "s2", "2026-11-21T23:40:06Z"),
    )
    assert [(e.lesson_id, e.answer) for e in record.journal] == [("one", "answer in one"), ("two", "answer in two")]
    assert len(record.quiz_attempts) == 3 and record.quiz_attempts[1] == record.quiz_attempts[2]
    assert len(record.checkins) == 2
    assert [a.kind for a in record.acknowledgements] == ["disclaimer"]


def test_import_into_an_empty_store_gives_the_same_record(store: ProgressStore, clock: Clock, tmp_path: Path) -> None:
    record = _full_record(store, clock)
    with ProgressStore.open(tmp_path / "elsewhere") as other:
        assert other.import_record(record) == 1 + 2 + 2 + 2 + 2 + 3 + 2 + 1
        assert other.record(C) == record
        assert other.import_record(record) == 0  # idempotent, duplicates included
        assert other.record(C) == record
        assert other.answers("other") == []


def test_a_run_whose_copy_has_another_id_is_the_same_run(store: ProgressStore, tmp_path: Path) -> None:
    """A run is one start of one exercise step: its copy under another id (a backup edited, or made by another
    version) is merged with it, its ratings filed under the stored id; another run of the same start is kept."""
    store.start_run(C, "one", "ex", "here")
    store.record_checkin(C, "one", "ex", "calm", "before", 4, "here")
    mine = store.record(C)
    (run,) = mine.runs
    copy = CourseRecord(
        C,
        runs=(dataclasses.replace(run, session_id="copy", ended_at=run.started_at, seconds=30, outcome="ended"),),
        checkins=tuple(
            dataclasses.replace(c, session_id="copy")
            for c in (*mine.checkins, dataclasses.replace(mine.checkins[0], phase="after", rating=2))
        ),
    )
    assert store.import_record(copy) == 2  # the stored run, still under way, takes the ending; one new rating
    assert store.import_record(copy) == 0
    merged = store.record(C)
    assert [(r.session_id, r.outcome, r.seconds) for r in merged.runs] == [("here", "ended", 30)]
    assert [(c.session_id, c.phase, c.rating) for c in merged.checkins] == [("here", "before", 4), ("here", "after", 2)]

    # Two runs of one start in the record are two runs: one is the stored run, the other is added.
    twice = CourseRecord(C, runs=(copy.runs[0], dataclasses.replace(copy.runs[0], session_id="another")))
    assert store.import_record(twice) == 1
    assert [r.session_id for r in store.record(C).runs] == ["here", "another"]
    assert store.import_record(twice) == 0


def test_import_never_replaces_newer_progress(store: ProgressStore, clock: Clock) -> None:
    store.save_answer(C, "one", "p", "Q", "old text")
    store.set_position(C, "one", "p")
    store.mark_step_done(C, "one", "p")
    old = store.record(C)
    clock.advance(60)
    store.save_answer(C, "one", "p", "Q", "new text")
    store.set_position(C, "one", "q")
    assert store.import_record(old) == 0
    entry = store.answer(C, "one", "p")
    assert entry is not None and entry.answer == "new text"
    assert store.position(C) == Position("one", "q")

    newer = CourseRecord(
        C,
        journal=(JournalEntry(C, "one", "p", "Q2", "imported", "2026-11-21T23:00:00Z", "2026-11-22T10:00:00Z"),),
        steps_done=(StepDone("one", "p", "2026-11-20T00:00:00Z"),),
    )
    assert store.import_record(newer) == 2
    entry = store.answer(C, "one", "p")
    assert entry == JournalEntry(C, "one", "p", "Q2", "imported", "2026-11-21T23:00:00Z", "2026-11-22T10:00:00Z")
    assert store.record(C).steps_done == (StepDone("one", "p", "2026-11-20T00:00:00Z"),)


def test_import_rejects_invalid_rows_and_saves_nothing(store: ProgressStore) -> None:
    bad = CourseRecord(
        C,
        journal=(JournalEntry(C, "one", "p", "Q", "A", "2026-11-21T23:00:00Z", "2026-11-21T23:00:00Z"),),
        checkins=(CheckinRecord(C, "one", "ex", "calm", "before", 11, "run", "2026-11-21T23:00:00Z"),),
    )
    with pytest.raises(ValueError):
        store.import_record(bad)
    assert store.record(C).is_empty


def test_answered_steps_agrees_with_python_on_blank_answers(store: ProgressStore) -> None:
    """SQLite decides what is blank without reading texts back; it must agree with ``str.strip``."""
    from unclench.store.store import _WHITESPACE

    assert "".join(chr(code) for code in range(0x110000) if chr(code).isspace()) == _WHITESPACE
    answers = {
        "spaces": "   ",
        "unicode-blank": "\u00a0\u3000\u2028\t\n",
        "word": "  my shoulders  ",
        "empty": "",
        "nbsp-word": "\u00a0x\u00a0",
    }
    for step_id, text in answers.items():
        store.save_answer("c", "l1", step_id, "Q?", text)
    store.save_answer("c", "l2", "p", "Q?", "hello")
    store.save_answer("other", "l1", "p", "Q?", "hello")
    expected = {step for step, text in answers.items() if text.strip()}
    assert store.answered_steps("c") == {"l1": expected, "l2": {"p"}}
    assert store.answered_steps("c", "l2") == {"l2": {"p"}}


def test_lesson_scoped_reads(store: ProgressStore) -> None:
    for lesson in ("a", "b"):
        store.set_position("c", lesson, "s1")
        store.mark_step_done("c", lesson, "s1")
        store.record_quiz_attempt("c", lesson, "q", "Q?", [0], ["x"], False)
        store.record_quiz_attempt("c", lesson, "q", "Q?", [1], ["y"], True)
    store.mark_lesson_done("c", "b")
    assert store.lesson_positions("c") == {"a": "s1", "b": "s1"}
    assert store.lesson_positions("c", "a") == {"a": "s1"}
    assert store.completed_steps("c", "b") == {"b": {"s1"}}
    assert store.completed_lessons("c", "a") == set()
    assert store.completed_lessons("c", "b") == {"b"}
    assert store.quiz_results("c") == {("a", "q"): (False, True), ("b", "q"): (False, True)}
    assert store.quiz_results("c", "a") == {("a", "q"): (False, True)}
