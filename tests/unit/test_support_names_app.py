"""A course's support card may not name Unclench (a tester's finding); words about apps are fine.

A hostile course listed an "Official Unclench crisis line", "from unclench.org": the card shows a course's
entries as listed by its author, but the name alone could make a learner believe the app vouches for the number.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench.cli import main


def _with_entry(new_course_dir: Path, **keys: str) -> list[str]:
    index = new_course_dir / "course" / "course.toml"
    entry = {"name": "A helpline", "reach": "Call 123", "region": "Somewhere", "source": "its website"} | keys
    text = index.read_text(encoding="utf-8") + "\n[[support.entries]]\n"
    text += "".join(f'{key} = "{value}"\n' for key, value in entry.items()) + 'checked = "2026-01-01"\n'
    index.write_text(text, encoding="utf-8")
    return text.splitlines()


@pytest.mark.parametrize(
    ("key", "value", "found"),
    [
        ("name", "Official Unclench crisis line", "Unclench"),
        ("source", "unclench.org", "unclench"),
        ("reach", "Call 123 (the UNCLENCH team)", "UNCLENCH"),
        ("name", "U.n.c.l.e.n.c.h line", "U.n.c.l.e.n.c.h"),
        ("name", "Uncl\\u200bench line", "Uncl\u200bench"),  # a zero-width space inside
        ("name", "Unclеnch line", "Unclench"),  # a Cyrillic е: told as drawn
        # A second tester's, which passed until reported:
        ("name", "UncIench Crisis Line", "UncIench"),  # a capital I for the l
        ("name", "Unc1ench line", "Unc1ench"),
        ("name", "Üñçłéñçĥ line", "Unclench"),
    ],
)
def test_an_entry_naming_the_app_is_refused_where_it_does(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, found: str
) -> None:
    lines = _with_entry(new_course_dir, **{key: value})
    assert main(["check", "--no-cache", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    line = next(number for number, text in enumerate(lines, 1) if text.startswith(f"{key} = ") and value in text)
    assert f"course.toml:{line}:" in err
    assert "support.entries[" in err and f"].{key}: the support card names Unclench here ({found!r})" in err
    assert "Unclench runs no helpline" in err


@pytest.mark.parametrize(
    ("table", "key", "value", "found"),
    [
        ("support", "note", "Numbers checked by the Unclench team.", "Unclench"),
        ("support", "directory", "Listed by Unclench: Find A Helpline (findahelpline.com)", "Unclench"),
        ("guidance", "support", "Call the **Unclench** helpline, 0800 000 000.", "Unclench"),
    ],
)
def test_the_note_the_directory_and_the_words_after_a_hard_practice_may_not_either(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str], table: str, key: str, value: str, found: str
) -> None:
    index = new_course_dir / "course" / "course.toml"
    text = index.read_text(encoding="utf-8") + f'\n[{table}]\n{key} = "{value}"\n'
    index.write_text(text, encoding="utf-8")
    assert main(["check", "--no-cache", str(new_course_dir)]) == 1
    assert f"{table}.{key}: the support card names Unclench here ({found!r})" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name",
    [
        "Samaritans",
        "Run, clench your fists, let go (a self-help group)",
        "Shout: text 85258, or use their app",
        "Samaritans (their app is in the app store)",
        # Words about an app are not refused: a tester's real helplines were, for their own apps.
        "Text SHOUT to 85258, or chat in the app.",
        "Get it from the App Store or Google Play.",
        "This app is not a crisis service: call 999.",
        "Most have a built-in chat on their website.",
    ],
)
def test_entries_that_do_not_name_it_pass(new_course_dir: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    _with_entry(new_course_dir, name=name)
    assert main(["check", "--no-cache", str(new_course_dir)]) == 0, capsys.readouterr().err
