"""Course text many terminals draw another width than the app lays it out: ``unclench check`` warns, once a file
for each kind.

The app lays text out by Rich's count of columns. For a spacing vowel sign (Devanagari ``ा``, Tamil ``ி``, Burmese
``ြ``: Unicode's spacing marks) Rich counts none, and for joined emoji (``👩‍💻``, a hand with a skin tone) one
emoji's two columns, where most terminals draw one column a mark and two an emoji. A security tester's line of
Burmese before a safety note's words pushed "whenever you" past the screen's edge, unseen, and a Tamil title
pushed the map's "not started" off. Whole languages are written so, and the app cannot know how a terminal draws
them: the author is told where, to look at those texts in a narrow terminal. (The characters no terminal agrees
on with Rich at all are refused outright: :data:`unclench.text.MISMEASURED`.)

Emoji disagree the other way too. Rich counts an emoji written with the emoji-style selector U+FE0F (``☺️``,
``❤️``, a keycap ``1️⃣``) two columns wide, where tmux, xterm and many others draw it one; and it measures by
Unicode 17's tables, where terminals measure by their system's (glibc 2.36, Debian 12: Unicode 14), so an emoji
or symbol of Unicode 15 to 17 (``🫪`` U+1FAEA) is two columns to the app and one or none to them. A stranger's
lesson title of 150 ``☺️`` doubled the lesson's header rule, and pieces of the safety gate stayed on screen after
it closed. A few Arabic ligatures of whole phrases (``﷽``) are one column to both, and drawn many columns wide
by fonts; and marks stacked by the dozen on one letter are drawn over the lines above and below.

Domain code: never imports Textual.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from unclench.invisibles import files_with_strings
from unclench.problems import Problem, key_text
from unclench.text import describe_char

#: A zero-width joiner, and the skin-tone modifiers (after an emoji of a person or a hand).
_JOINER = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
#: Where the emoji that join with a joiner are (pictographs, people, symbols).
_EMOJI_FROM = 0x1F000
#: The emoji-style variation selector (VS16).
VS16 = "\ufe0f"
#: The characters Rich counts one column wide alone and two with U+FE0F after them (Rich's ``narrow_to_wide``:
#: the emoji whose default is text style, the keycap digits, ``#`` and ``*``). ``tests/unit/test_drawn_wider.py``
#: checks it against Rich's table.
WIDENED_BY_VS16 = (
    "#*0-9\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u2328\u23cf\u23ed-\u23ef\u23f1\u23f2"
    "\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb\u25fc\u2600-\u2604\u260e\u2611\u2618\u261d\u2620"
    "\u2622\u2623\u2626\u262a\u262e\u262f\u2638-\u263a\u2640\u2642\u265f\u2660\u2663\u2665\u2666\u2668\u267b\u267e"
    "\u2692\u2694-\u2697\u2699\u269b\u269c\u26a0\u26a7\u26b0\u26b1\u26c8\u26cf\u26d1\u26d3\u26e9\u26f0\u26f1\u26f4"
    "\u26f7-\u26f9\u2702\u2708\u2709\u270c\u270d\u270f\u2712\u2714\u2716\u271d\u2721\u2733\u2734\u2744\u2747"
    "\u2763\u2764\u27a1\u2934\u2935\u2b05-\u2b07\U0001f170\U0001f171\U0001f17e\U0001f17f\U0001f321"
    "\U0001f324-\U0001f32c\U0001f336\U0001f37d\U0001f396\U0001f397\U0001f399-\U0001f39b\U0001f39e\U0001f39f"
    "\U0001f3cb-\U0001f3ce\U0001f3d4-\U0001f3df\U0001f3f3\U0001f3f5\U0001f3f7\U0001f43f\U0001f441\U0001f4fd"
    "\U0001f549\U0001f54a\U0001f56f\U0001f570\U0001f573-\U0001f579\U0001f587\U0001f58a-\U0001f58d\U0001f590"
    "\U0001f5a5\U0001f5a8\U0001f5b1\U0001f5b2\U0001f5bc\U0001f5c2-\U0001f5c4\U0001f5d1-\U0001f5d3"
    "\U0001f5dc-\U0001f5de\U0001f5e1\U0001f5e3\U0001f5e8\U0001f5ef\U0001f5f3\U0001f5fa\U0001f6cb"
    "\U0001f6cd-\U0001f6cf\U0001f6e0-\U0001f6e5\U0001f6e9\U0001f6f0\U0001f6f3"
)
# The patterns here are compiled when a file may hold what they find (``re`` keeps them): compiling them all costs
# check a few milliseconds, and most courses hold none of it.
#: A TOML escape of a character beyond ASCII (its hexadecimal code).
_ESCAPED = r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))"
_WIDENED = f"[{WIDENED_BY_VS16}]{VS16}"
#: The Unicode version of the width tables many terminals measure by (glibc 2.35 and 2.36: Ubuntu 22.04, Debian
#: 12), and the code points whose width Rich's tables (Unicode 17) count otherwise: emoji and symbols of Unicode
#: 15 to 17 (two columns to Rich, one or none to such a terminal) and newer combining marks (none to Rich, one to
#: it). ``tests/unit/test_drawn_wider.py`` checks them against Rich's tables.
TERMINALS_UNICODE = "14.0.0"
NEWER_THAN_TERMINALS = (
    (0x0897, 0x0897), (0x0CF3, 0x0CF3), (0x0ECE, 0x0ECE), (0x1ACF, 0x1ADD), (0x1AE0, 0x1AEB), (0x2630, 0x2637),
    (0x268A, 0x268F), (0x2FFC, 0x2FFF), (0x31E4, 0x31E5), (0x31EF, 0x31EF), (0x4DC0, 0x4DFF), (0x10D69, 0x10D6D),
    (0x10EFA, 0x10EFF), (0x11241, 0x11241), (0x113B8, 0x113C0), (0x113C2, 0x113C2), (0x113C5, 0x113C5),
    (0x113C7, 0x113CA), (0x113CC, 0x113D0), (0x113D2, 0x113D2), (0x113E1, 0x113E2), (0x11B60, 0x11B67),
    (0x11F00, 0x11F01), (0x11F03, 0x11F03), (0x11F34, 0x11F3A), (0x11F3E, 0x11F42), (0x11F5A, 0x11F5A),
    (0x13439, 0x13440), (0x13447, 0x13455), (0x1611E, 0x1612F), (0x16FF2, 0x16FF6), (0x187F8, 0x187FF),
    (0x18CFF, 0x18CFF), (0x18D09, 0x18D1E), (0x18D80, 0x18DF2), (0x1B132, 0x1B132), (0x1B155, 0x1B155),
    (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1E08F, 0x1E08F), (0x1E4EC, 0x1E4EF), (0x1E5EE, 0x1E5EF),
    (0x1E6E3, 0x1E6E3), (0x1E6E6, 0x1E6E6), (0x1E6EE, 0x1E6EF), (0x1E6F5, 0x1E6F5), (0x1F6D8, 0x1F6D8),
    (0x1F6DC, 0x1F6DC), (0x1FA75, 0x1FA77), (0x1FA87, 0x1FA8A), (0x1FA8E, 0x1FA8F), (0x1FAAD, 0x1FAAF),
    (0x1FABB, 0x1FABF), (0x1FAC6, 0x1FAC6), (0x1FAC8, 0x1FAC8), (0x1FACD, 0x1FACF), (0x1FADA, 0x1FADC),
    (0x1FADF, 0x1FADF), (0x1FAE8, 0x1FAEA), (0x1FAEF, 0x1FAEF), (0x1FAF7, 0x1FAF8),
)  # fmt: skip
_NEWER_STARTS = [low for low, _high in NEWER_THAN_TERMINALS]
#: The Arabic ligatures of whole words and phrases (ﷺ, ﷻ, ﷽): one column to Rich and to terminals, drawn many
#: columns wide by fonts, over the text beside them.
_PHRASE_LIGATURES = "\ufdfa\ufdfb\ufdfd"
#: More combining marks than this on one character are drawn over the lines above and below it. Vietnamese
#: stacks two, pointed Hebrew with cantillation four.
MAX_STACKED_MARKS = 6
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_STACKED = f"[{_MARKS}]{{{MAX_STACKED_MARKS + 1},}}"

DRAWN_WIDER_FIX = (
    "look at these texts in a terminal 60 columns wide (`unclench preview`), and keep the words that matter most "
    "(how to stop, a safety note) on short lines"
)
_CUT_OFF = "many terminals draw it wider, so a word at the end of a line can be cut off at the screen's edge"
_OTHER_WIDTH = (
    "the rest of the line is drawn out of place (words cut off at the screen's edge, pieces of an earlier screen "
    "left behind)"
)
_VS16_FIX = (
    "remove the U+FE0F after it (the symbol is then drawn in text style, one column wide everywhere), or use an "
    "emoji that is two columns wide without it (🙂)"
)
_NEWER_FIX = "use an emoji or symbol of Unicode 14 or before, or " + DRAWN_WIDER_FIX


def _spacing_mark(text: str) -> int | None:
    return next((at for at, char in enumerate(text) if unicodedata.category(char) == "Mc"), None)


def _joined(text: str) -> int | None:
    emoji = any(ord(char) >= _EMOJI_FROM for char in text)
    return next((at for at, char in enumerate(text) if ord(char) in _SKIN_TONES or (char == _JOINER and emoji)), None)


def _pattern_finder(pattern: str) -> Callable[[str], int | None]:
    def find(text: str) -> int | None:
        found = re.search(pattern, text)
        return None if found is None else found.start()

    return find


def _is_newer(char: str) -> bool:
    """Whether ``char`` is in :data:`NEWER_THAN_TERMINALS`."""
    at = bisect.bisect_right(_NEWER_STARTS, ord(char)) - 1
    return at >= 0 and ord(char) <= NEWER_THAN_TERMINALS[at][1]


def _newer(text: str) -> int | None:
    return min((text.index(char) for char in set(text) if char >= "\u0897" and _is_newer(char)), default=None)


def _ligature(text: str) -> int | None:
    return next((at for at, char in enumerate(text) if char in _PHRASE_LIGATURES), None)


def _what_mark(char: str, _text: str, _at: int) -> str:
    return f"a spacing mark such as '{char}' {describe_char(char)}, which Unclench counts as no column"


def _what_joined(_char: str, _text: str, _at: int) -> str:
    return "joined emoji (with a joiner or a skin tone), which Unclench counts as one emoji"


def _what_vs16(char: str, text: str, at: int) -> str:
    shown = text[at : at + 3] if text[at + 2 : at + 3] == "\u20e3" else text[at : at + 2]
    kind = "a keycap" if shown.endswith("\u20e3") else "an emoji"
    return (
        f"{kind} written with the emoji-style selector U+FE0F, such as '{shown}' ({describe_char(char)} "
        "U+FE0F), which Unclench counts as two columns where many terminals draw one"
    )


def _what_newer(char: str, _text: str, _at: int) -> str:
    return (
        f"'{char}' {describe_char(char)}, newer (Unicode 15 to 17) than the width tables many terminals measure by "
        f"(Unicode {TERMINALS_UNICODE[:4]}): Unclench and those terminals count its columns differently"
    )


def _what_ligature(char: str, _text: str, _at: int) -> str:
    return (
        f"the ligature '{char}' {describe_char(char)}, a whole phrase in one character, which Unclench counts as one "
        "column and fonts draw many columns wide"
    )


def _what_stacked(_char: str, text: str, at: int) -> str:
    found = re.compile(_STACKED).search(text, at)
    count = len(found.group()) if found else MAX_STACKED_MARKS + 1
    return (
        f"{count} combining marks stacked on one character (more than {MAX_STACKED_MARKS}), which terminals draw "
        "over the lines above and below it, or as columns of their own"
    )


_Finder = Callable[[str], "int | None"]
_Describer = Callable[[str, str, int], str]
#: Each kind: whether a file's characters may hold it, where it is in a text, what it is, what it does.
_KINDS: tuple[tuple[Callable[[set[str]], bool], _Finder, _Describer, str, str], ...] = (
    (
        lambda chars: any(unicodedata.category(c) == "Mc" for c in chars),
        _spacing_mark,
        _what_mark,
        _CUT_OFF,
        DRAWN_WIDER_FIX,
    ),
    (
        lambda chars: any(ord(c) in _SKIN_TONES for c in chars) or _JOINER in chars,
        _joined,
        _what_joined,
        _CUT_OFF,
        DRAWN_WIDER_FIX,
    ),
    (lambda chars: VS16 in chars, _pattern_finder(_WIDENED), _what_vs16, _OTHER_WIDTH, _VS16_FIX),
    (lambda chars: any(_is_newer(c) for c in chars), _newer, _what_newer, _OTHER_WIDTH, _NEWER_FIX),
    (lambda chars: not chars.isdisjoint(_PHRASE_LIGATURES), _ligature, _what_ligature, _CUT_OFF, DRAWN_WIDER_FIX),
    (
        lambda chars: any(unicodedata.category(c) in ("Mn", "Me") for c in chars),
        _pattern_finder(_STACKED),
        _what_stacked,
        "so high a stack hides the words above and below it",
        f"keep at most {MAX_STACKED_MARKS} marks on a character",
    ),
)


def drawn_wider_warnings(paths: Iterable[Path]) -> list[Problem]:
    """A warning a course file and kind whose texts hold characters terminals draw another width than the app lays
    them out (wider, mostly), at the first text that holds them."""
    warnings: list[Problem] = []
    for parsed, strings, kinds in files_with_strings(paths, _kinds_in):
        for kind in kinds:
            _may_hold, find, what, effect, fix = _KINDS[kind]
            holding = [(key, value, at) for key, value in strings if (at := find(value)) is not None]
            if not holding:
                continue
            key, value, at = holding[0]
            char = value[at]
            line, col = parsed.char_position(key, char, value.count(char, 0, at))
            more = f" (and {len(holding) - 1} more texts in this file)" if len(holding) > 1 else ""
            message = f"this text holds {what(char, value, at)}{more}: {effect}"
            warnings.append(Problem(parsed.path, line, col, key_text(key), message, fix, "warning"))
    return warnings


def _kinds_in(text: str) -> list[int]:
    """The kinds of :data:`_KINDS` a course file's ``text`` may hold (none in an ASCII file, most of them)."""
    chars = set() if text.isascii() else {char for char in set(text) if not char.isascii()}
    if "\\u" in text or "\\U" in text:  # written as TOML escapes (``Z\\u0301\\u0301...``)
        codes = (int(found.group(1) or found.group(2), 16) for found in re.finditer(_ESCAPED, text))
        chars.update(chr(code) for code in codes if 0x80 <= code < 0x110000)
    if not chars:
        return []
    return [number for number, (may_hold, *_rest) in enumerate(_KINDS) if may_hold(chars)]
