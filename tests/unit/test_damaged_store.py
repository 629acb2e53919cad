"""A store changed outside Unclench: reading never fails, never changes it, and says what was damaged."""

from __future__ import annotations

import json
import re
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


def _tamper_unchecked(data: Path, *statements: str) -> None:
    """Write what the schema's CHECK constraints refuse (a database changed by another program)."""
    conn = sqlite3.connect(data / "progress.sqlite3")
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _filled_runs(data: Path) -> None:
    """The bundled course's breathing exercise run four times: 60 s each, rated 5 before and 3 after."""
    with ProgressStore.open(data) as store:
        for session in ("huge", "negative", "infinite", "fine"):
            store.record_checkin(C, B, "slow-breathing", "tension", "before", 5, session)
            store.start_run(C, B, "slow-breathing", session)
            store.end_run(session, "finished", 60)
            store.record_checkin(C, B, "slow-breathing", "tension", "after", 3, session)
        store.save_answer(C, B, "after-breathing", "Q?", "calmer")


B = "settling-breath"

#: Values no run or rating can have: a run of 1e300 seconds, fewer than none, an infinite one; ratings off the scale.
HOSTILE_VALUES = (
    "UPDATE exercise_run SET seconds = 1e300 WHERE session_id = 'huge'",
    "UPDATE exercise_run SET seconds = -50 WHERE session_id = 'negative'",
    "UPDATE exercise_run SET seconds = 9e999 WHERE session_id = 'infinite'",
    "UPDATE checkin SET rating = 99 WHERE session_id = 'huge' AND phase = 'before'",
    "UPDATE checkin SET rating = -4 WHERE session_id = 'negative' AND phase = 'after'",
    "UPDATE checkin SET rating = 1e300 WHERE session_id = 'infinite' AND phase = 'after'",
    "UPDATE journal SET created_at = 'yesterday', updated_at = '99999-01-01'",
)


def test_values_no_run_or_rating_can_have_are_shown_as_damaged_never_as_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tampered database showed a run of 1e300 seconds as a 300-digit number of minutes, -50 s as 0 s (and
    counted both in the total), a rating of 99 as 99 and a time that is not one as it was, with no word of damage."""
    data = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    _filled_runs(data)
    _tamper_unchecked(data, *HOSTILE_VALUES)
    before = _dump(data)

    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "4 runs, 1 min in all (3 runs' times are damaged: not counted)" in out
    assert "Damaged: 6 entries in the database" in out
    assert main(["status", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["practice"]
    assert (item["seconds"], item["seconds_damaged"]) == (60, 3)

    assert main(["export"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\d{12}", out) is None  # no figure of 1e300 seconds
    # One line a run, when it began taken out (the local time of the test).
    runs = [re.sub(r"^- .*?\d\d:\d\d: ", "- ", line) for line in out.splitlines() if ": practised " in line]
    damaged_before = "Tension (damaged value) → 3"
    damaged_after = "Tension 5 → (damaged value)"
    assert sorted(runs) == sorted(
        [
            f"- practised (damaged value), full time. {damaged_before} (out of 10, before → after)",
            f"- practised (damaged value), full time. {damaged_after} (out of 10, before → after)",
            f"- practised (damaged value), full time. {damaged_after} (out of 10, before → after)",
            "- practised 1 min, full time. Tension 5 → 3 (out of 10, before → after)",
        ]
    )
    assert "Written yesterday (damaged value), last changed 99999-01-01 (damaged value):" in out
    damage = out.split("## Damaged entries", 1)[1].split("\n## ", 1)[0]
    assert damage.count("its seconds is not a possible time practised (shown as damaged)") == 3
    assert damage.count("its rating is not a rating from 0 to 10 (shown as damaged)") == 3
    assert _dump(data) == before  # read, never changed


def test_the_ratings_the_trends_read_keep_a_rating_off_the_scale_off_it(tmp_path: Path) -> None:
    """What the trends read never turns a rating off the scale into one on it (an earlier grouping read 99 as 3):
    each such rating comes back off the scale, and is shown as damaged."""
    from unclench.store.rows import possible_rating

    _filled_runs(tmp_path)
    _tamper_unchecked(tmp_path, *HOSTILE_VALUES)
    with ProgressStore.open(tmp_path) as store:
        rated = {run.session_id: (run.before, run.after) for run in store.newest_rated_runs(C, 10).runs}
        latest = store.latest_ratings(C, 10)
        checkins = {(c.session_id, c.phase): c.rating for c in store.checkins(C)}
    damaged = {("huge", "before"), ("negative", "after"), ("infinite", "after")}
    for (session, phase), rating in checkins.items():
        grouped = rated[session][0 if phase == "before" else 1]["tension"]
        assert possible_rating(grouped) is ((session, phase) not in damaged) is possible_rating(rating)
    assert [possible_rating(r) for r in latest["tension", "before"]] == [False, True, True, True]
    assert (checkins["huge", "before"], checkins["negative", "after"]) == (99, -4)  # read as stored
