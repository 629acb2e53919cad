"""TOML syntax errors in an author's words: where the mistake is, under which key, and how to fix it.

``tomli`` stops at the first thing it cannot read and says so in parser terms
("Illegal character '\\n'", "Cannot overwrite a value"), at the place it gave up.
:func:`explain` turns that into a :class:`SyntaxProblem`: a plain message, the
fix, the key path where the line sets one, and, for a string, array or inline
table that is never closed, the place where it *opened* (the parser's place is
kept in the message).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import tomli

from unclench.frozen import frozen_record
from unclench.tomlpos import KeyPath, header_context, line_context

_SMART_QUOTES = "\u201c\u201d\u2018\u2019\u00ab\u00bb"
#: A typographic quote at the end of a line (before spaces, or a comment the author meant), where a string left
#: open was meant to end: double ones (“ ” „ « ») for a "string", single ones (‘ ’ ‚ ‹ ›) for a 'string'. A
#: "string" ending in ’ is more likely an apostrophe than a quote.
_TYPOGRAPHIC_END = {
    '"': re.compile("([\u201c\u201d\u201e\u00ab\u00bb])[ \t]*(?:#[^\n]*)?\\Z"),
    "'": re.compile("([\u2018\u2019\u201a\u2039\u203a])[ \t]*(?:#[^\n]*)?\\Z"),
}
#: ``explain``'s local helper that builds a problem at an offset (passed to the helpers below).
_At = Callable[..., "SyntaxProblem"]
_BACKSLASH_FIX = "write \\\\ for a backslash, or use a 'literal string' in single quotes, where \\ is just \\"
#: :data:`_BACKSLASH_FIX` in a text over several lines (an author was sent to a one-line 'literal string').
_BACKSLASH_FIX_SEVERAL_LINES = "write \\\\ for a backslash, or write the text between ''' and ''', where \\ is just \\"
#: How to write a tab or a line break instead, by the quote of the string a control character is in (a text
#: already over several lines was told to use a multi-line string; a literal string has no \t).
_INSTEAD_OF_CONTROLS = {
    '"': '; for a tab write \\t, for a line break use a multi-line string (""" ... """)',
    '"""': "; for a tab write \\t",
    "'": "; for a line break use a multi-line string (''' ... ''')",
}


@frozen_record
class SyntaxProblem:
    """A syntax error, explained."""

    line: int
    col: int
    key: KeyPath
    message: str
    suggestion: str


@frozen_record
class _Open:
    """A construct still open at some offset: a string, an array or an inline table."""

    kind: str  # '"', "'", '"""', "'''", "[" or "{"
    offset: int


def _position(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    return sum(len(item) + 1 for item in lines[: line - 1]) + col - 1


def open_constructs(text: str, offset: int, closed: list[tuple[str, int, int]] | None = None) -> list[_Open]:
    """The strings, arrays and inline tables open at ``offset``, outermost first.

    A forgiving scan of text that is valid up to about ``offset``: comments and
    the insides of strings are skipped, ``[`` at the start of a line outside any
    value is a table header. ``closed``, when given, gets every multi-line string
    closed before ``offset``: its quotes, where it opens and where its closing quotes start.
    """
    stack: list[_Open] = []
    i, end = 0, min(offset, len(text))
    line_start = True
    while i < end:
        ch = text[i]
        if ch == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline
            continue
        if ch == "\n":
            line_start = True
            i += 1
            continue
        if ch in " \t\r":
            i += 1
            continue
        if text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i : i + 3]
            j = i + 3
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if (quote == '"""' and text[j] == "\\") else 1
            if j >= end:
                return [*stack, _Open(quote, i)]
            if closed is not None:
                closed.append((quote, i, j))
            i = j + 3
            while i < len(text) and text[i] == quote[0]:
                i += 1
            line_start = False
            continue
        if ch in "\"'":
            j = i + 1
            while j < len(text) and text[j] not in (ch, "\n"):
                j += 2 if (ch == '"' and text[j] == "\\") else 1
            if j >= end:
                return [*stack, _Open(ch, i)]
            i = j + 1
            line_start = False
            continue
        if ch == "[" and line_start and not stack:
            newline = text.find("\n", i)  # a table header: nothing in it stays open
            i = len(text) if newline < 0 else newline
            continue
        if ch in "[{":
            stack.append(_Open(ch, i))
        elif ch in "]}" and stack and stack[-1].kind == ("[" if ch == "]" else "{"):
            stack.pop()
        line_start = False
        i += 1
    return stack


