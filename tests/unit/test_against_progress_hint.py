"""Plain ``unclench check`` names ``--against-progress`` when this machine's record would be orphaned, else not.

An author renamed a step the learner (often the author, trying the course) had answered: ``check`` said
"course OK" and nothing else, and the answer no longer showed in its lesson. The option that says so was
there, but nothing pointed to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench.cli import main
from unclench.store import ProgressStore

HINT = "saved progress on this machine is under lessons, steps or check-ins this course no longer has"


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "authored"
    assert main(["new", "course", str(folder)]) == 0
    capsys.readouterr()
    return folder


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["check", *args]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out


def _rename_step(course_dir: Path, old: str, new: str) -> None:
    lesson = course_dir / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8")
    assert f'id = "{old}"' in text
    lesson.write_text(text.replace(f'id = "{old}"', f'id = "{new}"'), encoding="utf-8")


def test_no_hint_without_a_record_or_when_every_place_is_still_there(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert HINT not in _check(capsys, "authored")  # no record on this machine at all
    with ProgressStore.open() as store:
        store.save_answer("authored", "welcome", "reflection", "A question?", "an answer")
        store.save_answer("another-course", "gone", "gone", "A question?", "theirs, not this course's")
    assert HINT not in _check(capsys, "authored")


def test_a_renamed_step_with_an_answer_gets_the_hint_and_the_option_then_lists_it(
    course_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open() as store:
        store.save_answer("authored", "welcome", "reflection", "A question?", "an answer")
    _rename_step(course_dir, "reflection", "reflect")

    out = _check(capsys, "authored")

    assert out.splitlines()[0].startswith("course OK")
    assert (
        out.splitlines()[1]
        == f"  {HINT}; to see which, and how to keep it: `unclench check authored --against-progress`"
    )
    assert main(["check", "authored", "--against-progress"]) == 1
    assert "lesson 'welcome', step 'reflection' (step id gone): 1 journal answer" in capsys.readouterr().out
    # Inside the course folder, the command needs no folder; given the option, the hint is not said again.
    monkeypatch.chdir(course_dir)
    assert f"{HINT}; to see which, and how to keep it: `unclench check --against-progress`" in _check(capsys)
    main(["check", "--against-progress"])
    assert HINT not in capsys.readouterr().out


def test_a_removed_lesson_with_a_place_saved_gets_the_hint(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open() as store:
        store.mark_lesson_done("authored", "old-lesson")
    assert HINT in _check(capsys, "authored")
    # Its old id in a lesson's previous_ids: the place is that lesson's, nothing to say.
    lesson = course_dir / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('id = "welcome"', 'id = "welcome"\nprevious_ids = ["old-lesson"]', 1), "utf-8")
    assert HINT not in _check(capsys, "authored")
