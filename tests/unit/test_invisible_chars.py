"""Invisible format characters: what ``check`` refuses, what it warns about, and how they are shown.

Refused (a hostile course could hide text or reverse how it reads): the
bidirectional overrides and isolates, the line and paragraph separators, the tag
characters, and a bidirectional mark in a text without a right-to-left letter.
Warned about: a zero-width character inside a word. Shown as symbols wherever
they come from (an import, the database): all of those but the marks, which are
shown as symbols only in a text without a right-to-left letter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from unclench import invisibles, validation
from unclench.cli import main
from unclench.placeholders import PLACEHOLDERS
from unclench.schema import PACKAGED_SCHEMAS, SCHEMA_FILES
from unclench.text import has_controls, json_text, visible, without_controls


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "course", "c"]) == 0
    capsys.readouterr()
    for path in [tmp_path / "c" / "course" / "course.toml", tmp_path / "c" / "lessons" / "welcome.toml"]:
        text = path.read_text(encoding="utf-8")
        # Edited, as an author does, so that they are no longer placeholders warned about (the tests here
        # find their places by the first words).
        for placeholder in PLACEHOLDERS.values():
            text = text.replace(placeholder, f"{placeholder} Edited.")
        path.write_text(text, encoding="utf-8")
    return tmp_path / "c"


def _write_into_lesson(course_dir: Path, old: str, new: str) -> tuple[int, int]:
    """Replace ``old`` by ``new`` in the sample lesson; the line and column of ``new``'s first backslash or ``@``."""
    lesson = course_dir / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new.replace("@", ""), 1)
    lesson.write_text(text, encoding="utf-8")
    marker = new.index("@") if "@" in new else max(new.find("\\"), 0)
    offset = text.index(new.replace("@", "")) + marker
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


REFUSED = [
    # (key, old, new: "@" marks where the character is when it is written raw), start of the message
    ("title", 'title = "Welcome"\n', 'title = "Wel\\u202Ecome"\n', "invisible bidirectional control U+202E (RLO)"),
    ("title", 'title = "Welcome"\n', 'title = "Wel@\u2067come"\n', "invisible bidirectional control U+2067 (RLI)"),
    ("steps[0].body", "Write the lesson here", "Write \\u2028the lesson here", "line separator U+2028 (LSEP)"),
    ("steps[0].body", "Write the lesson here", "Write @\u2029the lesson here", "paragraph separator U+2029 (PSEP)"),
    (
        "steps[2].choices[0].text",
        'text = "Yes"',
        'text = "Yes\\U000E0069\\U000E0067\\U000E006E\\U000E006F\\U000E0072\\U000E0065"',
        "invisible tag character U+E0069 (TAG i)",
    ),
    ("steps[2].choices[1].text", 'text = "No"', 'text = "No@\U000e0041"', "invisible tag character U+E0041 (TAG A)"),
    (
        "steps[1].question",
        'question = "What do you notice',
        'question = "Call \\u200F911 or 112\\u200F. What do you notice',
        "invisible bidirectional mark U+200F (RLM) is not allowed in a text without right-to-left letters",
    ),
    (
        "summary",
        'summary = "One sentence',
        'summary = "@\u200eOne sentence',
        "invisible bidirectional mark U+200E (LRM)",
    ),
]


@pytest.mark.parametrize(("key", "old", "new", "message"), REFUSED, ids=[f"{r[0]}-{r[3][:30]}" for r in REFUSED])
def test_check_refuses_characters_that_hide_or_reorder_text_at_their_place(
    course_dir: Path, capsys: pytest.CaptureFixture[str], key: str, old: str, new: str, message: str
) -> None:
    line, col = _write_into_lesson(course_dir, old, new)
    assert main(["check", str(course_dir)]) == 1
    err = capsys.readouterr().err
    [entry] = [entry for entry in err.splitlines() if entry.startswith("c/lessons/welcome.toml:")]
    assert entry.startswith(f"c/lessons/welcome.toml:{line}:{col}: {key}: {message}"), entry
    assert entry.endswith(("; remove it", "; use a line break", "; remove it and the tag characters around it"))
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u2028\u2029\u200e\u200f\U000e0000-\U000e007f]", err)
    # The app refuses the course as it refuses any invalid one.
    assert main(["--course", str(course_dir)]) == 1
    assert message in capsys.readouterr().err