def _key_words(path: KeyPath | None) -> str:
    if not path:
        return "this key"
    last = path[-1]
    return f"the key '{last}'"


def _first_line(positions: dict[KeyPath, tuple[int, int]], path: KeyPath) -> int | None:
    found = positions.get(path)
    return found[0] if found else None


#: The type a key's value must have, in the checker's words ("boolean", "whole number", "number",
#: "string", "array"), or None when unknown: lets a bare word get the fix its key needs.
ExpectedType = Callable[[KeyPath], "str | None"]
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def explain(text: str, error: tomli.TOMLDecodeError, expected: ExpectedType | None = None) -> SyntaxProblem:
    """Explain ``error``, raised by ``tomli.loads(text)``; ``expected`` tells what type a key path needs."""
    # tomli reads CRLF line endings as LF before parsing, and its offsets count in that text (lines and columns
    # are the same in both): an unclosed string in a Windows file was blamed on the character after the error.
    text = text.replace("\r\n", "\n")
    words = str(error.msg) if hasattr(error, "msg") else re.sub(r"\s*\(at .*\)$", "", str(error))
    pos = getattr(error, "pos", None)
    if not isinstance(pos, int):
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        pos = _offset(text, int(found.group(1)), int(found.group(2))) if found else len(text)
    pos = max(0, min(pos, len(text)))
    line, col = _position(text, pos)
    gave_up = f"the parser gave up at line {line}, column {col}"
    char = text[pos] if pos < len(text) else ""

    closed: list[tuple[str, int, int]] = []
    opened = open_constructs(text, pos, closed)
    innermost = opened[-1] if opened else None

    def at(offset: int, message: str, suggestion: str, key: KeyPath | None = None) -> SyntaxProblem:
        where_line, where_col = _position(text, offset)
        if key is None and opened and offset > opened[0].offset:
            key = _statement_key(text, opened)  # inside a value: the key it belongs to, not words of its text
        if key is None:
            _, _, key = line_context(text, where_line)
        return SyntaxProblem(where_line, where_col, key or (), message, suggestion)

    told_in_text = words.startswith(("Found invalid character", "Illegal character", "Unterminated string"))
    if char == "\r" and not told_in_text:  # between keys and values: read as neither, it was blamed on its neighbours
        return _bad_character(char, pos, at, where="outside a string or a comment")
    runaway = _runaway_string(text, pos, closed[-1]) if closed and words.startswith(_TEXT_WHERE_TOML) else None
    if runaway is not None:
        quote, start, how_far = runaway
        return at(
            start,
            f"this multi-line string ({quote}) may be missing its closing {quote}: it runs on {how_far}, and the "
            f"parser gave up on the text after that (line {line}, column {col})",
            f"end the text with {quote} where it should end",
            line_context(text, _position(text, start)[0])[2] or (),
        )
    if (
        innermost is not None
        and innermost.kind in {'"""', "'''"}
        and (words.startswith("Unterminated string") or words.startswith("Expected"))
    ):
        quote = innermost.kind
        return at(
            innermost.offset,
            f"this multi-line string ({quote}) is never closed ({gave_up}, the end of the file)",
            f"end the text with {quote}",
        )
    if (innermost is None or innermost.kind in "[{") and (look_alike := _look_alike(text, pos, char, at)):
        return look_alike
    # A 'literal string' left open is told "Found invalid character '\n'" when an apostrophe follows later on.
    left_open = words.startswith("Found invalid character") and innermost is not None and innermost.kind == "'"
    if words.startswith("Illegal character") or words.startswith("Unterminated string") or left_open:
        if innermost is not None and innermost.kind in {'"', "'"} and (char in {"\n", ""}):
            quote = innermost.kind
            typographic = _TYPOGRAPHIC_END[quote].search(text, innermost.offset + 1, pos)
            if typographic is not None:  # `title = "Slow breathing”`: the quote meant to close it is not one
                return at(
                    typographic.start(),
                    f"this string is not closed before the end of its line ({gave_up}): it ends with a "
                    f"typographic quote ({typographic.group(1)})",
                    f"end it with a straight one ({quote})",
                )
            return at(
                innermost.offset,
                f"this string is not closed before the end of its line ({gave_up})",
                f"add the closing {quote} on the same line; for text over several lines use "
                f"{quote * 3} ... {quote * 3}",
            )
        if char:
            return _bad_character(char, pos, at, string=innermost.kind if innermost is not None else '"')
    if words.startswith("Found invalid character") and char:  # in a comment, or a '\'\'\'literal string\'\'\''
        return _bad_character(char, pos, at, string=innermost.kind if innermost is not None else "")
    if words in {"Unclosed array", "Unclosed inline table"} and innermost is not None:
        closing, what = ("]", "array") if innermost.kind == "[" else ("}", "inline table")
        open_line, _ = _position(text, innermost.offset)
        before = text[:pos].rstrip()
        missing_comma = char not in {"\n", "\r", "", "#", "]", "}"} and (
            open_line == line or (before and before[-1] not in ",[{" and not _starts_statement(text, pos))
        )
        if missing_comma:
            array_key = _statement_key(text, opened)
            return at(
                pos, f"the items of an {what} must be separated by commas", "add a comma before this item", array_key
            )
        return at(
            innermost.offset,
            f"this {what} ({innermost.kind}) is never closed ({gave_up})",
            f"add {closing} after its last item",
        )
    if words == "Cannot overwrite a value":
        return _overwrite(text, line, col, pos, expected)
    if words.startswith("Cannot declare"):
        positions, header, double = header_context(text, line)
        if header is not None:
            first = _first_line(positions, header)
            name = ".".join(str(part) for part in header if isinstance(part, str))
            if not double and (*header, 0) in positions:
                return at(
                    pos,
                    f"'{name}' is an array of tables ([[{name}]]), so [{name}] cannot declare it again",
                    f"write [[{name}]] to add another one",
                    header,
                )
            if first and expected is not None and expected(header) == "array":
                # Every header of a list written [steps]: the mistake is at the first, and "merge" would lose steps.
                return at(
                    _line_offset(text, first),
                    f"the table [{name}] is declared again on line {line}, but {name} is a list of tables: "
                    f"each of its headers is written [[{name}]]",
                    f"write every one of its headers as [[{name}]], never [{name}]",
                    header,
                )
            return at(
                _line_offset(text, line),
                f"the table [{name}] is declared twice" + (f": first on line {first}" if first else ""),
                "merge the two into one table",
                header,
            )
    if words.startswith("Duplicate inline table key"):
        key = words.split("key", 1)[1].strip()
        return at(pos, f"the key {key} is set twice in this inline table", "keep one of them")
    if words.startswith("Cannot mutate immutable namespace") and (header_problem := _header_after_value(text, line)):
        return header_problem
    if words.startswith("Cannot mutate immutable namespace") or words.startswith("Cannot redefine namespace"):
        return at(
            pos,
            "this key belongs to a table or array that was already written in full ({ ... } or [ ... ])",
            "set all of its keys in one place: inside the braces, or under one [table] header",
        )
    if words.startswith("Expected '=' after a key"):
        return _expected_equals(text, line, pos, char)
    if words == "Invalid value":
        return _invalid_value(text, pos, char, at, expected)
    if words in {"Unescaped '\\' in a string", "Invalid hex value"} or words.startswith("Escaped character"):
        backslash = text.rfind("\\", _line_offset(text, line), pos + 1)
        several_lines = innermost is not None and innermost.kind == '"""'
        string = '""" ... """' if several_lines else '"..."'
        return at(
            backslash if backslash >= 0 else pos,
            f"a backslash starts an escape (like \\n) in a {string} string, and this one is not valid",
            _BACKSLASH_FIX_SEVERAL_LINES if several_lines else _BACKSLASH_FIX,
        )
    if words.startswith("Expected newline or end of document"):
        return _after_statement(text, pos, char, at, expected)
    if words.startswith("Expected ']]'") or words.startswith("Expected ']'"):
        bracket = "]]" if "]]" in words else "]"
        written = text[_line_offset(text, line) : pos].strip().rstrip("]").rstrip()
        example = written + bracket if _OPEN_HEADER.fullmatch(written) else "[[steps]]"
        return at(pos, f"this header is not closed with {bracket}", f"end the header with {bracket}: {example}")
    if words in {"Invalid initial character for a key part", "Invalid statement"}:
        stripped = text[_line_offset(text, line) :].split("\n", 1)[0].strip()
        if stripped.startswith("="):
            return at(pos, "a key is missing before =", "write key = value")
        if re.match(r"^[A-Za-z0-9_\-\"'.]+\s*=", stripped) and ". =" in stripped.replace(" ", "") + ". =":
            return at(pos, "a dotted key cannot end with a dot", "remove the last dot")
        return at(
            pos,
            "this line is not a key = value, a [table] header or a # comment",
            'if it is text, it belongs inside a string (""" ... """ for several lines)',
        )
    if words == "Invalid date or datetime":
        return at(pos, "this is not a valid date or time", 'write dates as 2024-05-01; put text in quotes: "..."')
    return at(pos, f"cannot read this: {words}", "see the TOML rules at https://toml.io")


