"""A glance at the database without opening the store: which folder a course's record goes with, and where
its progress is saved.

``check`` warns when the learner's record in a course was made with another
folder (:mod:`unclench.ownership`). Opening the store to learn it prepares the
data folder, inspects and migrates the file and may move a damaged one aside:
right for the app and the record commands, but more than ``check`` needs on
every run only to find, nearly always, that there is nothing to say. This
reads the one row through a read-only connection, as the store's own probe
does (and so for the places progress is saved under, for ``check``'s hint at
``--against-progress``), and answers only where the store would answer the same; for a database
of another version, a damaged or locked file, anything unusual, it raises
:class:`CannotTell` and the caller opens the store.
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

from unclench.store.schema import APPLICATION_ID, SCHEMA_VERSION, folder_bytes, folder_path

if TYPE_CHECKING:
    from pathlib import Path


class CannotTell(Exception):
    """The glance cannot answer for the store: open it (:class:`unclench.store.ProgressStore`) to ask."""


def remembered_folder(database: Path, course_id: str) -> Path | None:
    """The folder the store remembers for ``course_id`` (None: none yet), read without writing anything.

    Raises:
        CannotTell: The file is not an Unclench database of this version, or SQLite could not read it now.
    """
    rows = _read(database, "SELECT folder FROM course_folder WHERE course_id = ?", course_id)
    return None if not rows else folder_path(rows[0][0])


def courses_of_folder(database: Path, folder: Path) -> list[str]:
    """The ids of the courses whose record the store remembers going with ``folder``, sorted, read as
    :func:`remembered_folder` reads.

    Raises:
        CannotTell: The file is not an Unclench database of this version, or SQLite could not read it now.
    """
    rows = _read(
        database, "SELECT course_id FROM course_folder WHERE folder = ? ORDER BY course_id", folder_bytes(folder)
    )
    return [str(row[0]) for row in rows]


#: Every place progress is saved under in a course, with what is saved there (the kinds of
#: :func:`unclench.status.orphaned`), each once; and every check-in id its ratings are saved under.
_PLACES = (
    "SELECT lesson_id, step_id, 'position' FROM course_position WHERE course_id = ?1 "
    "UNION SELECT lesson_id, step_id, 'lesson_position' FROM lesson_position WHERE course_id = ?1 "
    "UNION SELECT lesson_id, NULL, 'lesson_done' FROM lesson_done WHERE course_id = ?1 "
    "UNION SELECT lesson_id, step_id, 'step_done' FROM step_done WHERE course_id = ?1 "
    "UNION SELECT lesson_id, step_id, 'journal' FROM journal WHERE course_id = ?1 "
    "UNION SELECT lesson_id, step_id, 'quiz_attempt' FROM quiz_attempt WHERE course_id = ?1 "
    "UNION SELECT lesson_id, step_id, 'checkin' FROM checkin WHERE course_id = ?1 "
    "UNION SELECT lesson_id, step_id, 'run' FROM exercise_run WHERE course_id = ?1 "
    "UNION SELECT NULL, measure_id, 'measure' FROM checkin WHERE course_id = ?1"
)


def saved_places(database: Path, course_id: str) -> tuple[set[tuple[str, str | None, str]], set[str]]:
    """Where progress in ``course_id`` is saved, read without writing anything: every ``(lesson_id, step_id,
    what)`` saved (``what`` as :func:`unclench.status.orphaned` names it), and every check-in id rated.

    For ``check``'s hint at ``--against-progress``, which then opens the store and says what it finds.

    Raises:
        CannotTell: As :func:`remembered_folder`; or a row holds something other than text.
    """
    places: set[tuple[str, str | None, str]] = set()
    measures: set[str] = set()
    for lesson_id, step_id, what in _read(database, _PLACES, course_id):
        if what == "measure" and isinstance(step_id, str):
            measures.add(step_id)
        elif isinstance(lesson_id, str) and isinstance(step_id, (str, type(None))) and isinstance(what, str):
            places.add((lesson_id, step_id, what))
        else:
            raise CannotTell("a row of another shape")
    return places, measures


def _read(database: Path, query: str, value: object) -> list[tuple[object, ...]]:
    """The rows ``query`` (with its one ``?``, or its ``?1`` wherever it is, given ``value``) reads from the
    database, writing nothing.

    Raises:
        CannotTell: The file is not an Unclench database of this version, or SQLite could not read it now.
    """
    # With no side file beside it, no connection has the database open: read the file as it is (``immutable``),
    # and SQLite creates no empty -wal and -shm files that would stay until the store next closes. Otherwise
    # read as any reader does, the side files included.
    in_use = any(os.path.lexists(f"{database}{suffix}") for suffix in ("-wal", "-shm", "-journal"))
    try:
        conn = sqlite3.connect(
            f"{database.absolute().as_uri()}?mode=ro{'' if in_use else '&immutable=1'}", uri=True, timeout=0
        )
    except sqlite3.Error as error:
        raise CannotTell(str(error)) from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            raise CannotTell(f"application id {app_id}, version {version}")
        return [tuple(row) for row in conn.execute(query, (value,)).fetchall()]
    except sqlite3.Error as error:
        raise CannotTell(str(error)) from None
    finally:
        conn.close()
