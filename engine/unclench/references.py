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

A link's address is not shown as text, so a reference there is not decoded
for the reader; but it is where the link points (the app names it when the
link is clicked), and an address has no use for a control character, a
bidirectional control or mark, or an invisible character: written as a
percent escape (``[x](https://a.example/%1b%5d52;...)``, ``%e2%80%ae``) or a
reference in a link's or an image's address, ``check`` refuses it too
(:func:`forbidden_in_addresses`). A percent escape that is not UTF-8 stands
for the byte's Latin-1 character: ``%9b`` for U+009B (CSI), as a terminal
reading the byte would take it.

Only references Markdown decodes count: one in a code span or a code block
is shown as written. Whether it is decoded is asked of the course's own
parser (markdown-it, imported only when a text holds such a reference).

Domain code: never imports Textual.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unclench.frozen import frozen_record
from unclench.text import (
    BIDI_CONTROLS,
    BIDI_MARKS,
    FORBIDDEN_IN_TEXT,
    INVISIBLE_CHARS,
    SEPARATORS,
    TAGS,
    UNASSIGNED_INVISIBLE,
    describe_char,
    first_mismeasured,
    has_right_to_left,
)

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
    marker, tokens = _parsed_with_marker(text, reference)
    return any(marker in shown for shown in _shown(tokens))


def _parsed_with_marker(text: str, reference: Reference) -> tuple[str, list[Token]]:
    """``text`` with ``reference`` written as the same kind of reference to a private-use character (the marker),
    parsed by the course's parser: the marker, and the tokens."""
    from unclench.coursemarkdown import course_markdown_parser

    marker = next(chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    if reference.written.startswith("%"):
        written = "".join(f"%{byte:02X}" for byte in marker.encode())
    else:
        written = f"&#x{ord(marker):X};"
    end = reference.start + len(reference.written)
    return marker, course_markdown_parser().parse(text[: reference.start] + written + text[end:])


def _shown(tokens: list[Token]) -> Iterator[str]:
    for token in tokens:
        yield token.content
        yield token.info
        yield from (value for value in token.attrs.values() if isinstance(value, str))
        yield from _shown(token.children or [])


#: What a link's address may not hold, written as a percent escape or a reference: every control character
#: (line breaks and tabs too), the bidirectional controls and marks, the separators, the tags and every
#: character that shows nothing.
_REFUSED_IN_ADDRESS = (
    f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{BIDI_MARKS}{SEPARATORS}{TAGS}{INVISIBLE_CHARS}{UNASSIGNED_INVISIBLE}]"
)


def address_chars(reference: str) -> str:
    """The characters a reference in a link's address stands for: :func:`stands_for`, but a percent escape that
    is not UTF-8 stands for its byte's Latin-1 character (``%9b`` for U+009B), not for U+FFFD."""
    if not reference.startswith("%"):
        return stands_for(reference)
    decoded = bytes.fromhex(reference.replace("%", "")).decode("utf-8", "surrogateescape")
    return "".join(chr(ord(char) - 0xDC00) if "\udc80" <= char <= "\udcff" else char for char in decoded)


def forbidden_in_addresses(text: str) -> list[Reference]:
    """The percent escapes and references in the addresses of ``text``'s links and images (as Markdown reads
    them: not in code) that stand for a character an address may not hold (see the module docstring).

    ``Reference.char`` is the first such character each stands for.
    """
    if _MAYBE_REFERENCE.search(text) is None:
        return []
    found: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        refused = re.search(_REFUSED_IN_ADDRESS, address_chars(match.group()))
        if refused is not None:
            found.append(Reference(match.start(), match.group(), refused.group()))
    return [reference for reference in found if _in_address(text, reference)]


def address_problem(reference: Reference) -> tuple[str, str]:
    """What is wrong with a reference :func:`forbidden_in_addresses` found, and how to fix it (for ``check``)."""
    char, described = reference.char, describe_char(reference.char)
    if re.fullmatch(f"[{BIDI_CONTROLS}]", char):
        what = f"the invisible bidirectional control {described}"
    elif char in BIDI_MARKS:
        what = f"the invisible bidirectional mark {described}"
    elif char in SEPARATORS:
        what = f"the {'line' if char == chr(0x2028) else 'paragraph'} separator {described}"
    elif re.fullmatch(f"[{TAGS}]", char):
        what = f"the invisible tag character {described}"
    elif re.fullmatch("[\\x00-\\x1f\\x7f-\\x9f]", char):
        what = f"the control character {described}"
    else:
        what = f"the invisible character {described}"
    form = "percent escape" if reference.written.startswith("%") else "character reference"
    return (
        f"the {form} '{reference.written}' in a link's address stands for {what}, which a web address has no use "
        "for: it can hide or disguise where the link points",
        f"remove the {form} (write the address as the site gives it)",
    )


def _in_address(text: str, reference: Reference) -> bool:
    """Whether Markdown reads ``reference`` as part of a link's or an image's address: the same place written as
    a reference to a private-use character, the parser is asked whether an address holds that character."""
    from urllib.parse import unquote

    marker, tokens = _parsed_with_marker(text, reference)
    return any(marker in unquote(address) for address in _addresses(tokens))


def _addresses(tokens: list[Token]) -> Iterator[str]:
    for token in tokens:
        for name in ("href", "src"):
            value = token.attrs.get(name)
            if isinstance(value, str):
                yield value
        yield from _addresses(token.children or [])