#: What ``tomli`` says of text where a key, a header or the end of a line should be: how the text of a string
#: left open reads once the next string's opening quotes have closed it.
_TEXT_WHERE_TOML = (
    "Invalid initial character for a key part",
    "Invalid statement",
    "Expected '=' after a key",
    "Expected newline or end of document",
    "Invalid value",
    "Expected ']'",
)
_KEY = r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*"
#: A header as far as it is written before its closing brackets: ``[steps.limits``, ``[[steps``.
_OPEN_HEADER = re.compile(rf"\[\[?[ \t]*{_KEY}", re.ASCII)
#: The start of a line that sets a key to a string opened with the quotes that follow: ``body = ``.
_OPENER = re.compile(rf"[ \t]*({_KEY})[ \t]*=[ \t]*\Z")
#: A line of a string's text that reads as TOML: a header, or a key set to a short value (what it is shown as).
_HEADER_LINE = re.compile(rf"[ \t]*(\[\[?[ \t]*{_KEY}[ \t]*\]\]?)[ \t]*(?:#.*)?\Z")
_SHORT_VALUE = r"""(?:"[^"\\\n]{0,30}"|'[^'\n]{0,30}'|true|false|[0-9][0-9._]*|\[[^\]\n]{0,40}\])"""
_KEY_LINE = re.compile(rf"[ \t]*({_KEY}[ \t]*=[ \t]*{_SHORT_VALUE})[ \t]*(?:#.*)?\Z")