def test_a_mark_in_right_to_left_text_and_joiners_in_emoji_are_fine(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_into_lesson(course_dir, 'text = "Yes"', 'text = "כן\u200f! 👩\u200d👩\u200d👧 می\u200cخواهم"')
    assert main(["check", str(course_dir)]) == 0
    # No invisible character is warned of; the joined emoji are, as drawn wider than counted (test_drawn_wider).
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "joined emoji" in warnings[0]


def test_check_warns_about_a_zero_width_character_inside_a_word(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, col = _write_into_lesson(course_dir, 'title = "Welcome"\n', 'title = "Wel\\u200Bcome"\n')
    _write_into_lesson(course_dir, 'text = "Yes"', 'text = "Y\u200dE\u200ds \u200bsure"')  # raw, and one not in a word
    assert main(["check", str(course_dir)]) == 0  # warnings never change the exit status
    err = capsys.readouterr().err
    assert (
        f"c/lessons/welcome.toml:{line}:{col}: warning: title: invisible character U+200B (ZWSP) inside the word "
        "'Wel⟨U+200B⟩come': the word looks whole but is not, and a search for it misses it; remove it"
    ) in err
    assert (
        "warning: steps[2].choices[0].text: invisible character U+200D (ZWJ) inside the word "
        "'Y⟨U+200D⟩E⟨U+200D⟩s' (and 1 more like it in this text)"
    ) in err
    assert "U+200B (ZWSP) inside the word 's" not in err  # before a word is not inside it
    assert main(["check", str(course_dir), "--format", "json"]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["key"], p["severity"], p["line"]) for p in problems] == [
        ("title", "warning", line),
        ("steps[2].choices[0].text", "warning", problems[1]["line"]),
    ]


@pytest.mark.parametrize("kind", validation.KINDS)
@pytest.mark.parametrize(
    "text", ["a\u2028b", "a\u2029", "x\U000e0041y", "\U000e007f", "call \u200f911", "\u061cx", "\u200e"]
)
def test_compiled_validators_and_models_both_refuse(text: str, kind: validation.Kind) -> None:
    data = _data(kind, text)
    with pytest.raises(ValidationError):
        validation.model_for(kind).model_validate(data)
    assert validation.accepted(kind, data) is None


@pytest.mark.parametrize("kind", validation.KINDS)
@pytest.mark.parametrize("text", ["שלום\u200f 1", "مرحبا\u061c", "a\u200bb", "👩\u200d👧", "plain"])
def test_compiled_validators_and_models_both_accept(text: str, kind: validation.Kind) -> None:
    data = _data(kind, text)
    validation.model_for(kind).model_validate(data)
    assert validation.accepted(kind, data) is not None


def _data(kind: validation.Kind, text: str) -> dict[str, object]:
    if kind == "course":
        return {
            "format_version": 1,
            "id": "c",
            "title": text,
            "disclaimer": "d",
            "modules": [{"id": "m", "title": "M", "lessons": ["l"]}],
        }
    return {"id": "l", "title": "L", "minutes": 5, "steps": [{"kind": "page", "id": "p", "body": text}]}


def test_the_editors_schemas_name_no_character_beyond_the_bmp() -> None:
    """JSON Schema's patterns (ECMA-262, no ``u`` flag) would read ``\\U000e0000`` as the letters U, 0 and e."""
    for name in SCHEMA_FILES.values():
        text = (PACKAGED_SCHEMAS / name).read_text(encoding="utf-8")
        assert "\\\\U" not in text and not re.search("[\U00010000-\U0010ffff]", text)
        patterns = re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', text)
        assert any("\\\\u2028" in pattern for pattern in patterns)


# -- how they are shown -------------------------------------------------------------------------


def test_visible_shows_the_hiding_and_reordering_characters_as_symbols() -> None:
    assert visible("a\u2028b\u2029c") == "a⟨U+2028⟩b⟨U+2029⟩c"
    assert visible("ok\U000e0069\U000e0067\U000e006e") == "ok⟨U+E0069⟩⟨U+E0067⟩⟨U+E006E⟩"
    assert visible("call \u200f911 / 112\u200f") == "call ⟨U+200F⟩911 / 112⟨U+200F⟩"
    assert visible("\u061c1\u200e") == "⟨U+061C⟩1⟨U+200E⟩"
    # In right-to-left text the marks do their work (and a terminal lays it out anyway); overrides never do.
    hebrew = "שלום\u200f 1"
    assert visible(hebrew) is hebrew and not has_controls(hebrew)
    assert visible("שלום\u202e1\u200f") == "שלום⟨U+202E⟩1\u200f"
    assert has_controls("x\u200f") and has_controls("x\U000e0041") and has_controls("x\u2028")
    plain = "zero\u200bwidth, 👩\u200d👧, tag-free"
    assert visible(plain) is plain  # they hide nothing and reorder nothing: check warns about them


def test_visible_shows_a_byte_order_mark_and_the_other_hidden_format_characters_as_symbols() -> None:
    """A stranger's journal showed U+FEFF inside a word raw (the word looked whole), where U+202E showed as a
    symbol: every invisible format character no one means in a text is shown, in right-to-left text too."""
    for char in "\ufeff\u2060\u2061\u2064\u206a\u206f\ufff9\ufffb\U0001d173\U0001d17a":
        shown = f"⟨U+{ord(char):04X}⟩"
        assert visible(f"tre{char}mor") == f"tre{shown}mor"
        assert visible(f"שלום{char}") == f"שלום{shown}" and has_controls(char)
    # Typed or pasted into an answer, such a character is left out (and the learner told), as a control is.
    assert without_controls("tre\ufeffmor") == ("tremor", "\ufeff")
    # Left as they are: a word break typed in Khmer or Thai, the joiners, Mongolian's vowel separator, a soft hyphen.
    for kept in ("ខ្ញុំ\u200bសុខ", "👩\u200d👧", "ᠨᠠ\u180eᠠ", "soft\u00adhyphen"):
        assert visible(kept) is kept and without_controls(kept) == (kept, "")


def test_json_text_escapes_them_and_stays_lossless() -> None:
    data = {"a": "x\U000e0041\u2028\u2029\u200f\u200e\u061c\ufeff\u2060\U0001d173"}
    text = json_text(data)
    assert not re.search("[\u2028\u2029\u200e\u200f\u061c\U000e0000-\U000e007f\ufeff\u2060\U0001d173]", text)
    assert "\\udb40\\udc41" in text and "\\ufeff" in text and json.loads(text) == data


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Wel\u206acome", "invisible character U+206A inside the word 'Wel⟨U+206A⟩come'"),
        ("Wel\ufff9come", "invisible character U+FFF9 inside the word 'Wel⟨U+FFF9⟩come'"),
        ("tre\U0001d173mor", "invisible character U+1D173 inside the word 'tre⟨U+1D173⟩mor'"),
        ("tre\u034fmor", "invisible character U+034F inside the word 'tre⟨U+034F⟩mor'"),
        ("tre\u17b5mor", "invisible character U+17B5 inside the word 'tre⟨U+17B5⟩mor'"),
        ("tremor\ufe0f", "invisible variation selector U+FE0F after 'r', where it selects nothing"),
        ("tremor \U000e0100", "invisible variation selector U+E0100 after a space, where it selects nothing"),
        ("a \u263a\ufe0f\ufe00\ufe01", "invisible variation selector U+FE00 right after another one, where it"),
        ("Tremor\U000e0101", "invisible variation selector U+E0101 after 'r', where it selects nothing"),
        ("x \U00013430\U00013430x", "invisible format character U+13430, which joins Egyptian hieroglyphs, not"),
        ("x\U0001bca0 ok", "invisible format character U+1BCA0, which joins Duployan shorthand, not between"),
        ("\u0600 alone", "the sign U+0600, drawn spanning the digits or letters right after it, with none there"),
        ("a\u070f b", "the sign U+070F, drawn spanning the digits or letters right after it, with none there"),
        ("\U000110bd.", "the sign U+110BD, drawn spanning the digits or letters right after it, with none there"),
    ],
)
def test_check_warns_about_more_invisible_characters(
    course_dir: Path, capsys: pytest.CaptureFixture[str], text: str, shown: str
) -> None:
    line, _col = _write_into_lesson(course_dir, 'text = "Yes"', f'text = "@{text}"')
    assert main(["check", str(course_dir)]) == 0
    err = capsys.readouterr().err
    assert f"c/lessons/welcome.toml:{line}:" in err and f"warning: steps[2].choices[0].text: {shown}" in err


