"""Writing a whole record into the store: what ``unclench import`` and the import of an export do.

The functions run inside the caller's write transaction
(:meth:`unclench.store.ProgressStore.import_record` and
:meth:`~unclench.store.ProgressStore.restore`), so a record is merged whole or
not at all. Nothing newer is overwritten by anything older, and importing the
same record twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3

from unclench.store.rows import ACK_KINDS, PHASES, RUN_OUTCOMES, CourseRecord
from unclench.store.schema import LESSON_TABLES


def has_progress(conn: sqlite3.Connection, course_id: str, *, runs: bool = True) -> bool:
    """Whether the course has a position, completion, journal answer, quiz attempt, check-in or run here.

    ``runs=False`` leaves practice runs out: a reset keeps a run that was hard that day (so practice stays
    closed), and such a run alone must not stop a backup coming back (a run merges with its copy, never twice).
    """
    union = " UNION ALL ".join(
        f"SELECT 1 FROM {table} WHERE course_id = :course"
        for table in ("course_position", *(t for t, _ in LESSON_TABLES))
        if runs or table != "exercise_run"
    )
    return bool(conn.execute(f"SELECT EXISTS ({union})", {"course": course_id}).fetchone()[0])


def check_record(record: CourseRecord) -> None:
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


def import_rows(conn: sqlite3.Connection, record: CourseRecord) -> int:
    """The merge of :meth:`ProgressStore.import_record`, inside the caller's write transaction."""
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
    # A run is the same run when it has the same id, or (a copy whose id differs) the same lesson, step and start
    # as a stored run the record does not hold under its own id: its check-ins are filed under the stored id.
    stored_ids = _runs_stored_as(conn, record)
    for run in record.runs:
        session_id = stored_ids.get(run.session_id, run.session_id)
        # A stored run still under way takes the imported ending.
        changed += conn.execute(
            "INSERT INTO exercise_run (session_id, course_id, lesson_id, step_id, started_at, ended_at, "
            "seconds, outcome, follow_up, noticed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (session_id) DO UPDATE SET ended_at = excluded.ended_at, seconds = excluded.seconds, "
            "outcome = excluded.outcome WHERE outcome = 'running' AND excluded.outcome != 'running'",
            (
                session_id,
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
                (
                    course,
                    c.lesson_id,
                    c.step_id,
                    c.measure_id,
                    c.phase,
                    c.rating,
                    stored_ids.get(c.session_id, c.session_id),
                    c.at,
                )
                for c in record.checkins
            ],
        ),
        (
            "acknowledgement",
            ("course_id", "kind", "subject_id", "text_hash", "at"),
            [(course, a.kind, a.subject_id, a.text_hash, a.at) for a in record.acknowledgements],
        ),
    ]
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
        changed += _merge_log(conn, table, columns, rows)
    return changed


def _runs_stored_as(conn: sqlite3.Connection, record: CourseRecord) -> dict[str, str]:
    """The record's runs stored here under another id: record id -> stored id.

    A run is one start of one exercise step: a stored run with the record's lesson, step and start is
    the same run (a copy of a backup whose id was changed), unless the record holds it under its own
    id too. Each stored run stands for one run of the record at most; a run whose id is stored is
    itself.
    """
    ids = {run.session_id for run in record.runs}
    taken = {
        row[0]
        for session_id in ids
        for row in conn.execute("SELECT rowid FROM exercise_run WHERE session_id = ?", (session_id,))
    }
    found: dict[str, str] = {}
    for run in record.runs:
        if (
            run.session_id in found
            or conn.execute(
                "SELECT EXISTS (SELECT 1 FROM exercise_run WHERE session_id = ?)", (run.session_id,)
            ).fetchone()[0]
        ):
            continue
        # The stored id as bytes: one that is not UTF-8 (a damaged row) cannot fail the import.
        for rowid, raw in conn.execute(
            "SELECT rowid, CAST(session_id AS BLOB) FROM exercise_run WHERE course_id = ? AND lesson_id = ? "
            "AND step_id = ? AND started_at = ? ORDER BY rowid",
            (record.course_id, run.lesson_id, run.step_id, run.started_at),
        ):
            if rowid not in taken and isinstance(raw, bytes):
                try:
                    found[run.session_id] = raw.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                taken.add(rowid)
                break
    return found


def _merge_log(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> int:
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