def _runaway_string(text: str, pos: int, last: tuple[str, int, int]) -> tuple[str, int, str] | None:
    """The multi-line string ``last`` (the last one closed before ``pos``), if it was left open and ran on.

    So it seems when the quotes that close it follow ``key =`` on their line (they were meant to open the
    next string: ``body = \"\"\"``) and only blank lines and comments lie between them and the line ``tomli``
    gave up on, in the text of that next string. Returns its quotes, where it opens, and how far it runs
    in words: ``past [[steps]] on line 15 to body = \"\"\" on line 27``.
    """
    quote, start, close = last
    close_line_start = text.rfind("\n", 0, close) + 1
    opener = _OPENER.match(text, close_line_start, close)
    if opener is None or close_line_start <= start:
        return None
    after = close + 3
    while after < len(text) and text[after] == quote[0]:
        after += 1
    error_line_start = text.rfind("\n", 0, pos) + 1
    between = text[after:error_line_start].split("\n")
    if any(line.strip() and not line.lstrip().startswith("#") for line in between):
        return None
    how_far = f"to {opener.group(1)} = {quote} on line {_position(text, close)[0]}"
    inside = text[text.find("\n", start) + 1 : close_line_start].split("\n")[:-1]
    first_line = _position(text, start)[0] + 1
    headers = [(n, found.group(1)) for n, line in enumerate(inside) if (found := _HEADER_LINE.match(line))]
    keys = [(n, found.group(1)) for n, line in enumerate(inside) if (found := _KEY_LINE.match(line))]
    if headers or keys:
        number, written = (headers or keys)[0]
        how_far = f"past {written} on line {first_line + number} {how_far}"
    return quote, start, how_far


