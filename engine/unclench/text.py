"""Hostile text made safe to show: the one sanitiser every output goes through.

Course files, file names, imported records and the database all hold text
written by someone else. Shown as it is, a control character can drive the
learner's terminal: ``ESC ] 52`` writes the clipboard, ``ESC ] 0`` the window
title, CSI sequences erase parts of the screen, C1 controls (``U+009B``) do the
same on some terminals. :func:`visible` turns every such character into a
visible symbol, so the text reads literally and nothing reaches the terminal
but printable characters. What is *stored* never changes: this is for showing.

The symbols (one convention, everywhere):

* C0 controls other than tab and newline: the Unicode control pictures
  (U+2400 + code), e.g. ``␛`` for ESC, ``␇`` for BEL, ``␍`` for CR;
* DEL: ``␡`` (U+2421);
* C1 controls, the bidirectional overrides and isolates (they make text read
  in another order than it is stored), the line and paragraph separators
  (terminals do not break lines at them) and the tag characters U+E0000..U+E007F
  (invisible copies of ASCII, which hide text from the reader): ``⟨U+009B⟩``,
  ``⟨U+202E⟩``, ``⟨U+2028⟩``, ``⟨U+E0041⟩``;
* the invisible format characters no one means in a text (:data:`HIDDEN_FORMAT`:
  a byte order mark inside an answer, the word joiner), which make a word look
  whole where it is not: ``⟨U+FEFF⟩``, ``⟨U+2060⟩``;
* the invisible bidirectional marks (LRM, RLM, ALM) in a text without a
  right-to-left letter, where they can only reorder digits and punctuation in
  a terminal that lays out right-to-left text: ``⟨U+200F⟩``. In Hebrew or
  Arabic text they do their proper work and are left as they are;
* the characters Rich counts as no column wide where terminals draw them one
  or two columns wide (:data:`MISMEASURED`: a Hangul filler, an unassigned
  code point Rich counts as nothing, a skin-tone modifier not right after an
  emoji it changes, a conjoining Hangul jamo not right after another jamo),
  which push the rest of a screen line off the screen: ``⟨U+3164⟩``,
  ``⟨U+1F3FB⟩``;
* lone surrogates (undecodable bytes of a file name, kept by Python as
  U+DC80..U+DCFF): ``�`` (U+FFFD), so that printing never fails.

Domain code: never imports Textual.
"""

from __future__ import annotations

import errno
import json
import re
import sys
from typing import TextIO

#: The bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069): they make text
#: read in another order than it is stored.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: The line and paragraph separators: no terminal breaks a line at them (a newline does).
SEPARATORS = "\u2028\u2029"
#: The tag characters: invisible copies of ASCII, a way to hide text in plain sight.
TAGS = "\U000e0000-\U000e007f"
#: The invisible format characters no one means in a text, that nothing draws: ZWNBSP (U+FEFF: a byte order mark
#: from inside a file, or pasted), the word joiner and the invisible mathematical operators (U+2060..U+2064), the
#: deprecated format characters (U+206A..U+206F), the interlinear annotation marks (U+FFF9..U+FFFB, for a program's
#: own use, never for interchange) and the musical format characters (U+1D173..U+1D17A). Inside a word they make it
#: look whole where it is not. Left as they are: the zero-width space (a word break typed in Khmer, Lao, Thai), the
#: joiners, the Mongolian vowel separator (Mongolian is written with it) and the soft hyphen (drawn as a hyphen).
HIDDEN_FORMAT = "\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a"
#: The zero-width non-joiner and joiner: they join emoji (👩‍👧) and shape words (Persian, Indic scripts), and come
#: typed as keys of their own that Textual does not count as printable (Python does not print them).
JOINERS = "\u200c\u200d"


def is_joiner(char: str | None) -> bool:
    """Whether ``char`` (a key's character) is one of :data:`JOINERS`."""
    return char is not None and len(char) == 1 and char in JOINERS


