"""`unclench status`: progress as text or JSON, read-only, orphaned progress reported."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.store import ProgressStore

COURSE_DIR = Path(__file__).parent / "data" / "record_course"
C = "record-course"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


def status(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["status", "--course", str(COURSE_DIR), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def status_json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = status(capsys, "--json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def test_fresh(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = status_json(capsys)
    assert document == {
        "schema": "unclench.status/1",
        "course": {"id": C, "title": "Record course", "root": str(COURSE_DIR)},
        "data": {"folder": str(data_dir), "database": str(data_dir / "progress.sqlite3"), "exists": False},
        "position": None,
        "modules": [
            {"id": "basics", "title": "Basics", "lessons_done": 0, "lessons_total": 2, "fraction": 0.0, "percent": 0},
            {
                "id": "practice",
                "title": "Practice",
                "lessons_done": 0,
                "lessons_total": 1,
                "fraction": 0.0,
                "percent": 0,
            },
        ],
        "overall": {"lessons_done": 0, "lessons_total": 3, "fraction": 0.0, "percent": 0},
        "journal_entries": 0,
        "journal_cleared": 0,
        "quiz_attempts": 0,
        "quiz_questions": 0,
        "checkins": 0,
        "checkin_sessions": 0,
        "checkin_not_started": 0,
        "practice": [],
        "orphaned": [],
        "damaged": [],
        "course_problems": 0,
    }
    code, out, _ = status(capsys)
    assert code == 0
    assert "Practice:" not in out
    assert out.startswith("Record course (record-course)\n")
    assert "Progress: 0 of 3 lessons done (0%)" in out
    assert "Continue at: the beginning (not started yet)" in out
    assert f"Data folder: {data_dir}" in out
    assert "(nothing saved yet)" in out
    assert not data_dir.exists(), "status must not create the data folder"


def test_quiz_retries_are_answers_to_the_same_question(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(data_dir) as store:
        store.record_quiz_attempt(C, "welcome", "stop-any-time", "Q?", [1], ["No"], False)
        store.record_quiz_attempt(C, "welcome", "stop-any-time", "Q?", [0], ["Yes"], True)
    document = status_json(capsys)
    assert (document["quiz_attempts"], document["quiz_questions"]) == (2, 1)
    code, out, _ = status(capsys)
    assert code == 0
    assert "Quiz answers: 2, to 1 question (tries again counted)" in out


def test_partial(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(data_dir) as store:
        store.set_position(C, "body", "where-tension")
        store.mark_lesson_done(C, "welcome")
        store.save_answer(C, "welcome", "hopes", "Q?", "A [bold]answer[/]")
        store.record_quiz_attempt(C, "welcome", "stop-any-time", "Q?", [0], ["Yes"], True)
        for phase, rating in (("before", 6), ("after", 2)):
            store.record_checkin(C, "shake", "gentle-tremor", "tension", phase, rating, "run-1")
    document = status_json(capsys)
    assert document["data"]["exists"] is True
    assert document["position"] == {
        "lesson_id": "body",
        "lesson_title": "The body keeps score",
        "module_id": "basics",
        "step_id": "where-tension",
        "step_number": 2,
        "steps_total": 2,
    }
    assert document["modules"][0] == {
        "id": "basics",
        "title": "Basics",
        "lessons_done": 1,
        "lessons_total": 2,
        "fraction": 0.5,
        "percent": 50,
    }
    assert document["overall"] == {"lessons_done": 1, "lessons_total": 3, "fraction": 0.3333, "percent": 33}
    assert (document["journal_entries"], document["quiz_attempts"]) == (1, 1)
    assert (document["checkins"], document["checkin_sessions"]) == (2, 1)
    assert document["orphaned"] == []
    code, out, _ = status(capsys)
    assert code == 0
    assert "Progress: 1 of 3 lessons done (33%)" in out
    assert "Basics    1/2 lessons   50%" in out
    assert "Continue at: The body keeps score, step 2 of 2" in out
    assert "Journal answers: 1" in out
    assert "Check-ins: 2 ratings over 1 practice run" in out
    assert "no longer" not in out


def test_a_start_held_back_is_not_counted_as_a_run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A stranger rated distress 8, the start was held back, and status said "3 exercise sessions" after 2 runs."""
    with ProgressStore.open(data_dir) as store:
        for session in ("run-1", "run-2"):
            store.start_run(C, "shake", "gentle-tremor", session)
            store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 4, session)
            store.end_run(session, "finished", 60)
            store.record_checkin(C, "shake", "gentle-tremor", "tension", "after", 2, session)
        store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 9, "held")  # too high: no run
    document = status_json(capsys)
    assert (document["checkins"], document["checkin_sessions"], document["checkin_not_started"]) == (5, 3, 1)
    _, out, _ = status(capsys)
    assert "Check-ins: 5 ratings over 2 practice runs and 1 start held back (rated too high to begin)" in out
    code, markdown, err = main_output(capsys, ["export", "--course", str(COURSE_DIR)])
    assert code == 0, err
    assert markdown.count("(out of 10, before → after)") == 2
    assert markdown.count("Tension before 9 (out of 10; the practice did not start)") == 1


