"""``unclench import`` is strict and bounded (issue 11 item 3), and no stored time crashes a view.

Only a regular file is read (a FIFO or a device is refused at once, never
waited on), at most ``MAX_IMPORT_BYTES``; every field is checked and the
one-line error names it; nothing is written on refusal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.cli import record as record_cli
from unclench.export import ExportFormatError, parse_document
from unclench.folders import bundled_course_root
from unclench.localtime import local_date, local_date_time

COURSE = bundled_course_root()
STAMP = "2026-03-01T09:00:00Z"
HASH = "a" * 64


def document() -> dict[str, Any]:
    """A small valid export of the bundled course."""
    import tomli

    course_id = tomli.loads((COURSE / "course" / "course.toml").read_text(encoding="utf-8"))["id"]
    return {
        "schema": "unclench.export/1",
        "course": {"id": course_id, "title": "T"},
        "position": {"lesson_id": "welcome", "step_id": "intro", "updated_at": STAMP},
        "lesson_positions": [],
        "lessons_done": [{"lesson_id": "welcome", "done_at": STAMP}],
        "steps_done": [],
        "journal": [
            {
                "lesson_id": "welcome",
                "step_id": "hopes",
                "question": "Q?",
                "answer": "A \x1b[2J kept exactly",
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        ],
        "quiz_attempts": [
            {
                "lesson_id": "welcome",
                "step_id": "q",
                "question": "Q",
                "chosen": [0],
                "chosen_texts": ["Yes"],
                "correct": True,
                "at": STAMP,
            }
        ],
        "checkins": [
            {
                "lesson_id": "shake",
                "step_id": "t",
                "measure_id": "tension",
                "phase": "before",
                "rating": 5,
                "session_id": "0123abcd",
                "at": STAMP,
            }
        ],
        "acknowledgements": [{"kind": "disclaimer", "subject_id": "course", "text_hash": HASH, "at": STAMP}],
    }


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


def run_import(path: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["import", str(path), "--course", str(COURSE)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def test_a_valid_document_imports_and_keeps_control_characters_exactly(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    assert run_import(path, capsys)[0] == 0
    assert main(["export", "--format", "json", "--course", str(COURSE)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["journal"][0]["answer"] == "A \x1b[2J kept exactly"


def _set(doc: dict[str, Any], path: str, value: object) -> None:
    node: Any = doc
    parts = [int(p) if p.isdigit() else p for p in path.replace("[", ".").replace("]", "").split(".")]
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


BAD_FIELDS = [
    ("journal[0].created_at", "2026-13-45T25:61:61Z", "journal[0].created_at: not a date: '2026-13-45T25:61:61Z'"),
    ("journal[0].updated_at", "0001-01-01T00:00:00Z", "updated_at: the date '0001-01-01T00:00:00Z' is before"),
    ("position.updated_at", "yesterday", "position.updated_at: not a date"),
    ("lessons_done[0].done_at", "2026-02-30T00:00:00Z", "lessons_done[0].done_at: not a date"),
    # A stranger's import with full-width digits was stored as given (strptime reads any script's digits).
    ("journal[0].created_at", "２０２６-01-01T00:00:00Z", "journal[0].created_at: not a date"),
    ("checkins[0].rating", 11, "checkins[0].rating"),
    ("checkins[0].rating", True, "checkins[0].rating"),
    ("checkins[0].rating", 5.0, "checkins[0].rating"),
    ("quiz_attempts[0].chosen[0]", -1, "quiz_attempts[0].chosen[0]"),
    ("quiz_attempts[0].correct", "yes", "quiz_attempts[0].correct"),
    ("journal[0].lesson_id", "Bad Id", "journal[0].lesson_id: not a valid id"),
    ("journal[0].step_id", "x\x1b[2J", "journal[0].step_id: not a valid id"),
    ("checkins[0].measure_id", "", "checkins[0].measure_id: not a valid id"),
    ("checkins[0].session_id", "x" * 201, "checkins[0].session_id: string should have at most 200"),
    ("position.step_id", "~summary\n", "position.step_id: not a valid id"),
    ("acknowledgements[0].text_hash", "zz", "acknowledgements[0].text_hash: not a SHA-256"),
    ("acknowledgements[0].subject_id", "../x", "acknowledgements[0].subject_id: not a valid id"),
    ("course.id", "x" * 65, "course.id"),
    ("journal[0].answer", 5, "journal[0].answer"),
    # A stranger's attempt choosing one choice three times imported as three answers.
    ("quiz_attempts[0].chosen", [0, 0, 0], "quiz_attempts[0]: a choice is chosen twice: [0, 0, 0]"),
    ("quiz_attempts[0].chosen", [0, 1], "quiz_attempts[0]: 1 chosen_texts for 2 chosen choices"),
    # pydantic's own words named an internal class ("instance of JournalDoc").
    ("journal[0]", "x", "journal[0]: should be a JSON object {...} (found 'x')"),
]


@pytest.mark.parametrize(("field", "value", "expected"), BAD_FIELDS, ids=[f"{f}={v!r}"[:40] for f, v, _ in BAD_FIELDS])
def test_every_field_is_checked_and_the_error_names_it(
    field: str, value: object, expected: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = document()
    _set(doc, field, value)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, err = run_import(path, capsys)
    assert code == 1
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "\x1b" not in err
    assert not data_dir.exists()  # nothing written


def test_a_file_that_is_not_json_says_what_import_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes from last week\n", encoding="utf-8")
    code, err = run_import(path, capsys)
    assert code == 1
    assert "not valid JSON" in err and "unclench export --format json" in err


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "with-a-byte-order-mark"])
def test_a_file_that_is_not_utf8_says_which_byte_where(
    bom: bytes, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger's "not UTF-8 text (byte 223)" read as the byte's value (0xdf); it was its offset, of a 0xe9."""
    text = json.dumps(document(), indent=2, ensure_ascii=False).replace("kept exactly", "caf\u00e9 \u2014 cafX")
    raw = bom + text.encode("utf-8").replace(b"cafX", b"caf\xe9")
    path = tmp_path / "latin1.json"
    path.write_bytes(raw)
    code, err = run_import(path, capsys)
    offset = raw.index(b"caf\xe9") + 3
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[raw.rfind(b"\n", 0, offset) + 1 : offset].decode("utf-8")) + 1  # in characters
    assert code == 1 and not data_dir.exists()
    assert f"not UTF-8 text (the byte 0xe9 at offset {offset}: line {line}, column {column})" in err, err
    assert raw[offset] == 0xE9 and line > 1


