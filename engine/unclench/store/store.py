"""The learner's progress: one private SQLite database per user, read and written by :class:`ProgressStore`.

Everything the learner leaves behind lives in ``progress.sqlite3`` inside the
data folder (:func:`unclench.paths.data_dir`): where they are in each course,
which steps and lessons are done, their journal answers, quiz attempts,
check-in ratings, acknowledgements of the disclaimer and safety notes, and a
few settings. Opening the file safely is :mod:`unclench.store.opening`'s, the
tables are :mod:`unclench.store.schema`'s, merging a whole record is
:mod:`unclench.store.merge`'s; the rows are :mod:`unclench.store.rows`.

Design notes:

* **Durability.** The database runs in WAL mode with ``synchronous=FULL``;
  every write is one ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction, and a
  method returns only after its commit, so a save that returned survives the
  process being killed (and, with ``FULL``, a power cut).
* **Several windows.** Two Unclench processes may share a data folder: WAL
  lets readers and a writer work at once, ``BEGIN IMMEDIATE`` takes the write
  lock up front and ``busy_timeout`` waits for it, and every save is an
  independent upsert, so no update is lost.
* **Threads.** The TUI saves from a worker thread. The store holds a single
  connection (``check_same_thread=False``) and serialises every use of it
  with a lock. Writes are tiny, so one connection costs nothing in
  throughput, while it keeps ``close()`` simple (no per-thread connections to
  track down) and gives every thread the same view of the data.
* **Whole records.** :meth:`ProgressStore.record` reads everything about a
  course as a :class:`~unclench.store.rows.CourseRecord` (for export and status) and
  :meth:`ProgressStore.import_record` merges one back without ever replacing
  newer progress (:meth:`ProgressStore.restore` only into a course with no
  progress, for ``unclench import``); :meth:`ProgressStore.backup` copies the whole file.
* **Errors.** Every exception the store raises for a storage problem derives
  from :class:`~unclench.store.errors.StoreError` and carries a message fit to show the learner.
  Programming errors (an out-of-range rating, an unknown phase) raise
  :class:`ValueError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from unclench import paths
from unclench.digest import sha256_hex
from unclench.files import private_replacement
from unclench.store.errors import AnswerTooLongError, ProgressExistsError, StoreError, StoreWriteError
from unclench.store.merge import check_record, has_progress, import_rows
from unclench.store.opening import DB_FILENAME, failure, make_private, open_database
from unclench.store.rows import (
    ACK_KINDS,
    MAX_ANSWER_CHARS,
    PHASES,
    RUN_OUTCOMES,
    Acknowledgement,
    CheckinRecord,
    CourseRecord,
    JournalEntry,
    LessonDone,
    NewestRatedRuns,
    Position,
    QuizAttempt,
    RatedRun,
    RunRecord,
    SavedPosition,
    ScreeningAnswer,
    StepDone,
    SupportContact,
    from_rows,
)
from unclench.store.salvage import Kind, fetch
from unclench.store.schema import LESSON_TABLES, RECORD_TABLES, folder_bytes, folder_path, quiz_choice_key
from unclench.store.unconfirmed import UnconfirmedSafety, unconfirmed_safety_key


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


#: Every character ``str.strip()`` strips, for SQLite's ``trim`` to agree with Python on what is blank
#: (a test checks it against every code point).
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _scoped(sql: str, course_id: str, lesson_id: str | None, *extra: str) -> tuple[str, list[str]]:
    """``sql`` (``... WHERE course_id = ? [AND ...]``) narrowed to one lesson when ``lesson_id`` is given."""
    params = [course_id, *extra]
    if lesson_id is not None:
        sql += " AND lesson_id = ?"
        params.append(lesson_id)
    return sql, params


def _texts(*names: str) -> tuple[tuple[str, Kind], ...]:
    return tuple((name, "text") for name in names)


# What each read selects, in order, and what the columns hold (see unclench.store.salvage).
_JOURNAL = _texts("course_id", "lesson_id", "step_id", "question", "answer", "created_at", "updated_at")
_QUIZ: tuple[tuple[str, Kind], ...] = (
    *_texts("course_id", "lesson_id", "step_id", "question"),
    ("chosen", "indexes"),
    ("chosen_texts", "texts"),
    ("correct", "flag"),
    ("at", "text"),
)
_CHECKIN: tuple[tuple[str, Kind], ...] = (
    *_texts("course_id", "lesson_id", "step_id", "measure_id", "phase"),
    ("rating", "rating"),
    *_texts("session_id", "at"),
)
_RUN: tuple[tuple[str, Kind], ...] = (
    *_texts("course_id", "lesson_id", "step_id", "session_id", "started_at"),
    ("ended_at", "text?"),
    ("seconds", "seconds"),
    ("outcome", "text"),
    ("follow_up", "flag"),
    ("noticed", "flag"),
)
_SCREENING: tuple[tuple[str, Kind], ...] = (*_texts("course_id", "question_id"), ("answer", "flag"), ("at", "text"))
_CONTACT: tuple[tuple[str, Kind], ...] = (*_texts("course_id", "name", "reach", "added_at"), ("id", "int"))
_CORRECT: tuple[str, Kind] = ("correct", "flag")
_ACK = _texts("course_id", "kind", "subject_id", "text_hash", "at")


def _marks(values: Collection[str]) -> str:
    """One ``?`` per value, for ``IN (...)`` (the values themselves always go as parameters)."""
    return ", ".join("?" * len(values))


#: Set one per-user setting (``key``, ``value``, ``updated_at``): by :meth:`ProgressStore.set_setting`, and inside
#: an import's transaction.
_SET_SETTING = (
    "INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
)


class ProgressStore:
    """The learner's progress, stored in ``progress.sqlite3`` in the data folder.

    Open it with :meth:`open` and close it with :meth:`close` (or use it as a
    context manager). All methods are safe to call from several threads.

    Attributes:
        data_dir: The data folder.
        path: The database file.
        notice: Set when an unreadable file was moved aside at opening: a
            message telling the learner where the old file is now.
    """

    data_dir: Path
    path: Path
    notice: str | None

    def __init__(self, data_dir: Path | None = None, *, now: Callable[[], datetime] | None = None) -> None:
        """Open (creating or migrating if needed) the store in ``data_dir``.

        Prefer :meth:`open`, which does the same.

        Args:
            data_dir: The data folder; None means :func:`unclench.paths.data_dir`.
            now: The clock, returning an aware datetime (naive means UTC);
                tests inject a fixed one.

        Raises:
            NewerDatabaseError: The database was written by a newer Unclench.
            StoreError: The folder or file cannot be used (read-only, not a folder, ...).
        """
        self.data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        self.path = self.data_dir / DB_FILENAME
        self.notice = None
        self._now = now if now is not None else _system_now
        self._lock = threading.RLock()
        self._files_checked = False
        self._damage: list[str] | None = None
        self._writes = 0
        """Write transactions begun through this store (see :meth:`revision`)."""
        self._conn: sqlite3.Connection | None = None
        self._conn, self.notice = open_database(self.data_dir, self.path, self._utc_now)

    @classmethod
    def open(cls, data_dir: Path | None = None, *, now: Callable[[], datetime] | None = None) -> ProgressStore:
        """Open (creating or migrating if needed) the store in ``data_dir``.

        Args:
            data_dir: The data folder; None means :func:`unclench.paths.data_dir`.
            now: The clock, returning an aware datetime (naive means UTC).

        Returns:
            The open store. Check :attr:`notice` for a message to show.

        Raises:
            NewerDatabaseError: The database was written by a newer Unclench.
            StoreError: The folder or file cannot be used (read-only, not a folder, ...).
        """
        return cls(data_dir, now=now)

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close the database. Further calls raise :class:`StoreError`; closing twice is fine."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._conn is None

    def __enter__(self) -> ProgressStore:
        """Use the store as a context manager that closes it on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """A short description naming the database file."""
        state = "closed" if self.closed else "open"
        return f"<ProgressStore {str(self.path)!r} {state}>"

    # ------------------------------------------------------------------ plumbing

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"The progress store {self.path} is closed.")
        return self._conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Use the connection for reads, turning SQLite errors into :class:`StoreError`."""
        with self._lock:
            conn = self._require_open()
            try:
                yield conn
            except sqlite3.Error as error:
                raise failure(f"Could not read your progress from {self.path}", error) from None

    def _fetch(
        self, conn: sqlite3.Connection, what: str, sql: str, params: Any, columns: Sequence[tuple[str, Kind]]
    ) -> list[tuple[Any, ...]]:
        """Every row of a read, damaged values mended (:mod:`unclench.store.salvage`); :meth:`record` keeps notes."""
        rows, notes = fetch(conn, what, sql, params, columns)
        if notes and self._damage is not None:
            self._damage.extend(notes)
        return rows

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error.

        Raises:
            StoreWriteError: SQLite (or the text) refused the write; nothing was saved.
        """
        with self._lock:
            conn = self._require_open()
            self._writes += 1  # counted even if it fails: a revision that moves without a change only costs a rebuild
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except (sqlite3.Error, UnicodeError) as error:
                raise failure(f"Could not save your progress to {self.path}", error, StoreWriteError) from None
            if not self._files_checked:
                make_private(self.path)
                self._files_checked = True

    @property
    def writes_begun(self) -> int:
        """How many write transactions this store has begun (its own writes only; see :meth:`revision`)."""
        return self._writes

    def revision(self, *, wait: bool = True) -> tuple[int, int] | None:
        """Where the record stands: a value that differs whenever anything wrote to it since it was last asked.

        This store's own writes are counted; writes by any other connection (another Unclench
        window, ``unclench import`` or ``reset`` in another terminal) move SQLite's ``data_version``.
        Something built from the record earlier (the lesson player's next step, built ahead) is
        still true when the revision is the same.

        Args:
            wait: Wait for a write under way in another thread (an autosave); False: answer None at once then.

        Returns:
            The revision, or None when it cannot be read (then nothing built earlier can be trusted).
        """
        if not self._lock.acquire(blocking=wait):
            return None  # a write is under way: the record is changing
        try:
            row = self._require_open().execute("PRAGMA data_version").fetchone()
        except (StoreError, sqlite3.Error):
            return None
        finally:
            self._lock.release()
        return (self._writes, int(row[0]))

    def _utc_now(self) -> datetime:
        """The injected clock's time, in UTC (a naive time is taken as UTC)."""
        moment = self._now()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)

    def now(self) -> datetime:
        """The time the store stamps records with (UTC): limits on practice are measured against it."""
        return self._utc_now()

    def _stamp(self) -> str:
        """Now, as a UTC ISO 8601 string with seconds, e.g. ``2026-11-21T23:40:05Z``."""
        return self._utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")

    # ------------------------------------------------------------------ position

    def position(self, course_id: str) -> Position | None:
        """The course-wide "continue" point: the step the learner last had open.

        Args:
            course_id: The course.

        Returns:
            The lesson and step, or None when the learner has not started.
        """
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "the course position",
                "SELECT lesson_id, step_id FROM course_position WHERE course_id = ?",
                (course_id,),
                _texts("lesson_id", "step_id"),
            )
        return Position(rows[0][0], rows[0][1]) if rows else None

    def set_position(
        self,
        course_id: str,
        lesson_id: str,
        step_id: str,
        *,
        done: tuple[str, str] | None = None,
        course_wide: bool = True,
    ) -> None:
        """Record the step the learner has open, course-wide and for its lesson.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The step now open.
            done: A step (lesson id, step id) to record as done in the same write, as
                :meth:`mark_step_done` would: moving on from a page is one commit, not two.
            course_wide: Also make it the course position (False: for its lesson only).
        """
        at = self._stamp()
        with self._writing() as conn:
            if done is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO step_done (course_id, lesson_id, step_id, done_at) VALUES (?, ?, ?, ?)",
                    (course_id, *done, at),
                )
            if course_wide:
                conn.execute(
                    "INSERT INTO course_position (course_id, lesson_id, step_id, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (course_id) DO UPDATE SET lesson_id = excluded.lesson_id, "
                    "step_id = excluded.step_id, updated_at = excluded.updated_at",
                    (course_id, lesson_id, step_id, at),
                )
            conn.execute(
                "INSERT INTO lesson_position (course_id, lesson_id, step_id, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (course_id, lesson_id) DO UPDATE SET step_id = excluded.step_id, "
                "updated_at = excluded.updated_at",
                (course_id, lesson_id, step_id, at),
            )

    def lesson_position(self, course_id: str, lesson_id: str) -> str | None:
        """The step last open in a lesson.

        Args:
            course_id: The course.
            lesson_id: The lesson.

        Returns:
            The step id, or None when the lesson was never opened.
        """
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "a lesson position",
                "SELECT step_id FROM lesson_position WHERE course_id = ? AND lesson_id = ?",
                (course_id, lesson_id),
                _texts("step_id"),
            )
        return str(rows[0][0]) if rows else None

    def lesson_positions(self, course_id: str, lesson_id: str | None = None) -> dict[str, str]:
        """The step last open in every lesson the learner opened (or in one lesson), in one query.

        Args:
            course_id: The course.
            lesson_id: Only this lesson's, when given.

        Returns:
            Lesson id -> step id.
        """
        sql, params = _scoped(
            "SELECT lesson_id, step_id FROM lesson_position WHERE course_id = ?", course_id, lesson_id
        )
        with self._reading() as conn:
            rows = self._fetch(conn, "a lesson position", sql, params, _texts("lesson_id", "step_id"))
        return {row[0]: row[1] for row in rows}

    # ------------------------------------------------------------------ completion

    def mark_step_done(self, course_id: str, lesson_id: str, step_id: str) -> None:
        """Record a step as done (idempotent: the first time is kept).

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The step.
        """
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO step_done (course_id, lesson_id, step_id, done_at) VALUES (?, ?, ?, ?)",
                (course_id, lesson_id, step_id, at),
            )

    def completed_steps(self, course_id: str, lesson_id: str | None = None) -> dict[str, set[str]]:
        """The steps done in a course.

        Args:
            course_id: The course.
            lesson_id: Only this lesson's, when given.

        Returns:
            Lesson id -> ids of its steps that are done (lessons without any are absent).
        """
        sql, params = _scoped("SELECT lesson_id, step_id FROM step_done WHERE course_id = ?", course_id, lesson_id)
        with self._reading() as conn:
            rows = self._fetch(conn, "a step done", sql, params, _texts("lesson_id", "step_id"))
        done: dict[str, set[str]] = {}
        for row_lesson, step_id in rows:
            done.setdefault(row_lesson, set()).add(step_id)
        return done

    def mark_lesson_done(self, course_id: str, lesson_id: str) -> None:
        """Record a lesson as done (idempotent: the first time is kept).

        Args:
            course_id: The course.
            lesson_id: The lesson.
        """
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO lesson_done (course_id, lesson_id, done_at) VALUES (?, ?, ?)",
                (course_id, lesson_id, at),
            )

    def completed_lessons(self, course_id: str, lesson_id: str | None = None) -> set[str]:
        """The ids of the lessons done in a course.

        Args:
            course_id: The course.
            lesson_id: Only this lesson (an empty set when it is not done), when given.

        Returns:
            The lesson ids.
        """
        sql, params = _scoped("SELECT lesson_id FROM lesson_done WHERE course_id = ?", course_id, lesson_id)
        with self._reading() as conn:
            rows = self._fetch(conn, "a lesson done", sql, params, _texts("lesson_id"))
        return {row[0] for row in rows}

    # ------------------------------------------------------------------ journal

    def save_answer(self, course_id: str, lesson_id: str, step_id: str, question: str, answer: str) -> None:
        """Save (insert or replace) the journal answer to a prompt step.

        The first save sets ``created_at``; later ones keep it and update the
        answer, the question text (as it read when answered) and
        ``updated_at`` (only when something changed). The text is stored
        exactly as given.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The prompt step.
            question: The question as shown to the learner.
            answer: The learner's answer.

        Raises:
            AnswerTooLongError: The answer is longer than :data:`MAX_ANSWER_CHARS`; nothing was written.
            StoreWriteError: The answer could not be saved; keep it on screen.
        """
        if len(answer) > MAX_ANSWER_CHARS:
            raise AnswerTooLongError(len(answer), MAX_ANSWER_CHARS)
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO journal (course_id, lesson_id, step_id, question, answer, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (course_id, lesson_id, step_id) DO UPDATE SET "
                "question = excluded.question, answer = excluded.answer, updated_at = excluded.updated_at "
                "WHERE question IS NOT excluded.question OR answer IS NOT excluded.answer",
                (course_id, lesson_id, step_id, question, answer, at, at),
            )

    def put_back_answer(self, course_id: str, lesson_id: str, step_id: str, before: JournalEntry | None) -> None:
        """Put the answer to a prompt step back exactly as it was: text, question and times (none: no answer).

        An edit the learner took back (an undo, a habit Enter rubbed out) leaves the record as it was
        when they started writing; a new "changed" time on text they did not change reads as tampering.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The prompt step.
            before: The answer as it was stored; None when there was none (the row is removed).

        Raises:
            StoreWriteError: Nothing was put back; keep the text on screen.
        """
        with self._writing() as conn:
            if before is None:
                conn.execute(
                    "DELETE FROM journal WHERE course_id = ? AND lesson_id = ? AND step_id = ?",
                    (course_id, lesson_id, step_id),
                )
                return
            conn.execute(
                "INSERT INTO journal (course_id, lesson_id, step_id, question, answer, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (course_id, lesson_id, step_id) DO UPDATE SET question = excluded.question, "
                "answer = excluded.answer, created_at = excluded.created_at, updated_at = excluded.updated_at",
                (course_id, lesson_id, step_id, before.question, before.answer, before.created_at, before.updated_at),
            )

    def answer(self, course_id: str, lesson_id: str, step_id: str) -> JournalEntry | None:
        """The journal answer to one prompt step.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The prompt step.

        Returns:
            The entry, or None when the step was never answered.
        """
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "a journal answer",
                "SELECT course_id, lesson_id, step_id, question, answer, created_at, updated_at "
                "FROM journal WHERE course_id = ? AND lesson_id = ? AND step_id = ?",
                (course_id, lesson_id, step_id),
                _JOURNAL,
            )
        return JournalEntry(*rows[0]) if rows else None

    def answers(self, course_id: str) -> list[JournalEntry]:
        """Every journal answer in a course, oldest first.

        Args:
            course_id: The course.

        Returns:
            The entries, in the order they were first written.
        """
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "a journal answer",
                "SELECT course_id, lesson_id, step_id, question, answer, created_at, updated_at "
                "FROM journal WHERE course_id = ? ORDER BY created_at, rowid",
                (course_id,),
                _JOURNAL,
            )
        return from_rows(JournalEntry, rows)

    def answered_steps(self, course_id: str, lesson_id: str | None = None) -> dict[str, set[str]]:
        """The prompts with a saved answer that is not blank, without reading the answers' texts.

        "Blank" is what ``str.strip`` strips (every Unicode white-space character),
        decided by SQLite, so a long record costs no more than its ids.

        Args:
            course_id: The course.
            lesson_id: Only this lesson's, when given.

        Returns:
            Lesson id -> ids of the steps with a non-blank answer.
        """
        sql, params = _scoped(
            "SELECT lesson_id, step_id FROM journal WHERE course_id = ? AND trim(answer, ?) != ''",
            course_id,
            lesson_id,
            _WHITESPACE,
        )
        with self._reading() as conn:
            rows = self._fetch(conn, "a journal answer", sql, params, _texts("lesson_id", "step_id"))
        answered: dict[str, set[str]] = {}
        for row_lesson, step_id in rows:
            answered.setdefault(row_lesson, set()).add(step_id)
        return answered

    # ------------------------------------------------------------------ quizzes

    def record_quiz_attempt(
        self,
        course_id: str,
        lesson_id: str,
        step_id: str,
        question: str,
        chosen: Sequence[int],
        chosen_texts: Sequence[str],
        correct: bool,
    ) -> None:
        """Record one answer to a quiz step.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The quiz step.
            question: The question as shown.
            chosen: Indexes of the chosen choices.
            chosen_texts: The chosen choices' texts as shown.
            correct: Whether the answer was right.

        Raises:
            ValueError: ``chosen`` holds something other than non-negative integers.
        """
        indexes = [int(i) for i in chosen]
        if any(i < 0 or isinstance(c, bool) for i, c in zip(indexes, chosen, strict=True)):
            raise ValueError(f"choice indexes must be non-negative integers, not {list(chosen)!r}")
        texts = [str(t) for t in chosen_texts]
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO quiz_attempt (course_id, lesson_id, step_id, question, chosen, chosen_texts, correct, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    course_id,
                    lesson_id,
                    step_id,
                    question,
                    json.dumps(indexes),
                    json.dumps(texts, ensure_ascii=False),
                    int(bool(correct)),
                    at,
                ),
            )

    def quiz_attempts(
        self, course_id: str, lesson_id: str | None = None, step_id: str | None = None
    ) -> list[QuizAttempt]:
        """Quiz answers, oldest first.

        Args:
            course_id: The course.
            lesson_id: Only this lesson's, when given.
            step_id: Only this step's, when given.

        Returns:
            The attempts.
        """
        sql = (
            "SELECT course_id, lesson_id, step_id, question, chosen, chosen_texts, correct, at "
            "FROM quiz_attempt WHERE course_id = ?"
        )
        params: list[str] = [course_id]
        if lesson_id is not None:
            sql += " AND lesson_id = ?"
            params.append(lesson_id)
        if step_id is not None:
            sql += " AND step_id = ?"
            params.append(step_id)
        with self._reading() as conn:
            rows = self._fetch(conn, "a quiz answer", sql + " ORDER BY id", params, _QUIZ)
        return [
            QuizAttempt(
                course_id=row[0],
                lesson_id=row[1],
                step_id=row[2],
                question=row[3],
                chosen=row[4],
                chosen_texts=row[5],
                correct=bool(row[6]),
                at=row[7],
            )
            for row in rows
        ]

    def quiz_results(self, course_id: str, lesson_id: str | None = None) -> dict[tuple[str, str], tuple[bool, ...]]:
        """Whether each quiz attempt was right, per step, oldest first (nothing else of the attempts).

        Args:
            course_id: The course.
            lesson_id: Only this lesson's, when given.

        Returns:
            ``(lesson_id, step_id)`` -> the attempts' results.
        """
        sql, params = _scoped(
            "SELECT lesson_id, step_id, correct FROM quiz_attempt WHERE course_id = ?", course_id, lesson_id
        )
        with self._reading() as conn:
            rows = self._fetch(
                conn, "a quiz answer", sql + " ORDER BY id", params, (*_texts("lesson_id", "step_id"), _CORRECT)
            )
        results: dict[tuple[str, str], list[bool]] = {}
        for row_lesson, step_id, correct in rows:
            results.setdefault((row_lesson, step_id), []).append(bool(correct))
        return {key: tuple(values) for key, values in results.items()}

    # ------------------------------------------------------------------ check-ins

    def record_checkin(
        self,
        course_id: str,
        lesson_id: str,
        step_id: str,
        measure_id: str,
        phase: str,
        rating: int,
        session_id: str,
    ) -> None:
        """Record a 0-10 rating given before or after an exercise.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The exercise step.
            measure_id: The check-in measure (e.g. ``"tension"``).
            phase: ``"before"`` or ``"after"``.
            rating: 0 to 10.
            session_id: The same for the before and after ratings of one run.

        Raises:
            ValueError: ``phase`` or ``rating`` is out of range.
        """
        if phase not in PHASES:
            raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise ValueError(f"rating must be an integer from 0 to 10, not {rating!r}")
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO checkin (course_id, lesson_id, step_id, measure_id, phase, rating, session_id, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (course_id, lesson_id, step_id, measure_id, phase, rating, session_id, at),
            )

    def checkins(
        self, course_id: str, session_id: str | None = None, lesson_ids: Collection[str] | None = None
    ) -> list[CheckinRecord]:
        """Every check-in rating in a course (or of one run, or saved under some lessons), oldest first.

        Args:
            course_id: The course.
            session_id: Only the ratings of this run (a record of years holds tens of thousands).
            lesson_ids: Only the ratings saved under these lesson ids (read through the lesson index).

        Returns:
            The ratings.
        """
        with self._reading() as conn:
            if lesson_ids is not None:
                rows = self._fetch(
                    conn,
                    "a check-in",
                    "SELECT course_id, lesson_id, step_id, measure_id, phase, rating, session_id, at FROM checkin "
                    f"WHERE course_id = ? AND lesson_id IN ({_marks(lesson_ids)}) "
                    "AND (? IS NULL OR session_id = ?) ORDER BY id",
                    (course_id, *lesson_ids, session_id, session_id),
                    _CHECKIN,
                )
                return from_rows(CheckinRecord, rows)
            rows = self._fetch(
                conn,
                "a check-in",
                "SELECT course_id, lesson_id, step_id, measure_id, phase, rating, session_id, at "
                # "+course_id": a scan in id order; through the course index SQLite would look up every
                # rating by its id and then sort them (three times as long for one run on a record of years).
                "FROM checkin WHERE +course_id = ? AND (?2 IS NULL OR session_id = ?2) ORDER BY id",
                (course_id, session_id),
                _CHECKIN,
            )
        # Positional, straight from the row: the schema's CHECKs keep phase and rating in range,
        # and a record of years holds tens of thousands of ratings.
        return from_rows(CheckinRecord, rows)

    #: How many runs one query of :meth:`newest_rated_runs` looks for (their lessons and session ids are
    #: parameters: SQLite's oldest limit is 999 a query).
    RUNS_A_QUERY = 400

    #: A rating read newest first: id, lesson, step, session, measure, phase, rating, time. "+course_id": the newest
    #: first is a backward scan of the table in id order, which stops when enough is read.
    _RATINGS = (
        "SELECT id, lesson_id, step_id, session_id, measure_id, phase, CAST(rating AS INTEGER), at FROM checkin "
        "WHERE +course_id = ?"
    )

    def newest_rated_runs(self, course_id: str, runs: int) -> NewestRatedRuns:
        """The newest ``runs`` runs of a course's check-ins (at least), grouped by exercise run.

        A run is the ratings sharing a lesson, a step and a session id; when a
        measure was rated twice in the same phase of a run, the later rating
        counts (as :func:`unclench.records.checkin_runs` groups :meth:`checkins`).
        A record of years is read from its newest rating backwards, so what
        this costs grows with ``runs``, not with the record.

        Args:
            course_id: The course.
            runs: How many of the newest runs to read.

        Returns:
            The runs read, oldest first (in the order of their first rating), and whether they are all.
        """
        found: dict[tuple[str, str, str], list[Any]] = {}  # run -> [first id, its time, before, after]

        def take(row: tuple[Any, ...]) -> None:
            rating_id, lesson_id, step_id, session_id, measure_id, phase, rating, at = row
            run = found.setdefault((lesson_id, step_id, session_id), [rating_id, at, {}, {}])
            if rating_id <= run[0]:  # an older rating of the run: the run began with it
                run[0], run[1] = rating_id, at
            # Read newest first: the first rating read is the run's later one.
            (run[2] if phase == "before" else run[3]).setdefault(measure_id, rating)

        complete = True
        with self._snapshot() as conn:
            for row in conn.execute(f"{self._RATINGS} ORDER BY id DESC", (course_id,)):
                if len(found) >= runs and (row[1], row[2], row[3]) not in found:
                    complete = False  # this rating begins a run older than every run read
                    break
                take(row)
            if not complete:
                # A run read may have begun before the ratings read (a backup imported in the middle of a run
                # adds its later ratings at the end): its earlier ratings, looked up through its lesson.
                oldest = min(run[0] for run in found.values())
                keys = sorted(found)
                for start in range(0, len(keys), self.RUNS_A_QUERY):
                    chunk = keys[start : start + self.RUNS_A_QUERY]
                    lessons = sorted({lesson_id for lesson_id, _, _ in chunk})
                    sessions = sorted({session_id for _, _, session_id in chunk})
                    for row in conn.execute(
                        f"{self._RATINGS.replace('+course_id', 'course_id')} AND lesson_id IN ({_marks(lessons)}) "
                        f"AND id < ? AND session_id IN ({_marks(sessions)}) ORDER BY id DESC",
                        (course_id, *lessons, oldest, *sessions),
                    ):
                        if (row[1], row[2], row[3]) in found:
                            take(row)
        ordered = sorted(found.items(), key=lambda item: item[1][0])
        return NewestRatedRuns(
            [
                RatedRun(lesson_id, step_id, session_id, at, before, after)
                for (lesson_id, step_id, session_id), (_, at, before, after) in ordered
            ],
            complete,
        )

    def latest_ratings(self, course_id: str, runs_each: int) -> dict[tuple[str, str], list[int]]:
        """Each measure's latest ratings in each phase it was ever rated in: what its chart shows.

        Args:
            course_id: The course.
            runs_each: How many of the latest runs rating a measure in a phase to give (fewer if fewer did).

        Returns:
            (measure id, phase) -> one rating a run (the run's later one, as in :meth:`newest_rated_runs`),
            oldest first; every measure and phase rated in the course, in measure id order.
        """
        latest: dict[tuple[str, str], list[int]] = {}
        with self._snapshot() as conn:
            pairs = conn.execute(
                "SELECT DISTINCT measure_id, phase FROM checkin WHERE +course_id = ? ORDER BY measure_id, phase",
                (course_id,),
            ).fetchall()
            for measure_id, phase in pairs:
                runs: dict[tuple[str, str, str], int] = {}
                # Newest first and filtered by SQLite: a measure rated now and then is read back as far as it goes.
                for _, lesson_id, step_id, session_id, _, _, rating, _ in conn.execute(
                    f"{self._RATINGS} AND measure_id = ? AND phase = ? ORDER BY id DESC",
                    (course_id, measure_id, phase),
                ):
                    runs.setdefault((lesson_id, step_id, session_id), rating)
                    if len(runs) > runs_each:
                        break
                latest[measure_id, phase] = list(runs.values())[:runs_each][::-1]
        return latest

    # ------------------------------------------------------------------ exercise runs

    def start_run(self, course_id: str, lesson_id: str, step_id: str, session_id: str) -> None:
        """Record that a run of an exercise started (outcome ``running`` until :meth:`end_run`).

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The exercise step.
            session_id: The run's id (its check-ins carry the same).
        """
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO exercise_run (session_id, course_id, lesson_id, step_id, started_at, outcome) "
                "VALUES (?, ?, ?, ?, ?, 'running')",
                (session_id, course_id, lesson_id, step_id, at),
            )

    def end_run(self, session_id: str, outcome: str, seconds: int) -> None:
        """Record how a run ended and how long it lasted (only a run still under way changes).

        Args:
            session_id: The run.
            outcome: ``finished``, ``ended`` or ``interrupted``.
            seconds: Seconds practised.

        Raises:
            ValueError: ``outcome`` or ``seconds`` is out of range.
        """
        if outcome not in RUN_OUTCOMES or outcome == "running":
            raise ValueError(f"outcome must be finished, ended or interrupted, not {outcome!r}")
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
            raise ValueError(f"seconds must be a whole number of at least 0, not {seconds!r}")
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "UPDATE exercise_run SET outcome = ?, seconds = ?, ended_at = ?, noticed = ? "
                "WHERE session_id = ? AND outcome = 'running'",
                (outcome, seconds, at, 0 if outcome == "interrupted" else 1, session_id),
            )

    def set_run_follow_up(self, session_id: str) -> None:
        """Record that a run led to the follow-up (no more of this practice that day)."""
        with self._writing() as conn:
            conn.execute("UPDATE exercise_run SET follow_up = 1 WHERE session_id = ?", (session_id,))

    def mark_run_noticed(self, session_id: str) -> None:
        """Record that the learner was told about an interrupted run."""
        with self._writing() as conn:
            conn.execute("UPDATE exercise_run SET noticed = 1 WHERE session_id = ?", (session_id,))

    def interrupt_stale_runs(self, course_id: str) -> int:
        """Mark runs left ``running`` (the app quit or crashed mid-run) as interrupted.

        Called when the app starts, before any run of its own.

        Returns:
            How many runs were marked.
        """
        at = self._stamp()
        with self._writing() as conn:
            return conn.execute(
                "UPDATE exercise_run SET outcome = 'interrupted', ended_at = ?, noticed = 0 "
                "WHERE course_id = ? AND outcome = 'running'",
                (at, course_id),
            ).rowcount

    def untold_interrupted_runs(self, course_id: str) -> list[RunRecord]:
        """The runs recorded as interrupted that the learner was not told about, oldest first.

        What start-up asks, without reading every run of a record of years.
        """
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "an exercise run",
                "SELECT course_id, lesson_id, step_id, session_id, started_at, ended_at, seconds, outcome, "
                "follow_up, noticed FROM exercise_run WHERE course_id = ? AND outcome = 'interrupted' AND noticed = 0 "
                "ORDER BY started_at, rowid",
                (course_id,),
                _RUN,
            )
        return [RunRecord(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), r[7], bool(r[8]), bool(r[9])) for r in rows]

    def runs(
        self, course_id: str, lesson_ids: Collection[str] | None = None, session_ids: Collection[str] | None = None
    ) -> list[RunRecord]:
        """Every run of every exercise in a course (or saved under ``lesson_ids``, or of ``session_ids``), oldest first.

        Args:
            course_id: The course.
            lesson_ids: Only the runs saved under these lesson ids.
            session_ids: Only these runs (looked up through their key, each at once).

        Returns:
            The runs.
        """
        lessons = "" if lesson_ids is None else f" AND lesson_id IN ({_marks(lesson_ids)})"
        if session_ids is None:
            return self._runs(lessons, (course_id, *(lesson_ids or ())))
        ids = sorted(session_ids)
        found: list[RunRecord] = []
        for start in range(0, len(ids), self.RUNS_A_QUERY):
            chunk = ids[start : start + self.RUNS_A_QUERY]
            where = f"{lessons} AND session_id IN ({_marks(chunk)})"
            found += self._runs(where, (course_id, *(lesson_ids or ()), *chunk))
        return found if len(ids) <= self.RUNS_A_QUERY else sorted(found, key=lambda run: run.started_at)

    def _runs(self, where: str, parameters: Sequence[str]) -> list[RunRecord]:
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "an exercise run",
                "SELECT course_id, lesson_id, step_id, session_id, started_at, ended_at, seconds, outcome, "
                f"follow_up, noticed FROM exercise_run WHERE course_id = ?{where} ORDER BY started_at, rowid",
                parameters,
                _RUN,
            )
        return [RunRecord(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), r[7], bool(r[8]), bool(r[9])) for r in rows]

    # ------------------------------------------------------------------ screening and support contacts

    def set_screening_answer(self, course_id: str, question_id: str, answer: bool) -> None:
        """Record (or change) the learner's answer to a screening question."""
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO screening_answer (course_id, question_id, answer, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (course_id, question_id) DO UPDATE SET answer = excluded.answer, at = excluded.at",
                (course_id, question_id, int(bool(answer)), at),
            )

    def screening_answers(self, course_id: str) -> list[ScreeningAnswer]:
        """The learner's screening answers in a course, by question id."""
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "a screening answer",
                "SELECT course_id, question_id, answer, at FROM screening_answer WHERE course_id = ? "
                "ORDER BY question_id",
                (course_id,),
                _SCREENING,
            )
        return [ScreeningAnswer(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    def add_contact(self, course_id: str, name: str, reach: str) -> None:
        """Add someone to the learner's support card (stored exactly as typed)."""
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO support_contact (course_id, name, reach, added_at) VALUES (?, ?, ?, ?)",
                (course_id, name, reach, at),
            )

    def remove_contact(self, contact_id: int) -> None:
        """Remove one of the learner's support contacts."""
        with self._writing() as conn:
            conn.execute("DELETE FROM support_contact WHERE id = ?", (contact_id,))

    def contacts(self, course_id: str) -> list[SupportContact]:
        """The learner's own support contacts, oldest first."""
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "a support contact",
                "SELECT course_id, name, reach, added_at, id FROM support_contact WHERE course_id = ? ORDER BY id",
                (course_id,),
                _CONTACT,
            )
        return [SupportContact(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]

    # ------------------------------------------------------------------ acknowledgements

    @staticmethod
    def text_hash(text: str) -> str:
        """The SHA-256 (hex) of ``text`` encoded as UTF-8: what an acknowledgement records.

        Args:
            text: The text acknowledged.

        Returns:
            64 hexadecimal digits.
        """
        return sha256_hex(text.encode("utf-8", "surrogatepass"))

    def acknowledge(self, course_id: str, kind: str, subject_id: str, text: str) -> None:
        """Record that the learner acknowledged ``text``.

        Args:
            course_id: The course.
            kind: ``"disclaimer"`` or ``"safety"``.
            subject_id: What was acknowledged (e.g. ``"disclaimer"``, a note or step id).
            text: The exact text shown; only its hash is stored.

        Raises:
            ValueError: Unknown ``kind``.
        """
        if kind not in ACK_KINDS:
            raise ValueError(f"kind must be one of {ACK_KINDS}, not {kind!r}")
        digest = self.text_hash(text)
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO acknowledgement (course_id, kind, subject_id, text_hash, at) VALUES (?, ?, ?, ?, ?)",
                (course_id, kind, subject_id, digest, at),
            )

    def is_acknowledged(self, course_id: str, kind: str, subject_id: str, text: str) -> bool:
        """Whether the latest acknowledgement of this subject was of exactly ``text``.

        Args:
            course_id: The course.
            kind: ``"disclaimer"`` or ``"safety"``.
            subject_id: What was acknowledged.
            text: The text as it reads now.

        Returns:
            False when never acknowledged or when the text has changed since.
        """
        with self._reading() as conn:
            row = conn.execute(
                "SELECT text_hash FROM acknowledgement WHERE course_id = ? AND kind = ? AND subject_id = ? "
                "ORDER BY id DESC LIMIT 1",
                (course_id, kind, subject_id),
            ).fetchone()
        return row is not None and row[0] == self.text_hash(text)

    def acknowledgements(self, course_id: str) -> list[Acknowledgement]:
        """Every acknowledgement in a course, oldest first.

        Args:
            course_id: The course.

        Returns:
            The acknowledgements.
        """
        with self._reading() as conn:
            rows = self._fetch(
                conn,
                "an acknowledgement",
                "SELECT course_id, kind, subject_id, text_hash, at FROM acknowledgement "
                "WHERE course_id = ? ORDER BY id",
                (course_id,),
                _ACK,
            )
        return from_rows(Acknowledgement, rows)

    # ------------------------------------------------------------------ settings

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A per-user setting (e.g. ``"charts"``).

        Args:
            key: The setting.
            default: Returned when it was never set.

        Returns:
            The value, or ``default``.
        """
        with self._reading() as conn:
            rows = self._fetch(conn, "a setting", "SELECT value FROM setting WHERE key = ?", (key,), _texts("value"))
        return str(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: str) -> None:
        """Set a per-user setting.

        Args:
            key: The setting.
            value: Its new value.
        """
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(_SET_SETTING, (key, value, at))

    def settings(self) -> dict[str, str]:
        """Every per-user setting.

        Returns:
            Key -> value.
        """
        with self._reading() as conn:
            sql = "SELECT key, value FROM setting ORDER BY key"
            rows = self._fetch(conn, "a setting", sql, (), _texts("key", "value"))
        return {row[0]: row[1] for row in rows}

    # ------------------------------------------------------------------ unchecked quiz choices

    def save_quiz_choice(self, course_id: str, lesson_id: str, step_id: str, chosen_texts: Sequence[str]) -> None:
        """Remember the choices picked in a quiz but not checked yet, so that they come back on resume.

        Kept by the choices' texts (not their positions, which a shuffle or an
        author's edit may change), beside the per-user settings: it is not an
        answer, so it is not part of the exported record; an empty list forgets it.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The quiz step.
            chosen_texts: The picked choices' texts.
        """
        key = quiz_choice_key(course_id, lesson_id, step_id)
        if not chosen_texts:
            with self._writing() as conn:
                conn.execute("DELETE FROM setting WHERE key = ?", (key,))
            return
        self.set_setting(key, json.dumps([str(text) for text in chosen_texts], ensure_ascii=False))

    def quiz_choice(self, course_id: str, lesson_id: str, step_id: str) -> tuple[str, ...]:
        """The texts of the choices picked but not checked in a quiz (none when there are none)."""
        stored = self.setting(quiz_choice_key(course_id, lesson_id, step_id))
        if stored is None:
            return ()
        try:
            texts = json.loads(stored)
        except ValueError:
            return ()
        return tuple(str(text) for text in texts) if isinstance(texts, list) else ()

    # ------------------------------------------------------------------ content changes

    def adopt_renamed_lessons(self, course_id: str, renames: Mapping[str, str]) -> int:
        """Move progress recorded under old lesson ids to the lessons' new ids.

        Positions, completions, journal answers, quiz attempts and check-ins
        move, in one transaction. A keyed row (a position, a completion, an
        answer) stays under the old id when the new id already has that row,
        so progress made under the new id is never overwritten. Calling it
        again is harmless.

        Args:
            course_id: The course.
            renames: Old lesson id -> new lesson id (see ``Course.renamed_lessons``).

        Returns:
            The number of rows moved.
        """
        pairs = [(old, new) for old, new in renames.items() if old != new]
        if not pairs:
            return 0
        moved = 0
        with self._writing() as conn:
            for old, new in pairs:
                for table, keyed in LESSON_TABLES:
                    verb = "UPDATE OR IGNORE" if keyed else "UPDATE"
                    cursor = conn.execute(
                        f"{verb} {table} SET lesson_id = ? WHERE course_id = ? AND lesson_id = ?",
                        (new, course_id, old),
                    )
                    moved += max(cursor.rowcount, 0)
                cursor = conn.execute(
                    "UPDATE course_position SET lesson_id = ? WHERE course_id = ? AND lesson_id = ?",
                    (new, course_id, old),
                )
                moved += max(cursor.rowcount, 0)
        return moved

    def lesson_ids_with_progress(self, course_id: str) -> set[str]:
        """The ids of every lesson that has any progress recorded in a course.

        Useful to find progress left under ids the course no longer has.

        Args:
            course_id: The course.

        Returns:
            The lesson ids.
        """
        union = " UNION ".join(
            f"SELECT lesson_id FROM {table} WHERE course_id = :course"
            for table in ("course_position", *(t for t, _ in LESSON_TABLES))
        )
        with self._reading() as conn:
            rows = self._fetch(conn, "a lesson id", union, {"course": course_id}, _texts("lesson_id"))
        return {row[0] for row in rows}

    def course_ids(self) -> set[str]:
        """The ids of every course that has anything recorded.

        Returns:
            The course ids.
        """
        union = " UNION ".join(
            f"SELECT course_id FROM {table}"
            for table in (
                "course_position",
                *(t for t, _ in LESSON_TABLES),
                "acknowledgement",
                "screening_answer",
                "support_contact",
            )
        )
        with self._reading() as conn:
            rows = self._fetch(conn, "a course id", union, (), _texts("course_id"))
        return {row[0] for row in rows}

    # ------------------------------------------------------------------ whole records

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads in one read transaction, so they see one consistent state."""
        with self._reading() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def record(self, course_id: str) -> CourseRecord:
        """Everything stored about one course, read in one consistent snapshot.

        Args:
            course_id: The course.

        Returns:
            The record (empty sections when nothing is saved).
        """
        with self._snapshot() as conn:
            damage: list[str] = []
            self._damage = damage
            try:
                where = (course_id,)
                position = self._fetch(
                    conn,
                    "the course position",
                    "SELECT lesson_id, step_id, updated_at FROM course_position WHERE course_id = ?",
                    where,
                    _texts("lesson_id", "step_id", "updated_at"),
                )
                lesson_positions = self._fetch(
                    conn,
                    "a lesson position",
                    "SELECT lesson_id, step_id, updated_at FROM lesson_position WHERE course_id = ? ORDER BY lesson_id",
                    where,
                    _texts("lesson_id", "step_id", "updated_at"),
                )
                lessons_done = self._fetch(
                    conn,
                    "a lesson done",
                    "SELECT lesson_id, done_at FROM lesson_done WHERE course_id = ? ORDER BY lesson_id",
                    where,
                    _texts("lesson_id", "done_at"),
                )
                steps_done = self._fetch(
                    conn,
                    "a step done",
                    "SELECT lesson_id, step_id, done_at FROM step_done WHERE course_id = ? ORDER BY lesson_id, step_id",
                    where,
                    _texts("lesson_id", "step_id", "done_at"),
                )
                journal = self._fetch(
                    conn,
                    "a journal answer",
                    "SELECT course_id, lesson_id, step_id, question, answer, created_at, updated_at "
                    "FROM journal WHERE course_id = ? ORDER BY lesson_id, step_id",
                    where,
                    _JOURNAL,
                )
                quiz = self.quiz_attempts(course_id)
                checkins = self.checkins(course_id)
                acknowledgements = self.acknowledgements(course_id)
                runs = self.runs(course_id)
                screening = self.screening_answers(course_id)
                contacts = [SupportContact(c.course_id, c.name, c.reach, c.added_at) for c in self.contacts(course_id)]
            finally:
                self._damage = None
        return CourseRecord(
            course_id=course_id,
            position=SavedPosition(*position[0]) if position else None,
            lesson_positions=tuple(from_rows(SavedPosition, lesson_positions)),
            lessons_done=tuple(from_rows(LessonDone, lessons_done)),
            steps_done=tuple(from_rows(StepDone, steps_done)),
            journal=tuple(from_rows(JournalEntry, journal)),
            quiz_attempts=tuple(quiz),
            checkins=tuple(checkins),
            acknowledgements=tuple(acknowledgements),
            runs=tuple(runs),
            screening=tuple(screening),
            contacts=tuple(contacts),
            damaged=tuple(damage),
        )

    def import_record(self, record: CourseRecord) -> int:
        """Merge a record (e.g. from an export) into the store, in one transaction.

        Timestamps are kept as recorded. Nothing newer is overwritten by
        anything older: a position or journal answer is taken only when it was
        saved later than the one stored; a completion keeps the earlier time.
        Log rows (quiz attempts, check-ins, acknowledgements) are added unless
        the store already holds as many identical ones, so importing the same
        record twice changes nothing, and importing into an empty store then
        calling :meth:`record` gives the same record back.

        Args:
            record: The record; every row is filed under ``record.course_id``.

        Returns:
            The number of rows added or changed.

        Raises:
            ValueError: A check-in phase or rating, or an acknowledgement kind, is invalid.
            StoreWriteError: Nothing was imported.
        """
        check_record(record)
        with self._writing() as conn:
            return import_rows(conn, record)

    def restore(self, record: CourseRecord) -> int:
        """Import a record into a data folder that has no progress in its course, in one transaction.

        Like :meth:`import_record`, but refuses (writing nothing) when the
        course already has a position, completion, journal answer, quiz
        attempt or check-in here, so nothing is ever merged. Acknowledgements
        do not count (:meth:`reset` keeps them); identical ones are not
        duplicated. Nor do practice runs: :meth:`reset` keeps a run that was
        hard that day, and the record's copy of it merges with it (by its id, or by
        its lesson, step and start when the copy's id differs), never added twice.
        Restoring an exported record into an empty store and calling
        :meth:`record` gives the same record back.

        The record's disclaimer acknowledgement and screening answers are kept, and marked
        unconfirmed in the same transaction (:func:`unconfirmed_safety_key`): anyone can
        write a file saying "read, and no to every health question", so the app asks them
        again before they count (:class:`unclench.learner.Learner`).

        Args:
            record: The record; every row is filed under ``record.course_id``.

        Returns:
            The number of rows added.

        Raises:
            ProgressExistsError: The course already has progress here; nothing was written.
            ValueError: A check-in phase or rating, or an acknowledgement kind, is invalid.
            StoreWriteError: Nothing was imported.
        """
        check_record(record)
        with self._writing() as conn:
            if has_progress(conn, record.course_id, runs=False):
                raise ProgressExistsError(self.data_dir, record.course_id)
            added = import_rows(conn, record)
            unconfirmed = UnconfirmedSafety.of(record)
            if unconfirmed:
                conn.execute(
                    _SET_SETTING, (unconfirmed_safety_key(record.course_id), unconfirmed.dumps(), self._stamp())
                )
            return added

    # ------------------------------------------------------------------ the course folder a record goes with

    def course_folder(self, course_id: str) -> Path | None:
        """The course folder the course's record goes with (see :mod:`unclench.ownership`), or None if none yet."""
        with self._reading() as conn:
            row = conn.execute("SELECT folder FROM course_folder WHERE course_id = ?", (course_id,)).fetchone()
        return None if row is None else folder_path(row[0])

    def courses_of_folder(self, folder: Path) -> list[str]:
        """The ids of the courses whose record goes with ``folder``, sorted."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT course_id FROM course_folder WHERE folder = ? ORDER BY course_id", (folder_bytes(folder),)
            ).fetchall()
        return [str(row[0]) for row in rows]

    def set_course_folder(self, course_id: str, folder: Path) -> None:
        """Make the course's record go with ``folder`` from now on (nothing else in the record changes)."""
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO course_folder (course_id, folder, claimed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (course_id) DO UPDATE SET folder = excluded.folder, claimed_at = excluded.claimed_at",
                (course_id, folder_bytes(folder), at),
            )

    def has_record(self, course_id: str) -> bool:
        """Whether anything of the learner's is saved in the course: progress, answers, acknowledgements, contacts."""
        union = " UNION ALL ".join(f"SELECT 1 FROM {table} WHERE course_id = :course" for table in RECORD_TABLES)
        with self._reading() as conn:
            return bool(conn.execute(f"SELECT EXISTS ({union})", {"course": course_id}).fetchone()[0])

    def backup(self, dest: Path) -> Path:
        """Copy the whole database to ``dest`` (a standalone file, mode 0600).

        Uses SQLite's online backup API, so the copy is consistent even while
        another window writes. ``dest`` is replaced atomically if it exists.

        Args:
            dest: The file to write; its folder must exist.

        Returns:
            ``dest``.

        Raises:
            StoreWriteError: The copy could not be written.
        """
        dest = Path(dest)
        try:
            with private_replacement(dest) as temp:
                try:
                    target = sqlite3.connect(temp, isolation_level=None)
                    try:
                        with self._lock:
                            self._require_open().backup(target)
                        target.execute("PRAGMA journal_mode = DELETE")
                    finally:
                        target.close()
                finally:
                    for suffix in ("-journal", "-wal", "-shm"):  # none once closed, unless the copy failed
                        with contextlib.suppress(OSError):
                            os.unlink(f"{temp}{suffix}")
        except (sqlite3.Error, OSError) as error:
            raise failure(f"Could not write a backup of your progress to {dest}", error, StoreWriteError) from None
        return dest

    def reset(
        self, course_id: str, lesson_id: str | None = None, *, journal: bool = False, keep_runs: Collection[str] = ()
    ) -> None:
        """Forget progress in a course or one lesson id, in one transaction.

        Positions, completions, quiz attempts, check-ins and exercise runs are
        deleted (but the runs whose session ids are in ``keep_runs``); journal answers only when ``journal`` is True.
        Acknowledgements, screening answers, support contacts and settings are
        kept: they are about the learner, not how far they got.

        Args:
            course_id: The course.
            lesson_id: Only this lesson (the course-wide position is cleared
                only when it points into it); None for the whole course.
            journal: Also delete journal answers.
        """
        if lesson_id is None:
            self._forget(course_id, None, journal=journal, keep_runs=keep_runs)
        else:
            self.reset_lessons(course_id, [lesson_id], journal=journal, keep_runs=keep_runs)

    def reset_lessons(
        self, course_id: str, lesson_ids: Collection[str], *, journal: bool = False, keep_runs: Collection[str] = ()
    ) -> None:
        """Forget the progress stored under several lesson ids (a lesson and its ``previous_ids``) at once.

        One transaction: a failure part-way leaves every one of them as it was.
        What is forgotten and kept is as for :meth:`reset`.

        Raises:
            ValueError: No lesson ids (which must never mean "the whole course"), or one string.
        """
        if isinstance(lesson_ids, str) or not lesson_ids:
            raise ValueError(f"reset_lessons needs a collection of lesson ids, not {lesson_ids!r}")
        self._forget(course_id, sorted(set(lesson_ids)), journal=journal, keep_runs=keep_runs)

    def _forget(
        self, course_id: str, lesson_ids: list[str] | None, *, journal: bool, keep_runs: Collection[str] = ()
    ) -> None:
        """Delete a course's progress (``lesson_ids`` None) or these lessons', in one write transaction."""
        tables = ("course_position", *(t for t, _ in LESSON_TABLES if journal or t != "journal"))
        each: list[tuple[str, ...]]
        if lesson_ids is None:
            where, each = "course_id = ?", [(course_id,)]
        else:
            where, each = "course_id = ? AND lesson_id = ?", [(course_id, lesson_id) for lesson_id in lesson_ids]
        with self._writing() as conn:
            kept = sorted(set(keep_runs))
            for table in tables:
                for params in each:
                    if table == "exercise_run" and kept:
                        marks = ", ".join("?" * len(kept))
                        conn.execute(
                            f"DELETE FROM {table} WHERE {where} AND session_id NOT IN ({marks})", (*params, *kept)
                        )
                    else:
                        conn.execute(f"DELETE FROM {table} WHERE {where}", params)
            # A choice picked but not checked goes with the lesson's quiz attempts.
            prefixes = (
                [f"quiz-choice/{course_id}/"]
                if lesson_ids is None
                else [quiz_choice_key(course_id, lesson_id, "") for lesson_id in lesson_ids]
            )
            for prefix in prefixes:
                conn.execute("DELETE FROM setting WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
