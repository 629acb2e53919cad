"""An import's texts have limits: one huge answer is refused, clearly, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.export import render_json
from unclench.store import ProgressStore
from unclench.store.rows import MAX_ANSWER_CHARS

C = "unclench"
L = "a-safe-setting"


def _export(tmp_path: Path) -> dict[str, Any]:
    with ProgressStore.open(tmp_path / "source") as store:
        store.save_answer(C, L, "p1", "Q?", "short")
        store.record_quiz_attempt(C, L, "q1", "Quiz?", [0], ["A"], True)
        document: dict[str, Any] = json.loads(render_json(store.record(C), "Unclench"))
    return document


def _import(tmp_path: Path, document: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    file = tmp_path / "export.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    code = main(["import", str(file)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("section", "key", "limit"),
    [("journal", "answer", MAX_ANSWER_CHARS), ("journal", "question", 200_000), ("quiz_attempts", "question", 200_000)],
)
def test_an_overlong_text_is_refused_naming_the_entry_and_nothing_is_written(
    section: str,
    key: str,
    limit: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    document = _export(tmp_path)
    document[section][0][key] = "x" * (limit + 1)
    code, err = _import(tmp_path, document, capsys)
    assert code != 0
    assert f"{section}[0].{key}: string should have at most {limit} characters" in err
    assert "export.json" in err and "nothing was imported: correct or remove it" in err
    assert "Traceback" not in err
    assert not (data / "progress.sqlite3").exists()


def test_a_quiz_choice_text_and_a_course_title_are_bounded_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    document = _export(tmp_path)
    document["quiz_attempts"][0]["chosen_texts"] = ["y" * 200_001]
    document["course"]["title"] = "t" * 200_001
    code, err = _import(tmp_path, document, capsys)
    assert code != 0 and "course.title: string should have at most 200000" in err
    assert "quiz_attempts[0].chosen_texts[0]: string should have at most 200000" in err


def test_an_answer_at_the_limit_is_imported_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    document = _export(tmp_path)
    document["journal"][0]["answer"] = "é" * MAX_ANSWER_CHARS
    code, err = _import(tmp_path, document, capsys)
    assert code == 0, err
    with ProgressStore.open(data) as store:
        entry = store.answer(C, L, "p1")
    assert entry is not None and entry.answer == "é" * MAX_ANSWER_CHARS
