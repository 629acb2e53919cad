"""The learner's progress: one private SQLite database per user.

Everything the learner leaves behind lives in ``progress.sqlite3`` inside the
data folder (:func:`unclench.paths.data_dir`): where they are in each course,
which steps and lessons are done, their journal answers, quiz attempts,
check-in ratings, acknowledgements of the disclaimer and safety notes, and a
few settings. Rows are keyed by course id + lesson id + step id, never by
position or file name, so editing a course does not scramble progress.

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
* **Privacy.** The data folder is made 0700 and the database with its
  ``-wal``/``-shm`` files 0600, whatever the umask (SQLite gives the side
  files the main file's mode; they are checked again after the first write).
* **Damage.** A file that is not a readable Unclench database is never
  deleted or overwritten: it is moved aside (with its side files) to
  ``progress.sqlite3.unreadable-YYYYmmdd-HHMMSS``, a fresh database is
  started and :attr:`ProgressStore.notice` says where the old file went. A
  database written by a newer Unclench is refused and left untouched; a file
  or folder that is merely read-only is refused with a message saying how to
  fix it.
* **Whole records.** :meth:`ProgressStore.record` reads everything about a
  course as a :class:`CourseRecord` (for export and status) and
  :meth:`ProgressStore.import_record` merges one back without ever replacing
  newer progress (:meth:`ProgressStore.restore` only into a course with no
  progress, for ``unclench import``); :meth:`ProgressStore.backup` copies the whole file.
* **Errors.** Every exception the store raises for a storage problem derives
  from :class:`StoreError` and carries a message fit to show the learner.
  Programming errors (an out-of-range rating, an unknown phase) raise
  :class:`ValueError`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Literal, TypeAlias

from unclench import paths
from unclench.errors import UnclenchError

#: The name of the database file inside the data folder.
DB_FILENAME = "progress.sqlite3"

#: Written into the database header so that a foreign SQLite file is recognised ("UnCl").
APPLICATION_ID = 0x556E436C

#: How long a write waits for another Unclench process to finish its own, in milliseconds.
BUSY_TIMEOUT_MS = 5000

#: The acknowledgement kinds the store knows.
ACK_KINDS: tuple[str, ...] = ("disclaimer", "safety")

#: The check-in phases the store knows.
PHASES: tuple[str, ...] = ("before", "after")

Phase: TypeAlias = Literal["before", "after"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
#: Open flag that refuses a symbolic link (0 where the system has none).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

# Primary SQLite result codes (extended codes carry them in the low byte).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# Migrations: MIGRATIONS[n - 1] turns a version n - 1 database into version n.
# Never edit a released migration; append a new one.
_MIGRATION_1 = f"""
CREATE TABLE course_position (
    course_id  TEXT NOT NULL PRIMARY KEY,
    lesson_id  TEXT NOT NULL,
    step_id    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE lesson_position (
    course_id  TEXT NOT NULL,
    lesson_id  TEXT NOT NULL,
    step_id    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (course_id, lesson_id)
);
CREATE TABLE step_done (
    course_id TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    step_id   TEXT NOT NULL,
    done_at   TEXT NOT NULL,
    PRIMARY KEY (course_id, lesson_id, step_id)
);
CREATE TABLE lesson_done (
    course_id TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    done_at   TEXT NOT NULL,
    PRIMARY KEY (course_id, lesson_id)
);
CREATE TABLE journal (
    course_id  TEXT NOT NULL,
    lesson_id  TEXT NOT NULL,
    step_id    TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (course_id, lesson_id, step_id)
);
CREATE TABLE quiz_attempt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id    TEXT NOT NULL,
    lesson_id    TEXT NOT NULL,
    step_id      TEXT NOT NULL,
    question     TEXT NOT NULL,
    chosen       TEXT NOT NULL,
    chosen_texts TEXT NOT NULL,
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    at           TEXT NOT NULL
);
CREATE INDEX quiz_attempt_step ON quiz_attempt (course_id, lesson_id, step_id);
CREATE TABLE checkin (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  TEXT NOT NULL,
    lesson_id  TEXT NOT NULL,
    step_id    TEXT NOT NULL,
    measure_id TEXT NOT NULL,
    phase      TEXT NOT NULL CHECK (phase IN ('before', 'after')),
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    session_id TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX checkin_lesson ON checkin (course_id, lesson_id);
CREATE TABLE acknowledgement (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('disclaimer', 'safety')),
    subject_id TEXT NOT NULL,
    text_hash  TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX acknowledgement_subject ON acknowledgement (course_id, kind, subject_id);
CREATE TABLE setting (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
PRAGMA application_id = {APPLICATION_ID};
"""

# Version 2: exercise runs (so dose limits, interrupted runs and the practice history have a
# record), screening answers and the learner's own support contacts.
_MIGRATION_2 = """
CREATE TABLE exercise_run (
    session_id TEXT NOT NULL PRIMARY KEY,
    course_id  TEXT NOT NULL,
    lesson_id  TEXT NOT NULL,
    step_id    TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    seconds    INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    outcome    TEXT NOT NULL CHECK (outcome IN ('running', 'finished', 'ended', 'interrupted')),
    follow_up  INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)),
    noticed    INTEGER NOT NULL DEFAULT 0 CHECK (noticed IN (0, 1))
);
CREATE INDEX exercise_run_step ON exercise_run (course_id, lesson_id, step_id);
CREATE TABLE screening_answer (
    course_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer      INTEGER NOT NULL CHECK (answer IN (0, 1)),
    at          TEXT NOT NULL,
    PRIMARY KEY (course_id, question_id)
);
CREATE TABLE support_contact (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    reach     TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
"""

#: The migration scripts, oldest first; the database version is their count.
MIGRATIONS: tuple[str, ...] = (_MIGRATION_1, _MIGRATION_2)

#: The database version this program writes (``PRAGMA user_version``).
SCHEMA_VERSION = len(MIGRATIONS)

# Tables holding per-lesson progress: (table, has a unique key including lesson_id).
_LESSON_TABLES: tuple[tuple[str, bool], ...] = (
    ("lesson_position", True),
    ("step_done", True),
    ("lesson_done", True),
    ("journal", True),
    ("quiz_attempt", False),
    ("checkin", False),
    ("exercise_run", False),
)

#: How an exercise run ended (``running`` while it runs; a run left ``running`` by a process that
#: died is marked ``interrupted`` when the app next starts).
RUN_OUTCOMES: tuple[str, ...] = ("running", "finished", "ended", "interrupted")


def _quiz_choice_key(course_id: str, lesson_id: str, step_id: str) -> str:
    """The setting key of an unchecked quiz choice (ids never hold ``/``)."""
    return f"quiz-choice/{course_id}/{lesson_id}/{step_id}"


class StoreError(UnclenchError):
    """A problem with the progress store, described in words fit for the learner.

    Attributes:
        message: What went wrong and, when possible, how to fix it (also ``str(error)``).
    """


class NewerDatabaseError(StoreError):
    """The progress file was written by a newer Unclench; it is left untouched.

    Attributes:
        path: The database file.
        found: Its ``user_version``.
        supported: The newest version this program understands.
    """

    def __init__(self, path: Path, found: int, supported: int) -> None:
        """Create the error.

        Args:
            path: The database file.
            found: The version recorded in the file.
            supported: The newest version this program understands.
        """
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"Your progress file {path} was written by a newer version of Unclench "
            f"(database version {found}; this version understands up to {supported}). "
            "Upgrade Unclench to open it. The file has not been changed."
        )


class StoreWriteError(StoreError):
    """Progress could not be saved (disk full, I/O error, read-only file, ...)."""


class ProgressExistsError(StoreError):
    """:meth:`ProgressStore.restore` refused: the course already has progress in this data folder.

    Attributes:
        data_dir: The data folder.
        course_id: The course.
    """

    def __init__(self, data_dir: Path, course_id: str) -> None:
        """Create the error.

        Args:
            data_dir: The data folder.
            course_id: The course.
        """
        self.data_dir = data_dir
        self.course_id = course_id
        super().__init__(
            f"The data folder {data_dir} already has progress for the course '{course_id}'; "
            "nothing was imported, so nothing is merged or overwritten."
        )


@dataclass(frozen=True)
class JournalEntry:
    """A journal answer to a prompt step."""

    course_id: str
    lesson_id: str
    step_id: str
    question: str
    """The question as it read when the learner answered it."""
    answer: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class QuizAttempt:
    """One answer to a quiz step."""

    course_id: str
    lesson_id: str
    step_id: str
    question: str
    chosen: tuple[int, ...]
    """Indexes of the chosen choices."""
    chosen_texts: tuple[str, ...]
    """The chosen choices' texts as they read when chosen."""
    correct: bool
    at: str


@dataclass(frozen=True)
class CheckinRecord:
    """One 0-10 rating given before or after an exercise."""

    course_id: str
    lesson_id: str
    step_id: str
    measure_id: str
    phase: Phase
    rating: int
    session_id: str
    """Groups the before and after ratings of one run of an exercise."""
    at: str


@dataclass(frozen=True)
class RunRecord:
    """One run of an exercise: when, for how long, and how it ended."""

    course_id: str
    lesson_id: str
    step_id: str
    session_id: str
    """The same as the check-ins' ``session_id`` of this run."""
    started_at: str
    ended_at: str | None
    """None while the run is under way."""
    seconds: int
    """Seconds actually practised (pauses not counted)."""
    outcome: str
    """``running``, ``finished`` (time up), ``ended`` (stopped early) or ``interrupted`` (quit, crash)."""
    follow_up: bool
    """The run led to the follow-up (grounding, the support card, no more practice that day)."""
    noticed: bool
    """For an interrupted run: the learner was told about it afterwards."""


@dataclass(frozen=True)
class ScreeningAnswer:
    """The learner's answer to one of the course's screening questions."""

    course_id: str
    question_id: str
    answer: bool
    at: str


@dataclass(frozen=True)
class SupportContact:
    """Someone the learner added to their support card."""

    course_id: str
    name: str
    reach: str
    """How to reach them (a number, an address), as the learner typed it."""
    added_at: str
    contact_id: int = 0
    """The store's row id (0 in a record read from an export)."""


@dataclass(frozen=True)
class Acknowledgement:
    """The learner acknowledged a text (the disclaimer, a safety note)."""

    course_id: str
    kind: str
    """``"disclaimer"`` or ``"safety"``."""
    subject_id: str
    """What was acknowledged, e.g. a safety note id or an exercise step id."""
    text_hash: str
    """:meth:`ProgressStore.text_hash` of the text acknowledged."""
    at: str


@dataclass(frozen=True)
class Position:
    """Where the learner is in a course."""

    lesson_id: str
    step_id: str


@dataclass(frozen=True)
class SavedPosition:
    """A position with the time it was saved (the course's or one lesson's)."""

    lesson_id: str
    step_id: str
    updated_at: str


@dataclass(frozen=True)
class LessonDone:
    """A lesson marked done, and when (the first time)."""

    lesson_id: str
    done_at: str


@dataclass(frozen=True)
class StepDone:
    """A step marked done, and when (the first time)."""

    lesson_id: str
    step_id: str
    done_at: str


@dataclass(frozen=True)
class CourseRecord:
    """Everything the store holds about one course, with the original timestamps.

    What :meth:`ProgressStore.record` returns and :meth:`ProgressStore.import_record`
    takes; :mod:`unclench.export` turns it into JSON or Markdown and back.
    Logs (quiz attempts, check-ins, acknowledgements) are oldest first; the
    other sections are sorted by their ids. Settings are per user, not part
    of a course's record.
    """

    course_id: str
    position: SavedPosition | None = None
    """The course-wide "continue" point."""
    lesson_positions: tuple[SavedPosition, ...] = ()
    lessons_done: tuple[LessonDone, ...] = ()
    steps_done: tuple[StepDone, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    quiz_attempts: tuple[QuizAttempt, ...] = ()
    checkins: tuple[CheckinRecord, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    runs: tuple[RunRecord, ...] = ()
    screening: tuple[ScreeningAnswer, ...] = ()
    contacts: tuple[SupportContact, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all is recorded."""
        return self.position is None and not any(
            (
                self.lesson_positions,
                self.lessons_done,
                self.steps_done,
                self.journal,
                self.quiz_attempts,
                self.checkins,
                self.acknowledgements,
                self.runs,
                self.screening,
                self.contacts,
            )
        )


def database_path(data_dir: Path | None = None) -> Path:
    """The progress database file in ``data_dir``, without opening or creating anything.

    Args:
        data_dir: The data folder; None means :func:`unclench.paths.data_dir`.

    Returns:
        ``data_dir / "progress.sqlite3"``.
    """
    return (Path(data_dir) if data_dir is not None else paths.data_dir()) / DB_FILENAME


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


def _primary_code(error: sqlite3.Error) -> int | None:
    """The primary SQLite result code of ``error``, guessed from its text if absent."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    guesses = (
        ("disk is full", _SQLITE_FULL),
        ("disk i/o error", _SQLITE_IOERR),
        ("readonly", _SQLITE_READONLY),
        ("read-only", _SQLITE_READONLY),
        ("locked", _SQLITE_BUSY),
        ("malformed", _SQLITE_CORRUPT),
        ("not a database", _SQLITE_NOTADB),
        ("unable to open", _SQLITE_CANTOPEN),
    )
    return next((c for words, c in guesses if words in text), None)


def _is_damage(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the file is damaged or not a database at all."""
    return _primary_code(error) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _reason(error: BaseException) -> str:
    """A plain-language reason for a storage ``error``."""
    if isinstance(error, sqlite3.Error):
        code = _primary_code(error)
        reasons = {
            _SQLITE_FULL: "the disk is full. Free some space, then try again",
            _SQLITE_IOERR: "the disk reported an input/output error. Check the disk, then try again",
            _SQLITE_READONLY: "the file or its folder is read-only. Make them writable, then try again",
            _SQLITE_BUSY: "another Unclench window kept the file busy for too long. Try again in a moment",
            _SQLITE_LOCKED: "another Unclench window kept the file busy for too long. Try again in a moment",
            _SQLITE_CORRUPT: (
                "the file is damaged. Restart Unclench: it will keep the damaged file aside and start a fresh one"
            ),
            _SQLITE_NOTADB: (
                "the file is not a progress database. Restart Unclench: it will keep the file "
                "aside and start a fresh one"
            ),
            _SQLITE_CANTOPEN: "the file could not be opened. Check that it and its folder are accessible",
            _SQLITE_PERM: "permission denied. Check the permissions of the file and its folder",
        }
        if code in reasons:
            return reasons[code]
        return f"the database reported: {error}"
    if isinstance(error, UnicodeError):
        return "the text contains characters that are not valid Unicode and cannot be stored"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def _statements(script: str) -> Iterator[str]:
    """Split an SQL script into complete statements."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement:
                yield statement
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:60]!r}")


def _owned_by_us(st: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def _refuse_foreign_file(file: Path, st: os.stat_result) -> None:
    """Refuse a database file that is a link, not a plain file, not ours, or writable by others.

    Each could put the learner's journal where someone else can read it, or let
    someone else change it; nothing is changed, the learner is told what to do.
    """
    fix = (
        "Move it out of the data folder (Unclench then starts a fresh one), or set UNCLENCH_DATA_DIR to another folder."
    )
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(f"{file} is a symbolic link, so your progress would be written wherever it points. {fix}")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{file} is not a regular file, so Unclench cannot use it for your progress. {fix}")
    if not _owned_by_us(st):
        raise StoreError(f"{file} belongs to another user, who could read or change your journal. {fix}")
    if stat.S_IMODE(st.st_mode) & 0o022:
        raise StoreError(
            f"{file} can be changed by other users (mode {stat.S_IMODE(st.st_mode):04o}). If you did not make "
            f"it so, someone else may have. Make it private (chmod 600 '{file}') if you trust its content; {fix}"
        )


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a file creation in ``directory`` durable (best effort)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


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


class _Unreadable(Exception):
    """Internal: the database file cannot be used and must be moved aside."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
        self._conn: sqlite3.Connection | None = None
        self._conn = self._open()

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

    # ------------------------------------------------------------------ opening

    def _open(self) -> sqlite3.Connection:
        self._prepare_dir()
        self._check_writable()
        for attempt in range(3):
            identity = self._identity()
            try:
                inspected = self._probe()
                conn = self._connect()
                try:
                    if not inspected:
                        self._inspect(conn)
                    self._migrate(conn)
                except BaseException:
                    conn.close()
                    raise
            except _Unreadable as unreadable:
                if attempt == 2:
                    raise StoreError(
                        f"Your progress file {self.path} could not be read ({unreadable.reason}), "
                        "even after moving it aside. Check the disk and the data folder."
                    ) from None
                self._move_aside(unreadable.reason, identity)
                continue
            except sqlite3.Error as error:
                if _is_damage(error) and attempt < 2:
                    self._move_aside("the file is damaged", identity)
                    continue
                raise StoreError(f"Could not open your progress file {self.path}: {_reason(error)}.") from None
            self._make_private()
            return conn
        raise AssertionError("unreachable")  # pragma: no cover

    def _prepare_dir(self) -> None:
        """Create the data folder (0700) or tighten an existing one of ours."""
        directory = self.data_dir
        how_to = "or set UNCLENCH_DATA_DIR to a folder you can write to"
        try:
            if not directory.is_dir():
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(directory, 0o700)
            st = os.stat(directory)
        except FileExistsError:
            raise StoreError(
                f"The data folder {directory} exists but is not a folder. Move that file away, {how_to}."
            ) from None
        except OSError as error:
            raise StoreError(
                f"Could not create the data folder {directory}: {_reason(error)}. Create it yourself, {how_to}."
            ) from None
        if not stat.S_ISDIR(st.st_mode):
            raise StoreError(f"The data folder {directory} is not a folder. Move it away, {how_to}.")
        if not _owned_by_us(st):
            raise StoreError(
                f"The data folder {directory} belongs to another user, who could read or change your journal "
                f"there. Unclench keeps your progress only in a folder of your own: set UNCLENCH_DATA_DIR to "
                "a folder you own (or unset it to use your own user data folder)."
            )
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            with contextlib.suppress(OSError):
                os.chmod(directory, mode & 0o700)

    def _check_writable(self) -> None:
        """Refuse, with advice, a data folder or database file that cannot be written."""
        directory = self.data_dir
        if not os.access(directory, os.R_OK | os.W_OK | os.X_OK):
            raise StoreError(
                f"The data folder {directory} is read-only, so Unclench cannot save your progress. "
                f"Make it writable (for example: chmod u+rwx '{directory}'), "
                "or set UNCLENCH_DATA_DIR to another folder."
            )
        for file in (self.path, *(_sidecar(self.path, s) for s in _SIDE_SUFFIXES)):
            try:
                st = os.lstat(file)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise StoreError(f"Could not look at {file}: {_reason(error)}.") from None
            _refuse_foreign_file(file, st)
            if not os.access(file, os.R_OK | os.W_OK):
                raise StoreError(
                    f"Your progress file {file} is read-only, so Unclench cannot save your progress. "
                    f"Make it readable and writable (for example: chmod u+rw '{file}'), "
                    "or set UNCLENCH_DATA_DIR to another folder."
                )

    def _identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_dev, st.st_ino)

    def _probe(self) -> bool:
        """Check an existing database without writing to it.

        Returns:
            True when the file was inspected (or there is nothing to inspect);
            False when a read-only look was impossible and the read-write
            connection must do the inspection.

        Raises:
            _Unreadable: The file is damaged, foreign or not a database.
            NewerDatabaseError: A newer Unclench wrote it.
        """
        path = self.path
        wal = _sidecar(path, "-wal")
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            if os.path.exists(wal) and os.stat(wal).st_size > 0:
                raise _Unreadable("a journal was left without its database") from None
            return True
        if size == 0 and not os.path.exists(wal):
            return True
        try:
            with path.open("rb") as file:
                header = file.read(100)
        except OSError as error:
            raise StoreError(f"Could not read your progress file {path}: {_reason(error)}.") from None
        if size > 0:
            if not header.startswith(_SQLITE_MAGIC):
                raise _Unreadable("it is not a database")
            if len(header) == 100:
                version = int.from_bytes(header[60:64], "big", signed=True)
                app_id = int.from_bytes(header[68:72], "big", signed=False)
                if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
                    raise NewerDatabaseError(path, version, SCHEMA_VERSION)
        # A read-only connection never writes to the file, but SQLite may create
        # empty -wal/-shm files beside it; those are removed again if it is unreadable.
        existed = {s for s in ("-wal", "-shm") if os.path.lexists(_sidecar(path, s))}
        try:
            try:
                probe = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            except sqlite3.Error as error:
                if _is_damage(error):
                    raise _Unreadable("the file is damaged") from None
                return False
            try:
                self._inspect(probe)
            except sqlite3.Error as error:
                if _is_damage(error):
                    raise _Unreadable("the file is damaged") from None
                # E.g. a rollback journal left by a crash needs a writer to replay it.
                return False
            finally:
                probe.close()
        except _Unreadable:
            self._remove_probe_leftovers(existed)
            raise
        return True

    def _remove_probe_leftovers(self, existed: set[str]) -> None:
        """Remove the empty side files the probe of an unreadable file created."""
        for suffix in ("-wal", "-shm"):
            side = _sidecar(self.path, suffix)
            if suffix in existed:
                continue
            with contextlib.suppress(OSError):
                if suffix == "-shm" or os.stat(side).st_size == 0:
                    os.unlink(side)

    def _inspect(self, conn: sqlite3.Connection) -> None:
        """Check that ``conn`` holds a healthy Unclench database we may open.

        Raises:
            _Unreadable: Damaged or foreign.
            NewerDatabaseError: Written by a newer Unclench.
            sqlite3.Error: SQLite failed to read it.
        """
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        objects = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or objects != 0):
            raise _Unreadable("it belongs to another program")
        if version > SCHEMA_VERSION:
            raise NewerDatabaseError(self.path, version, SCHEMA_VERSION)
        # quick_check walks every page and b-tree like integrity_check, without matching each index
        # against its table: a quarter of the time on a record of years, on every start.
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise _Unreadable("the file is damaged")

    def _connect(self) -> sqlite3.Connection:
        """Open the read-write connection (creating the file 0600) and configure it."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreError(f"Could not create your progress file {self.path}: {_reason(error)}.") from None
        else:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)
            _fsync_dir(self.data_dir)
        self._make_private()
        conn = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _retry_busy(action: Callable[[], object]) -> None:
        """Run ``action``, retrying while another process holds a lock it needs."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                action()
                return
            except sqlite3.OperationalError as error:
                if _primary_code(error) not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to :data:`SCHEMA_VERSION`, in one transaction."""
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise NewerDatabaseError(self.path, version, SCHEMA_VERSION)
            for script in MIGRATIONS[version:]:
                for statement in _statements(script):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise

    def _make_private(self) -> None:
        """Make the database and its side files 0600 (those that exist and are ours)."""
        for file in (self.path, *(_sidecar(self.path, s) for s in _SIDE_SUFFIXES)):
            # Looked at without following a link: only a plain file in the data folder is changed.
            # (Never opened: closing any descriptor of a database file drops SQLite's locks on it.)
            try:
                st = os.lstat(file)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != 0o600 and _owned_by_us(st):
                with contextlib.suppress(OSError):
                    os.chmod(file, 0o600)

    def _move_aside(self, reason: str, identity: tuple[int, int] | None) -> None:
        """Rename the unusable database and its side files; never delete them."""
        if identity is not None and self._identity() != identity:
            return  # Another Unclench already moved it aside and started afresh.
        base = f"{DB_FILENAME}.unreadable-{self._utc_now():%Y%m%d-%H%M%S}"
        suffixes = ("", *_SIDE_SUFFIXES)
        name, counter = base, 1
        while any(os.path.lexists(self.data_dir / (name + s)) for s in suffixes):
            counter += 1
            name = f"{base}-{counter}"
        target = self.data_dir / name
        try:
            for suffix in suffixes:
                source = _sidecar(self.path, suffix)
                if os.path.lexists(source):
                    self._rename_no_clobber(source, _sidecar(target, suffix))
        except OSError as error:
            raise StoreError(
                f"Your progress file {self.path} could not be read ({reason}), and it could not be "
                f"moved aside ({_reason(error)}). Move or rename it yourself, then start Unclench again."
            ) from None
        _fsync_dir(self.data_dir)
        self.notice = (
            f"Your progress file could not be read ({reason}), so Unclench started a fresh one. "
            f"The old file was not deleted: it is now {target}"
        )

    @staticmethod
    def _rename_no_clobber(source: Path, target: Path) -> None:
        try:
            os.link(source, target)
        except FileExistsError:
            raise
        except OSError:
            if os.path.lexists(target):
                raise FileExistsError(target) from None
            os.rename(source, target)
            return
        os.unlink(source)

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
                raise StoreError(f"Could not read your progress from {self.path}: {_reason(error)}.") from None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error.

        Raises:
            StoreWriteError: SQLite (or the text) refused the write; nothing was saved.
        """
        with self._lock:
            conn = self._require_open()
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
                raise StoreWriteError(f"Could not save your progress to {self.path}: {_reason(error)}.") from None
            if not self._files_checked:
                self._make_private()
                self._files_checked = True

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
            row = conn.execute(
                "SELECT lesson_id, step_id FROM course_position WHERE course_id = ?", (course_id,)
            ).fetchone()
        return Position(row[0], row[1]) if row else None

    def set_position(self, course_id: str, lesson_id: str, step_id: str) -> None:
        """Record the step the learner has open, course-wide and for its lesson.

        Args:
            course_id: The course.
            lesson_id: The lesson.
            step_id: The step now open.
        """
        at = self._stamp()
        with self._writing() as conn:
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
            row = conn.execute(
                "SELECT step_id FROM lesson_position WHERE course_id = ? AND lesson_id = ?",
                (course_id, lesson_id),
            ).fetchone()
        return str(row[0]) if row else None

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
            return {row[0]: row[1] for row in conn.execute(sql, params)}

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
            rows = conn.execute(sql, params).fetchall()
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
            rows = conn.execute(sql, params).fetchall()
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
            StoreWriteError: The answer could not be saved; keep it on screen.
        """
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
            row = conn.execute(
                "SELECT course_id, lesson_id, step_id, question, answer, created_at, updated_at "
                "FROM journal WHERE course_id = ? AND lesson_id = ? AND step_id = ?",
                (course_id, lesson_id, step_id),
            ).fetchone()
        return JournalEntry(*row) if row else None

    def answers(self, course_id: str) -> list[JournalEntry]:
        """Every journal answer in a course, oldest first.

        Args:
            course_id: The course.

        Returns:
            The entries, in the order they were first written.
        """
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT course_id, lesson_id, step_id, question, answer, created_at, updated_at "
                "FROM journal WHERE course_id = ? ORDER BY created_at, rowid",
                (course_id,),
            ).fetchall()
        return [JournalEntry(*row) for row in rows]

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
            rows = conn.execute(sql, params).fetchall()
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
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [
            QuizAttempt(
                course_id=row[0],
                lesson_id=row[1],
                step_id=row[2],
                question=row[3],
                chosen=tuple(int(i) for i in json.loads(row[4])),
                chosen_texts=tuple(str(t) for t in json.loads(row[5])),
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
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
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

    def checkins(self, course_id: str) -> list[CheckinRecord]:
        """Every check-in rating in a course, oldest first.

        Args:
            course_id: The course.

        Returns:
            The ratings.
        """
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT course_id, lesson_id, step_id, measure_id, phase, rating, session_id, at "
                "FROM checkin WHERE course_id = ? ORDER BY id",
                (course_id,),
            ).fetchall()
        # Positional, straight from the row: the schema's CHECKs keep phase and rating in range,
        # and a record of years holds tens of thousands of ratings.
        return [CheckinRecord(*row) for row in rows]

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

    def runs(self, course_id: str) -> list[RunRecord]:
        """Every run of every exercise in a course, oldest first."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT course_id, lesson_id, step_id, session_id, started_at, ended_at, seconds, outcome, "
                "follow_up, noticed FROM exercise_run WHERE course_id = ? ORDER BY started_at, rowid",
                (course_id,),
            ).fetchall()
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
            rows = conn.execute(
                "SELECT course_id, question_id, answer, at FROM screening_answer WHERE course_id = ? "
                "ORDER BY question_id",
                (course_id,),
            ).fetchall()
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
            rows = conn.execute(
                "SELECT course_id, name, reach, added_at, id FROM support_contact WHERE course_id = ? ORDER BY id",
                (course_id,),
            ).fetchall()
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
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

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
            rows = conn.execute(
                "SELECT course_id, kind, subject_id, text_hash, at FROM acknowledgement "
                "WHERE course_id = ? ORDER BY id",
                (course_id,),
            ).fetchall()
        return [Acknowledgement(*row) for row in rows]

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
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Set a per-user setting.

        Args:
            key: The setting.
            value: Its new value.
        """
        at = self._stamp()
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, at),
            )

    def settings(self) -> dict[str, str]:
        """Every per-user setting.

        Returns:
            Key -> value.
        """
        with self._reading() as conn:
            rows = conn.execute("SELECT key, value FROM setting ORDER BY key").fetchall()
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
        key = _quiz_choice_key(course_id, lesson_id, step_id)
        if not chosen_texts:
            with self._writing() as conn:
                conn.execute("DELETE FROM setting WHERE key = ?", (key,))
            return
        self.set_setting(key, json.dumps([str(text) for text in chosen_texts], ensure_ascii=False))

    def quiz_choice(self, course_id: str, lesson_id: str, step_id: str) -> tuple[str, ...]:
        """The texts of the choices picked but not checked in a quiz (none when there are none)."""
        stored = self.setting(_quiz_choice_key(course_id, lesson_id, step_id))
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
                for table, keyed in _LESSON_TABLES:
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
            for table in ("course_position", *(t for t, _ in _LESSON_TABLES))
        )
        with self._reading() as conn:
            rows = conn.execute(union, {"course": course_id}).fetchall()
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
                *(t for t, _ in _LESSON_TABLES),
                "acknowledgement",
                "screening_answer",
                "support_contact",
            )
        )
        with self._reading() as conn:
            rows = conn.execute(union).fetchall()
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
            position = conn.execute(
                "SELECT lesson_id, step_id, updated_at FROM course_position WHERE course_id = ?", (course_id,)
            ).fetchone()
            lesson_positions = conn.execute(
                "SELECT lesson_id, step_id, updated_at FROM lesson_position WHERE course_id = ? ORDER BY lesson_id",
                (course_id,),
            ).fetchall()
            lessons_done = conn.execute(
                "SELECT lesson_id, done_at FROM lesson_done WHERE course_id = ? ORDER BY lesson_id", (course_id,)
            ).fetchall()
            steps_done = conn.execute(
                "SELECT lesson_id, step_id, done_at FROM step_done WHERE course_id = ? ORDER BY lesson_id, step_id",
                (course_id,),
            ).fetchall()
            journal = conn.execute(
                "SELECT course_id, lesson_id, step_id, question, answer, created_at, updated_at "
                "FROM journal WHERE course_id = ? ORDER BY lesson_id, step_id",
                (course_id,),
            ).fetchall()
            quiz = self.quiz_attempts(course_id)
            checkins = self.checkins(course_id)
            acknowledgements = self.acknowledgements(course_id)
            runs = self.runs(course_id)
            screening = self.screening_answers(course_id)
            contacts = [SupportContact(c.course_id, c.name, c.reach, c.added_at) for c in self.contacts(course_id)]
        return CourseRecord(
            course_id=course_id,
            position=SavedPosition(*position) if position else None,
            lesson_positions=tuple(SavedPosition(*row) for row in lesson_positions),
            lessons_done=tuple(LessonDone(*row) for row in lessons_done),
            steps_done=tuple(StepDone(*row) for row in steps_done),
            journal=tuple(JournalEntry(*row) for row in journal),
            quiz_attempts=tuple(quiz),
            checkins=tuple(checkins),
            acknowledgements=tuple(acknowledgements),
            runs=tuple(runs),
            screening=tuple(screening),
            contacts=tuple(contacts),
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
        self._check_record(record)
        with self._writing() as conn:
            return self._import_rows(conn, record)

    def restore(self, record: CourseRecord) -> int:
        """Import a record into a data folder that has no progress in its course, in one transaction.

        Like :meth:`import_record`, but refuses (writing nothing) when the
        course already has a position, completion, journal answer, quiz
        attempt or check-in here, so nothing is ever merged. Acknowledgements
        do not count (:meth:`reset` keeps them); identical ones are not
        duplicated. Restoring an exported record into an empty store and
        calling :meth:`record` gives the same record back.

        Args:
            record: The record; every row is filed under ``record.course_id``.

        Returns:
            The number of rows added.

        Raises:
            ProgressExistsError: The course already has progress here; nothing was written.
            ValueError: A check-in phase or rating, or an acknowledgement kind, is invalid.
            StoreWriteError: Nothing was imported.
        """
        self._check_record(record)
        with self._writing() as conn:
            union = " UNION ALL ".join(
                f"SELECT 1 FROM {table} WHERE course_id = :course"
                for table in ("course_position", *(t for t, _ in _LESSON_TABLES))
            )
            if conn.execute(f"SELECT EXISTS ({union})", {"course": record.course_id}).fetchone()[0]:
                raise ProgressExistsError(self.data_dir, record.course_id)
            return self._import_rows(conn, record)

    @staticmethod
    def _check_record(record: CourseRecord) -> None:
        """Refuse a record holding values the schema's CHECK constraints would reject."""
        for checkin in record.checkins:
            if checkin.phase not in PHASES or not 0 <= checkin.rating <= 10:
                raise ValueError(f"invalid check-in in the record: {checkin!r}")
        for ack in record.acknowledgements:
            if ack.kind not in ACK_KINDS:
                raise ValueError(f"invalid acknowledgement kind in the record: {ack.kind!r}")
        for run in record.runs:
            if run.outcome not in RUN_OUTCOMES or run.seconds < 0:
                raise ValueError(f"invalid exercise run in the record: {run!r}")

    def _import_rows(self, conn: sqlite3.Connection, record: CourseRecord) -> int:
        """The merge of :meth:`import_record`, inside the caller's write transaction."""
        course = record.course_id
        changed = 0
        positions = [(p, "course_position", "(course_id)") for p in ([record.position] if record.position else [])]
        positions += [(p, "lesson_position", "(course_id, lesson_id)") for p in record.lesson_positions]
        for position, table, key in positions:
            changed += conn.execute(
                f"INSERT INTO {table} (course_id, lesson_id, step_id, updated_at) VALUES (?, ?, ?, ?) "
                f"ON CONFLICT {key} DO UPDATE SET lesson_id = excluded.lesson_id, step_id = excluded.step_id, "
                "updated_at = excluded.updated_at WHERE excluded.updated_at > updated_at",
                (course, position.lesson_id, position.step_id, position.updated_at),
            ).rowcount
        for lesson in record.lessons_done:
            changed += conn.execute(
                "INSERT INTO lesson_done (course_id, lesson_id, done_at) VALUES (?, ?, ?) "
                "ON CONFLICT (course_id, lesson_id) DO UPDATE SET done_at = excluded.done_at "
                "WHERE excluded.done_at < done_at",
                (course, lesson.lesson_id, lesson.done_at),
            ).rowcount
        for step in record.steps_done:
            changed += conn.execute(
                "INSERT INTO step_done (course_id, lesson_id, step_id, done_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (course_id, lesson_id, step_id) DO UPDATE SET done_at = excluded.done_at "
                "WHERE excluded.done_at < done_at",
                (course, step.lesson_id, step.step_id, step.done_at),
            ).rowcount
        for entry in record.journal:
            changed += conn.execute(
                "INSERT INTO journal (course_id, lesson_id, step_id, question, answer, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (course_id, lesson_id, step_id) DO UPDATE SET question = excluded.question, "
                "answer = excluded.answer, updated_at = excluded.updated_at, "
                "created_at = min(created_at, excluded.created_at) WHERE excluded.updated_at > updated_at",
                (
                    course,
                    entry.lesson_id,
                    entry.step_id,
                    entry.question,
                    entry.answer,
                    entry.created_at,
                    entry.updated_at,
                ),
            ).rowcount
        logs: list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]] = [
            (
                "quiz_attempt",
                ("course_id", "lesson_id", "step_id", "question", "chosen", "chosen_texts", "correct", "at"),
                [
                    (
                        course,
                        q.lesson_id,
                        q.step_id,
                        q.question,
                        json.dumps([int(i) for i in q.chosen]),
                        json.dumps([str(t) for t in q.chosen_texts], ensure_ascii=False),
                        int(bool(q.correct)),
                        q.at,
                    )
                    for q in record.quiz_attempts
                ],
            ),
            (
                "checkin",
                ("course_id", "lesson_id", "step_id", "measure_id", "phase", "rating", "session_id", "at"),
                [
                    (course, c.lesson_id, c.step_id, c.measure_id, c.phase, c.rating, c.session_id, c.at)
                    for c in record.checkins
                ],
            ),
            (
                "acknowledgement",
                ("course_id", "kind", "subject_id", "text_hash", "at"),
                [(course, a.kind, a.subject_id, a.text_hash, a.at) for a in record.acknowledgements],
            ),
        ]
        for run in record.runs:
            # A run is keyed by its id; a stored run still under way takes the imported ending.
            changed += conn.execute(
                "INSERT INTO exercise_run (session_id, course_id, lesson_id, step_id, started_at, ended_at, "
                "seconds, outcome, follow_up, noticed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (session_id) DO UPDATE SET ended_at = excluded.ended_at, seconds = excluded.seconds, "
                "outcome = excluded.outcome WHERE outcome = 'running' AND excluded.outcome != 'running'",
                (
                    run.session_id,
                    course,
                    run.lesson_id,
                    run.step_id,
                    run.started_at,
                    run.ended_at,
                    run.seconds,
                    run.outcome,
                    int(run.follow_up),
                    int(run.noticed),
                ),
            ).rowcount
        for answer in record.screening:
            changed += conn.execute(
                "INSERT INTO screening_answer (course_id, question_id, answer, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (course_id, question_id) DO UPDATE SET answer = excluded.answer, at = excluded.at "
                "WHERE excluded.at > at",
                (course, answer.question_id, int(answer.answer), answer.at),
            ).rowcount
        logs.append(
            (
                "support_contact",
                ("course_id", "name", "reach", "added_at"),
                [(course, c.name, c.reach, c.added_at) for c in record.contacts],
            )
        )
        for table, columns, rows in logs:
            changed += self._merge_log(conn, table, columns, rows)
        return changed

    @staticmethod
    def _merge_log(
        conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]
    ) -> int:
        """Insert ``rows`` in order, skipping as many of each as are already stored identically."""
        match = " AND ".join(f"{column} = ?" for column in columns)
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        stored: dict[tuple[object, ...], int] = {}
        seen: dict[tuple[object, ...], int] = {}
        added = 0
        for row in rows:
            if row not in stored:
                stored[row] = int(conn.execute(f"SELECT count(*) FROM {table} WHERE {match}", row).fetchone()[0])
            seen[row] = seen.get(row, 0) + 1
            if seen[row] > stored[row]:
                conn.execute(insert, row)
                added += 1
        return added

    # ------------------------------------------------------------------ record management

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
        tmp: str | None = None
        try:
            import tempfile  # only when writing: reading stays quick

            fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
            os.close(fd)
            os.chmod(tmp, 0o600)
            target = sqlite3.connect(tmp, isolation_level=None)
            try:
                with self._lock:
                    self._require_open().backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, dest)
            tmp = None
            _fsync_dir(dest.parent)
        except (sqlite3.Error, OSError) as error:
            raise StoreWriteError(f"Could not write a backup of your progress to {dest}: {_reason(error)}.") from None
        finally:
            if tmp is not None:
                for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
        return dest

    def reset(self, course_id: str, lesson_id: str | None = None, *, journal: bool = False) -> None:
        """Forget progress in a course or one lesson id, in one transaction.

        Positions, completions, quiz attempts, check-ins and exercise runs are
        deleted; journal answers only when ``journal`` is True.
        Acknowledgements, screening answers, support contacts and settings are
        kept: they are about the learner, not how far they got.

        Args:
            course_id: The course.
            lesson_id: Only this lesson (the course-wide position is cleared
                only when it points into it); None for the whole course.
            journal: Also delete journal answers.
        """
        if lesson_id is None:
            self._forget(course_id, None, journal=journal)
        else:
            self.reset_lessons(course_id, [lesson_id], journal=journal)

    def reset_lessons(self, course_id: str, lesson_ids: Collection[str], *, journal: bool = False) -> None:
        """Forget the progress stored under several lesson ids (a lesson and its ``previous_ids``) at once.

        One transaction: a failure part-way leaves every one of them as it was.
        What is forgotten and kept is as for :meth:`reset`.

        Raises:
            ValueError: No lesson ids (which must never mean "the whole course"), or one string.
        """
        if isinstance(lesson_ids, str) or not lesson_ids:
            raise ValueError(f"reset_lessons needs a collection of lesson ids, not {lesson_ids!r}")
        self._forget(course_id, sorted(set(lesson_ids)), journal=journal)

    def _forget(self, course_id: str, lesson_ids: list[str] | None, *, journal: bool) -> None:
        """Delete a course's progress (``lesson_ids`` None) or these lessons', in one write transaction."""
        tables = ("course_position", *(t for t, _ in _LESSON_TABLES if journal or t != "journal"))
        each: list[tuple[str, ...]]
        if lesson_ids is None:
            where, each = "course_id = ?", [(course_id,)]
        else:
            where, each = "course_id = ? AND lesson_id = ?", [(course_id, lesson_id) for lesson_id in lesson_ids]
        with self._writing() as conn:
            for table in tables:
                for params in each:
                    conn.execute(f"DELETE FROM {table} WHERE {where}", params)
            # A choice picked but not checked goes with the lesson's quiz attempts.
            prefixes = (
                [f"quiz-choice/{course_id}/"]
                if lesson_ids is None
                else [_quiz_choice_key(course_id, lesson_id, "") for lesson_id in lesson_ids]
            )
            for prefix in prefixes:
                conn.execute("DELETE FROM setting WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