def _bad_character(char: str, pos: int, at: _At, *, string: str = "", where: str = "") -> SyntaxProblem:
    """A character TOML does not allow as it is, in a string (``string``, its quote) or a comment (or ``where``):
    which one, and how to be rid of it."""
    from unclench.text import describe_char

    where = where or ("in a string" if string else "in a comment")
    if char == "\r":
        return at(
            pos,
            f"a carriage return {describe_char(char)} on its own is not allowed {where}",
            "it is a stray line ending (from another editor or a copy): delete it, or save the file with "
            "ordinary line endings (LF)",
        )
    fix = "delete it"
    if ord(char) < 32 or ord(char) == 127:  # editors show these as ^[ and the like
        fix += f" (an editor may show it as ^{chr(ord(char) ^ 64)})"
    fix += _INSTEAD_OF_CONTROLS.get(string, "")
    return at(pos, f"the invisible control character {describe_char(char)} is not allowed {where}", fix)


#: Dashes and minus signs that look like the ASCII hyphen-minus TOML reads (in a key, before a number).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"


def _ascii_for(char: str) -> str | None:
    """What to write for ``char``, a non-ASCII character where TOML reads only ASCII: a space, ``""`` (delete it),
    the ASCII character it looks like (``3`` for a full-width ``３``), or None when it stands for none of these."""
    import unicodedata

    category = unicodedata.category(char)
    if category == "Zs":  # a no-break, ideographic or thin space
        return " "
    if category == "Cf" or char in "\u034f\u115f\u1160\u3164\uffa0":  # zero-width, BOM, joiners, fillers
        return ""
    if char.isdigit():  # a full-width or Arabic-Indic digit
        return str(unicodedata.digit(char, "")) or None
    if char in _DASHES:
        return "-"
    folded = unicodedata.normalize("NFKC", char)
    if folded.isascii() and len(folded) == 1 and folded.isprintable():
        return folded
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    return base if base.isascii() and len(base) == 1 and base.isalpha() else None  # 'ï' in a key: i


def _look_alike(text: str, pos: int, char: str, at: _At) -> SyntaxProblem | None:
    """A character where TOML reads only ASCII that looks like a space, like nothing, or like an ASCII one.

    ``kind = "prompt"`` and a no-break space, ``minutes = ３``, a zero-width space or a second byte order
    mark at the start of a line: named, at its column, with what to write instead (the parser's own words
    blamed a quote, a missing = or the value).
    """
    import unicodedata

    if char.isascii() or not char or char in _SMART_QUOTES:
        return None
    meant = _ascii_for(char)
    if meant is None:
        return None
    name = "BYTE ORDER MARK" if char == "\ufeff" else unicodedata.name(char, "")
    described = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    line_end = text.find("\n", pos)
    rest = text[pos + 1 : len(text) if line_end < 0 else line_end]
    more = sum(1 for other in rest.split("#", 1)[0] if not other.isascii() and _ascii_for(other) is not None)
    also = f" (and {more} more like it on this line)" if more else ""
    fix = f"replace it with {meant}" + (" (an ASCII digit)" if meant.isdigit() else "")
    if meant == " ":
        message = f"{described} looks like a space, but outside strings TOML takes only ordinary spaces and tabs"
        fix = "replace it with an ordinary space"
    elif not meant:
        message = f"the invisible character {described} is not allowed outside strings and comments"
        fix = "delete it (most editors do not show it: delete and retype the characters around it)"
        if pos == 0 and char == "\ufeff":  # the loader took away the first one
            message = f"the file starts with a second byte order mark, {described}; one at most is allowed"
            fix = "delete it: save the file as UTF-8 (without a byte order mark, or with one only)"
    elif unicodedata.normalize("NFKC", char) == meant or char in _DASHES:
        message = f"'{char}' {described} looks like '{meant}', but outside strings TOML reads only ASCII characters"
    else:
        message = f"'{char}' {described} is not ASCII, and outside strings TOML reads only ASCII characters"
    if more:
        fix += ", and the others like it"
    mended = "".join(_ascii_for(other) or "" if not other.isascii() else other for other in rest)
    _, _, key = line_context(text[:pos] + meant + mended, _position(text, pos)[0])  # the line as meant: its key
    in_value = bool(open_constructs(text, pos))  # in an array: at() names the key the array is of
    return at(pos, message + also, fix, None if in_value else key or ())


