"""A course's support card may not name Unclench (a tester's finding).

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


def test_the_note_may_not_name_it_either(new_course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = new_course_dir / "course" / "course.toml"
    index.write_text(
        index.read_text(encoding="utf-8") + '\n[support]\nnote = "Numbers checked by the Unclench team."\n',
        encoding="utf-8",
    )
    assert main(["check", "--no-cache", str(new_course_dir)]) == 1
    assert "support.note: the support card names Unclench here ('Unclench')" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["Samaritans", "Run, clench your fists, let go (a self-help group)"])
def test_entries_that_do_not_name_it_pass(new_course_dir: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    _with_entry(new_course_dir, name=name)
    assert main(["check", "--no-cache", str(new_course_dir)]) == 0, capsys.readouterr().err
