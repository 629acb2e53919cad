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

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'deleted-step' (step id gone): 1 x journal" in out
    assert "lesson 'deleted-lesson', step 'some-step' (lesson id gone): 1 x journal" in out
    assert "'reflection'" not in out
    assert "stay in the learner's journal" in out
    assert "2 saved items of a learner's work would no longer show in its lesson" in err


def test_renamed_step_fails_and_says_how_to_keep_its_answers(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stranger's edit: the reflection a learner answered (and stood at) is renamed.
    _save("authored", "welcome", "reflection")
    with ProgressStore.open() as store:
        store.set_position("authored", "welcome", "reflection")
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace('id = "reflection"', 'id = "where-tension"'), encoding="utf-8"
    )
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'reflection' (step id gone): 1 x journal" in out
    assert (
        "step 'where-tension' has no saved progress: if it is this step renamed, give the step its old id back: "
        f'id = "reflection" in {lesson} (steps have no previous_ids)'
    ) in out
    assert "1 saved item of a learner's work would no longer show in its lesson" in err
    with ProgressStore.open() as store:  # nothing was touched
        assert [entry.step_id for entry in store.record("authored").journal] == ["reflection"]


def test_renamed_lesson_is_told_to_take_previous_ids(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _save("authored", "welcome", "reflection")
    with ProgressStore.open() as store:
        store.mark_lesson_done("authored", "welcome")
    assert main(["new", "lesson", "untouched", "--course", str(course_dir)]) == 0
    untouched = course_dir / "lessons" / "untouched.toml"
    untouched.write_text(untouched.read_text(encoding="utf-8").replace('"reflection"', '"notice"'), encoding="utf-8")
    for path in (course_dir / "lessons" / "welcome.toml", course_dir / "course" / "course.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"welcome"', '"scan"'), encoding="utf-8")
    (course_dir / "lessons" / "welcome.toml").rename(course_dir / "lessons" / "scan.toml")
    capsys.readouterr()

    assert main(["check", str(course_dir), "--against-progress"]) == 1

    out = capsys.readouterr().out
    assert "lesson 'welcome' (lesson id gone): 1 x lesson done" in out
    # 'scan' shares the saved step's id; 'untouched' is as new but does not.
    hint = f"lesson 'scan' ({course_dir / 'lessons' / 'scan.toml'}) has no saved progress: if it is this lesson renamed"
    assert f'{hint}, add previous_ids = ["welcome"] to it' in out
    assert out.count("previous_ids") == 1


def test_a_saved_place_alone_is_listed_but_does_not_fail(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open() as store:
        store.set_position("authored", "welcome", "deleted-step")
    capsys.readouterr()
    assert main(["check", str(course_dir), "--against-progress"]) == 0
    out, err = capsys.readouterr()
    assert "lesson 'welcome', step 'deleted-step' (step id gone): 1 x position" in out
    assert "would no longer show" not in err


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