def _statement_key(text: str, opened: list[_Open]) -> KeyPath:
    """The key path of the innermost open array or inline table: the key = value it starts on, plus item indexes.

    ``choices = [`` on one line, ``{ text = "b" correct = true }`` on a later one: ``steps[0].choices[1]``.
    """
    _, _, key = line_context(text, _position(text, opened[0].offset)[0])
    path: KeyPath = key or ()
    for outer, inner in itertools.pairwise(opened):
        if outer.kind != "[" or not path:
            break
        path = (*path, _items_before(text, outer.offset + 1, inner.offset))
    return path


def _items_before(text: str, start: int, end: int) -> int:
    """How many array items end (with a comma) between ``start`` and ``end``: the index of the item at ``end``."""
    depth, count, i, quote = 0, 0, start, ""
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            count += 1
        elif ch == "#":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
            continue
        i += 1
    return count


def _line_offset(text: str, line: int) -> int:
    return _offset(text, line, 1)


def _starts_statement(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a line that reads as a header or a ``key = value``: the array before it was left open."""
    line_start = text.rfind("\n", 0, pos) + 1
    if text[line_start:pos].strip():
        return False
    return text.startswith("[", pos) or bool(re.match(r"[A-Za-z0-9_\"'.-]+[ \t]*(\.[^=\n]*)?=", text[pos:]))


def _single_header_line(text: str, line: int) -> bool:
    """Whether line ``line`` of ``text`` is a table header in single brackets (``[steps]``, not ``[[steps]]``)."""
    written = text.split("\n", line)[line - 1].lstrip(" \t")
    return written.startswith("[") and not written.startswith("[[")


def _overwrite(text: str, line: int, col: int, pos: int, expected: ExpectedType | None = None) -> SyntaxProblem:
    """``Cannot overwrite a value``: a key set twice, or a name used for two things."""
    positions, _table, path = line_context(text, line)
    line_start = _line_offset(text, line)
    if path is None:
        positions, header, _double = header_context(text, line)
        if header is not None:
            name = ".".join(str(part) for part in header if isinstance(part, str))
            first = _first_line(positions, header)
            fix = f"use either [{name}] or [[{name}]] throughout, and set it in one place"
            if expected is not None and expected(header) == "array":
                # A list of tables ([[steps]]) never takes a [steps] header: "either ... throughout" would invite one.
                fix = f"{name} is a list: write every one of its headers as [[{name}]], never [{name}]"
                if first is not None and _single_header_line(text, first):
                    # The [steps] came first: told at it, the line to mend (an author was sent to a right [[steps]]).
                    return SyntaxProblem(
                        first, 1, header, f"[{name}] declares '{name}' as one table, but line {line} adds to it", fix
                    )
            return SyntaxProblem(
                line,
                1,
                header,
                f"'{name}' is already set"
                + (f" on line {first}" if first else "")
                + ", so this header cannot declare it",
                fix,
            )
        return SyntaxProblem(line, col, (), "this key is already set", "keep one of the two")
    key_col = len(text[line_start:].split("\n", 1)[0]) - len(text[line_start:].split("\n", 1)[0].lstrip(" \t")) + 1
    for length in range(1, len(path) + 1):
        prefix = path[:length]
        first = _first_line(positions, prefix)
        if first is None:
            continue
        if length == len(path):
            return SyntaxProblem(
                line,
                key_col,
                path,
                f"{_key_words(path)} is set twice: first on line {first}",
                "keep one of them (delete or rename the other)",
            )
        if length > len(_table):
            name = ".".join(str(part) for part in prefix[len(_table) :])
            return SyntaxProblem(
                line,
                key_col,
                path,
                f"'{name}' already holds a value (line {first}), so it cannot also hold '{path[-1]}'",
                "rename one of them",
            )
    return SyntaxProblem(line, key_col, path, f"{_key_words(path)} is set twice", "keep one of them")


def _header_after_value(text: str, line: int) -> SyntaxProblem | None:
    """A ``[[sources]]`` header below ``sources = [...]``: the key is set twice, once as a value, once as tables.

    In a lesson, ``sources = [...]`` lists ids of the course's sources, which are declared in course.toml.
    """
    positions, header, double = header_context(text, line)
    if header is None or len(header) != 1 or not isinstance(header[0], str) or (header[0],) not in positions:
        return None
    name = header[0]
    first = positions[(name,)][0]
    written = f"[[{name}]]" if double else f"[{name}]"
    if name == "sources" and ("steps",) in positions:  # a lesson, already past one of its steps
        return SyntaxProblem(
            line,
            1,
            header,
            f"{written} cannot follow sources = [...] (line {first}): in a lesson, sources lists the ids of the "
            "course's sources, which are declared in course/course.toml",
            f"move this {written} table to course/course.toml, and write its id in sources = [...] on line {first}",
        )
    return SyntaxProblem(
        line,
        1,
        header,
        f"'{name}' is already set on line {first}, so {written} cannot add to it",
        f"set {name} in one place: with {name} = ... on line {first}, or under {written} headers only",
    )


def _expected_equals(text: str, line: int, pos: int, char: str) -> SyntaxProblem:
    line_start = _line_offset(text, line)
    written = text[line_start:pos].strip()
    _, table, path = line_context(text, line)
    key: KeyPath = path or ((*table, written) if written else table)
    col = pos - line_start + 1
    if char == ":":
        return SyntaxProblem(line, col, key, "a key and its value are joined with =, not ':'", f"write {written} = ...")
    if char in {"\n", "\r", "", "#"}:
        return SyntaxProblem(
            line, col, key, f"'{written}' has no = and no value", f"write {written} = value, or remove the line"
        )
    whole_line = text[line_start:].split("\n", 1)[0]
    if "=" not in whole_line and re.search(r"\S\s+\S", whole_line.strip()) and char not in "\"'":
        return SyntaxProblem(
            line,
            _first_col(text, line),
            table,
            "this line is not a key = value, a [table] header or a # comment",
            'if it is text, it belongs inside a string (""" ... """ for several lines)',
        )
    if not char.isascii() and char.isprintable():
        from unclench.text import describe_char

        return SyntaxProblem(
            line,
            col,
            key,
            f"'{char}' {describe_char(char)} cannot be in a key written without quotes: such a key is ASCII "
            "letters, digits, - and _",
            "write the key in those, or put it in quotes",
        )
    if re.fullmatch(r"[A-Za-z0-9_-]+", written) and (char.isalnum() or char in "_-"):
        rest = re.match(r"[A-Za-z0-9_ -]*", text[line_start:]).group(0).strip()  # type: ignore[union-attr]
        return SyntaxProblem(
            line,
            _first_col(text, line),
            (*table, rest),
            "keys cannot contain spaces",
            f'quote the key ("{rest}" = ...) or use a dash ({rest.replace(" ", "-")} = ...)',
        )
    return SyntaxProblem(line, col, key, f"expected = after the key '{written}'", f"write {written} = value")


def _first_col(text: str, line: int) -> int:
    here = text.split("\n")[line - 1]
    return len(here) - len(here.lstrip(" \t")) + 1


def _expected_at(text: str, pos: int, expected: ExpectedType | None) -> tuple[KeyPath, str | None]:
    """The key path set on the line of ``pos`` and the type its value needs (None: unknown)."""
    _, _, key = line_context(text, _position(text, pos)[0])
    if not key or expected is None:
        return key or (), None
    return key, expected(key)


def _invalid_value(text: str, pos: int, char: str, at: _At, expected: ExpectedType | None) -> SyntaxProblem:
    word = re.match(r"[A-Za-z_][A-Za-z0-9_-]*", text[pos:])
    key, needs = _expected_at(text, pos, expected)
    name = str(key[-1]) if key and isinstance(key[-1], str) else "key"
    if word and needs == "boolean":
        written = word.group(0)
        guess = closest_bool(written) or "true"
        return at(pos, f"'{written}' is not a value", f"write true or false (did you mean {guess}?)")
    if word and needs in {"whole number", "number"}:
        number = _NUMBER_WORDS.get(word.group(0).lower())
        example = f"{name} = {number if number is not None else 5}"
        what = "a whole number" if needs == "whole number" else "a number"
        return at(pos, f"{what} is written in digits", f"write {what}, e.g. {example}")
    if char in {"\n", "\r", "", "#"}:
        return at(pos, "the key has no value after =", _value_example(name, needs))
    if char in _SMART_QUOTES:
        return at(pos, f"a typographic quote ({char}) cannot start a string", 'use straight quotes: "..."')
    if word and word.group(0).lower() in {"true", "false"}:
        return at(pos, f"'{word.group(0)}' is not a value", f"write {word.group(0).lower()} in lower case")
    if word:
        opened = open_constructs(text, pos)
        if opened and opened[-1].kind == "[":  # `checkin = [tension, calm]`: each word of the list in quotes
            written = text[opened[-1].offset :].split("\n", 1)[0].split("#", 1)[0]
            items = re.fullmatch(r"\[\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*,?\s*\]\s*", written)
            if items is not None:
                listed = ", ".join(f'"{item.strip()}"' for item in items.group(1).split(","))
                return at(pos, "text must be written in quotes", f"write [{listed}] (each item with its quotes)")
            return at(pos, "text must be written in quotes", f'write "{word.group(0)}" (with the quotes)')
        rest = text[pos + word.end() :].split("\n", 1)[0].split("#", 1)[0].strip()
        quoted = word.group(0) if not rest else f"{word.group(0)} ..."  # `worse = high`: "high", not "high ..."
        return at(pos, "text must be written in quotes", f'write "{quoted}" (with the quotes)')
    return at(
        pos,
        "this is not a valid value",
        'put text in quotes "...", write numbers as 3 or 0.5, true/false in lower case, lists as [ ... ]',
    )


def _value_example(name: str, needs: str | None) -> str:
    """How to give the key ``name`` a value of the type it ``needs`` (None: not known)."""
    examples = {
        "whole number": f"write a whole number, e.g. {name} = 5",
        "number": f"write a number, e.g. {name} = 3 or {name} = 0.5",
        "boolean": f"write {name} = true or {name} = false",
        "string": f'write the text in quotes, e.g. {name} = "..."',
        "array": f'write a list in square brackets, e.g. {name} = ["..."]',
    }
    anything = 'give it a value: text in quotes "...", a number, true or false, or a list [ ... ]'
    return examples.get(needs or "", anything)


def closest_bool(word: str) -> str | None:
    """``true`` or ``false`` when ``word`` looks like a misspelling of one."""
    lower = word.lower()
    if lower.startswith(("t", "y")) or lower == "on":
        return "true"
    if lower.startswith(("f", "n")) or lower == "off":
        return "false"
    return None


def _after_statement(text: str, pos: int, char: str, at: _At, expected: ExpectedType | None) -> SyntaxProblem:
    """``Expected newline or end of document after a statement``: something follows a complete value."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    rest = text[pos:].split("\n", 1)[0]
    value = before.split("=", 1)[1].strip() if "=" in before else before.strip()
    if before.endswith("'") and value.startswith("'") and char not in " \t":
        return at(
            line_start + before.find("'"),
            "a 'literal string' ends at the next single quote, so it cannot contain one",
            'use double quotes for text with apostrophes: "it\'s"',
        )
    if before.endswith('"') and value.startswith('"') and char not in " \t":
        return at(
            pos - 1,
            "this quote ends the string early",
            'write \\" for a quote inside the text, or use single quotes around it: \'say "hi"\'',
        )
    if char == "," and re.fullmatch(r"[+-]?[0-9]+", value) and re.match(r",[0-9]", rest):
        key, needs = _expected_at(text, pos, expected)
        decimal = f"{value}.{re.match(r',([0-9]+)', rest).group(1)}"  # type: ignore[union-attr]
        name = str(key[-1]) if key and isinstance(key[-1], str) else "key"
        if needs == "whole number":
            whole = max(1, round(float(decimal)))
            return at(pos, "a number cannot contain a comma", f"write a whole number, e.g. {name} = {whole}")
        return at(pos, "a number cannot contain a comma", f"use a dot ({name} = {decimal}), or a whole number")
    if re.fullmatch(r"[+-]?0[0-9]+", value + (re.match(r"[0-9]*", rest).group(0))):  # type: ignore[union-attr]
        return at(line_start + before.find(value), "numbers cannot start with 0", "write 7, not 007")
    if re.match(r"\d{4}-\d", value + rest):
        return at(
            line_start + before.find(value),
            "this is not a valid date",
            'write dates as 2024-05-01; put text in quotes: "..."',
        )
    if re.match(r"\s*[A-Za-z0-9_\"'.-]+\s*=", rest):
        return at(pos, "only one key = value fits on a line", "put each key = value on its own line")
    return at(pos, "unexpected text after the value", "remove it, or start a comment with #")