def test_variation_selectors_that_choose_a_glyph_are_fine(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Emoji style after an emoji, a keycap after a digit, an ideographic variant after a CJK ideograph: not hidden
    characters. (The emoji-style ones are warned of as drawn wider by terminals than the app counts, once.)"""
    _write_into_lesson(
        course_dir, 'text = "Yes"', 'text = "Yes \u263a\ufe0f 1\ufe0f\u20e3 \u8fbb\U000e0100 \u2764\ufe0e"'
    )
    assert main(["check", str(course_dir)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "emoji-style selector U+FE0F" in warnings[0]


#: What ``check`` looked for in each file before it looked at all-ASCII files more quickly: the full scan.
_FULL_SCAN = re.compile(
    f"[{invisibles._ZERO_WIDTH_CHARS}{invisibles._JOINER_CHARS}{invisibles._SELECTOR_CHARS}"
    f"{invisibles._SPANNING_CHARS}{''.join(chars for chars, _, _ in invisibles._SCRIPT_CONTROLS)}]|\\\\[uU]"
)
#: Every character the scan looks for (its classes' ranges), so that the test draws them often.
_INVISIBLE_RANGES = (
    (0x34F, 0x34F),
    (0x17B4, 0x17B5),
    (0x180E, 0x180E),
    (0x200B, 0x200D),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x1D173, 0x1D17A),
    (0xE0100, 0xE01EF),
    (0x0600, 0x0605),
    (0x070F, 0x070F),
    (0x110BD, 0x110BD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
)
_INVISIBLES = [chr(code) for low, high in _INVISIBLE_RANGES for code in range(low, high + 1)]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.characters(max_codepoint=0x7F),
            st.sampled_from(["\\", "u", "U", "\\u", "\\U", *_INVISIBLES]),
            st.characters(codec="utf-8"),
            st.characters(),  # hostile: any code point, surrogates too
        ),
        max_size=60,
    ).map("".join)
)
@example("plain ASCII text, as most course files are")
@example("an escape \\u200b in ASCII, and \\U0000200B")
@example("only \\U000E0100 here")
@example("Caf\u00e9 \u2014 no invisible character")
@example("tre\u200bmor")
def test_the_quick_look_at_a_file_agrees_with_the_full_scan(text: str) -> None:
    assert invisibles.worth_parsing(text) == (_FULL_SCAN.search(text) is not None)


def test_format_controls_between_their_script_and_signs_before_digits_are_fine(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_into_lesson(
        course_dir, 'text = "Yes"', 'text = "Yes \U00013000\U00013430\U00013001 \u0600\u0661\u0662 \u070f\u0710\u0712"'
    )
    assert main(["check", str(course_dir)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_the_quick_look_sees_every_invisible_character() -> None:
    # worth_parsing searches only a text holding a character of the categories the invisible ones are of: a
    # character of another category would slip past it.
    pattern = re.compile(invisibles._INVISIBLE)
    missed = [
        f"U+{code:04X}"
        for code in range(0x80, 0x110000)
        if pattern.match(chr(code)) and not invisibles.worth_parsing(f"caf\u00e9 {chr(code)}")
    ]
    assert missed == []
