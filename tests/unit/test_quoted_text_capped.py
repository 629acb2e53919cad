"""`unclench check` quotes at most a little of any text from a file: a stranger's unknown key of 1.5 MB made one
problem print 3 MB of standard error (the key in its key path, and again in the message)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli
from unclench.problems import Problem, key_text
from unclench.text import MAX_PROBLEM_CHARS, shortened


def test_a_huge_unknown_key_is_quoted_short_with_its_length(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = course / "lessons" / "welcome.toml"
    key = "titel" * 300_000
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('title = "Welcome"', f'{key} = "Welcome"'))
    assert cli.main(["check", "--no-cache", "."]) == 1
    err = capsys.readouterr().err
    assert len(err) < 1_000
    assert f"unknown key '{key[:60]}… (1,500,000 characters)'" in err
    assert cli.main(["check", "--no-cache", "--format", "json", "."]) == 1
    assert len(capsys.readouterr().out) < 2_000


def test_every_problem_is_one_line_of_bounded_length() -> None:
    problem = Problem(Path("a.toml"), 1, 1, key_text(("x" * 5_000,)), "value '" + "y" * 9_000 + "' is wrong", "fix")
    line = problem.format()
    assert len(line) < MAX_PROBLEM_CHARS + 100 and line.endswith("more characters left out)")
    assert problem.as_json()["message"].endswith("more characters left out)")
    assert shortened("short") == "short"
