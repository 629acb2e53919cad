"""Parsing course files' TOML: ``tomli``'s result, with the authors' long strings kept out of its way.

``tomli`` reads a multi-line basic string (``\"\"\"...\"\"\"``, the pages of a lesson) one
character at a time: more than half of parsing a lesson file, and parsing is most of
starting a large course with nothing cached. :func:`parse` first finds, with ``str.find``
and a short regular expression per line, the multi-line basic strings whose value is
simply their text: no backslash, nothing after the closing quotes that would add to them,
no control character anywhere in the file (a carriage return only before a newline). It
hands ``tomli`` the document with each of them replaced by a placeholder number
(``+0e0_3``: a float that can never be a key), and ``tomli`` calls back with each number
it parses as a value (``parse_float``), which becomes the string's text. ``tomli`` still
parses everything else: every key, table, one-line string and comment.

The data is ``tomli``'s on the original text, always (``tests/unit/test_tomlread.py``
compares the two on random documents): the quick way counts only when every placeholder
came back exactly once, as a value. Anything else (a placeholder in a key's place, inside a
comment, anything ``tomli`` or the scan did not expect, any error) and the original text is
parsed as it is, so an author's error is reported from the text they wrote, at its place.
"""

from __future__ import annotations

import re
from typing import Any

import tomli

#: From a place outside any string or comment, over the rest of its line: keys, values, one-line
#: strings. It stops at a comment, at a multi-line string's opening quotes, at the line's end, or
#: at anything it cannot read (such as a one-line string left open), which :func:`strings_set_aside` then
#: leaves to ``tomli``.
_LINE = re.compile(r"""(?:[^#"'\n]++|"(?!"")(?:[^"\\\n]++|\\.)*+"|'(?!'')[^'\n]*+')*+""")
#: An escape (with the character it escapes) or the end of a multi-line basic string.
_ESCAPE_OR_END = re.compile(r'\\.|"""', re.DOTALL)
#: Characters ``tomli`` refuses everywhere: control characters but tab, newline and carriage return
#: (allowed before a newline, looked at apart). Each is looked for on its own (``memchr``): quicker
#: than one pass that looks at every character.
_CONTROL = tuple(map(chr, [*range(9), 11, 12, *range(14, 32), 127]))
_MARK = "+0e0_"
_NOWHERE = 1 << 62


def parse(text: str) -> dict[str, Any]:
    """``tomli.loads(text)``: the same data, or the same exception (the one ``tomli`` raises on ``text``)."""
    data = quick_parse(text)
    return tomli.loads(text) if data is None else data


def quick_parse(text: str) -> dict[str, Any] | None:
    """``tomli.loads(text)`` the quick way, or None where it does not apply (then only ``tomli.loads`` will do)."""
    quick = strings_set_aside(text)
    if quick is None:
        return None
    reduced, strings = quick
    if reduced.count(_MARK) != len(strings):  # a number like a placeholder in the file itself
        return None
    taken: list[int] = []
    marks = {f"{_MARK}{index}": index for index in range(len(strings))}

    def number(written: str) -> Any:
        index = marks.get(written)
        if index is None:
            return float(written)  # what tomli does with a float by default
        taken.append(index)
        return strings[index]

    try:
        data = tomli.loads(reduced, parse_float=number)
    except (ValueError, RecursionError):  # tomli's errors: reading the original says what and where
        return None
    # Every placeholder came back once, as a value: each string stood where tomli reads a value (should
    # the scan have gone wrong, a placeholder in a comment, a string or a key's place would not).
    return data if len(taken) == len(strings) == len(set(taken)) else None


def strings_set_aside(text: str) -> tuple[str, list[str]] | None:
    """``text`` with its plain multi-line basic strings replaced by placeholders, and their values.

    None when there are none, or when the text holds anything the scan does not follow
    (``tomli`` then reads the original, and reports what is wrong with it).
    """
    find = text.find
    basic = find('"""')
    if basic < 0:
        return None
    if any(map(text.__contains__, _CONTROL)):
        return None
    # tomli reads each CRLF as a newline before anything else; any other carriage return is an error.
    crlf = "\r" in text
    if crlf and text.count("\r") != text.count("\r\n"):
        return None
    literal = _triple(text, "'", 0)
    parts: list[str] = []
    strings: list[str] = []
    copied = pos = 0
    match = _LINE.match
    while True:
        if basic < pos:
            basic = find('"""', pos)
            if basic < 0:
                basic = _NOWHERE
        if literal < pos:
            literal = _triple(text, "'", pos)
        ahead = basic if basic < literal else literal
        if ahead == _NOWHERE:
            break
        # Lines hold no string or comment open at their end: every line from ``pos`` to the one
        # with the quotes ahead starts outside them (those before it have none of the quotes).
        start = text.rfind("\n", pos, ahead) + 1
        line = match(text, start if start > pos else pos)
        end = line.end() if line else pos  # it always matches, if only the empty string
        if text.startswith('"""', end):
            opened = end + 3
            close = find('"', opened)  # one character: quicker than three over a page with few quotes
            if close < 0:
                return None
            if not text.startswith('"""', close):
                close = _triple(text, '"', close + 1)
                if close == _NOWHERE:
                    return None
            plain = find("\\", opened, close) < 0
            if not plain:  # escapes: where it really ends (an escaped quote does not end it)
                close = _basic_end(text, opened)
                if close < 0:
                    return None
            pos = close + 3
            if text.startswith('"', pos):  # four or five quotes: one or two are the string's
                pos = _after_quotes(text, close, '"')
                if pos - close > 5:
                    return None
            elif plain:
                parts += (text[copied:end], f"{_MARK}{len(strings)}")
                value = text[opened:close]
                if crlf:
                    value = value.replace("\r\n", "\n")
                strings.append(value[1:] if value.startswith("\n") else value)  # as tomli, less the first newline
                copied = pos
        elif text.startswith("'''", end):
            close = _triple(text, "'", end + 3)
            if close == _NOWHERE:
                return None
            pos = _after_quotes(text, close, "'")
            if pos - close > 5:
                return None
        elif text.startswith("\n", end):
            pos = end
        elif text.startswith("#", end):
            pos = find("\n", end)
            if pos < 0:
                break
        elif end == len(text):
            break
        else:
            return None
    if not strings:
        return None
    parts.append(text[copied:])
    return "".join(parts), strings


def _triple(text: str, quote: str, start: int) -> int:
    """Where the next three ``quote`` characters in a row begin at or after ``start`` (``_NOWHERE`` if none).

    Looks for the one character (``memchr``), which is quicker than a search for three
    over a page of text that holds few quotes.
    """
    three = quote * 3
    at = text.find(quote, start)
    while at >= 0:
        if text.startswith(three, at):
            return at
        at = text.find(quote, at + 1)
    return _NOWHERE


def _basic_end(text: str, opened: int) -> int:
    """Where the multi-line basic string opened at ``opened`` ends, its escapes read (-1: it does not end)."""
    at = opened
    while True:
        found = _ESCAPE_OR_END.search(text, at)
        if found is None:
            return -1
        if text.startswith('"', found.start()):
            return found.start()
        at = found.end()


def _after_quotes(text: str, at: int, quote: str) -> int:
    """Where the run of ``quote`` characters at ``at`` ends."""
    end = at + 3
    while text.startswith(quote, end):
        end += 1
    return end
