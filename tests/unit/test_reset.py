"""`unclench reset`: asks first, keeps a backup, keeps journal answers unless --journal."""

from __future__ import annotations

import io
import sqlite3
import stat
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.store import ProgressStore
from unclench.store.rows import CourseRecord

COURSE_DIR = Path(__file__).parent / "data" / "record_course"
C = "record-course"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


class FakeTerminal(io.StringIO):
    """Standard input that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def populate(data_dir: Path) -> CourseRecord:
    with ProgressStore.open(data_dir) as store:
        store.acknowledge(C, "disclaimer", "disclaimer", "text")
        store.set_position(C, "welcome", "hopes")
        store.mark_step_done(C, "welcome", "intro")
        store.mark_lesson_done(C, "welcome")
        store.save_answer(C, "welcome", "hopes", "Q?", "welcome answer")
        store.record_quiz_attempt(C, "welcome", "stop-any-time", "Q?", [0], ["Yes"], True)
        store.save_answer(C, "hello", "old", "Q?", "under the old id")
        store.mark_step_done(C, "hello", "old")
        store.set_position(C, "body", "where-tension")
        store.save_answer(C, "body", "where-tension", "Q?", "body answer")
        store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 5, "s")
        store.save_answer("other-course", "x", "y", "Q?", "another course")
        return store.record(C)


def record(data_dir: Path, course_id: str = C) -> CourseRecord:
    with ProgressStore.open(data_dir) as store:
        return store.record(course_id)


def reset(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["reset", "--course", str(COURSE_DIR), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def backups(data_dir: Path) -> list[Path]:
    folder = data_dir / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_whole_course_keeps_journal_and_writes_a_backup(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = populate(data_dir)
    code, out, err = reset(capsys, "--yes")
    assert code == 0, err
    assert "2 completed steps" in err and "1 quiz answer" in err and "1 check-in rating" in err
    assert "Your journal answers are kept (3)" in err
    after = record(data_dir)
    assert after.journal == before.journal
    assert (after.position, after.lessons_done, after.steps_done, after.quiz_attempts, after.checkins) == (
        None,
        (),
        (),
        (),
        (),
    )
    assert after.acknowledgements == before.acknowledgements
    assert record(data_dir, "other-course").journal

    [backup] = backups(data_dir)
    assert backup.name.startswith("progress-") and backup.suffix == ".sqlite3"
    assert str(backup) in out
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    with sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM lesson_done WHERE course_id = ?", (C,)).fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM quiz_attempt").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM journal WHERE course_id = ?", (C,)).fetchone() == (3,)


def test_whole_course_with_journal(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(data_dir)
    code, _, err = reset(capsys, "--yes", "--journal")
    assert code == 0
    assert "3 journal answers" in err
    after = record(data_dir)
    assert after.journal == ()
    assert after == CourseRecord(C, acknowledgements=after.acknowledgements)
    assert record(data_dir, "other-course").journal


def test_one_lesson_includes_progress_under_its_old_id(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = populate(data_dir)
    code, _, err = reset(capsys, "--yes", "--lesson", "welcome")
    assert code == 0, err
    assert "the lesson 'Welcome' (welcome)" in err
    after = record(data_dir)
    assert after.lessons_done == ()
    assert after.steps_done == ()
    assert after.quiz_attempts == ()
    assert after.journal == before.journal
    assert after.checkins == before.checkins
    assert after.position == before.position  # the continue point is in another lesson
    assert [p.lesson_id for p in after.lesson_positions] == ["body"]

    code, _, _ = reset(capsys, "--yes", "--lesson", "welcome", "--journal")
    assert code == 0
    assert [j.lesson_id for j in record(data_dir).journal] == ["body"]


def test_a_lesson_and_its_old_id_are_reset_together_or_not_at_all(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failure part-way (here the database refuses to delete the new id's quiz attempts, after the
    old id's rows and the new id's earlier rows went) leaves nothing reset under either id."""
    before = populate(data_dir)
    assert {s.lesson_id for s in before.steps_done} == {"hello", "welcome"}
    conn = sqlite3.connect(data_dir / "progress.sqlite3")
    with conn:
        conn.execute(
            "CREATE TRIGGER refuse BEFORE DELETE ON quiz_attempt WHEN OLD.lesson_id = 'welcome'"
            " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    conn.close()

    code, _, err = reset(capsys, "--yes", "--lesson", "welcome")
    assert code != 0
    assert "Traceback" not in err and "progress.sqlite3" in err
    assert record(data_dir) == before

    conn = sqlite3.connect(data_dir / "progress.sqlite3")
    with conn:
        conn.execute("DROP TRIGGER refuse")
    conn.close()
    assert reset(capsys, "--yes", "--lesson", "welcome")[0] == 0
    after = record(data_dir)
    assert after.steps_done == after.quiz_attempts == ()


def test_lesson_holding_the_continue_point(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(data_dir)
    assert reset(capsys, "--yes", "--lesson", "body")[0] == 0
    assert record(data_dir).position is None


def test_orphaned_lesson_id_is_accepted(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(data_dir) as store:
        store.mark_lesson_done(C, "gone")
    code, _, err = reset(capsys, "--yes", "--lesson", "gone")
    assert code == 0, err
    assert "no longer in the course" in err
    assert record(data_dir).lessons_done == ()


def test_unknown_lesson_suggests_a_close_id(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = populate(data_dir)
    code, _, err = reset(capsys, "--yes", "--lesson", "welcom")
    assert code == 2
    assert "no lesson 'welcom'" in err and "did you mean 'welcome'?" in err
    assert record(data_dir) == before
    assert backups(data_dir) == []


def test_refuses_without_yes_when_stdin_is_not_a_terminal(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = populate(data_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO("reset\n"))
    code, _, err = reset(capsys)
    assert code == 2
    assert "--yes" in err
    assert record(data_dir) == before
    assert backups(data_dir) == []


def test_asks_on_a_terminal(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = populate(data_dir)
    monkeypatch.setattr("sys.stdin", FakeTerminal("yes\n"))
    code, _, err = reset(capsys)
    assert code == 1
    assert "Type 'reset' to continue" in err and "cancelled" in err
    assert record(data_dir) == before
    assert backups(data_dir) == []

    monkeypatch.setattr("sys.stdin", FakeTerminal("reset\n"))
    code, _, _ = reset(capsys)
    assert code == 0
    assert record(data_dir).lessons_done == ()
    assert len(backups(data_dir)) == 1


def test_nothing_to_reset(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = reset(capsys)
    assert code == 0
    assert "Nothing to reset" in out
    assert not data_dir.exists()
    with ProgressStore.open(data_dir) as store:
        store.save_answer(C, "welcome", "hopes", "Q?", "only an answer")
    code, out, _ = reset(capsys)
    assert code == 0
    assert "--journal" in out
    assert len(record(data_dir).journal) == 1


def test_two_resets_keep_two_backups(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(data_dir)
    assert reset(capsys, "--yes", "--lesson", "welcome")[0] == 0
    assert reset(capsys, "--yes", "--lesson", "body")[0] == 0
    assert len(backups(data_dir)) == 2


def test_reset_names_the_practice_runs_it_forgets_and_keeps_todays_hard_run_so_practice_stays_closed(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger said "I'm not OK" after an exercise (practice closed until tomorrow), then reset: the prompt
    never named practice runs, it deleted them all, and tremor practice was open again the same day."""
    from datetime import datetime, timedelta, timezone

    from unclench.practice import closing_today

    populate(data_dir)
    with ProgressStore.open(data_dir) as store:
        for session in ("hard", "calm", "hard-before"):
            store.start_run(C, "shake", "gentle-tremor", session)
            store.end_run(session, "ended", 60)
        store.set_run_follow_up("hard")
        store.set_run_follow_up("hard-before")
    two_days_ago = (datetime.now(timezone.utc) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        conn.execute("UPDATE exercise_run SET started_at = ? WHERE session_id = 'hard-before'", (two_days_ago,))
    code, _out, err = reset(capsys, "--yes")
    assert code == 0
    assert "2 practice runs (your practice history)" in err
    assert "Kept: 1 practice run that was hard for you today, so tremor practice stays closed until tomorrow" in err
    runs = record(data_dir).runs
    assert [run.session_id for run in runs] == ["hard"]
    assert closing_today(runs, datetime.now(timezone.utc)) == list(runs)
    code, out, err = reset(capsys, "--yes")  # the kept run alone is nothing to reset
    assert code == 0 and "Nothing to reset" in out and [run.session_id for run in record(data_dir).runs] == ["hard"]


def test_a_backup_imports_after_a_reset_that_kept_todays_hard_run(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger exported a backup, ran `reset --journal` on the day of a hard run, and could never import the
    backup again: the kept run counted as progress, and the hint sent them back to a reset with nothing to do."""
    populate(data_dir)
    with ProgressStore.open(data_dir) as store:
        store.start_run(C, "shake", "gentle-tremor", "hard")
        store.end_run("hard", "ended", 60)
        store.set_run_follow_up("hard")
        exported = store.record(C)
    backup = tmp_path / "backup.json"
    assert main(["export", "--course", str(COURSE_DIR), "--format", "json", "-o", str(backup)]) == 0
    assert reset(capsys, "--yes", "--journal")[0] == 0
    assert [run.session_id for run in record(data_dir).runs] == ["hard"]

    code = main(["import", str(backup), "--course", str(COURSE_DIR)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1 practice run was already here (a reset keeps a run that was hard for you today)" in out
    restored = record(data_dir)
    assert restored.journal == exported.journal and restored.lessons_done == exported.lessons_done
    assert restored.runs == exported.runs  # the kept run is the backup's own: not added twice


def test_a_backup_whose_copy_of_the_kept_hard_run_has_another_id_does_not_add_it_twice(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The backup's copy of the run a reset kept carried another session id, and the import added the same run
    again: two hard runs in the history, and its ratings belonging to neither the kept run nor any other."""
    import json

    populate(data_dir)
    with ProgressStore.open(data_dir) as store:
        store.record_checkin(C, "shake", "gentle-tremor", "tension", "before", 7, "hard")
        store.start_run(C, "shake", "gentle-tremor", "hard")
        store.end_run("hard", "ended", 60)
        store.set_run_follow_up("hard")
    backup = tmp_path / "backup.json"
    assert main(["export", "--course", str(COURSE_DIR), "--format", "json", "-o", str(backup)]) == 0
    doc = json.loads(backup.read_text(encoding="utf-8"))
    for row in (*doc["runs"], *doc["checkins"]):
        row["session_id"] = row["session_id"].replace("hard", "copy")
    backup.write_text(json.dumps(doc), encoding="utf-8")
    assert reset(capsys, "--yes", "--journal")[0] == 0

    code = main(["import", str(backup), "--course", str(COURSE_DIR)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    restored = record(data_dir)
    assert [run.session_id for run in restored.runs] == ["hard"]
    assert [(c.session_id, c.rating) for c in restored.checkins] == [("s", 5), ("hard", 7)]
    with ProgressStore.open(data_dir) as store:  # the same backup merged again changes nothing
        assert store.import_record(CourseRecord(C, runs=restored.runs, checkins=restored.checkins)) == 0
    assert record(data_dir) == restored


def test_an_import_still_refuses_a_record_with_more_than_runs(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(data_dir)
    backup = tmp_path / "backup.json"
    assert main(["export", "--course", str(COURSE_DIR), "--format", "json", "-o", str(backup)]) == 0
    assert reset(capsys, "--yes")[0] == 0  # the journal is kept: it is progress an import would mix with
    before = record(data_dir)
    code = main(["import", str(backup), "--course", str(COURSE_DIR)])
    _out, err = capsys.readouterr()
    assert code == 1 and "already has progress" in err and "--journal" in err
    assert record(data_dir) == before


def test_the_prompt_says_what_a_reset_keeps_and_how_to_erase_the_backup(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger found their support contacts, health answers and a copy of their journal still stored after
    `reset --journal`, though the prompt named only what it forgets."""
    populate(data_dir)
    with ProgressStore.open(data_dir) as store:
        store.add_contact(C, "Sam", "+47 555 01 00")
        store.add_contact(C, "Kim", "kim@example.org")
        store.set_screening_answer(C, "pregnant", False)
    code, out, err = reset(capsys, "--yes", "--journal")
    assert code == 0
    assert (
        "Kept: what you acknowledged (the disclaimer, safety notes), your 1 answer to the health questions "
        "(change them in the app), the 2 contacts on your support card (remove them there: f2 in the app), "
        "and your settings."
    ) in err
    assert "it holds everything the reset forgets; delete it to erase that for good" in out
    after = record(data_dir)
    assert len(after.contacts) == 2 and len(after.screening) == 1 and after.journal == ()