#: The invisible bidirectional marks (LRM, RLM, ALM): proper in right-to-left text, a way to reorder digits and
#: punctuation in any other (in a terminal that lays out right-to-left text).
BIDI_MARKS = "\u200e\u200f\u061c"
# The character classes below are patterns' sources, compiled on first use (``re`` keeps what it compiled:
# ``re.search(CONTROL_CHARS, text)``). Compiling them all on import took about 20 M instructions of every
# command, and most text (all printable ASCII, see :func:`_plain_ascii`) never needs them.

#: Every character :func:`visible` always replaces: C0 (but tab and newline), DEL, C1, the bidirectional
#: controls, the separators, the tags, the hidden format characters, surrogates.
CONTROL_CHARS = f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}{HIDDEN_FORMAT}\\ud800-\\udfff]"
#: The same and the bidirectional marks: what :func:`visible` replaces in a text without right-to-left letters.
_CONTROLS_AND_MARKS = (
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}{HIDDEN_FORMAT}{BIDI_MARKS}\\ud800-\\udfff]"
)
#: A letter of a right-to-left script of the BMP (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation
#: forms); U+061C (ALM) is a mark, not a letter. Kept in step with the models' (:mod:`unclench.model`).
_RIGHT_TO_LEFT = "[\u0590-\u061b\u061d-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]"
_BIDI_MARK = f"[{BIDI_MARKS}]"
#: The characters a course file's text may not hold (what ``unclench check`` refuses); nor may a text without a
#: right-to-left letter hold a bidirectional mark (see :func:`first_forbidden`).
FORBIDDEN_IN_TEXT = f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}]"

#: The characters beyond the BMP that show nothing: the format controls of Egyptian hieroglyphs, shorthand and
#: musical notation, and the rest of plane 14 after the tags (the variation selectors supplement and unassigned
#: default-ignorable code points). Editors' schemas leave them out as they leave out the tags
#: (:data:`unclench.model.TAG_RANGE`).
ASTRAL_INVISIBLE_RANGES = r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0080-\U000e0fff"
#: Characters that show nothing (format marks, fillers, the braille blank, variation selectors), as the body of a
#: character class: a text of only these and spaces is blank however long it is (a stranger blanked the safety
#: notes with U+2800). The models (:mod:`unclench.model`) and the check of Markdown drawn as nothing
#: (:mod:`unclench.blankmarkdown`) both use it.
INVISIBLE_CHARS = (
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f"
    r"\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb" + ASTRAL_INVISIBLE_RANGES
)

