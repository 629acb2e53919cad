"""Character references that write a character a course text may not hold: ``unclench check`` refuses them.

Markdown decodes ``&#x202e;``, ``&#8238;`` and ``&rlm;`` into the characters
they name, and the percent escapes of a link's text
(``<https://example.org/%E2%80%AE>``) into the characters they encode. Written
raw, a bidirectional control, a tag or a control character is an error in a
course file (see :func:`unclench.text.first_forbidden`); written as a reference
it is plain ASCII, and the models let it through. So is a reference to a
character the app would measure narrower than a terminal draws it (a Hangul
filler, a skin-tone modifier not right after an emoji it changes: see
:data:`unclench.text.MISMEASURED`), judged by what comes before it as decoded.
The app shows what Markdown decodes visibly (:mod:`unclench.coursemarkdown`), but the author meant
something they will not see: so such a reference is an error too, reported
where it is written, as the character itself would be.

Only references Markdown decodes count: one in a code span or a code block
is shown as written. Whether it is decoded is asked of the course's own
parser (markdown-it, imported only when a text holds such a reference).

Domain code: never imports Textual.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unclench.frozen import frozen_record
from unclench.text import BIDI_MARKS, FORBIDDEN_IN_TEXT, first_mismeasured, has_right_to_left

#: The forms markdown-it decodes: ``&#x202e;``, ``&#8238;``, ``&rlm;`` (its own patterns), and a run of percent
#: escapes, which it decodes in the text of a link as UTF-8.
_REFERENCE = re.compile(r"&#[xX][0-9a-fA-F]{1,6};|&#[0-9]{1,7};|&[A-Za-z][A-Za-z0-9]{1,31};|(?:%[0-9A-Fa-f]{2})+")
#: A quick look for anything :data:`_REFERENCE` could find.
_MAYBE_REFERENCE = re.compile(r"&#|&[A-Za-z]|%[0-9A-Fa-f]")
if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it.token import Token

_BIDI_MARK = re.compile(f"[{BIDI_MARKS}]")


@frozen_record
class Reference:
    """A reference in a text: where it starts, as written, and the character it stands for."""

    start: int
    written: str
    char: str


def stands_for(reference: str) -> str:
    """The characters a reference names (``""``: none), whatever markdown-it then shows for them.

    markdown-it shows U+FFFD for a reference to a control character it will not write (``&#27;``);
    the author still wrote a control character, and is told so.
    """
    if reference.startswith("%"):
        return bytes.fromhex(reference.replace("%", "")).decode("utf-8", "replace")
    if reference.startswith("&#"):
        code = int(reference[3:-1], 16) if reference[2] in "xX" else int(reference[2:-1])
        return chr(code) if code <= 0x10FFFF else ""
    from html.entities import html5  # the named references markdown-it knows: HTML's

    return html5.get(reference[1:], "")


def may_hold_references(file_text: str) -> bool:
    """Whether a course file's text may hold a reference in one of its strings, written as it is or through an
    escape (TOML's ``\\u0026#x202e;`` or ``\\x26#x202e;`` is ``&#x202e;`` in the string): without ``&``, ``%``
    or an escape that can write them, it cannot.

    A look for plain substrings: a regular expression over every file took 7 M instructions of `check`. The
    escapes are looked for only in a file with a backslash (one character is found with ``memchr``; each of
    three pairs was a pass over the file, about 25 µs of every lesson read).
    """
    if "&" in file_text or "%" in file_text:
        return True
    return "\\" in file_text and any(escape in file_text for escape in ("\\u", "\\x", "\\U"))


def forbidden_references(text: str) -> list[Reference]:
    """The references in ``text`` that Markdown decodes into a character a course text may not hold.

    A bidirectional mark is one only in a text without a right-to-left letter, as written raw.
    """
    if _MAYBE_REFERENCE.search(text) is None:
        return []
    right_to_left = has_right_to_left(text)
    found: list[Reference] = []
    decoded_before, end = "", -1  # what the reference just before decodes into, and where it ends
    for match in _REFERENCE.finditer(text):
        chars = stands_for(match.group())
        before = decoded_before if match.start() == end else text[max(0, match.start() - 1) : match.start()]
        if char := _forbidden(chars, right_to_left) or _mismeasured(before, chars):
            found.append(Reference(match.start(), match.group(), char))
        decoded_before, end = chars[-1:], match.end()
    return [reference for reference in found if _decoded(text, reference)]


def _forbidden(chars: str, right_to_left: bool) -> str:
    found = re.search(FORBIDDEN_IN_TEXT, chars) or (None if right_to_left else _BIDI_MARK.search(chars))
    return found.group() if found else ""


def _mismeasured(before: str, chars: str) -> str:
    """The character of ``chars`` that :data:`unclench.text.MISMEASURED` finds after ``before`` (``""``: none)."""
    found = first_mismeasured(before + chars)
    return found[1] if found is not None and found[0] >= len(before) else ""


def _decoded(text: str, reference: Reference) -> bool:
    """Whether Markdown decodes ``reference`` where it is written (not in code): the same place written as a
    reference to a private-use character, the parser is asked whether that character comes out."""
    from unclench.coursemarkdown import course_markdown_parser

    marker = next(chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    if reference.written.startswith("%"):
        written = "".join(f"%{byte:02X}" for byte in marker.encode())
    else:
        written = f"&#x{ord(marker):X};"
    end = reference.start + len(reference.written)
    tokens = course_markdown_parser().parse(text[: reference.start] + written + text[end:])
    return any(marker in shown for shown in _shown(tokens))


def _shown(tokens: list[Token]) -> Iterator[str]:
    for token in tokens:
        yield token.content
        yield token.info
        yield from (value for value in token.attrs.values() if isinstance(value, str))
        yield from _shown(token.children or [])
