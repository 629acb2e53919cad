"""`unclench check` on what a stranger author got wrong: each message says what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli


@pytest.fixture
def course(new_course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(new_course_dir)
    return new_course_dir


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """The exit status and the lines on stderr, the summary left out."""
    code = cli.main(["check", "--no-cache", ".", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()[:-1]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


SCREENING = """
[[screening]]
id = "pregnancy"
question = "Are you pregnant?"
yes_means = {value}
source = "TRE guidance"
advice = "Talk to your midwife first."
"""
YES_MEANS = "must be one of 'advice', 'professional' or 'not-alone'"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"proffesional"', f"{YES_MEANS} (found 'proffesional'); did you mean 'professional'?"),
        ('"Professional"', f"{YES_MEANS} (found 'Professional'); did you mean 'professional'?"),
        ("1", f'{YES_MEANS} (found 1); write one of them in quotes: yes_means = "advice"'),
        ('["advice"]', f'{YES_MEANS} (found an array); write it without brackets: yes_means = "advice"'),
    ],
)
def test_a_wrong_yes_means_names_the_values_it_takes(
    course: Path, capsys: pytest.CaptureFixture[str], value: str, said: str
) -> None:
    append(course / "course" / "course.toml", SCREENING.format(value=value))
    code, problems = check(capsys)
    assert code == 1
    assert len(problems) == 1
    assert problems[0].endswith(f"screening[0].yes_means: {said}")
    assert "step kind" not in problems[0]


def test_a_wrong_worse_and_a_wrong_kind_keep_their_own_messages(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(course / "course" / "course.toml", 'worse = "high"', 'worse = "hgih"')
    edit(course / "lessons" / "welcome.toml", 'kind = "page"', 'kind = "paeg"')
    _, problems = check(capsys)
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "checkins[0].worse: must be one of 'high' or 'low' (found 'hgih'); did you mean 'high'?",
        "steps[0].kind: unknown step kind 'paeg'; did you mean 'page'? (one of: page, prompt, quiz, exercise)",
    ]


def test_an_unquoted_word_is_shown_quoted_alone(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(course / "course" / "course.toml", 'worse = "high"', "worse = high")
    _, problems = check(capsys)
    assert problems[0].endswith('text must be written in quotes; write "high" (with the quotes)')