#: The Hangul fillers (choseong, jungseong, the compatibility filler and its halfwidth form): they show nothing,
#: Rich counts U+1160, U+3164 and U+FFA0 as no column wide, and terminals draw them one or two columns wide. A
#: stranger's run of them pushed the engine's own words (and the end of a safety note) past the screen's edge.
HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"
#: The emoji skin-tone modifiers (Fitzpatrick types): right after an emoji of a person or a hand they change its
#: skin tone, and the two are drawn as one emoji; anywhere else terminals draw each two columns wide, where Rich
#: counts none.
EMOJI_MODIFIERS = "\U0001f3fb-\U0001f3ff"
#: The emoji a skin-tone modifier can change (Unicode's Emoji_Modifier_Base, Unicode 17).
EMOJI_MODIFIER_BASES = (
    "\u261d\u26f9\u270a-\u270d\U0001f385\U0001f3c2-\U0001f3c4\U0001f3c7\U0001f3ca-\U0001f3cc"
    "\U0001f442\U0001f443\U0001f446-\U0001f450\U0001f466-\U0001f478\U0001f47c\U0001f481-\U0001f483"
    "\U0001f485-\U0001f487\U0001f48f\U0001f491\U0001f4aa\U0001f574\U0001f575\U0001f57a\U0001f590"
    "\U0001f595\U0001f596\U0001f645-\U0001f647\U0001f64b-\U0001f64f\U0001f6a3\U0001f6b4-\U0001f6b6"
    "\U0001f6c0\U0001f6cc\U0001f90c\U0001f90f\U0001f918-\U0001f91f\U0001f926\U0001f930-\U0001f939"
    "\U0001f93c-\U0001f93e\U0001f977\U0001f9b5\U0001f9b6\U0001f9b8\U0001f9b9\U0001f9bb\U0001f9cd-\U0001f9cf"
    "\U0001f9d1-\U0001f9dd\U0001fac3-\U0001fac5\U0001faf0-\U0001faf8"
)
#: Code points no character is given (Unicode 17) that Rich counts as no column wide, where terminals draw a
#: box or a question mark one column wide: U+2065, the gaps of the Hangul Jamo Extended-B block, U+FFF0..U+FFF8,
#: and the rest of plane 14 but the tags (refused as tags are) and the variation selectors.
UNASSIGNED_INVISIBLE = "\u2065\ud7c7-\ud7ca\ud7fc-\ud7ff\ufff0-\ufff8\U000e0080-\U000e00ff\U000e01f0-\U000e0fff"
#: The conjoining Hangul vowels and final consonants (jungseong, jongseong), the filler U+1160 aside: after
#: another jamo they make one syllable with it (old Hangul is written so); anywhere else Rich counts each as no
#: column wide, and terminals may draw it one or two wide.
CONJOINING_JAMO = "\u1161-\u11ff\ud7b0-\ud7c6\ud7cb-\ud7fb"
#: The Hangul jamo a conjoining one may follow (the three jamo blocks: U+1100..U+11FF, U+A960..U+A97F,
#: U+D7B0..U+D7FF).
HANGUL_JAMO = "\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff"
#: Characters Rich counts as no column wide where a terminal draws them one or two columns wide: every character
#: after one on the same screen line is drawn further right than the app laid it out, and a run of them pushes
#: the rest of the line (the engine's own words, a box's border) past the right edge, where Textual cuts it off.
#: A Hangul filler or an unassigned code point of :data:`UNASSIGNED_INVISIBLE` anywhere; a skin-tone modifier not
#: right after an emoji it changes (👋🏽 is one emoji); a conjoining jamo not right after another jamo.
#: ``tests/unit/test_mismeasured.py`` asks Rich, over all of Unicode, that no other letter, symbol or space it
#: counts as no column wide is left out (the combining marks and format characters are its to count as nothing,
#: and terminals draw them so).
MISMEASURED = (
    f"[{HANGUL_FILLERS}{UNASSIGNED_INVISIBLE}]"
    f"|(?<![{EMOJI_MODIFIER_BASES}])[{EMOJI_MODIFIERS}]|(?<![{HANGUL_JAMO}])[{CONJOINING_JAMO}]"
)
#: Any character :data:`MISMEASURED` may find (where, it says): a quick look before the search.
_MAY_BE_MISMEASURED = f"[{HANGUL_FILLERS}{UNASSIGNED_INVISIBLE}{EMOJI_MODIFIERS}{CONJOINING_JAMO}]"

#: Short names of the C0 controls, DEL and the C1 controls a message may mention.
_NAMES = {
    **dict(
        enumerate(
            [
                "NUL",
                "SOH",
                "STX",
                "ETX",
                "EOT",
                "ENQ",
                "ACK",
                "BEL",
                "BS",
                "HT",
                "LF",
                "VT",
                "FF",
                "CR",
                "SO",
                "SI",
                "DLE",
                "DC1",
                "DC2",
                "DC3",
                "DC4",
                "NAK",
                "SYN",
                "ETB",
                "CAN",
                "EM",
                "SUB",
                "ESC",
                "FS",
                "GS",
                "RS",
                "US",
            ]
        )
    ),
    0x7F: "DEL",
    0x84: "IND",
    0x85: "NEL",
    0x8D: "RI",
    0x90: "DCS",
    0x9B: "CSI",
    0x9C: "ST",
    0x9D: "OSC",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
    0x2028: "LSEP",
    0x2029: "PSEP",
    0x200E: "LRM",
    0x200F: "RLM",
    0x061C: "ALM",
    0x200B: "ZWSP",
    0x200C: "ZWNJ",
    0x200D: "ZWJ",
    0x2060: "WJ",
    0xFEFF: "ZWNBSP",
    0x180E: "MVS",
}


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"⟨U+{code:04X}⟩"


