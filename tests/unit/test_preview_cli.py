"""``unclench preview`` refuses what it cannot open, plainly, before starting the app."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from unclench import cli, paths

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def test_unknown_lesson_is_a_usage_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, "/nonexistent-author-data")
    assert cli.main(["preview", "welcom", "--course", str(BASE_COURSE)]) == 2
    err = capsys.readouterr().err
    assert "has no lesson 'welcom'\nhint: did you mean 'welcome'? (lessons, in course order: welcome, " in err
    # The preview's scratch folder stood in for the data folder only while it ran.
    assert os.environ[paths.DATA_DIR_ENV] == "/nonexistent-author-data"


def test_an_old_or_unknown_lesson_id_is_named_with_the_lessons_in_course_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A stranger's old id (kept in previous_ids) and a typo both got the lessons in file order, and no word of the
    # rename.
    assert cli.main(["preview", "old-practice", "--course", str(BASE_COURSE)]) == 2
    assert capsys.readouterr().err == (
        f"error: {BASE_COURSE} has no lesson 'old-practice': 'old-practice' is now 'first-practice' (an old id in "
        "its previous_ids)\nhint: preview it by its id: `unclench preview first-practice`\n"
    )
    assert cli.main(["preview", "zzz", "--course", str(BASE_COURSE)]) == 2
    assert capsys.readouterr().err == (
        f"error: {BASE_COURSE} has no lesson 'zzz'\n"
        "hint: lessons, in course order: welcome, body-basics, first-practice\n"
    )


def test_not_a_course_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["preview", "--course", str(tmp_path)]) == 2
    assert "is not a course folder" in capsys.readouterr().err


def test_a_borrowed_course_id_is_a_problem_the_preview_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The preview shows every problem `check` reports, instead of the lesson: a borrowed id is one.
    from unclench.tui import preview

    root = tmp_path / "course"
    shutil.copytree(BASE_COURSE, root)
    index = root / "course" / "course.toml"
    index.write_text(re.sub(r'(?m)^id = ".*"$', 'id = "unclench"', index.read_text(encoding="utf-8"), count=1), "utf-8")
    shown: list[tuple[object, list[str]]] = []
    monkeypatch.setattr(
        preview.PreviewApp, "run", lambda app: shown.append((app.course.id, [p.text() for p in app.problems]))
    )
    assert cli.main(["check", str(root)]) == 1
    assert "'unclench' is the id of the course that comes with Unclench" in capsys.readouterr().err
    assert cli.main(["preview", "--course", str(root)]) == 0
    [(course_id, problems)] = shown
    assert course_id == "preview"  # the placeholder: the course itself is not shown
    assert len(problems) == 1 and problems[0].startswith("'unclench' is the id of the course that comes with Unclench")


def test_outside_a_course_folder_it_says_so_rather_than_open_the_bundled_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `check` here checks the bundled course and says so; the preview opened it with no word at all.
    from unclench import folders
    from unclench.tui import preview

    opened: list[object] = []
    monkeypatch.setattr(preview.PreviewApp, "run", lambda app: opened.append(app.course.id))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["preview"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "error: there is no course to preview here: you are not in a course folder",
        "hint: run it in your course's folder (or one inside it), or pass --course DIR "
        f"(the bundled course is in {folders.bundled_course_root()})",
    ]
    assert opened == []
    # Given with --course, or stood in, the bundled course opens as any course does.
    assert cli.main(["preview", "--course", str(folders.bundled_course_root())]) == 0
    monkeypatch.chdir(folders.bundled_course_root() / "lessons")
    assert cli.main(["preview"]) == 0
    assert opened == ["unclench", "unclench"]
