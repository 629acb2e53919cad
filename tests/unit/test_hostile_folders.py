"""Hostile course folders: refused or bounded with a clear message, nothing read outside the folder.

Symlinked lesson files and oversized files are covered case by case in
test_checker_cases.py; this file covers whole folders and odd file types.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unclench import folders, loader
from unclench.cli import main


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course-folder"
    assert main(["new", "course", str(folder)]) == 0
    return folder


def _outside_secret(tmp_path: Path) -> Path:
    secret = tmp_path / "outside"
    secret.mkdir()
    # Invalid TOML: if it were ever read, a syntax error would be reported instead.
    (secret / "welcome.toml").write_text("secret = = 'learner text'\n", encoding="utf-8")
    return secret


def test_lessons_folder_linked_outside_is_refused(course: Path, tmp_path: Path) -> None:
    lessons = course / "lessons"
    for path in lessons.iterdir():
        path.unlink()
    lessons.rmdir()
    lessons.symlink_to(_outside_secret(tmp_path), target_is_directory=True)

    result = loader.check_course(course)

    messages = [p.message for p in result.problems]
    assert any("outside the course folder" in m for m in messages)
    assert not any("syntax" in m for m in messages)


def test_course_index_linked_outside_is_refused(course: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text((course / "course" / "course.toml").read_text(encoding="utf-8"), encoding="utf-8")
    index = course / "course" / "course.toml"
    index.unlink()
    index.symlink_to(outside)

    result = loader.check_course(course)

    assert next(p.message for p in result.problems if p.path == index).startswith("links to")
    assert result.course is None


def test_a_pipe_named_like_a_lesson_does_not_hang(course: Path) -> None:
    os.mkfifo(course / "lessons" / "pipe.toml")

    # A real process with a time limit: reading a pipe would block forever.
    done = subprocess.run(
        [sys.executable, "-m", "unclench", "check", str(course)], capture_output=True, text=True, timeout=30
    )

    assert done.returncode == 1
    assert "pipe.toml:1:1: not a regular file" in done.stderr


def test_a_folder_named_like_a_lesson_is_reported(course: Path) -> None:
    (course / "lessons" / "folder.toml").mkdir()
    result = loader.check_course(course)
    assert any("not a regular file" in p.message for p in result.problems)


def test_too_many_lesson_files_are_bounded(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folders, "MAX_LESSON_FILES", 20)
    for index in range(40):
        (course / "lessons" / f"extra-{index:03}.toml").write_text("", encoding="utf-8")

    result = loader.check_course(course)

    assert any("more than 20 lesson files" in p.message for p in result.problems)
    # Bounded: only up to the limit were read at all.
    assert len(result.files) <= 21 + 1


def test_thousands_of_files_are_checked_with_a_message_each(course: Path) -> None:
    for index in range(2000):
        (course / "lessons" / f"stray-{index:04}.toml").write_text(f'id = "stray-{index}"\n', encoding="utf-8")

    result = loader.check_course(course)

    assert len(result.files) == 2002
    assert all(p.line >= 1 for p in result.problems)


def test_fifty_megabyte_lesson_is_refused_unread(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = course / "lessons" / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    result = loader.check_course(course)

    assert any(p.path == huge and f"{50 * 1024 * 1024:,} bytes" in p.message for p in result.problems)
    assert huge not in read


def test_new_lesson_id_cannot_escape_the_course(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "lesson", "../../escape", "--course", str(course)]) == 2
    assert "not a valid lesson id" in capsys.readouterr().err
    assert not (course.parent / "escape.toml").exists()


def test_running_a_folder_that_is_not_a_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--course", str(tmp_path)]) == 2
    assert "is not a course folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("leads_to", "said"),
    [
        (None, "course/course.toml:1:1: is a symbolic link that leads to no file"),
        (Path("/dev/zero"), "course/course.toml:1:1: is a symbolic link to a device, not a regular file"),
        (Path("/"), "course/course.toml:1:1: is a symbolic link to a folder, not a regular file"),
    ],
)
def test_an_index_linked_somewhere_odd_says_where_it_leads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], leads_to: Path | None, said: str
) -> None:
    """A link to /dev/zero was called "a link that leads to no file": the author looked for a missing file. Named
    itself, the index was taken for a lesson (/dev/zero), a folder to look into (/), or "no such file"."""
    folder = tmp_path / "linked"
    (folder / "course").mkdir(parents=True)
    (folder / "course" / "course.toml").symlink_to(leads_to or tmp_path / "gone.toml")
    for target in (folder, folder / "course" / "course.toml"):
        assert main(["check", str(target)]) == 1
        assert said in capsys.readouterr().err
    # Not "create one with `unclench new course DIR`": there is one, and it is to be replaced.
    assert main(["status", "--course", str(folder)]) == 2
    assert f"Replace {folder / 'course' / 'course.toml'} with the course's index, a plain .toml file." in (
        capsys.readouterr().err
    )


def test_an_index_linked_outside_the_course_and_named_itself_is_told_so(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tester's `check course/course.toml`, the index a link to a file outside, was told to "move it to
    course/course.toml", where it already was."""
    index = course / "course" / "course.toml"
    outside = tmp_path / "elsewhere.toml"
    index.rename(outside)
    index.symlink_to(outside)
    assert main(["check", str(index)]) == 1
    err = capsys.readouterr().err
    assert f"course.toml:1:1: links to {outside}, outside the course folder" in err
    assert "move it to" not in err


def test_status_does_not_read_the_id_of_an_index_linked_outside(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tester's index linked to another course's file: `check` refused it, but `status` read that course's id
    and showed its record; and for an index it could not read, advised "fix its id"."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    index = course / "course" / "course.toml"
    outside = tmp_path / "another-course.toml"
    index.rename(outside)
    index.symlink_to(outside)
    assert main(["status", "--course", str(course)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"links to {outside}, outside the course folder" in captured.err
    assert "Unclench cannot read from its course/course.toml which course it is" in captured.err
    assert "hint: fix the problems above (`unclench check` lists them)" in captured.err


def test_an_index_in_a_course_folder_linked_outside_is_told_where_it_leads_when_named(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With course/ itself a link to a folder elsewhere, naming course/course.toml was told to "move it to
    course/course.toml", where it was; naming the folder said where the index leads."""
    elsewhere = tmp_path / "elsewhere"
    (course / "course").rename(elsewhere)
    (course / "course").symlink_to(elsewhere)
    said = []
    for target in (course, course / "course" / "course.toml"):
        assert main(["check", str(target)]) == 1
        err = capsys.readouterr().err
        assert f"course.toml:1:1: links to {elsewhere / 'course.toml'}, outside the course folder" in err
        said.append(err)
    assert said[0] == said[1]
