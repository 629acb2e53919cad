"""`unclench check` reports each mistake once, where to look: a whole file or folder missing is one problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unclench import cli

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["check", "--no-cache", "."]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err.splitlines()[:-1]


def test_an_empty_index_is_one_problem(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not also "missing required key" five times, nor "no [[safety]] note has id" in the lessons naming one.
    (course / "course" / "course.toml").write_text("\n# to do\n", encoding="utf-8")
    assert problems(capsys) == [
        "course/course.toml:1:1: this file holds only comments: the course index needs format_version, id, title, "
        "disclaimer and at least one [[modules]]; `unclench new course DIR` writes an example to copy from"
    ]


def test_a_missing_lessons_folder_is_said_once(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not "no lesson has id ..." for each of the three lessons listed.
    shutil.rmtree(course / "lessons")
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: the folder lessons/ is missing, so no lesson can be found; "
        "create it and put each lesson in it as a .toml file (`unclench new lesson ID` writes one)"
    ]
    (course / "lessons").mkdir()
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: the folder lessons/ holds no lesson files (*.toml); "
        "put each lesson in it as a .toml file (`unclench new lesson ID` writes one)"
    ]
    (course / "lessons").rmdir()
    (course / "lessons").write_text("not a folder\n", encoding="utf-8")  # an attacker's: it was "holds no lesson files"
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: lessons is not a folder, so no lesson can be found; "
        "lessons are read from the folder lessons/: move lessons aside and make that folder"
    ]


@pytest.mark.parametrize(("folder", "fix"), [("lesson", ""), ("Lessons", " (names are case-sensitive)")])
def test_a_misnamed_lessons_folder_is_named(
    course: Path, capsys: pytest.CaptureFixture[str], folder: str, fix: str
) -> None:
    # After `mv lessons lesson`, the author was told only to create lessons/, beside their lessons.
    (course / "lessons").rename(course / folder)
    if (course / "lessons").exists():
        pytest.skip("this file system does not tell names apart by case")
    assert problems(capsys) == [
        "course/course.toml:49:1: modules[0].lessons: the folder lessons/ is missing, so no lesson can be found; "
        f"did you mean to rename {folder}/ to lessons/?{fix}"
    ]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_lesson_given_another_lessons_id_is_one_mistake(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # first-practice builds on body-basics, then takes its id by mistake: the clash is the mistake. The index
    # says where its listed id went, and "a lesson cannot build on itself" (only the clash's doing) is not said.
    practice = course / "lessons" / "first-practice.toml"
    edit(practice, 'previous_ids = ["old-practice"]', 'previous_ids = ["old-practice"]\nbuilds_on = ["body-basics"]')
    edit(practice, 'id = "first-practice"', 'id = "body-basics"')
    assert problems(capsys) == [
        "course/course.toml:54:12: modules[1].lessons[0]: no lesson has id 'first-practice' "
        "(lessons/first-practice.toml now has id 'body-basics'); "
        'give it back id = "first-practice" in lessons/first-practice.toml, or an id of its own',
        "lessons/body-basics.toml:1:1: id: lesson id 'body-basics' is also used by lessons/first-practice.toml; "
        "give each lesson its own id (progress is saved under it), or delete the file you do not need",
        "lessons/first-practice.toml:1:1: id: lesson id 'body-basics' is also used by lessons/body-basics.toml; "
        "give each lesson its own id (progress is saved under it), or delete the file you do not need",
    ]
    # Without the clash, building on itself is a mistake of its own, and is said.
    edit(course / "lessons" / "body-basics.toml", 'id = "body-basics"', 'id = "body-basic"')
    assert "lessons/first-practice.toml:6:14: builds_on[0]: a lesson cannot build on itself" in "\n".join(
        problems(capsys)
    )


def test_a_renamed_lesson_is_named_at_its_old_id_in_the_index(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not also "lesson 'gentle-start' is not listed": renaming it, without the index, is one mistake.
    edit(course / "lessons" / "first-practice.toml", 'id = "first-practice"', 'id = "gentle-start"')
    assert problems(capsys) == [
        "course/course.toml:54:12: modules[1].lessons[0]: no lesson has id 'first-practice' "
        "(lessons/first-practice.toml now has id 'gentle-start'); if you renamed it, list 'gentle-start' here "
        'instead (and add previous_ids = ["first-practice"] to it, so learners keep their progress); '
        'else give it back id = "first-practice" in lessons/first-practice.toml'
    ]


def test_a_deleted_lesson_file_says_how_to_fix_it(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course / "lessons" / "first-practice.toml").unlink()
    assert problems(capsys) == [
        "course/course.toml:54:12: modules[1].lessons[0]: no lesson has id 'first-practice'; "
        "remove it from this list, or write a lesson with this id (lessons/first-practice.toml)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ('checkin = ["tension", "calm"]', 'checkin = ["tension", "calm", "tension"]', 18),
        ('safety = ["medical-first"]', 'safety = ["medical-first", "medical-first"]', 16),
        ('sources = ["neurogenic-tremors"]', 'sources = ["neurogenic-tremors", "neurogenic-tremors"]', 4),
    ],
)
def test_an_id_listed_twice_is_refused_where_it_is_repeated(
    course: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, line: int
) -> None:
    # A stranger's `checkin = ["tension", "tension"]` passed check and stopped the app (MountError) when a learner
    # reached the exercise; a safety note listed twice was shown twice at the gate.
    lesson = course / "lessons" / "first-practice.toml"
    text = lesson.read_text(encoding="utf-8")
    assert old in text
    lesson.write_text(text.replace(old, new), encoding="utf-8")
    [problem] = problems(capsys)
    assert problem.startswith(f"lessons/first-practice.toml:{line}:")
    repeated = new.split('"')[-2]
    assert f"'{repeated}' is listed twice (first on line {line}); remove one of them" in problem
