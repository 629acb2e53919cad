"""Characters Rich counts as no column wide where a terminal draws them wider: refused in course text, shown as
symbols in a learner's.

A stranger's label of 150 lone skin-tone modifiers (U+1F3FB) and a safety note holding 400 Hangul fillers
(U+3164) passed ``check``: Rich laid each out as nothing, tmux drew each two columns wide, and the rest of the
screen line (the grounding box's reason, "Step 4 of 4", the course map's status, the end of the safety note that
could still be ticked as read) went past the right edge. See :data:`unclench.text.MISMEASURED`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from unclench import coursecache, text
from unclench.cli import main
from unclench.problems import CourseLoadError
from unclench.references import forbidden_references
from unclench.store import ProgressStore
from unclench.text import (
    first_forbidden,
    first_mismeasured,
    has_controls,
    may_hold_mismeasured,
    visible,
    without_controls,
)

#: Code points this Python's Unicode database (14.0 on Python 3.11) does not know but Rich's newer tables do, as
#: combining marks or format characters (Unicode 15 to 17): Rich counts them as nothing, as it counts every
#: mark, and they are no more this test's than the marks this Python knows. Kept as Rich 15 found them.
_MARKS_NEWER_THAN_PYTHON = (
    (0x0897, 0x0897),
    (0x0CF3, 0x0CF3),
    (0x0ECE, 0x0ECE),
    (0x1ACF, 0x1ADD),
    (0x1AE0, 0x1AEB),
    (0x10D69, 0x10D6D),
    (0x10EFA, 0x10EFF),
    (0x11241, 0x11241),
    (0x113B8, 0x113C0),
    (0x113C2, 0x113C2),
    (0x113C5, 0x113C5),
    (0x113C7, 0x113CA),
    (0x113CC, 0x113D0),
    (0x113D2, 0x113D2),
    (0x113E1, 0x113E2),
    (0x11B60, 0x11B67),
    (0x11F00, 0x11F01),
    (0x11F03, 0x11F03),
    (0x11F34, 0x11F3A),
    (0x11F3E, 0x11F42),
    (0x11F5A, 0x11F5A),
    (0x13439, 0x13440),
    (0x13447, 0x13455),
    (0x1611E, 0x1612F),
    (0x1E08F, 0x1E08F),
    (0x1E4EC, 0x1E4EF),
    (0x1E5EE, 0x1E5EF),
    (0x1E6E3, 0x1E6E3),
    (0x1E6E6, 0x1E6E6),
    (0x1E6EE, 0x1E6EF),
    (0x1E6F5, 0x1E6F5),
)
#: What Rich may count as nothing: the combining marks (spacing ones too, as in Indic scripts) and format
#: characters, which terminals draw as nothing or on the character before them.
_MARK_CATEGORIES = {"Mn", "Me", "Mc", "Cf"}


def _newer_mark(code: int) -> bool:
    return any(low <= code <= high for low, high in _MARKS_NEWER_THAN_PYTHON)


def _refused_after_a_letter(char: str) -> bool:
    """Whether ``check`` refuses ``char`` right after an ASCII letter (where none of these has a use)."""
    text = f"a{char}"
    return first_forbidden(text) == (1, char) or first_mismeasured(text) == (1, char)


def test_every_character_rich_counts_as_no_column_wide_is_refused_but_marks() -> None:
    # Asked of Rich itself, over all of Unicode: a Rich that counts more characters as nothing fails here.
    nothing = [
        char
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and get_character_cell_size(char := chr(code)) == 0
        and unicodedata.category(char) not in _MARK_CATEGORIES
        and char not in "\t\n"  # a tab and a line break are the layout's, not drawn
    ]
    assert len(nothing) > 4000  # C0 and C1, the separators, Hangul jamo and fillers, skin tones, plane 14
    left = [char for char in nothing if not _refused_after_a_letter(char)]
    assert [f"U+{ord(char):04X}" for char in left if not _newer_mark(ord(char))] == []
    # Each is shown as a symbol in a learner's text, where it is not refused.
    assert [
        f"U+{ord(char):04X}" for char in nothing if not _newer_mark(ord(char)) and visible(f"a{char}") == f"a{char}"
    ] == []


@pytest.mark.parametrize(
    "text",
    [
        "Hello 👋🏽!",
        "👩🏿\u200d💻 and ✊🏻",
        "🫸🏼",  # U+1FAF8, Unicode 15
        "가 and 한국어",
        "\u1100\u1161\u11a8",  # old Hangul written in conjoining jamo: leading, vowel, trailing
        "\ua960\u1161 \u1100\ud7b0 \u1100\u1161\ud7cb",
        "Tension 7",
    ],
)
def test_what_terminals_draw_as_laid_out_is_allowed(text: str) -> None:
    assert first_mismeasured(text) is None
    assert visible(text) is text and not has_controls(text)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("\U0001f3fb", 0),  # a modifier on its own
        ("Tension\U0001f3fb\U0001f3fb", 7),  # after a letter
        ("a \U0001f3ff", 2),  # after a space
        ("👋🏽\U0001f3fd", 2),  # after another modifier
        ("🌲\U0001f3fd", 1),  # after an emoji it cannot change
        ("\u3164", 0),
        ("a\uffa0b", 1),
        ("\u115f\u1161", 0),  # the filler, though a jamo may follow it
        ("x\u1160", 1),
        ("x\u1161", 1),  # a vowel jamo after no consonant
        ("\ud7b0", 0),
        ("Step 4 \u11a8", 7),
        ("a\u2065", 1),  # unassigned, counted as nothing
        ("\u1100\ud7fc", 1),
    ],
)
def test_what_terminals_draw_wider_than_laid_out_is_refused(text: str, index: int) -> None:
    assert first_mismeasured(text) == (index, text[index])
    assert f"⟨U+{ord(text[index]):04X}⟩" in visible(text)


def test_a_learner_types_a_skin_tone_after_a_hand_as_a_key_of_its_own() -> None:
    assert without_controls("\U0001f3fd", before="👋") == ("\U0001f3fd", "")
    assert without_controls("\U0001f3fd", before="a") == ("", "\U0001f3fd")
    assert without_controls("x\u3164y\U0001f3fb👋🏽\x1b") == ("xy👋🏽", "\u3164\U0001f3fb\x1b")
    assert without_controls("\u1161", before="\u1100") == ("\u1161", "")


def test_a_reference_markdown_decodes_is_judged_by_what_comes_before_it() -> None:
    assert [ref.char for ref in forbidden_references("a &#x3164; b")] == ["\u3164"]
    assert [ref.char for ref in forbidden_references("a &#x1F3FB;")] == ["\U0001f3fb"]
    assert forbidden_references("👋&#x1F3FD; &#x1F44B;&#x1F3FD;") == []
    assert forbidden_references("`&#x3164;`") == []  # shown as written, in code


_FULL_SCAN = re.compile(f"{text._MAY_BE_MISMEASURED}|{text._MISMEASURED_ESCAPE}")
_PIECES = st.sampled_from(
    [
        "\\", "u", "U", "\\u", "\\U", "\\\\", "3164", "0001F3FB", "000E0FFF", "11a8", "D7B0", "FFF8", "2065",
        "\u3164", "\u115f", "\u11ff", "\ud7fb", "\uffa0", "\ufff8", "\U0001f3fb", "\U0001f44b", "\U000e0fff",
        "\u2014", "\u1100", "\ufffd", "\U0001f3c0", "\U000e0041", "a", " ", "\n",
    ]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.characters()), max_size=30).map("".join))
@example("A page \u2014 with an em dash, as many are")
@example("an escape \\u3164 here")
@example("an escaped backslash \\\\u3164 is no escape")
def test_the_quick_look_at_a_file_misses_nothing_the_full_scan_finds(value: str) -> None:
    if _FULL_SCAN.search(value) is not None and "\\\\" not in value:
        assert may_hold_mismeasured(value)
    if not may_hold_mismeasured(value):
        assert re.search(text._MAY_BE_MISMEASURED, value) is None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


@pytest.mark.parametrize(
    ("where", "old", "new", "marker", "key", "what"),
    [
        # The stranger's label: the grounding box's reason went past the edge.
        (
            "course",
            'label = "Tension"',
            'label = "Tension🏻🏻🏻"',
            "🏻",
            "checkins[0].label",
            "skin-tone modifier U+1F3FB",
        ),
        # A safety note whose end went past the edge, and could still be ticked as read.
        (
            "course",
            "You can stop whenever you want",
            "You can stop\\u3164\\u3164 whenever you want",
            "\\u3164",
            "safety[0].text",
            "Hangul filler U+3164",
        ),
        # The modifier after the hand is fine; the second one, after a letter, is placed.
        ("lesson", 'title = "Welcome"', 'title = "👋🏽 Welcome🏽"', "e🏽", "title", "skin-tone modifier U+1F3FD"),
        ("lesson", "Write the lesson here", "Write the\\u1161 lesson here", "\\u1161", "steps[0].body", "jamo U+1161"),
        ("lesson", "Write the lesson here", "Write &#xFFA0; the lesson here", "&#xFFA0;", "steps[0].body", "U+FFA0"),
    ],
)
def test_check_and_the_app_refuse_it_at_file_line_col(
    new_course_dir: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
    old: str,
    new: str,
    marker: str,
    key: str,
    what: str,
) -> None:
    path = new_course_dir / ("course/course.toml" if where == "course" else "lessons/welcome.toml")
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    offset = changed.index(marker, changed.index(new)) + (1 if marker == "e🏽" else 0)
    line, col = _line_col(changed, offset)
    assert main(["check", "--no-cache", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    found = [entry for entry in err.splitlines() if f": {key}: " in entry]
    assert len(found) == 1, err
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    assert found[0].startswith(f"{shown}:{line}:{col}: {key}: "), err
    assert what in found[0] and "off the screen" in found[0] and "; remove " in found[0]
    # The app's loading refuses the course as check does, and so does a start.
    with pytest.raises(CourseLoadError):
        coursecache.load_course(new_course_dir)
    assert main(["--course", str(new_course_dir)]) == 1


def test_a_hangul_filler_is_no_longer_only_a_warning(new_course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = new_course_dir / "lessons" / "welcome.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('title = "Welcome"', 'title = "Wel\u3164come"', 1))
    assert main(["check", str(new_course_dir)]) == 1
    err = capsys.readouterr().err
    assert "title: invisible Hangul filler U+3164 is not allowed in text" in err
    assert "warning" not in err.split("invisible Hangul filler")[0].splitlines()[-1]
    assert err.count("U+3164") == 1


def test_a_learner_s_imported_text_shows_them_as_symbols(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answer = "calm" + "\U0001f3fb" * 3 + " 👋🏽 " + "\u3164" * 3 + "end"
    with ProgressStore.open() as store:
        store.save_answer("c", "welcome", "reflect", "What\u3164?", answer)
    assert main(["export", "--course", str(new_course_dir)]) == 0
    out = capsys.readouterr().out
    assert "calm⟨U+1F3FB⟩⟨U+1F3FB⟩⟨U+1F3FB⟩ 👋🏽 ⟨U+3164⟩⟨U+3164⟩⟨U+3164⟩end" in out
    assert "What⟨U+3164⟩?" in out
    assert re.search("[\u3164\U0001f3fb]", out) is None
    assert main(["export", "--format", "json", "--course", str(new_course_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["journal"][0]["answer"] == answer  # kept exactly
    assert main(["status", "--course", str(new_course_dir)]) == 0
    assert re.search("[\u3164\U0001f3fb]", capsys.readouterr().out) is None
    assert has_controls(answer)  # the app shows such an answer as symbols, read-only
