"""A learner can always read their own record: `status` and `export` work while the course folder has problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.store import ProgressStore

DATA = Path(__file__).parent / "data"
COURSE_ID = "record-course"
ANSWER = "My secret journal line one\n\nand a second paragraph."
QUESTION = "What did you notice? (as I saw it)"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def course(tmp_path: Path, data_dir: Path) -> Path:
    """A copy of the record course with a journal answer, a quiz answer, a check-in and a place saved."""
    folder = tmp_path / "course"
    shutil.copytree(DATA / "record_course", folder)
    with ProgressStore.open(data_dir) as store:
        store.save_answer(COURSE_ID, "shake", "after", QUESTION, ANSWER)
        store.record_quiz_attempt(COURSE_ID, "body", "check", "Which is right?", [1], ["The second"], True)
        store.record_checkin(COURSE_ID, "shake", "gentle-tremor", "tension", "before", 6, "run-1")
        store.set_position(COURSE_ID, "shake", "after")
        store.mark_lesson_done(COURSE_ID, "welcome")
        store.add_contact(COURSE_ID, "Sam", "+47 555 01 00")
        store.set_screening_answer(COURSE_ID, "heart", True)
    return folder


def break_a_title(folder: Path) -> None:
    """One ESC in a lesson title: the course no longer loads."""
    lesson = folder / "lessons" / "shake.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('title = "A first shake"', 'title = "A \\u001b shake"'), encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_json_export_of_a_broken_course_is_the_whole_record(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, before, _ = run(capsys, "export", "--course", str(course), "--format", "json")
    assert code == 0
    break_a_title(course)

    code, after, err = run(capsys, "export", "--course", str(course), "--format", "json")

    assert code == 0
    assert after == before  # every row, exactly
    assert "shake.toml:2:" in err and "control character U+001B (ESC)" in err
    assert f"warning: the course in {course} has 1 problem (above), so this export (it is complete: " in err
    assert "from your record alone. Nothing was changed" in err
    target = tmp_path / "x.json"
    code, _, err = run(capsys, "export", "--course", str(course), "--format", "json", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == before
    assert "Wrote your record" in err and "warning: the course" in err


def test_the_markdown_export_of_a_broken_course_names_lessons_by_their_ids(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_a_title(course)

    code, out, err = run(capsys, "export", "--course", str(course))

    assert code == 0
    assert "so this is your record alone: every journal answer with its question as you saw it" in out
    assert "Last open: lesson `shake`, step `after`" in out
    assert "## Your record, lesson by lesson" in out and "No longer in the course" not in out
    assert "### `shake`" in out and f"#### Journal (`after`)\n\n> {QUESTION}" in out
    assert "```text\n" + ANSWER + "\n```" in out
    assert "#### Quiz (`check`)" in out and "“The second”, right" in out
    assert "#### Exercise (`gentle-tremor`)" in out
    assert "### `welcome`\n\nCompleted" in out
    assert "- “Sam”: “+47 555 01 00” (added " in out
    assert "- `heart` **Yes** (answered " in out  # the question's words are the course's: its id, with no "gone"
    assert "\x1b" not in out + err
    assert "with lesson and step ids in place of their titles" in err


def test_status_of_a_broken_course_counts_the_record(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_a_title(course)

    code, out, err = run(capsys, "status", "--course", str(course))
    assert code == 0
    assert "so this is your record alone" in out and "Progress:" not in out
    assert "Last open: lesson 'shake', step 'after'" in out
    assert "Journal answers: 1" in out and "Quiz answers: 1" in out
    assert "warning: the course in" in err and "this status" in err

    code, out, _ = run(capsys, "status", "--course", str(course), "--json")
    assert code == 0
    document = json.loads(out)
    assert document["course_problems"] == 1
    assert document["journal_entries"] == 1 and document["quiz_attempts"] == 1 and document["checkins"] == 1
    assert document["position"]["lesson_id"] == "shake" and document["position"]["step_id"] == "after"
    assert document["orphaned"] == []


def test_a_course_index_that_cannot_be_read_uses_the_folder_the_record_goes_with(
    course: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from unclench import ownership

    (course / "course" / "course.toml").write_text('id = "record-course\n', encoding="utf-8")
    code, out, err = run(capsys, "export", "--course", str(course), "--format", "json")
    assert code == 1 and out == ""
    assert "cannot read from its course/course.toml which course it is, so it cannot tell which of your records" in err
    assert f"your records are safe in {data_dir}" in err

    with ProgressStore.open(data_dir) as store:
        ownership.claim(store, COURSE_ID, course)
    code, out, err = run(capsys, "export", "--course", str(course), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["course"]["id"] == COURSE_ID and document["journal"][0]["answer"] == ANSWER
    assert "warning: the course in" in err


def test_a_broken_course_does_not_reach_a_record_made_with_another_folder(
    course: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from unclench import ownership

    with ProgressStore.open(data_dir) as store:
        ownership.claim(store, COURSE_ID, course)
    other = tmp_path / "other"
    shutil.copytree(course, other)
    break_a_title(other)
    code, out, err = run(capsys, "export", "--course", str(other))
    assert code == 1 and ANSWER not in out + err
    assert f"was made with the course in {course.resolve()}, not with {other.resolve()}" in err


def test_a_broken_folder_claiming_the_bundled_id_is_refused(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open(data_dir) as store:
        store.save_answer("unclench", "welcome", "what-brings-you", "What brings you here?", ANSWER)
    evil = tmp_path / "evil"
    shutil.copytree(DATA / "record_course", evil)
    index = evil / "course" / "course.toml"
    index.write_text(index.read_text(encoding="utf-8").replace('id = "record-course"', 'id = "unclench"'))
    break_a_title(evil)
    for command in (["export"], ["status"], ["export", "--format", "json"]):
        code, out, err = run(capsys, *command, "--course", str(evil))
        assert code == 1 and ANSWER not in out + err
        assert "belongs to the course that comes with Unclench" in err


def test_the_app_says_where_the_record_is_safe_and_how_to_export_it(
    course: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_a_title(course)
    code, _, err = run(capsys, "--course", str(course))
    assert code == 1
    assert f"error: the course in {course} has 1 problem" in err
    assert f"Your record is safe in {data_dir}, and `unclench export --course {course} -o unclench-record.md` " in err
