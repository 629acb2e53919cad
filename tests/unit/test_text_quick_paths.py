"""The sanitiser's quick paths say exactly what its full scans say, for any text.

:mod:`unclench.text` compiles its character classes on first use and answers
printable ASCII (with tabs and newlines) without them. The oracle here is the
code as it was before: every class compiled, every text scanned. Hostile and
random text (controls, marks, right-to-left letters, surrogates, tags) must get
the same answer from both, and the same text back from :func:`visible`.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from unclench import text
from unclench.text import BIDI_CONTROLS, BIDI_MARKS, HIDDEN_FORMAT, SEPARATORS, TAGS

_CONTROL_CHARS = re.compile(
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}{HIDDEN_FORMAT}\\ud800-\\udfff]"
)
_CONTROLS_AND_MARKS = re.compile(
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}{HIDDEN_FORMAT}{BIDI_MARKS}\\ud800-\\udfff]"
)
_RIGHT_TO_LEFT = re.compile("[\u0590-\u061b\u061d-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
_BIDI_MARK = re.compile(f"[{BIDI_MARKS}]")
_FORBIDDEN_IN_TEXT = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}]")


def _old_shown_as_symbols(value: str, right_to_left: bool | None) -> re.Pattern[str] | None:
    """Every class and :data:`unclench.text.MISMEASURED` in one pattern, searched for in every text."""
    rtl = _RIGHT_TO_LEFT.search(value) is not None if right_to_left is None else right_to_left
    pattern = re.compile(f"{(_CONTROL_CHARS if rtl else _CONTROLS_AND_MARKS).pattern}|{text.MISMEASURED}")
    return pattern if pattern.search(value) is not None else None


def _old_visible(value: str, right_to_left: bool | None) -> str:
    shown = _old_shown_as_symbols(value, right_to_left)
    return value if shown is None else shown.sub(text._picture, value)


def _old_first_forbidden(value: str) -> tuple[int, str] | None:
    found = _FORBIDDEN_IN_TEXT.search(value)
    if (
        found is None
        and _RIGHT_TO_LEFT.search(value) is None
        and any(c.isprintable() and not c.isspace() for c in value)
    ):
        found = _BIDI_MARK.search(value)
    return (found.start(), found.group()) if found else None


#: Characters worth drawing often: every ASCII one (controls, tab, newline, DEL), C1, the classes' edges.
_EDGES = [
    *map(chr, range(0x80)),
    *map(chr, range(0x80, 0xA1)),
    *"\u202a\u202e\u2066\u2069\u2028\u2029\u200e\u200f\u061c\u0590\u061b\u061d\u08ff\ufb1d\ufdff\ufe70\ufefe",
    "\U000e0000",
    "\U000e0041",
    "\U000e007f",
    "\ud800",
    "\udc80",
    "\udfff",
    "\u00e9",
    "\u05d0",
    # What MISMEASURED finds, and what makes some of it fine (a hand before a skin tone, a jamo before a jamo).
    *"\u115f\u1160\u3164\uffa0\u2065\u1100\u1161\u11ff\ua960\ud7b0\ud7fb\ud7fc",
    "\U0001f3fb",
    "\U0001f3ff",
    "\U0001f44b",
    "\U0001f332",
    "\U000e0fff",
    # The hidden format characters, and the zero-width ones left as they are.
    *"\u2060\u2064\u206a\u206f\ufeff\ufff9\ufffb\u200b\u180e\u00ad",
    "\U0001d173",
    "\U0001d17a",
]
hostile = st.text(st.one_of(st.sampled_from(_EDGES), st.characters(), st.characters(max_codepoint=0x7F)), max_size=50)


@settings(max_examples=1500, deadline=None)
@given(hostile, st.sampled_from([None, True, False]))
@example("Plain text, as most is.\n\tIndented.", None)
@example("Bell\x07 and DEL\x7f", None)
@example("tab\tonly", None)
@example("", None)
@example("\u05d0\u200f (1)", None)
@example("(1)\u200f", None)
@example("(1)\u200f", True)
def test_visible_and_has_controls_agree_with_the_full_scan(value: str, right_to_left: bool | None) -> None:
    assert text.visible(value, right_to_left=right_to_left) == _old_visible(value, right_to_left)
    assert text.has_controls(value) == (_old_shown_as_symbols(value, None) is not None)
    assert text.has_right_to_left(value) == (_RIGHT_TO_LEFT.search(value) is not None)


@settings(max_examples=1500, deadline=None)
@given(hostile)
@example("Plain text\n")
@example("An ESC \x1b[2J here")
@example("\u200f")
@example("x\u200f")
@example("\u05d0\u200f")
def test_first_forbidden_agrees_with_the_full_scan(value: str) -> None:
    assert text.first_forbidden(value) == _old_first_forbidden(value)


def test_plain_ascii_is_exactly_printable_ascii_with_tabs_and_newlines() -> None:
    for code in range(0x80):
        char = chr(code)
        expected = char in "\t\n" or 0x20 <= code < 0x7F
        assert text._plain_ascii(f"a{char}b") is expected, repr(char)
    assert not text._plain_ascii("caf\u00e9")
