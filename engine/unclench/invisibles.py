"""Invisible characters in course text that an author most likely did not mean: ``unclench check`` warns.

The characters that hide or reorder text are errors (the models refuse them:
see :func:`unclench.text.first_forbidden`): the bidirectional overrides and
isolates, the line and paragraph separators, the tag characters, and the
bidirectional marks in a text without a right-to-left letter; so are the
characters the app would measure narrower than a terminal draws them (see
:data:`unclench.text.MISMEASURED`: the Hangul fillers, among them). The zero-width
characters have proper uses, so a course may hold them; but inside a word
(``tre<U+200B>mor``) the word looks whole and is not, and a search for it
misses it, so the author is told, at the file, line and column where one is
written. The zero-width joiners (and the combining grapheme joiner) are only
warned about between two ASCII letters or digits: emoji and many scripts need
them inside words. A variation selector is warned about where it follows a
character it cannot change (see :data:`_SELECTOR_CHARS`); so is a format control of a script not between two of
its characters (:data:`_SCRIPT_CONTROLS`: Egyptian hieroglyphs, Duployan shorthand), and a sign drawn spanning the
digits after it with none there (:data:`_SPANNING_CHARS`: ``U+0600``, ``U+070F``, ``U+110BD``): a stranger's
texts held all of them, and passed without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from unclench.problems import Problem, key_text
from unclench.text import describe_char, holds_category

if TYPE_CHECKING:
    from unclench.loader import ParsedFile
    from unclench.tomlpos import KeyPath

#: Zero-width characters with no use inside a word: ZWSP, the word joiner, ZWNBSP (a BOM), the Mongolian vowel
#: separator, the invisible mathematical operators, the deprecated format characters (U+206A..U+206F), the
#: interlinear annotation marks (for a program's own use, never for interchange), the musical format characters,
#: and the Khmer inherent vowels (Unicode: not to be written). The Hangul fillers are errors
#: (:data:`unclench.text.HANGUL_FILLERS`).
_ZERO_WIDTH_CHARS = "\u200b\u2060\ufeff\u180e\u2061-\u2064\u206a-\u206f\ufff9-\ufffb\U0001d173-\U0001d17a\u17b4\u17b5"
_ZERO_WIDTH = f"[{_ZERO_WIDTH_CHARS}]"
#: Proper inside words of some scripts, not in ASCII words: the zero-width non-joiner and joiner (emoji, Persian,
#: Indic scripts), the combining grapheme joiner (ordering marks).
_JOINER_CHARS = "\u200c\u200d\u034f"
_JOINER = f"[{_JOINER_CHARS}]"
#: The variation selectors choose a glyph for the character before them: text or emoji style after an emoji or
#: a digit (a keycap), a variant after a CJK ideograph (U+E0100..U+E01EF: only there). After an ASCII letter, a
#: space, another selector or nothing they choose nothing, and a run of them can carry hidden text.
_SELECTOR_CHARS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_SELECTOR = f"[{_SELECTOR_CHARS}]"
_IDEOGRAPHIC_SELECTOR = "[\U000e0100-\U000e01ef]"
#: The CJK ideographs (unified, their extensions, the compatibility ones): what an ideographic variation selects.
#: Code point ranges, not a character class: compiling that class took 3 ms of every `check`.
_IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_NOTHING_TO_SELECT = f"[A-Za-z\\s{_SELECTOR_CHARS}]"
#: The format controls of a script that do their work only between two of its characters: those that join
#: Egyptian hieroglyphs into a group (U+13430..U+1343F), and the shorthand format controls of Duployan
#: (U+1BCA0..U+1BCA3). Elsewhere they show nothing, and a run of them can carry hidden text. Each with the
#: characters it may stand between (the script's own, its other controls).
_SCRIPT_CONTROLS = (
    ("\U00013430-\U0001343f", (0x13000, 0x143FF), "joins Egyptian hieroglyphs"),
    ("\U0001bca0-\U0001bca3", (0x1BC00, 0x1BCAF), "joins Duployan shorthand"),
)
#: The prepended concatenation marks (the Arabic number signs U+0600..U+0605, U+06DD, U+0890, U+0891, U+08E2,
#: the Syriac abbreviation mark U+070F, the Kaithi number signs U+110BD, U+110CD): each is drawn spanning the
#: digits or letters right after it; with none there it is drawn alone, or as nothing.
_SPANNING_CHARS = "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
#: Any of these characters (none of them ASCII).
_INVISIBLE = (
    f"[{_ZERO_WIDTH_CHARS}{_JOINER_CHARS}{_SELECTOR_CHARS}{_SPANNING_CHARS}"
    + "".join(chars for chars, _, _ in _SCRIPT_CONTROLS)
    + "]"
)
#: The categories of every character of :data:`_INVISIBLE` (a test checks each code point): a text with none of
#: them is not searched.
_INVISIBLE_CATEGORIES = frozenset(("Cf", "Mn", "Cn"))
_Found = TypeVar("_Found")

# The patterns above are compiled on first use (``re`` keeps them): nearly every course has none of these
# characters, and compiling them all on import took about 13 M instructions of every `check` (a tenth of
# what `check` adds to Python's start).


def invisible_warnings(paths: Iterable[Path]) -> list[Problem]:
    """The warnings about invisible characters in the course files ``paths`` (unreadable files are skipped)."""
    warnings: list[Problem] = []
    for parsed, strings, _ in files_with_strings(paths, worth_parsing):
        for key, value in strings:
            for char, message in _unwise(value):
                line, col = parsed.char_position(key, char)
                warnings.append(Problem(parsed.path, line, col, key_text(key), message, "remove it", "warning"))
    return warnings


def files_with_strings(
    paths: Iterable[Path], worth: Callable[[str], _Found]
) -> Iterator[tuple[ParsedFile, list[tuple[KeyPath, str]], _Found]]:
    """Each course file of ``paths`` whose text is ``worth`` parsing, parsed (to place a warning in), its strings,
    and what ``worth`` found in its text (a file it finds nothing in, falsy, is not parsed).

    Files that cannot be read or parsed are passed over: their problems are told as errors.
    """
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found = worth(text)
        if not found:
            continue
        import tomli  # only here: a course from the cache is checked without parsing any file

        from unclench.tomlpos import strings_in
        from unclench.tomlread import parse

        try:
            data = parse(text)
        except (tomli.TOMLDecodeError, RecursionError):
            continue
        from unclench.loader import ParsedFile  # only when there may be something to place

        parsed = ParsedFile(path)
        parsed.text = text
        yield parsed, list(strings_in(data)), found


def worth_parsing(text: str) -> bool:
    """Whether the course file ``text`` may hold a character to warn about: one of them, or an escape.

    An all-ASCII text (most course files) holds none of them, so only its escapes are looked for, and
    only in a text with a backslash (found with ``memchr``, where each pair takes a pass over the text).
    """
    escapes = "\\" in text and ("\\u" in text or "\\U" in text)
    return escapes or (holds_category(text, _INVISIBLE_CATEGORIES) and re.search(_INVISIBLE, text) is not None)


def _unwise(text: str) -> Iterator[tuple[str, str]]:
    """The invisible characters of ``text`` worth a warning (the first of each kind) and what to say."""
    for pattern, inside in ((_ZERO_WIDTH, str.isalnum), (_JOINER, _ascii_alnum)):
        found = [match for match in re.finditer(pattern, text) if _inside_word(text, match.start(), inside)]
        if found:
            first = found[0]
            yield (
                first.group(),
                f"invisible character {describe_char(first.group())} inside the word '{_word_at(text, first.start())}'"
                f"{_more(found)}: the word looks whole but is not, and a search for it misses it",
            )
    found = [match for match in re.finditer(_SELECTOR, text) if not _selects(text, match.start())]
    if found:
        first = found[0]
        before = text[first.start() - 1] if first.start() else ""
        after = (
            "at the start"
            if not before
            else "after a space"
            if before.isspace()
            else "right after another one"
            if re.fullmatch(_SELECTOR, before)
            else f"after '{before}'"
        )
        yield (
            first.group(),
            f"invisible variation selector {describe_char(first.group())} {after}, where it selects nothing"
            f"{_more(found)}: it shows nothing, and a run of them can carry hidden text",
        )

    for chars, (low, high), work in _SCRIPT_CONTROLS:
        found = [match for match in re.finditer(f"[{chars}]", text) if not _between(text, match.start(), low, high)]
        if found:
            first = found[0]
            yield (
                first.group(),
                f"invisible format character {describe_char(first.group())}, which {work}, not between two of them"
                f"{_more(found)}: there it shows nothing, and a run of them can carry hidden text",
            )
    found = [match for match in re.finditer(f"[{_SPANNING_CHARS}]", text) if not _spans(text, match.end())]
    if found:
        first = found[0]
        yield (
            first.group(),
            f"the sign {describe_char(first.group())}, drawn spanning the digits or letters right after it, with none "
            f"there{_more(found)}: it is drawn alone, or as nothing",
        )


def _between(text: str, index: int, low: int, high: int) -> bool:
    """Whether the character at ``index`` stands between two characters of ``low``..``high``."""
    return 0 < index < len(text) - 1 and all(low <= ord(text[at]) <= high for at in (index - 1, index + 1))


def _spans(text: str, after: int) -> bool:
    return after < len(text) and text[after].isalnum()


def _more(found: list[re.Match[str]]) -> str:
    return f" (and {len(found) - 1} more like it in this text)" if len(found) > 1 else ""


def _selects(text: str, index: int) -> bool:
    """Whether the variation selector at ``index`` follows a character it can choose a glyph for."""
    before = text[index - 1] if index else " "
    if re.fullmatch(_IDEOGRAPHIC_SELECTOR, text[index]):
        return any(low <= ord(before) <= high for low, high in _IDEOGRAPH_RANGES)
    return re.fullmatch(_NOTHING_TO_SELECT, before) is None


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _inside_word(text: str, index: int, is_letter: Callable[[str], bool]) -> bool:
    return 0 < index < len(text) - 1 and is_letter(text[index - 1]) and is_letter(text[index + 1])


#: What a word shown in a warning may be made of: letters, digits and the invisible characters themselves.
_WORD_PART = f"[\\w{_ZERO_WIDTH_CHARS}{_JOINER_CHARS}]"


def _word_at(text: str, index: int) -> str:
    """The word around ``index``, its invisible characters shown as ``⟨U+200B⟩`` (at most 40 characters a side)."""
    start = index
    while start > max(0, index - 40) and re.fullmatch(_WORD_PART, text[start - 1]):
        start -= 1
    end = index + 1
    while end < min(len(text), index + 41) and re.fullmatch(_WORD_PART, text[end]):
        end += 1
    return "".join(
        f"⟨U+{ord(char):04X}⟩" if re.fullmatch(_ZERO_WIDTH, char) or re.fullmatch(_JOINER, char) else char
        for char in text[start:end]
    )
