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
* C1 controls and the bidirectional overrides and isolates: ``⟨U+009B⟩``, ``⟨U+202E⟩``;
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

#: Every character :func:`visible` replaces: C0 (but tab and newline), DEL, C1, the bidirectional
#: overrides and isolates (U+202A..U+202E, U+2066..U+2069: they make text read in another order), surrogates.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The characters a course file's text may not hold (what ``unclench check`` refuses).
FORBIDDEN_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

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
}


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code <= 0x9F or 0x202A <= code <= 0x2069:
        return f"⟨U+{code:04X}⟩"
    return "\ufffd"


def visible(text: str) -> str:
    """``text`` with control characters (except newline and tab) shown as visible symbols.

    See the module docstring for the symbols. Text without such characters
    comes back unchanged (the same object).
    """
    if CONTROL_CHARS.search(text) is None:
        return text
    return CONTROL_CHARS.sub(_picture, text)


def excerpt(text: str, limit: int) -> tuple[str, int]:
    """The first ``limit`` characters of ``text`` and how many were left out (0: ``text`` itself)."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def visible_path(path: object) -> str:
    """A file or folder name, fit to print: :func:`visible` of its text."""
    return visible(str(path))


def has_controls(text: str) -> bool:
    """Whether :func:`visible` would change ``text``."""
    return CONTROL_CHARS.search(text) is not None


def describe_char(char: str) -> str:
    """``U+001B (ESC)``: a character's code point and, for a control, its short name."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The index and the character of the first control character a course text may not hold."""
    found = FORBIDDEN_IN_TEXT.search(text)
    return (found.start(), found.group()) if found else None


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


#: What JSON written with ``ensure_ascii=False`` may still hold raw: DEL, C1, bidirectional overrides, surrogates.
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


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
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


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
