"""Course text many terminals draw wider than the app lays it out: ``unclench check`` warns, once a file.

The app lays text out by Rich's count of columns. For a spacing vowel sign (Devanagari ``ा``, Tamil ``ி``, Burmese
``ြ``: Unicode's spacing marks) Rich counts none, and for joined emoji (``👩‍💻``, a hand with a skin tone) one
emoji's two columns, where most terminals draw one column a mark and two an emoji. A security tester's line of
Burmese before a safety note's words pushed "whenever you" past the screen's edge, unseen, and a Tamil title
pushed the map's "not started" off. Whole languages are written so, and the app cannot know how a terminal draws
them: the author is told where, to look at those texts in a narrow terminal. (The characters no terminal agrees
on with Rich at all are refused outright: :data:`unclench.text.MISMEASURED`.)

Domain code: never imports Textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from unclench.invisibles import files_with_strings
from unclench.problems import Problem, key_text
from unclench.text import describe_char

#: A zero-width joiner, and the skin-tone modifiers (after an emoji of a person or a hand).
_JOINER = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
#: Where the emoji that join with a joiner are (pictographs, people, symbols).
_EMOJI_FROM = 0x1F000

DRAWN_WIDER_FIX = (
    "look at these texts in a terminal 60 columns wide (`unclench preview`), and keep the words that matter most "
    "(how to stop, a safety note) on short lines"
)


def _drawn_wider(chars: set[str]) -> set[str]:
    """Of a file's characters, those that terminals draw wider than the app counts."""
    emoji = any(ord(char) >= _EMOJI_FROM for char in chars)
    return {
        char
        for char in chars
        if unicodedata.category(char) == "Mc" or ord(char) in _SKIN_TONES or (char == _JOINER and emoji)
    }


def _what(char: str) -> str:
    if unicodedata.category(char) == "Mc":
        return f"a spacing mark such as '{char}' {describe_char(char)}, which Unclench counts as no column"
    return "joined emoji (with a joiner or a skin tone), which Unclench counts as one emoji"


def drawn_wider_warnings(paths: Iterable[Path]) -> list[Problem]:
    """One warning a course file whose texts hold characters terminals draw wider than the app lays them out."""
    warnings: list[Problem] = []
    for parsed, strings, wider in files_with_strings(paths, _wider_in):
        holding = [(key, value) for key, value in strings if not wider.isdisjoint(value)]
        if not holding:
            continue
        key, value = holding[0]
        char = next(char for char in value if char in wider)
        line, col = parsed.char_position(key, char)
        more = f" (and {len(holding) - 1} more texts in this file)" if len(holding) > 1 else ""
        message = (
            f"this text holds {_what(char)}{more}: many terminals draw it wider, so a word at the end of a line can "
            "be cut off at the screen's edge"
        )
        warnings.append(Problem(parsed.path, line, col, key_text(key), message, DRAWN_WIDER_FIX, "warning"))
    return warnings


def _wider_in(text: str) -> set[str]:
    """The characters of a course file's ``text`` drawn wider than counted (none in an ASCII file, most of them)."""
    return set() if text.isascii() else _drawn_wider({char for char in set(text) if not char.isascii()})