def _plain_ascii(text: str) -> bool:
    """Whether ``text`` is printable ASCII, tabs and newlines: nothing any class above holds (no pattern needed).

    In ASCII only the C0 controls and DEL are not printable, and of them only tab and newline are allowed.
    """
    return text.isascii() and (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable())


def _has_mismeasured(text: str) -> bool:
    """Whether ``text`` holds a character :data:`MISMEASURED` finds (a quick look first: most text has none)."""
    return (
        not text.isascii()
        and re.search(_MAY_BE_MISMEASURED, text) is not None
        and re.search(MISMEASURED, text) is not None
    )


def _shown_as_symbols(text: str, right_to_left: bool | None = None) -> re.Pattern[str] | None:
    """What :func:`visible` replaces in ``text``; None: nothing (the bidirectional marks only without RTL letters)."""
    # Every control character replaced is one Python does not count as printable (a test checks each code point),
    # and asking is many times quicker than the search: most texts are one line of printable characters; printable
    # ASCII with tabs and newlines (most of the rest) needs no pattern either. Of the printable characters only
    # those :data:`MISMEASURED` finds are replaced, looked for in a text that is not ASCII.
    if text.isprintable() or _plain_ascii(text):
        return re.compile(MISMEASURED) if _has_mismeasured(text) else None
    mismeasured = _has_mismeasured(text)
    controls_and_marks = re.compile(_CONTROLS_AND_MARKS)
    if controls_and_marks.search(text) is None:
        return re.compile(MISMEASURED) if mismeasured else None
    if not (has_right_to_left(text) if right_to_left is None else right_to_left):
        return re.compile(f"{_CONTROLS_AND_MARKS}|{MISMEASURED}") if mismeasured else controls_and_marks
    controls = re.compile(CONTROL_CHARS)
    if controls.search(text) is None:
        return re.compile(MISMEASURED) if mismeasured else None
    return re.compile(f"{CONTROL_CHARS}|{MISMEASURED}") if mismeasured else controls


def visible(text: str, *, right_to_left: bool | None = None) -> str:
    """``text`` with control characters (except newline and tab) shown as visible symbols.

    See the module docstring for the symbols. Text without such characters
    comes back unchanged (the same object). ``right_to_left`` says whether the
    whole that ``text`` is a part of (a course text cut into pieces by a parser)
    holds a right-to-left letter, where the bidirectional marks are left as
    they are; None: look in ``text`` itself.
    """
    shown = _shown_as_symbols(text, right_to_left)
    return text if shown is None else shown.sub(_picture, text)


#: What is shown in place of a stored value that cannot be what it says (a run of 1e300 seconds, a rating of 99, a
#: time that is not one): a database changed outside Unclench. The stored value itself is never changed.
DAMAGED_VALUE = "(damaged value)"


#: What :func:`one_line` shows in place of a line feed: its control picture.
LINE_FEED = "\u240a"


def visible_address(address: str) -> str:
    """A web address from a course, shown whole: :func:`one_line`, and every invisible format character as
    ``⟨U+200B⟩``. An address has no use for a zero-width space or joiner, and one hidden in it makes it look like
    another (a security tester's link showed U+200B raw where the app names where a link points)."""
    import unicodedata

    shown = one_line(address)
    if shown.isascii():
        return shown
    return "".join(f"⟨U+{ord(char):04X}⟩" if unicodedata.category(char) == "Cf" else char for char in shown)


