"""The database's tables: the migrations that create them, and the facts the store's queries share.

The database version is ``PRAGMA user_version``: :func:`migrate` brings an
older file up to :data:`SCHEMA_VERSION` in one transaction. Rows are keyed by
course id + lesson id + step id, never by position or file name, so editing a
course does not scramble progress.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from unclench.store.errors import NewerDatabaseError

if TYPE_CHECKING:
    import sqlite3  # imported where used: a glance at the record from its cache needs the constants alone

#: Written into the database header so that a foreign SQLite file is recognised ("UnCl").
APPLICATION_ID = 0x556E436C


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

# Version 3: the course folder each course's record was made with, so that another folder that only
# says it is the same course (the same id) does not silently get the learner's record. A record made
# before has no row: the first folder that opens it claims it. The folder is its resolved path's bytes.
_MIGRATION_3 = """
CREATE TABLE course_folder (
    course_id  TEXT NOT NULL PRIMARY KEY,
    folder     BLOB NOT NULL,
    claimed_at TEXT NOT NULL
);
"""

#: The migration scripts, oldest first; the database version is their count.
MIGRATIONS: tuple[str, ...] = (_MIGRATION_1, _MIGRATION_2, _MIGRATION_3)

#: The database version this program writes (``PRAGMA user_version``).
SCHEMA_VERSION = len(MIGRATIONS)


# Tables holding per-lesson progress: (table, has a unique key including lesson_id).
LESSON_TABLES: tuple[tuple[str, bool], ...] = (
    ("lesson_position", True),
    ("step_done", True),
    ("lesson_done", True),
    ("journal", True),
    ("quiz_attempt", False),
    ("checkin", False),
    ("exercise_run", False),
)


#: Tables holding a course's record (everything but settings), keyed by ``course_id``.
RECORD_TABLES: tuple[str, ...] = (
    "course_position",
    *(table for table, _ in LESSON_TABLES),
    "acknowledgement",
    "screening_answer",
    "support_contact",
)


def folder_bytes(folder: Path) -> bytes:
    """A folder as ``course_folder`` stores it: its path's bytes, exactly (a path need not be UTF-8)."""
    return os.fsencode(folder)


def folder_path(stored: object) -> Path:
    """A stored folder back as a path (text, if the row was written outside Unclench, is taken as it is)."""
    return Path(os.fsdecode(stored) if isinstance(stored, bytes) else str(stored))


def quiz_choice_key(course_id: str, lesson_id: str, step_id: str) -> str:
    """The setting key of an unchecked quiz choice (ids never hold ``/``)."""
    return f"quiz-choice/{course_id}/{lesson_id}/{step_id}"


def _statements(script: str) -> Iterator[str]:
    """Split an SQL script into complete statements."""
    import sqlite3

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


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema of ``conn`` (the database file ``path``) up to :data:`SCHEMA_VERSION`, in one transaction."""
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise NewerDatabaseError(path, version, SCHEMA_VERSION)
        for script in MIGRATIONS[version:]:
            for statement in _statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        import sqlite3

        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
