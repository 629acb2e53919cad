"""`unclench check` warns, once a file, at text many terminals draw wider than the app lays it out.

A security tester's Burmese line before a safety note's words pushed "whenever you" past the screen's edge, and a
Tamil title pushed the map's "not started" off; Rich counts a spacing vowel sign as no column and joined emoji as
one emoji, where terminals draw one column and two emoji.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich._unicode_data import load as load_cell_table
from rich.cells import cell_len

from unclench import cli
from unclench.drawnwider import NEWER_THAN_TERMINALS, TERMINALS_UNICODE, WIDENED_BY_VS16, drawn_wider_warnings

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
    text = 'id = "x"\ntitle = "Café, 你好, 가, 🙂 🥲, a heart ❤, a keycap 1⃣, ế, ﷲ"\n'
    lesson.write_text(text, encoding="utf-8")
    assert drawn_wider_warnings([lesson]) == []


def test_rich_widens_these_and_counts_newer_emoji_by_its_own_tables() -> None:
    # What the VS16 and newer-emoji warnings are for: Rich counts two, tmux on Debian 12 (glibc 2.36) one or none.
    assert cell_len("\u263a\ufe0f") == 2 and cell_len("1\ufe0f\u20e3") == 2 and cell_len("\U0001faea") == 2
    assert load_cell_table("latest").unicode_version == "17.0.0"


def test_the_tables_agree_with_rich() -> None:
    latest = load_cell_table("latest")
    assert set(latest.narrow_to_wide) == {
        c for c in map(chr, range(0x30000)) if re.fullmatch(f"[{WIDENED_BY_VS16}]", c)
    }
    old = load_cell_table(TERMINALS_UNICODE)

    def widths(table: list[tuple[int, int, int]]) -> dict[int, int]:
        return {code: width for low, high, width in table for code in range(low, high + 1)}

    new_widths, old_widths = widths(list(latest.widths)), widths(list(old.widths))
    differ = {code for code in set(new_widths) | set(old_widths) if new_widths.get(code, 1) != old_widths.get(code, 1)}
    assert differ == {code for low, high in NEWER_THAN_TERMINALS for code in range(low, high + 1)}


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("\u263a\ufe0f" * 150, "an emoji written with the emoji-style selector U+FE0F, such as '\u263a\ufe0f' (U+263A"),
        (
            "Count 1\ufe0f\u20e3 2\ufe0f\u20e3",
            "a keycap written with the emoji-style selector U+FE0F, such as '1\ufe0f\u20e3'",
        ),
        (
            "Love \u2764\ufe0f",
            "an emoji written with the emoji-style selector U+FE0F, such as '\u2764\ufe0f' (U+2764 U+FE0F)",
        ),
        ("New \U0001faea", "'\U0001faea' U+1FAEA, newer (Unicode 15 to 17) than the width tables many terminals"),
        ("Peace \ufdfd\ufdfd", "the ligature '\ufdfd' U+FDFD, a whole phrase in one character"),
        ("Z" + "\u0301" * 200, "200 combining marks stacked on one character (more than 6)"),
        ("Z" + "\\u0301" * 20, "20 combining marks stacked on one character (more than 6)"),  # TOML escapes
        ("Love \\u2764\\uFE0F", "an emoji written with the emoji-style selector U+FE0F, such as '\u2764\ufe0f'"),
    ],
)
def test_text_terminals_draw_another_width_is_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str], title: str, said: str
) -> None:
    _replace(course / "lessons" / "welcome.toml", 'title = "Welcome"', f'title = "{title}"')
    assert cli.main(["check", "--no-cache", "."]) == 0
    err = capsys.readouterr().err
    [warning] = [line for line in err.splitlines() if "lessons/welcome.toml:2:" in line and "warning: title: " in line]
    assert f"this text holds {said}" in warning


def test_a_stop_text_of_emoji_and_a_keycap_body_each_get_their_warning(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = course / "course" / "course.toml"
    index.write_text(
        index.read_text(encoding="utf-8") + '\n[guidance]\nstop = "' + "\u263a\ufe0f" * 95 + ' lie still"\n',
        encoding="utf-8",
    )
    _replace(course / "lessons" / "welcome.toml", 'title = "Welcome"', 'title = "Welcome \U0001faea"')
    assert cli.main(["check", "--no-cache", "."]) == 0
    err = capsys.readouterr().err
    assert "guidance.stop: this text holds an emoji written with the emoji-style selector U+FE0F" in err
    assert "remove the U+FE0F after it (the symbol is then drawn in text style" in err
    assert "title: this text holds '\U0001faea' U+1FAEA" in err
