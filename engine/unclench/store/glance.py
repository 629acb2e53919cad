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

Each answer is kept in the cache folder (:data:`GLANCE_CACHE`) with the
database file's identity (device, inode, size, modification and change
times): while the file is the same, and no side file says a connection may
hold changes not in it yet, a glance reads the answer from there and SQLite
is not loaded at all. A file changed in the last few seconds is read live and
nothing is kept: a second write within the file system's clock tick could
leave size and times as they were (git's "racily clean" files). An author runs ``check`` again and again while the
learner's record does not change; loading SQLite was a fifth of what
``check --no-cache`` adds to Python's start.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from unclench.store.schema import APPLICATION_ID, SCHEMA_VERSION, folder_bytes, folder_path

if TYPE_CHECKING:
    from pathlib import Path

#: The cache file of the glances' answers, in the cache folder of the data folder the database is in.
GLANCE_CACHE = "record-glance.json"
_FORMAT = 1
#: The files SQLite keeps beside the database while a connection has it open (or one ended without closing).
_SIDE_FILES = ("-wal", "-shm", "-journal")
#: How long after its last change the database is read live, never from the cache.
_SETTLED_NS = 3_000_000_000


class CannotTell(Exception):
    """The glance cannot answer for the store: open it (:class:`unclench.store.ProgressStore`) to ask."""


def remembered_folder(database: Path, course_id: str) -> Path | None:
    """The folder the store remembers for ``course_id`` (None: none yet), read without writing to the database.

    Raises:
        CannotTell: The file is not an Unclench database of this version, or SQLite could not read it now.
    """
    query = "SELECT folder FROM course_folder WHERE course_id = ?"
    folders = _kept(
        database,
        f"folder\0{course_id}",
        lambda: [_hex(row[0]) for row in _read(database, query, course_id)],
        lambda answer: all(isinstance(item, str) and _is_hex(item) for item in answer),
    )
    return None if not folders else folder_path(bytes.fromhex(folders[0]))


def courses_of_folder(database: Path, folder: Path) -> list[str]:
    """The ids of the courses whose record the store remembers going with ``folder``, sorted, read as
    :func:`remembered_folder` reads.

    Raises:
        CannotTell: The file is not an Unclench database of this version, or SQLite could not read it now.
    """
    stored = folder_bytes(folder)
    query = "SELECT course_id FROM course_folder WHERE folder = ? ORDER BY course_id"
    return _kept(
        database,
        f"courses\0{stored.hex()}",
        lambda: [str(row[0]) for row in _read(database, query, stored)],
        lambda answer: all(isinstance(item, str) for item in answer),
    )


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
    """Where progress in ``course_id`` is saved, read without writing to the database: every ``(lesson_id, step_id,
    what)`` saved (``what`` as :func:`unclench.status.orphaned` names it), and every check-in id rated.

    For ``check``'s hint at ``--against-progress``, which then opens the store and says what it finds.

    Raises:
        CannotTell: As :func:`remembered_folder`; or a row holds something other than text.
    """
    places: set[tuple[str, str | None, str]] = set()
    measures: set[str] = set()
    for lesson_id, step_id, what in _kept(
        database, f"places\0{course_id}", lambda: _place_rows(database, course_id), _are_place_rows
    ):
        if what == "measure":
            measures.add(step_id)
        else:
            places.add((lesson_id, step_id, what))
    return places, measures


def _place_rows(database: Path, course_id: str) -> list[list[str | None]]:
    """The rows of :data:`_PLACES` for ``course_id``, as lists.

    Raises:
        CannotTell: As :func:`_read`; or a row holds something other than text.
    """
    rows = [list(row) for row in _read(database, _PLACES, course_id)]
    if not _are_place_rows(rows):
        raise CannotTell("a row of another shape")
    return rows  # type: ignore[return-value]  # checked just above


def _are_place_rows(rows: list[Any]) -> bool:
    """Whether every row is a place (lesson id, step id or None, what) or a check-in id rated (None, id, "measure")."""

    def is_row(row: object) -> bool:
        if not isinstance(row, list) or len(row) != 3:
            return False
        lesson_id, step_id, what = row
        if what == "measure":
            return isinstance(step_id, str)
        return isinstance(lesson_id, str) and (step_id is None or isinstance(step_id, str)) and isinstance(what, str)

    return all(is_row(row) for row in rows)


def _hex(stored: object) -> str:
    """A stored folder as hexadecimal bytes, as the cache keeps it (a path need not be UTF-8)."""
    return folder_bytes(folder_path(stored)).hex()


def _is_hex(text: str) -> bool:
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True


def _kept(database: Path, question: str, ask: Callable[[], list[Any]], valid: Callable[[list[Any]], bool]) -> list[Any]:
    """The answer to ``question`` about ``database``: kept from an earlier glance at the same file (see the module
    docstring) when ``valid``, else ``ask``-ed (a list of JSON's plain values), and kept.

    Raises:
        CannotTell: As ``ask`` does (nothing is kept).
    """
    identity = _identity(database)
    if identity is None:
        return ask()
    from unclench.cachefiles import cache_folder, write_cache_file

    path = cache_folder(database.parent) / GLANCE_CACHE
    answers = _kept_answers(path, identity)
    kept = answers.get(question)
    if isinstance(kept, list) and valid(kept):
        return kept
    answer = ask()
    answers[question] = answer
    with contextlib.suppress(OSError, ValueError):  # a cache not written is read live next time
        write_cache_file(path, {"format": _FORMAT, "database": identity, "answers": answers})
    return answer


def _identity(database: Path) -> list[int] | None:
    """The database file's identity and state; None when it cannot be told: while a side file beside it says a
    connection may hold changes the file does not show yet, or when it changed too recently to tell by its times."""
    if any(os.path.lexists(f"{database}{suffix}") for suffix in _SIDE_FILES):
        return None
    try:
        info = os.stat(database)
    except OSError:
        return None
    if time.time_ns() - info.st_mtime_ns < _SETTLED_NS:  # a time ahead of the clock is never settled
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _kept_answers(path: Path, identity: list[int]) -> dict[str, object]:
    """The answers kept in the cache file ``path`` for the database as ``identity`` tells it; none when the file is
    missing, unreadable, of another shape or of another state of the database."""
    try:
        with path.open("rb") as file:
            kept = json.loads(file.read())
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict) or kept.get("format") != _FORMAT or kept.get("database") != identity:
        return {}
    answers = kept.get("answers")
    return answers if isinstance(answers, dict) else {}


def _read(database: Path, query: str, value: object) -> list[tuple[object, ...]]:
    """The rows ``query`` (with its one ``?``, or its ``?1`` wherever it is, given ``value``) reads from the
    database, writing nothing.

    Raises:
        CannotTell: The file is not an Unclench database of this version, or SQLite could not read it now.
    """
    # With no side file beside it, no connection has the database open: read the file as it is (``immutable``),
    # and SQLite creates no empty -wal and -shm files that would stay until the store next closes. Otherwise
    # read as any reader does, the side files included.
    import sqlite3

    in_use = any(os.path.lexists(f"{database}{suffix}") for suffix in _SIDE_FILES)
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
