"""An import keeps no verdict or time the app could not have written (a stranger's crafted imports).

A quiz answer's ``correct`` is the course's to say: the app shows a saved answer again with the course's
verdict, so a file saying "right" of a wrong choice made the export say “No”, right (and count the quiz
done) while the app said ✗ Not quite. A journal answer changed before it was written cannot be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.journey import Progress
from unclench.loader import load_course
from unclench.store import ProgressStore

COURSE = Path(__file__).parent / "data" / "record_course"
COURSE_ID = "record-course"
QUIZ = ("welcome", "stop-any-time", "May you stop a lesson at any moment?")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


def exported(data_dir: Path, capsys: pytest.CaptureFixture[str], chosen: int, correct: bool) -> dict[str, Any]:
    """The JSON export of a record with one journal answer and one quiz answer, as the app saves them."""
    with ProgressStore.open(data_dir) as store:
        store.save_answer(COURSE_ID, "welcome", "hopes", "What do you hope for?", "my private note")
        store.record_quiz_attempt(COURSE_ID, *QUIZ, [chosen], [["Yes", "No"][chosen]], correct)
    assert main(["export", "--course", str(COURSE), "--format", "json", "-o", "-"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], document: dict[str, Any]
) -> tuple[int, str, str]:
    """Import ``document`` into a new data folder: the exit status, standard output and error."""
    path = tmp_path / "record.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "other"))
    code = main(["import", str(path), "--course", str(COURSE)])
    out, err = capsys.readouterr()
    return code, out, err


def markdown(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["export", "--course", str(COURSE), "-o", "-"]) == 0
    return capsys.readouterr().out


def test_right_said_of_a_wrong_choice_is_marked_as_the_course_marks_it(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = exported(data_dir, capsys, chosen=1, correct=False)
    document["quiz_attempts"][0]["correct"] = True  # “No”, right

    code, out, err = imported(tmp_path, monkeypatch, capsys, document)

    assert code == 0, err
    assert "1 quiz answer marked right or wrong as the course marks it, as the app shows it: the file said " in out
    assert "“No”, not right" in markdown(capsys)
    assert "“No”, right" not in markdown(capsys)
    course = load_course(COURSE)
    with ProgressStore.open(tmp_path / "other") as store:
        record = store.record(COURSE_ID)
        in_the_app = Progress.read(store, course)
    assert [attempt.correct for attempt in record.quiz_attempts] == [False]
    assert in_the_app.quiz_results[("welcome", "stop-any-time")] == (False,)  # not counted done
    assert Progress.from_record(record, course).quiz_results == in_the_app.quiz_results  # nor in the export
    assert [entry.answer for entry in record.journal] == ["my private note"]  # the rest as it was


def test_wrong_said_of_the_right_choice_is_marked_right(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = exported(data_dir, capsys, chosen=0, correct=True)
    document["quiz_attempts"][0]["correct"] = False
    code, out, _err = imported(tmp_path, monkeypatch, capsys, document)
    assert code == 0
    assert "1 quiz answer marked right or wrong" in out
    assert "“Yes”, right" in markdown(capsys)


def test_an_honest_record_is_imported_as_it_is_and_nothing_is_said(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = exported(data_dir, capsys, chosen=1, correct=False)
    code, out, _err = imported(tmp_path, monkeypatch, capsys, document)
    assert code == 0
    assert "marked right or wrong" not in out
    assert main(["export", "--course", str(COURSE), "--format", "json", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["quiz_attempts"] == document["quiz_attempts"]


@pytest.mark.parametrize(
    ("chosen", "texts"),
    [([7], ["No"]), ([1], ["Maybe"])],
    ids=["a-choice-the-quiz-no-longer-has", "a-choice-that-read-otherwise"],
)
def test_an_answer_to_choices_the_quiz_no_longer_has_keeps_the_file_s_word(
    chosen: list[int],
    texts: list[str],
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Given to an earlier version of the quiz: the app does not show it again, and nothing else can tell."""
    document = exported(data_dir, capsys, chosen=0, correct=True)
    document["quiz_attempts"][0].update(chosen=chosen, chosen_texts=texts)
    code, out, _err = imported(tmp_path, monkeypatch, capsys, document)
    assert code == 0
    assert "marked right or wrong" not in out
    with ProgressStore.open(tmp_path / "other") as store:
        attempts = store.record(COURSE_ID).quiz_attempts
    assert [(a.chosen, a.chosen_texts, a.correct) for a in attempts] == [(tuple(chosen), tuple(texts), True)]


def test_a_journal_answer_changed_before_it_was_written_is_refused(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = exported(data_dir, capsys, chosen=0, correct=True)
    entry = document["journal"][0]
    entry["updated_at"] = "2020-01-01T00:00:00Z"

    code, out, err = imported(tmp_path, monkeypatch, capsys, document)

    assert code == 1 and out == ""
    assert (
        f"journal[0]: the answer was changed before it was written: updated_at '2020-01-01T00:00:00Z' is more than "
        f"a day before created_at {entry['created_at']!r} (nothing was imported: correct or remove it, then import "
        "again)"
    ) in err
    assert not (tmp_path / "other").exists()


def test_a_journal_answer_changed_a_little_before_it_was_written_imports(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clock set back (summer time by hand, a sync) can write such times: a day is allowed, as for runs."""
    document = exported(data_dir, capsys, chosen=0, correct=True)
    document["journal"][0].update(created_at="2026-03-01T09:00:00Z", updated_at="2026-03-01T08:00:00Z")
    code, _out, err = imported(tmp_path, monkeypatch, capsys, document)
    assert code == 0, err
