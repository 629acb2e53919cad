"""A cleared journal answer (stored empty or blank) is not an answer, wherever answers are counted.

A stranger emptied one of four answers in the journal: ``status`` said "Journal answers: 4", the
journal "3 answers", and the Markdown export showed the entry as an empty box. The stored row is
kept exactly as it is (the record changes only when the learner means it to); it is simply not
counted, and the export says in words that it was cleared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unclench.cli import main
from unclench.loader import load_course
from unclench.records import journal_sections
from unclench.store import ProgressStore

COURSE_DIR = Path(__file__).parent / "data" / "record_course"
C = "record-course"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main([*args, "--course", str(COURSE_DIR)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out + err


def write_four_and_clear_one(data_dir: Path, cleared: str) -> None:
    with ProgressStore.open(data_dir) as store:
        store.save_answer(C, "welcome", "hopes", "What do you hope for?", "Calm, mostly.")
        store.save_answer(C, "body", "where-tension", "Where do you hold tension?", "My jaw, knotted")
        store.save_answer(C, "shake", "after", "What did you notice?", "A small shake")
        store.save_answer(C, "gone-lesson", "q", "A question that was removed", "Still mine")
        store.save_answer(C, "body", "where-tension", "Where do you hold tension?", cleared)  # cleared in the journal


@pytest.mark.parametrize("cleared", ["", "  \n\t\u00a0"])
def test_status_export_and_journal_agree_on_what_an_answer_is(
    data_dir: Path, capsys: pytest.CaptureFixture[str], cleared: str
) -> None:
    write_four_and_clear_one(data_dir, cleared)
    course = load_course(COURSE_DIR)
    with ProgressStore.open(data_dir) as store:
        entries = store.answers(C)
        listed = sum(len(section.items) for section in journal_sections(course, entries))
    assert listed == 3  # the journal screen's "3 answers"
    assert [e.answer for e in entries if e.step_id == "where-tension"] == [cleared]  # the row is kept, unchanged

    text = run(capsys, "status")
    assert "Journal answers: 3 (and 1 cleared)" in text
    document = json.loads(run(capsys, "status", "--json"))
    assert (document["journal_entries"], document["journal_cleared"]) == (3, 1)

    markdown = run(capsys, "export", "--format", "md")
    where = markdown.index("Where do you hold tension?")
    block = markdown[where : markdown.index("####", where) if "####" in markdown[where:] else len(markdown)]
    assert "(cleared: " in block and "```" not in block  # said in words, never an empty box passed off as text
    assert markdown.count("```") == 2 * 3  # the three answers, each in its fenced block

    said = run(capsys, "export", "--format", "json", "--output", str(data_dir.parent / "record.json"))
    assert "3 journal answers (and 1 cleared)" in said
    exported = json.loads((data_dir.parent / "record.json").read_text(encoding="utf-8"))
    assert [j["answer"] for j in exported["journal"] if j["step_id"] == "where-tension"] == [cleared]  # lossless


def test_nothing_cleared_says_nothing_about_clearing(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(data_dir) as store:
        store.save_answer(C, "welcome", "hopes", "What do you hope for?", "Calm, mostly.")
    text = run(capsys, "status")
    assert "Journal answers: 1\n" in text and "(and" not in text
    assert json.loads(run(capsys, "status", "--json"))["journal_cleared"] == 0


def test_reset_counts_cleared_answers_apart(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_four_and_clear_one(data_dir, "")
    kept = run(capsys, "reset", "--yes")
    assert "journal answers are saved (3, and 1 cleared)" in kept
    forgotten = run(capsys, "reset", "--yes", "--journal")
    assert "3 journal answers (your written reflections), and 1 cleared" in forgotten
    with ProgressStore.open(data_dir) as store:
        assert store.answers(C) == []
