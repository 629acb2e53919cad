"""`unclench check` refuses a quiz whose choices read the same: a stranger's quiz offered "Yes" and "Yes", one
right and one wrong, and passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import cli


@pytest.mark.parametrize("second", ["Yes", " yes ", "YES", "Yes."])
def test_two_choices_that_read_the_same_are_refused_at_the_second(
    course: Path, capsys: pytest.CaptureFixture[str], second: str
) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('text = "No"', f'text = "{second}"'), encoding="utf-8")
    assert cli.main(["check", "--no-cache", "."]) == 1
    err = capsys.readouterr().err
    assert (
        f"lessons/body-basics.toml:25:1: steps[1].choices[1].text: this choice ('{second.strip()}') reads the same "
        "as choices[0] ('Yes'): learners cannot tell them apart; give each choice its own words, or remove one"
    ) in err


def test_choices_with_their_own_words_are_fine(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--no-cache", "."]) == 0
