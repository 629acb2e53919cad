"""``unclench check --against-progress``: which saved progress an author's edits would orphan."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench.cli import main
from unclench.store import ProgressStore


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "authored"
    assert main(["new", "course", str(folder)]) == 0
    return folder


def _save(course_id: str, lesson_id: str, step_id: str) -> None:
    with ProgressStore.open() as store:
        store.save_answer(course_id, lesson_id, step_id, "A question?", "an answer")


def test_nothing_saved_reports_nothing_orphaned(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(course_dir), "--against-progress"]) == 0
    assert "nothing orphaned" in capsys.readouterr().out


def test_removed_step_and_removed_lesson_are_listed(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _save("authored", "welcome", "reflection")  # still in the lesson: not orphaned
    _save("authored", "welcome", "deleted-step")
    _save("authored", "deleted-lesson", "some-step")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 0

    out = capsys.readouterr().out
    assert "lesson 'welcome', step 'deleted-step' (step removed): 1 x journal" in out
    assert "lesson 'deleted-lesson', step 'some-step' (lesson removed): 1 x journal" in out
    assert "'reflection'" not in out


def test_renamed_lesson_with_previous_ids_is_not_orphaned(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _save("authored", "old-welcome", "reflection")
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("sources = []", 'sources = []\nprevious_ids = ["old-welcome"]'),
        encoding="utf-8",
    )
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 0
    assert "nothing orphaned" in capsys.readouterr().out


def test_a_finished_lessons_summary_is_a_place_not_an_orphan(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open() as store:
        store.set_position("authored", "welcome", "~summary")  # where the player stores a lesson's summary
        store.mark_lesson_done("authored", "welcome")
    capsys.readouterr()
    assert main(["check", str(course_dir), "--against-progress"]) == 0
    assert "nothing orphaned" in capsys.readouterr().out
    assert main(["status", "--course", str(course_dir)]) == 0
    out = capsys.readouterr().out
    assert "no longer" not in out and "reset --lesson" not in out