def main_output(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_completed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(data_dir) as store:
        for lesson in ("welcome", "body", "shake"):
            store.mark_lesson_done(C, lesson)
        store.set_position(C, "shake", "after")
    document = status_json(capsys)
    assert document["overall"] == {"lessons_done": 3, "lessons_total": 3, "fraction": 1.0, "percent": 100}
    assert [m["fraction"] for m in document["modules"]] == [1.0, 1.0]
    _, out, _ = status(capsys)
    assert "Progress: 3 of 3 lessons done (100%)" in out


LESSON_GONE = {"lesson_in_course": False, "step_kind_now": None}
STEP_GONE = {"lesson_in_course": True, "step_kind_now": None}


def test_work_under_a_step_id_now_of_another_kind_is_orphaned_as_the_journal_shows_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An author reused step ids: the answer under 'stop-any-time' (now a quiz) shows in no reflection, the
    # journal files it under "No longer in the course"; the same goes for a quiz answer under a reflection's
    # id and ratings under one. Steps done and places count wherever the id is.
    with ProgressStore.open(data_dir) as store:
        store.save_answer(C, "welcome", "stop-any-time", "Q?", "now a quiz's id")
        store.save_answer(C, "welcome", "hopes", "Q?", "still a reflection")
        store.record_quiz_attempt(C, "welcome", "hopes", "Q?", [0], ["Yes"], True)
        store.record_checkin(C, "shake", "after", "tension", "before", 3, "s")
        store.start_run(C, "shake", "after", "s")
        store.start_run(C, "gone", "ex", "unrated")  # a run without ratings counts as well
        store.mark_step_done(C, "welcome", "stop-any-time")
        store.set_position(C, "welcome", "stop-any-time")
    document = status_json(capsys)
    assert document["orphaned"] == [
        {"lesson_id": "gone", "step_id": "ex", "what": "run", "count": 1, **LESSON_GONE},
        {"lesson_id": "shake", "step_id": "after", "what": "checkin", "count": 1, **now("prompt")},
        {"lesson_id": "shake", "step_id": "after", "what": "run", "count": 1, **now("prompt")},
        {"lesson_id": "welcome", "step_id": "hopes", "what": "quiz_attempt", "count": 1, **now("prompt")},
        {"lesson_id": "welcome", "step_id": "stop-any-time", "what": "journal", "count": 1, **now("quiz")},
    ]
    _, out, _ = status(capsys)
    assert "lesson 'welcome', step 'stop-any-time' (the step is now a quiz): 1 journal answer" in out
    assert "lesson 'welcome', step 'hopes' (the step is now a reflection): 1 quiz answer" in out
    assert "lesson 'shake', step 'after' (the step is now a reflection): 1 check-in rating, 1 practice run" in out
    assert "lesson 'gone' (the lesson is gone): 1 practice run" in out


def now(kind: str) -> dict[str, Any]:
    return {"lesson_in_course": True, "step_kind_now": kind}


def test_orphaned_progress_is_reported_without_changing_anything(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open(data_dir) as store:
        store.mark_lesson_done(C, "hello")  # welcome's previous id: not orphaned
        store.save_answer(C, "hello", "hopes", "Q?", "renamed")
        store.save_answer(C, "welcome", "removed-step", "Q?", "step gone")
        store.save_answer(C, "gone", "q", "Q?", "lesson gone")
        store.mark_lesson_done(C, "gone")
        store.record_checkin(C, "gone", "ex", "tension", "before", 3, "s")
        store.set_position(C, "gone", "q")
        before = store.record(C)
    database = data_dir / "progress.sqlite3"
    digest = hashlib.sha256(database.read_bytes()).hexdigest()

    document = status_json(capsys)
    # The saved place is gone: Continue leads to the first unfinished lesson, as on the course map.
    assert document["position"] is not None and document["position"]["lesson_id"] == "body"
    assert document["position"]["step_number"] == 1
    assert document["modules"][0]["lessons_done"] == 1
    assert document["orphaned"] == [
        {"lesson_id": "gone", "step_id": None, "what": "lesson_done", "count": 1, **LESSON_GONE},
        {"lesson_id": "gone", "step_id": "ex", "what": "checkin", "count": 1, **LESSON_GONE},
        {"lesson_id": "gone", "step_id": "q", "what": "journal", "count": 1, **LESSON_GONE},
        {"lesson_id": "gone", "step_id": "q", "what": "lesson_position", "count": 1, **LESSON_GONE},
        {"lesson_id": "gone", "step_id": "q", "what": "position", "count": 1, **LESSON_GONE},
        {"lesson_id": "welcome", "step_id": "removed-step", "what": "journal", "count": 1, **STEP_GONE},
    ]
    code, out, _ = status(capsys)
    assert code == 0
    assert "Saved progress the course no longer has a place for:" in out
    assert "lesson 'gone' (the lesson is gone): 1 place to continue, 1 last-open step, 1 lesson completion" in out
    assert "lesson 'welcome', step 'removed-step' (the step is gone): 1 journal answer" in out
    assert "Continue at: The body keeps score, step 1 of 2 (the saved place is no longer in the course)" in out

    with ProgressStore.open(data_dir) as store:
        assert store.record(C) == before  # nothing adopted, nothing moved
    assert hashlib.sha256(database.read_bytes()).hexdigest() == digest


def test_broken_course_is_reported_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course"
    (course / "course").mkdir(parents=True)
    (course / "lessons").mkdir()
    (course / "course" / "course.toml").write_text("id = 1\n", encoding="utf-8")
    code = main(["status", "--course", str(course)])
    err = capsys.readouterr().err
    assert code == 1
    assert "problem" in err and "Traceback" not in err
    assert main(["status", "--course", str(tmp_path / "nothing")]) == 2


def test_top_level_course_option_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--course", str(COURSE_DIR), "status"]) == 0
    assert capsys.readouterr().out.startswith("Record course (record-course)")


def test_practice_history(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with ProgressStore.open(data_dir) as store:
        store.start_run(C, "shake", "gentle-tremor", "run-1")
        store.end_run("run-1", "finished", 120)
        store.start_run(C, "shake", "gentle-tremor", "run-2")
        store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 6, "run-2")
        store.end_run("run-2", "ended", 65)
        store.record_checkin(C, "shake", "gentle-tremor", "tension", "after", 3, "run-2")
        started = [run.started_at for run in store.runs(C)]
    document = status_json(capsys)
    [item] = document["practice"]
    assert item == {
        "lesson_id": "shake",
        "step_id": "gentle-tremor",
        "title": item["title"],
        "runs": 2,
        "seconds": 185,
        "seconds_damaged": 0,
        "stopped_early": 1,
        "app_closed": 0,
        "hard": 0,
        "latest": {
            "started_at": max(started),
            "seconds": 65,
            "outcome": "ended",
            "hard": False,
            "before": {"tension": 6},
            "after": {"tension": 3},
        },
    }
    assert item["title"]
    code, out, _ = status(capsys)
    assert code == 0
    assert f"Practice:\n  {item['title']}: 2 runs, 3 min 5 s in all, 1 stopped early; latest " in out
    assert out.split("Practice:\n", 1)[1].splitlines()[0].endswith("(stopped early)")
    monkeypatch.undo()
    time.tzset()


def test_hard_runs_are_marked_in_the_text_and_the_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hard run ("I'm not OK", or a hard rating after) is marked in the app's lists and the export: status too."""
    with ProgressStore.open(data_dir) as store:
        for run_id, outcome, hard in (("run-1", "ended", True), ("run-2", "finished", False), ("run-3", "ended", True)):
            store.start_run(C, "shake", "gentle-tremor", run_id)
            store.end_run(run_id, outcome, 60)
            if hard:
                store.set_run_follow_up(run_id)
        store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 7, "run-3")
    [item] = status_json(capsys)["practice"]
    assert (item["runs"], item["stopped_early"], item["hard"]) == (3, 2, 2)
    assert item["latest"]["hard"] is True and item["latest"]["outcome"] == "ended"
    code, out, _ = status(capsys)
    assert code == 0
    line = out.split("Practice:\n", 1)[1].splitlines()[0]
    assert ": 3 runs, 3 min in all, 2 stopped early, 2 hard runs; latest " in line
    assert line.endswith("(stopped early, a hard run)")


def test_runs_cut_short_by_the_app_closing_are_said_apart(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A stranger read "8 stopped early" for runs that ended when they quit, beside a latest "interrupted"."""
    with ProgressStore.open(data_dir) as store:
        for run_id, outcome in (("run-1", "ended"), ("run-2", "interrupted"), ("run-3", "interrupted")):
            store.start_run(C, "shake", "gentle-tremor", run_id)
            store.end_run(run_id, outcome, 20)
    [item] = status_json(capsys)["practice"]
    assert (item["runs"], item["stopped_early"], item["app_closed"]) == (3, 3, 2)
    code, out, _ = status(capsys)
    assert code == 0
    line = out.split("Practice:\n", 1)[1].splitlines()[0]
    assert ": 3 runs, 1 min in all, 3 stopped early (2 when the app closed); latest " in line
    assert line.endswith("(interrupted (the app closed))")


def test_a_latest_run_that_was_not_hard_is_not_marked(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(data_dir) as store:
        store.start_run(C, "shake", "gentle-tremor", "run-1")
        store.end_run("run-1", "ended", 30)
        store.set_run_follow_up("run-1")
        store.start_run(C, "shake", "gentle-tremor", "run-2")
        store.end_run("run-2", "finished", 120)
    [item] = status_json(capsys)["practice"]
    assert item["hard"] == 1 and item["latest"]["hard"] is False
    line = status(capsys)[1].split("Practice:\n", 1)[1].splitlines()[0]
    assert ", 1 stopped early, 1 hard run; latest " in line and line.endswith("(full time)")


def test_the_course_folder_says_why_it_is_that_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from anywhere, status showed the bundled course's folder (inside Unclench) with no word of why."""
    from unclench.folders import bundled_course_root

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == f"Course folder: {bundled_course_root()} (the bundled course; you are not in a course folder)"

    monkeypatch.chdir(COURSE_DIR / "lessons")
    assert main(["status"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"Course folder: {COURSE_DIR} (the course folder you are in)"

    monkeypatch.chdir(COURSE_DIR)  # standing in it: nothing to explain
    assert main(["status"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"Course folder: {COURSE_DIR}"

    code, out, _ = status(capsys)
    assert code == 0 and out.splitlines()[1] == f"Course folder: {COURSE_DIR} (given by --course)"
    # The JSON document is the same wherever it is run from: the folder only.
    assert status_json(capsys)["course"]["root"] == str(COURSE_DIR)


def test_runs_without_ratings_are_not_hidden_by_the_ratings_count(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger read "18 ratings over 4 practice runs" after 6 runs: 2 of them had no ratings."""
    with ProgressStore.open(data_dir) as store:
        for number in range(3):
            session = f"run-{number}"
            store.start_run(C, "shake", "gentle-tremor", session)
            if number < 2:
                store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 4, session)
            store.end_run(session, "finished", 60)
    _, out, _ = status(capsys)
    assert "Check-ins: 2 ratings, from 2 of your 3 practice runs (1 not rated)" in out
    assert "over 2 practice runs" not in out
