"""`unclench check` warns, once a file, at text many terminals draw wider than the app lays it out.

A security tester's Burmese line before a safety note's words pushed "whenever you" past the screen's edge, and a
Tamil title pushed the map's "not started" off; Rich counts a spacing vowel sign as no column and joined emoji as
one emoji, where terminals draw one column and two emoji.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from unclench import cli
from unclench.drawnwider import drawn_wider_warnings

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rich_counts_these_narrower_than_a_terminal_does() -> None:
    # What the warning is for: should Rich count them as terminals do one day, it is no longer needed.
    assert cell_len("\u093e") == 0 and cell_len("\U0001f44b\U0001f3fd") == 2


def test_a_spacing_mark_is_warned_of_once_a_file_where_it_first_is(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = course / "course" / "course.toml"
    _replace(index, 'title = "You can stop at any moment"', 'title = "நான் தமிழ் You can stop at any moment"')
    _replace(index, 'title = "Check with a professional first"', 'title = "தமிழ் Check first"')
    assert cli.main(["check", "--no-cache", "."]) == 0
    err = capsys.readouterr().err
    [warning] = [line for line in err.splitlines() if "draw it wider" in line]
    assert warning.startswith("course/course.toml:24:")
    assert "safety[0].title: this text holds a spacing mark such as 'ா' U+0BBE" in warning
    assert "(and 1 more texts in this file)" in warning
    assert "look at these texts in a terminal 60 columns wide" in warning


def test_joined_emoji_in_a_lesson_are_warned_of(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(course / "lessons" / "welcome.toml", 'title = "Welcome"', 'title = "Welcome 👩\u200d💻 👋🏽"')
    assert cli.main(["check", "--no-cache", "."]) == 0
    err = capsys.readouterr().err
    assert "lessons/welcome.toml:2:" in err and "title: this text holds joined emoji" in err


def test_accents_wide_ideographs_and_lone_emoji_are_no_warning(tmp_path: Path) -> None:
    lesson = tmp_path / "plain.toml"
    lesson.write_text('id = "x"\ntitle = "Café, 你好, 가, 🙂 and a heart ❤️"\n', encoding="utf-8")
    assert drawn_wider_warnings([lesson]) == []