def one_line(text: str) -> str:
    """:func:`visible` of a text said on one line (a title, a file name, a key or value a message quotes).

    A line feed is shown too, as ``␊``: text from a course, a file name or a record never prints a line of its
    own (a stranger's TOML key printed a "course OK" line of its own under ``unclench check``'s problem).
    """
    shown = visible(text)
    return shown.replace("\n", LINE_FEED) if "\n" in shown else shown


def flattened(text: str) -> str:
    """``text`` on one line, for the app: each run of white space holding a line break becomes one space.

    For a title drawn in a fixed place (a lesson's header, a screen's heading, a row of the course map): a line
    break there could only push other lines away. ``unclench check`` refuses one; this holds for any text.
    """
    return re.sub(r"\s*\n\s*", " ", text).strip() if "\n" in text else text


#: How many characters of a text from a file a message quotes (a key, a value): a stranger's unknown key of 1.5 MB
#: was printed whole, twice, in one problem (3 MB of standard error).
QUOTED_CHARS = 60
#: How long one problem's line may be at most, whatever it quotes: the rest is left out, and said so.
MAX_PROBLEM_CHARS = 2000


def shortened(text: str, limit: int = QUOTED_CHARS) -> str:
    """``text`` to quote in a message: itself, or its first ``limit`` characters, an ellipsis and its length
    (``titeltitel… (1,500,000 characters)``)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def capped_line(line: str, limit: int = MAX_PROBLEM_CHARS) -> str:
    """``line`` (a problem or a message), at most about ``limit`` characters: the rest left out, and said so."""
    if len(line) <= limit:
        return line
    return f"{line[:limit]}… ({len(line) - limit:,} more characters left out)"


def excerpt(text: str, limit: int) -> tuple[str, int]:
    """The first ``limit`` characters of ``text`` and how many were left out (0: ``text`` itself)."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def visible_path(path: object) -> str:
    """A file or folder name, fit to print on one line: :func:`one_line` of its text."""
    return one_line(str(path))


