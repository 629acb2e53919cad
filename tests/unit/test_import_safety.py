"""An import's safety answers count only once the learner gives them here (an attacker's "starter backup").

A stranger handed a file holding the disclaimer's acknowledgement (the plain SHA-256 of
its text) and "no" to all six health questions: imported into a fresh data folder, it
opened the course with no disclaimer and started tremor practice without a question.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_import_strict import COURSE, data_dir, document, run_import

from unclench.cli import main
from unclench.course import ExerciseStep
from unclench.learner import Learner
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.store.unconfirmed import unconfirmed_safety_key

__all__ = ["data_dir"]  # the fixture: a data folder of the test's own

COURSE_DATA = load_course(COURSE)
QUESTIONS = [question.id for question in COURSE_DATA.screening]
STAMP = "2026-03-01T09:00:00Z"


def tremor() -> ExerciseStep:
    steps = COURSE_DATA.lessons["first-tremor-practice"].steps
    return next(step for step in steps if isinstance(step, ExerciseStep) and step.tremor)


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """The attacker's file: the real disclaimer "read", every health question answered no."""
    doc = document()
    doc["acknowledgements"] = [
        {
            "kind": "disclaimer",
            "subject_id": "course",
            "text_hash": ProgressStore.text_hash(COURSE_DATA.disclaimer),
            "at": STAMP,
        }
    ]
    doc["screening"] = [{"question_id": question, "answer": False, "at": STAMP} for question in QUESTIONS]
    path = tmp_path / "starter.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_imported_safety_answers_are_asked_again_and_kept_in_the_record(
    starter: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", str(starter), "--course", str(COURSE)])
    out = capsys.readouterr().out
    assert code == 0
    assert (
        f"Counted only once you give them here: the file's reading of the disclaimer and its {len(QUESTIONS)} answers "
        "to the health questions (the app shows the disclaimer and asks those questions again)."
        in " ".join(out.split())
    )
    with ProgressStore.open(data_dir) as store:
        learner = Learner(COURSE_DATA, store)
        assert not learner.disclaimer_acknowledged()
        assert learner.screening_answers() == []
        assert {q.id for q in learner.screening(tremor()).unanswered} == set(tremor().screening_ids)
        # Kept: the export is still the whole backup.
        assert len(store.screening_answers(COURSE_DATA.id)) == len(QUESTIONS)
        assert [a.kind for a in store.acknowledgements(COURSE_DATA.id)] == ["disclaimer"]

        learner.set_screening_answer(QUESTIONS[0], True)  # given here: it counts, the others still do not
        assert [(a.question_id, a.answer) for a in learner.screening_answers()] == [(QUESTIONS[0], True)]
        learner.acknowledge_disclaimer()
        assert learner.disclaimer_acknowledged()
        assert [a.question_id for a in learner.screening_answers()] == [QUESTIONS[0]]
        for question in QUESTIONS[1:]:
            learner.set_screening_answer(question, False)
        assert len(learner.screening_answers()) == len(QUESTIONS)
        assert learner.screening(tremor()).unanswered == ()


def test_an_unreadable_mark_leaves_every_imported_answer_unconfirmed(starter: Path, data_dir: Path) -> None:
    assert main(["import", str(starter), "--course", str(COURSE)]) == 0
    with ProgressStore.open(data_dir) as store:
        store.set_setting(unconfirmed_safety_key(COURSE_DATA.id), "{not json")
        learner = Learner(COURSE_DATA, store)
        assert not learner.disclaimer_acknowledged()
        assert learner.screening_answers() == []
        learner.set_screening_answer(QUESTIONS[1], False)
        assert [a.question_id for a in learner.screening_answers()] == [QUESTIONS[1]]


def test_an_import_without_safety_answers_says_nothing_of_them(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = document()
    doc["acknowledgements"] = []
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run_import(path, capsys)[0] == 0
    with ProgressStore.open(data_dir) as store:
        assert store.setting(unconfirmed_safety_key(COURSE_DATA.id)) is None


def test_a_file_with_only_the_disclaimer_read_says_so_in_plain_words(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stranger read "The file's reading of the disclaimer count only once you give them here"."""
    path = tmp_path / "read.json"
    path.write_text(json.dumps(document()), encoding="utf-8")  # the disclaimer acknowledged, no screening
    assert main(["import", str(path), "--course", str(COURSE)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "Counted only once you give them here: the file's reading of the disclaimer (the app shows the disclaimer "
        "again)." in out
    )
