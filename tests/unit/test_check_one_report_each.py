"""`unclench check` reports each mistake once, where to look: a whole file or folder missing is one problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unclench import cli

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "course-copy"
    shutil.copytree(BASE_COURSE, root)
    monkeypatch.chdir(root)
    return root


def problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["check", "--no-cache", "."]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err.splitlines()[:-1]


def test_an_empty_index_is_one_problem(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not also "missing required key" five times, nor "no [[safety]] note has id" in the lessons naming one.
    (course / "course" / "course.toml").write_text("\n# to do\n", encoding="utf-8")
    assert problems(capsys) == [
        "course/course.toml:1:1: this file is empty: the course index needs format_version, id, title, disclaimer "
        "and at least one [[modules]]; `unclench new course DIR` writes an example to copy from"
    ]


def test_a_missing_lessons_folder_is_said_once(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not "no lesson has id ..." for each of the three lessons listed.
    shutil.rmtree(course / "lessons")
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: the folder lessons/ is missing, so no lesson can be found; "
        "create it and put one .toml file a lesson in it (`unclench new lesson ID` writes one)"
    ]
    (course / "lessons").mkdir()
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: the folder lessons/ holds no lesson files (*.toml); "
        "put one .toml file a lesson in it (`unclench new lesson ID` writes one)"
    ]
    (course / "lessons").rmdir()
    (course / "lessons").write_text("not a folder\n", encoding="utf-8")  # an attacker's: it was "holds no lesson files"
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: lessons is not a folder, so no lesson can be found; "
        "lessons are read from the folder lessons/: move lessons aside and make that folder"
    ]