def test_a_huge_integer_is_refused_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(document()).replace('"rating": 5', '"rating": ' + "9" * 5000)
    path = tmp_path / "digits.json"
    path.write_text(text, encoding="utf-8")
    code, err = run_import(path, capsys)
    assert code == 1 and "too many digits" in err


def test_lone_surrogates_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(document()).replace("kept exactly", "\\udc80")
    with pytest.raises(ExportFormatError, match=r"journal\[0\]\.answer: not valid Unicode"):
        parse_document(text)


def test_the_earliest_and_latest_dates_import(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1970, and anything up to a day ahead of now (a clock set wrong and put right), in every dated row."""
    ahead = _stamp(datetime.now(timezone.utc) + timedelta(hours=23))
    doc = every_dated_row()
    for place in DATED:
        _set(doc, place, ahead)
    doc["checkins"][0]["at"] = "1970-01-01T00:00:00Z"
    doc["position"]["step_id"] = "~summary"  # the end of a lesson, where the app saves a finished lesson
    path = tmp_path / "edge.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run_import(path, capsys)[0] == 0


def _run(started_at: str, ended_at: str | None, outcome: str = "finished") -> dict[str, Any]:
    return {
        "lesson_id": "shake",
        "step_id": "t",
        "session_id": f"run-{started_at}",
        "started_at": started_at,
        "ended_at": ended_at,
        "seconds": 5,
        "outcome": outcome,
        "follow_up": True,
        "noticed": False,
    }


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def every_dated_row() -> dict[str, Any]:
    """:func:`document` with a row of every kind an export carries, each dated :data:`STAMP`."""
    doc = document()
    doc["lesson_positions"] = [{"lesson_id": "welcome", "step_id": "intro", "updated_at": STAMP}]
    doc["steps_done"] = [{"lesson_id": "welcome", "step_id": "intro", "done_at": STAMP}]
    doc["runs"] = [_run(STAMP, "2026-03-01T09:00:05Z")]
    doc["screening"] = [{"question_id": "heart", "answer": False, "at": STAMP}]
    doc["contacts"] = [{"name": "Sam", "reach": "555 0100", "added_at": STAMP}]
    return doc


#: Every time an export carries, by its place in the document.
DATED = [
    "position.updated_at",
    "lesson_positions[0].updated_at",
    "lessons_done[0].done_at",
    "steps_done[0].done_at",
    "journal[0].created_at",
    "journal[0].updated_at",
    "quiz_attempts[0].at",
    "checkins[0].at",
    "acknowledgements[0].at",
    "runs[0].started_at",
    "runs[0].ended_at",
    "screening[0].at",
    "contacts[0].added_at",
]


@pytest.mark.parametrize("place", DATED)
@pytest.mark.parametrize("ahead", [timedelta(days=1, minutes=5), timedelta(days=365 * 7000)], ids=["a-day", "9999"])
@pytest.mark.parametrize("learner", [False, True], ids=["fresh-folder", "with-a-record"])
def test_a_time_more_than_a_day_ahead_is_refused_wherever_it_is(
    place: str,
    ahead: timedelta,
    learner: bool,
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An answer "written", a rating given, a step done in 9999 (or tomorrow and then some) was never saved.

    Only practice runs were held to it: a stranger's journal answer of 31 Dec 9999 imported, and sorted after
    every answer the learner wrote. Refused as a run's is, naming the place; nothing is written.
    """
    if learner:  # the learner's own record, already here: the refusal changes nothing in it
        own = tmp_path / "own.json"
        own.write_text(json.dumps(every_dated_row()), encoding="utf-8")
        assert run_import(own, capsys)[0] == 0
    before = export_bytes(capsys) if learner else None
    stamp = "9999-12-31T23:59:59Z" if ahead.days > 3000 else _stamp(datetime.now(timezone.utc) + ahead)
    doc = every_dated_row()
    _set(doc, place, stamp)
    path = tmp_path / "ahead.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    code, err = run_import(path, capsys)
    assert code == 1
    assert err.startswith(f"error: {path}: {place}: '{stamp}' is more than a day in the future (it is "), err
    assert err.rstrip().endswith("(nothing was imported: correct or remove it, then import again)"), err
    assert len(err.strip().splitlines()) == 1
    if learner:
        assert export_bytes(capsys) == before
    else:
        assert not data_dir.exists()  # nothing written


def test_one_clock_for_the_whole_document() -> None:
    """The times are checked against one ``now`` (given, in tests), not the clock read per row."""
    doc = every_dated_row()
    _set(doc, "checkins[0].at", "2026-03-02T10:00:00Z")
    now = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    with pytest.raises(ExportFormatError, match=r"checkins\[0\]\.at: '2026-03-02T10:00:00Z' is more than a day"):
        parse_document(json.dumps(doc), now=now)
    assert parse_document(json.dumps(doc), now=now + timedelta(hours=2)).checkins[0].at == "2026-03-02T10:00:00Z"


def export_bytes(capsys: pytest.CaptureFixture[str]) -> str:
    """The learner's record as ``unclench export --format json -o -`` writes it."""
    assert main(["export", "--format", "json", "-o", "-", "--course", str(COURSE)]) == 0
    return capsys.readouterr().out


#: A stranger's runs that cannot have happened: the one of 9999 showed as the learner's latest practice, "under
#: way", and the one that ended six years before it started counted as stopped early.
IMPOSSIBLE_RUNS = [
    (
        _run("9999-12-31T23:59:59Z", None, "running"),
        "runs[1].started_at: '9999-12-31T23:59:59Z' is more than a day in the future (it is ",
    ),
    (
        _run("2026-03-01T10:00:00Z", "9999-12-31T23:59:59Z"),
        "runs[1].ended_at: '9999-12-31T23:59:59Z' is more than a day in the future",
    ),
    (
        _run("2026-11-30T10:00:00Z", "2020-01-01T00:00:00Z"),
        "runs[1]: the run ended before it started: ended_at '2020-01-01T00:00:00Z' is more than a day before "
        "started_at '2026-11-30T10:00:00Z'",
    ),
]


@pytest.mark.parametrize(("run", "expected"), IMPOSSIBLE_RUNS, ids=["started-in-9999", "ended-in-9999", "ended-first"])
def test_a_practice_run_that_cannot_have_happened_is_refused(
    run: dict[str, Any], expected: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = document()
    doc["runs"] = [_run("2026-03-01T09:00:00Z", "2026-03-01T09:00:05Z"), run]
    path = tmp_path / "runs.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, err = run_import(path, capsys)
    assert code == 1
    assert expected in err and "(nothing was imported: correct or remove it, then import again)" in err
    assert len(err.strip().splitlines()) == 1
    assert not data_dir.exists()  # nothing written


def test_a_clock_off_by_less_than_a_day_still_imports(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app records runs by the computer's clock, which may be ahead, and be put back during a run."""
    now = datetime.now(timezone.utc)
    ahead = _run(_stamp(now + timedelta(hours=20)), _stamp(now + timedelta(hours=19)))
    doc = document()
    doc["runs"] = [ahead]
    path = tmp_path / "skewed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run_import(path, capsys)[0] == 0
    assert main(["export", "--format", "json", "--course", str(COURSE)]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == [ahead]


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z"])
@pytest.mark.parametrize("hours", [-12, 0, 14])
def test_any_stored_time_renders_in_any_time_zone(stamp: str, hours: int) -> None:
    tz = timezone(timedelta(hours=hours))
    assert local_date(stamp, tz).split()[-1].isdigit()  # a year shown, in the zone or (out of its reach) in UTC
    assert ", " in local_date_time(stamp, tz)
    assert local_date_time("garbage\x1b", tz) == "garbage␛ (damaged value)"  # not a time: itself, controls as symbols


def test_a_fifo_is_refused_at_once(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: result.update(out=run_import(fifo, capsys)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "import waited on a FIFO"
    code, err = result["out"]
    assert code == 1 and "pipe, device or socket" in err
    assert not data_dir.exists()


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(target: str, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_import(target, capsys)
    assert code == 1 and "not a file" in err
    assert not data_dir.exists()


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_import(tmp_path, capsys)
    assert code == 1 and "is a folder" in err


def test_a_file_over_the_cap_is_refused_unread(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(record_cli, "MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document()) + " " * 2000, encoding="utf-8")
    code, err = run_import(path, capsys)
    assert code == 1 and "larger than" in err
    assert not data_dir.exists()


def test_stdin_is_read_with_the_same_cap(tmp_path: Path, data_dir: Path) -> None:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data_dir)}
    code = (
        "import sys; from unclench.cli import record; record.MAX_IMPORT_BYTES = 1000; "
        "from unclench.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run(
            [sys.executable, "-c", code, "import", "-", "--course", str(COURSE)],
            stdin=zeros,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 1 and "larger than" in done.stderr and "Traceback" not in done.stderr
    assert not data_dir.exists()


def test_a_real_record_with_a_tremor_safety_acknowledgement_round_trips(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app acknowledges a tremor exercise's notes as ``lesson:step``: a backup of that must import."""
    from unclench.loader import load_course
    from unclench.practice import safety_subject
    from unclench.store import ProgressStore

    course = load_course(COURSE)
    store = ProgressStore.open(data_dir)
    store.acknowledge(course.id, "safety", safety_subject("first-tremor-practice", "gentle-tremor"), "notes")
    store.close()
    assert main(["export", "--format", "json", "--course", str(COURSE)]) == 0
    exported = capsys.readouterr().out
    backup = tmp_path / "backup.json"
    backup.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "restored"))
    assert run_import(backup, capsys)[0] == 0
    assert main(["export", "--format", "json", "--course", str(COURSE)]) == 0
    assert capsys.readouterr().out == exported
