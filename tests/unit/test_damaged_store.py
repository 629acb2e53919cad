"""A store changed outside Unclench: reading never fails, never changes it, and says what was damaged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.store import ProgressStore

C = "unclench"  # the bundled course, which status and export use by default
L = "a-safe-setting"


def _filled(data: Path) -> None:
    with ProgressStore.open(data) as store:
        store.set_position(C, L, "intro")
        store.mark_step_done(C, L, "intro")
        store.mark_lesson_done(C, L)
        store.save_answer(C, L, "p1", "Q?", "private journal text")
        store.record_quiz_attempt(C, L, "q1", "Quiz?", [0], ["A"], True)
        store.record_checkin(C, L, "ex", "tension", "before", 5, "s1")
        store.start_run(C, L, "ex", "s1")
        store.end_run("s1", "finished", 60)
        store.acknowledge(C, "disclaimer", "disclaimer", "x")
        store.set_screening_answer(C, "q", True)
        store.add_contact(C, "Ann", "555")


def _tamper(data: Path, statement: str) -> None:
    conn = sqlite3.connect(data / "progress.sqlite3")
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _dump(data: Path) -> list[object]:
    """Every row of every table, each value with its SQLite type (what reading must never change)."""
    conn = sqlite3.connect(data / "progress.sqlite3")
    conn.text_factory = bytes
    try:
        tables = [
            row[0].decode() for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return [(table, conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()) for table in tables]
    finally:
        conn.close()


TAMPERINGS = [
    "UPDATE quiz_attempt SET chosen = 'not json'",
    "UPDATE quiz_attempt SET chosen_texts = '5'",
    "UPDATE quiz_attempt SET chosen_texts = '[\"a' || char(1) || 'b\"]'",
    "UPDATE quiz_attempt SET chosen_texts = 'A' || char(27) || '[31m'",
    "UPDATE quiz_attempt SET chosen = '[-1, true]', correct = 1",
    "UPDATE journal SET answer = x'ff00fe'",
    "UPDATE journal SET answer = CAST(x'ff1b5b33316d' AS TEXT)",
    "UPDATE journal SET question = x'00'",
    "UPDATE exercise_run SET seconds = 'abc'",
    "UPDATE exercise_run SET seconds = x'ff'",
    "UPDATE exercise_run SET ended_at = x'ff'",
    "UPDATE checkin SET rating = 5.5",
    "UPDATE checkin SET session_id = x'ff'",
    "UPDATE support_contact SET name = x'ff', reach = CAST(x'fe' AS TEXT)",
    "UPDATE course_position SET step_id = x'ff'",
    "UPDATE lesson_position SET lesson_id = x'ff'",
    "UPDATE acknowledgement SET text_hash = x'ff'",
    "UPDATE screening_answer SET at = x'00'",
    "UPDATE step_done SET step_id = x'ff'",
    "UPDATE lesson_done SET done_at = x'ff'",
]


@pytest.mark.parametrize("statement", TAMPERINGS)
def test_status_and_exports_read_a_tampered_store_without_changing_it(
    statement: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    _filled(data)
    _tamper(data, statement)
    before = _dump(data)
    for args in (["status"], ["status", "--json"], ["export"], ["export", "--format", "json"]):
        code = main(args)
        out, err = capsys.readouterr()
        assert code == 0, (args, err)
        assert "Traceback" not in out + err
        assert "\x1b" not in out and "\x00" not in out  # hostile text shown as visible symbols
        if args == ["export"]:
            assert "## Damaged entries" in out
        if args == ["export", "--format", "json"]:
            assert json.loads(out)["damaged"], out
    assert _dump(data) == before


def test_a_bytes_answer_reads_as_its_decoded_bytes_and_is_noted(tmp_path: Path) -> None:
    _filled(tmp_path)
    _tamper(tmp_path, "UPDATE journal SET answer = x'ff00fe'")
    with ProgressStore.open(tmp_path) as store:
        entry = store.answer(C, L, "p1")
        record = store.record(C)
    assert entry is not None and entry.answer == "\ufffd\x00\ufffd"
    assert record.journal[0].answer == "\ufffd\x00\ufffd"
    assert record.damaged == (
        f"A journal answer (lesson {L}, step p1): its answer is stored as 3 raw bytes, not text.",
    )


def test_unreadable_quiz_choices_keep_their_stored_text(tmp_path: Path) -> None:
    _filled(tmp_path)
    _tamper(tmp_path, "UPDATE quiz_attempt SET chosen = 'not json', chosen_texts = '5'")
    with ProgressStore.open(tmp_path) as store:
        (attempt,) = store.quiz_attempts(C)
        assert store.record(C).damaged
    assert attempt.chosen == () and attempt.chosen_texts == ("5",) and attempt.correct is True


def test_text_that_is_not_utf8_is_read_without_quoting_it_in_an_error(tmp_path: Path) -> None:
    _filled(tmp_path)
    _tamper(tmp_path, "UPDATE journal SET answer = CAST(x'ff736563726574' AS TEXT)")
    with ProgressStore.open(tmp_path) as store:
        (entry,) = store.answers(C)
    assert entry.answer == "\ufffdsecret"


def test_an_undamaged_record_has_no_damage_notes_and_an_unchanged_json_export(tmp_path: Path) -> None:
    _filled(tmp_path)
    with ProgressStore.open(tmp_path) as store:
        record = store.record(C)
    assert record.damaged == ()
    from unclench.export import render_json

    assert '"damaged"' not in render_json(record)
