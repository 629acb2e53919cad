"""``check`` of a course whose index does not load: its lessons are still checked, their warnings given too.

An author fixing a broken course.toml got its problems and the lessons' problems, but none of the warnings
about the lessons that read well (a placeholder summary, a link in a question, a timer longer than its limit):
those came as a second wave once the index was fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli

#: Warnings about the lessons alone, none needing the index.
LESSON_WARNINGS = [
    "lessons/body-basics.toml:1:1: warning: summary: this is still the placeholder text from `unclench new`",
    "lessons/welcome.toml:14:17: warning: steps[1].question: this text is shown as written",
]


def _break_lessons(course: Path) -> None:
    """Give the lessons what is allowed but unwise, and one lesson a problem of its own."""
    basics = course / "lessons" / "body-basics.toml"
    basics.write_text(
        'summary = "One sentence on what this lesson offers."\n' + basics.read_text(encoding="utf-8"), encoding="utf-8"
    )
    welcome = course / "lessons" / "welcome.toml"
    text = welcome.read_text(encoding="utf-8")
    welcome.write_text(text.replace("What do you hope", "See [this](https://a.example). What do you hope"), "utf-8")
    practice = course / "lessons" / "first-practice.toml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("title = ", "titel = ", 1), encoding="utf-8")


def _lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert cli.main(["check", *args, "."]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


@pytest.mark.parametrize(
    ("old", "new", "index_problem"),
    [
        ('title = "Base course"', 'titel = "Base course"', "course/course.toml:5:1: titel: unknown key 'titel'"),
        ('title = "Base course"', 'title = "Base course', "course/course.toml:5:9: title: TOML syntax error"),
        ("format_version = 1", "format_version = 9", "course/course.toml:3:1: format_version: this course uses"),
    ],
    ids=["unknown key", "syntax error", "format version"],
)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no cache"])
def test_a_broken_index_still_gives_the_lessons_warnings(
    course: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, index_problem: str, cache: list[str]
) -> None:
    _break_lessons(course)
    fixed = _lines(capsys, *cache)
    assert [line for line in fixed if line.startswith("course/")] == []
    index = course / "course" / "course.toml"
    index.write_text(index.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    broken = _lines(capsys, *cache)

    assert any(line.startswith(index_problem) for line in broken), broken
    assert any(line.startswith("lessons/first-practice.toml:") and "'titel'" in line for line in broken)
    for warning in LESSON_WARNINGS:
        assert sum(line.startswith(warning) for line in broken) == 1, (warning, broken)
    # The index fixed, what is said of the lessons is what was said already: no second wave.
    assert [line for line in broken if line.startswith("lessons/")] == [
        line for line in fixed if line.startswith("lessons/")
    ]
    files = [line.split(":")[0] for line in broken[:-1]]
    assert files == sorted(files) and len(set(broken)) == len(broken)  # file by file, each said once
    assert broken[-1].startswith("2 problems in 2 files, and 2 warnings")