def holds_category(text: str, categories: frozenset[str], also: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` holds a character beyond ASCII of one of the Unicode general ``categories``, or one of
    ``also``: looked for among its distinct characters, a quick first look before a search for a long character
    class (which takes a millisecond to compile)."""
    import unicodedata

    return not text.isascii() and any(
        char in also or unicodedata.category(char) in categories for char in set(text) if not char.isascii()
    )


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` holds a letter of a right-to-left script (where the bidirectional marks do their work)."""
    return not text.isascii() and re.search(_RIGHT_TO_LEFT, text) is not None


def has_controls(text: str) -> bool:
    """Whether :func:`visible` would change ``text``."""
    return _shown_as_symbols(text) is not None


def without_controls(text: str, *, right_to_left: bool | None = None, before: str = "") -> tuple[str, str]:
    """``text`` without the characters :func:`visible` would show as symbols, and those characters (each once).

    For what a learner types or pastes into an answer: such a character drawn raw reorders or hides text on
    screen, and a saved answer holding one can only be shown as symbols. ``right_to_left``: whether the whole
    text (the answer it goes into) holds a right-to-left letter, where the bidirectional marks are kept.
    ``before``: the character ``text`` goes in after (""): a skin-tone modifier typed after a hand, or a Hangul
    vowel after a consonant, comes as a key of its own, and is kept there (see :data:`MISMEASURED`).
    """
    before = before[-1:]
    shown = _shown_as_symbols(before + text, right_to_left)
    if shown is None:
        return text, ""
    found = list(shown.finditer(before + text, len(before)))
    if not found:
        return text, ""
    kept: list[str] = []
    at = len(before)
    for match in found:
        kept.append((before + text)[at : match.start()])
        at = match.end()
    kept.append((before + text)[at:])
    return "".join(kept), "".join(dict.fromkeys(match.group() for match in found))


def describe_char(char: str) -> str:
    """``U+001B (ESC)``: a character's code point and, for a control, its short name (``TAG A`` for a tag)."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None and 0xE0020 <= code <= 0xE007E:
        name = f"TAG {chr(code - 0xE0000)}"
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def forbidden_in_text(char: str, *, written_as: str = "") -> tuple[str, str]:
    """What is wrong with a character a course text may not hold, and how to fix it (for ``unclench check``).

    ``written_as``: the character reference (``&#x202e;``) or a link's percent escape (``%E2%80%AE``) that writes
    it, where Markdown decodes one (see :mod:`unclench.references`).
    """
    what, why, fix = _why_forbidden(char)
    if not written_as:
        return f"{what} {why}", fix
    form = "percent escape" if written_as.startswith("%") else "character reference"
    fix = "use a line break" if fix == "use a line break" else f"remove the {form}"
    if re.fullmatch(f"[{TAGS}]", char):
        fix += " and the ones around it"
    return f"the {form} '{written_as}' stands for the {what}, which {why}", fix


def _why_forbidden(char: str) -> tuple[str, str, str]:
    """A forbidden character: what it is, why it is not allowed, how to fix it."""
    described = describe_char(char)
    if re.fullmatch(f"[{BIDI_CONTROLS}]", char):
        return (
            f"invisible bidirectional control {described}",
            "is not allowed in text: it makes the text read in another order than it is written",
            "remove it",
        )
    if char in BIDI_MARKS:
        return (
            f"invisible bidirectional mark {described}",
            "is not allowed in a text without right-to-left letters: "
            "there it can only change the order digits and punctuation read in",
            "remove it",
        )
    if char in SEPARATORS:
        kind = "line" if char == "\u2028" else "paragraph"
        return (
            f"{kind} separator {described}",
            "is not allowed in text: terminals do not break the line there",
            ("use a line break"),
        )
    if re.fullmatch(f"[{TAGS}]", char):
        return (
            f"invisible tag character {described}",
            "is not allowed in text: it hides text from the reader",
            "remove it and the tag characters around it",
        )
    pushed = "terminals draw it one or two columns wide where the app counts none, so it pushes the rest of the line"
    if char in HANGUL_FILLERS:
        return (
            f"invisible Hangul filler {described}",
            f"is not allowed in text: it shows nothing, yet {pushed} (the app's own words too) off the screen",
            "remove it",
        )
    if re.fullmatch(f"[{UNASSIGNED_INVISIBLE}]", char):
        return (
            f"unassigned code point {described}",
            f"is not allowed in text: no character has it, yet {pushed} (the app's own words too) off the screen",
            "remove it",
        )
    if re.fullmatch(f"[{EMOJI_MODIFIERS}]", char):
        return (
            f"emoji skin-tone modifier {described}",
            "is allowed only right after the emoji of a person or hand it changes (as in 👋🏽): "
            f"anywhere else {pushed} (the app's own words too) off the screen",
            "remove it, or put it right after the emoji it is for",
        )
    if re.fullmatch(f"[{CONJOINING_JAMO}]", char):
        return (
            f"conjoining Hangul jamo {described}",
            "is allowed only right after another Hangul jamo, whose syllable it ends: "
            f"anywhere else {pushed} (the app's own words too) off the screen",
            "remove it, or write the syllable as one character (가, not ᄀ and ᅡ)",
        )
    return f"control character {described}", "is not allowed in text", "remove it"


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The index and the character of the first control character a course text may not hold.

    A bidirectional mark is one only in a text without a right-to-left letter (and with something to show:
    a text of marks and spaces is blank, and is told so).
    """
    if _plain_ascii(text):
        return None
    found = re.search(FORBIDDEN_IN_TEXT, text)
    if found is None and not has_right_to_left(text) and any(c.isprintable() and not c.isspace() for c in text):
        found = re.search(_BIDI_MARK, text)
    return (found.start(), found.group()) if found else None


def first_mismeasured(text: str) -> tuple[int, str] | None:
    """The index and the character of the first character :data:`MISMEASURED` finds in ``text`` (a course text
    may not hold one: ``unclench check`` refuses it, worded by :func:`forbidden_in_text`)."""
    if not _has_mismeasured(text):
        return None
    found = re.search(MISMEASURED, text)
    return (found.start(), found.group()) if found else None


#: A TOML escape that may write a character :data:`MISMEASURED` finds (``\\u3164``, ``\\U0001F3FB``), or more.
_MISMEASURED_ESCAPE = (
    r"\\(?:u(?:11[5-9a-fA-F][0-9a-fA-F]|3164|2065|[fF]{2}[aA]0|[fF]{3}[0-8]|[dD]7[b-fB-F][0-9a-fA-F])"
    r"|U000(?:1[fF]3[fF][b-fB-F]|[eE]0[0-9a-fA-F]{3}))"
)


#: How every character :data:`MISMEASURED` may find begins in UTF-8 (with some others: U+1140.., U+D780..,
#: U+FFC0.., U+1F3C0.., U+E0000..). Looked for with ``bytes.find`` among a course file's bytes that are not ASCII
#: (a few): a regular expression over its text took a millisecond of every check of the bundled course.
_MISMEASURED_UTF8 = (
    b"\xe1\x85",
    b"\xe1\x86",
    b"\xe1\x87",
    b"\xe2\x81\xa5",
    b"\xe3\x85\xa4",
    b"\xed\x9e",
    b"\xed\x9f",
    b"\xef\xbe\xa0",
    b"\xef\xbf",
    b"\xf0\x9f\x8f",
    b"\xf3\xa0",
)
_ASCII_BYTES = bytes(range(0x80))


def may_hold_mismeasured(file_text: str) -> bool:
    """Whether a course file's text may hold a character :data:`MISMEASURED` finds, written as it is or as a TOML
    escape: an all-ASCII file without such an escape (most course files) cannot.

    Without ASCII, UTF-8 keeps each character's bytes together, and no character's bytes begin inside another's.
    Each backslash is looked at (``memchr``; a file has a handful): each search for ``\\u`` was a pass over the text.
    """
    if not file_text.isascii():
        beyond_ascii = file_text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
        if any(start in beyond_ascii for start in _MISMEASURED_UTF8):
            return True
    at = file_text.find("\\")
    while at >= 0:
        if file_text.startswith(("u", "U"), at + 1) and re.match(_MISMEASURED_ESCAPE, file_text[at : at + 10]):
            return True
        at = file_text.find("\\", at + 2)  # past an escaped backslash (``\\\\``) too
    return False


def standard_output() -> TextIO:
    """``sys.stdout``, or an error when it is closed (started with ``>&-``), so that nothing is lost unsaid.

    Raises:
        OSError: Standard output is closed.
    """
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    return sys.stdout


def print_visible(message: str = "", *, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """``print`` for every line a command writes: :func:`visible` first, whatever the message holds.

    Raises:
        OSError: Writing to standard output failed, or it is closed (``file`` None).
    """
    print(visible(message), file=file if file is not None else standard_output(), end=end, flush=flush)


def print_line(message: str = "", *, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """:func:`print_visible` of a message that is one line: a line feed in it (quoted from a file, a file name or
    a record) is shown as ``␊`` (see :func:`one_line`).

    Raises:
        OSError: Writing to standard output failed, or it is closed (``file`` None).
    """
    print(one_line(message), file=file if file is not None else standard_output(), end=end, flush=flush)


#: What JSON written with ``ensure_ascii=False`` may still hold raw: DEL, C1, the bidirectional controls and
#: marks, the separators, the tags, the hidden format characters (a byte order mark inside an answer), surrogates.
_RAW_IN_JSON = f"[\\x7f-\\x9f{BIDI_CONTROLS}{SEPARATORS}{TAGS}{HIDDEN_FORMAT}{BIDI_MARKS}\\ud800-\\udfff]"


def json_text(data: object, *, indent: int | None = 2, sort_keys: bool = True) -> str:
    """``data`` as JSON that is safe to print and lossless: UTF-8 text, every control character escaped.

    ``json.dumps`` escapes C0 controls; DEL, C1 controls and lone surrogates
    are escaped here too (``\\u009b``), so that the JSON reads back to exactly
    the same strings and no byte of it can drive a terminal.
    """
    text = _indented_json(data, indent, sort_keys) if type(indent) is int and indent >= 0 else None
    if text is None:
        text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    if text.isascii() and "\x7f" not in text:  # two quick scans spare the slow one (a record of years: 16 MB)
        return text
    return re.sub(_RAW_IN_JSON, _json_escape, text)


def _json_escape(found: re.Match[str]) -> str:
    """``\\u009b``; a character beyond the BMP (a tag) as its surrogate pair, as JSON writes it."""
    code = ord(found.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _indented_json(data: object, indent: int, sort_keys: bool) -> str | None:
    """What ``json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)`` returns, faster.

    With an indent, ``json.dumps`` runs its pure-Python encoder (the C one
    has no indent): an export of a record of years spent over a second there.
    This covers the plain data an export is made of (dicts with string keys,
    lists, tuples, strings, ints, booleans, None), with the C string encoder
    and each key's line start worked out once, and gives up (None) on
    anything else, which ``json.dumps`` then writes.
    """
    encode = json.encoder.encode_basestring  # the C encoder when available, as json.dumps uses
    parts: list[str] = []
    append = parts.append
    newlines: list[str] = []  # "\n" and the indent of each depth
    # (depth, the dict's keys as they come) -> its keys in writing order, each with the start of its
    # line ('{\n    "key": ', ',\n    "key": '): the rows of a record share a handful of layouts.
    layouts: dict[tuple[int, tuple[str, ...]], list[tuple[str, str]]] = {}

    def newline(depth: int) -> str:
        while len(newlines) <= depth:
            newlines.append("\n" + " " * (indent * len(newlines)))
        return newlines[depth]

    def scalar(value: object) -> str | None:
        if type(value) is str:
            return encode(value)
        if type(value) is int:
            return int.__repr__(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        return None

    def write(value: object, depth: int) -> None:
        if type(value) is dict:
            if not value:
                append("{}")
                return
            keys = tuple(value)
            layout = layouts.get((depth, keys))
            if layout is None:
                if any(type(key) is not str for key in keys):
                    raise TypeError  # not plain data (floats, odd keys, subclasses): json.dumps writes it
                ordered = sorted(keys) if sort_keys else keys
                inner = newline(depth + 1)
                layout = layouts[depth, keys] = [
                    (key, ("{" if index == 0 else ",") + inner + encode(key) + ": ")
                    for index, key in enumerate(ordered)
                ]
            for key, start in layout:
                item = value[key]
                text = scalar(item)
                if text is None:
                    append(start)
                    write(item, depth + 1)
                else:
                    append(start + text)
            append(newline(depth) + "}")
        elif type(value) is list or type(value) is tuple:
            if not value:
                append("[]")
                return
            inner = newline(depth + 1)
            separator = "[" + inner
            for item in value:
                append(separator)
                separator = "," + inner
                text = scalar(item)
                if text is None:
                    write(item, depth + 1)
                else:
                    append(text)
            append(newline(depth) + "]")
        else:
            text = scalar(value)
            if text is None:
                raise TypeError  # not plain data (floats, odd keys, subclasses): json.dumps writes it
            append(text)

    try:
        write(data, 0)
    except (TypeError, RecursionError):
        return None
    return "".join(parts)
