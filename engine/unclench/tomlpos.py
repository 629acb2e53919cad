"""Where each key of a TOML document is written: a map from key path to line and column.

``tomli`` gives values but no positions. To point an author at the line of a
schema error, this module scans a document that ``tomli`` already accepted
and records the position of every key, table header and array element. Paths
use the same shape as pydantic error locations: strings for keys, integers
for array indexes (``("steps", 2, "choices", 0, "text")``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import tomli

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_MAX_DEPTH = 200


def _line_starts(text: str) -> list[int]:
    """The offset of every line's first character (found line by line: a search per character is slow)."""
    starts = [0]
    newline = text.find("\n")
    while newline >= 0:
        starts.append(newline + 1)
        newline = text.find("\n", newline + 1)
    return starts


def _closing_quotes(text: str, start: int, quote: str) -> int:
    """Where the three quotes that close a multi-line string whose text starts at ``start`` are (the end of ``text``
    when none do). In a basic string (``\"\"\"``) a quote after an odd run of backslashes is escaped."""
    at = start
    while True:
        close = text.find(quote * 3, at)
        if close < 0:
            return len(text)
        before = close
        while quote == '"' and text[before - 1] == "\\":
            before -= 1
        if (close - before) % 2 == 0:
            return close
        at = close + 1


class _Scanner:
    """A forgiving scanner over a syntactically valid TOML document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = _line_starts(text)
        self.positions: dict[KeyPath, Position] = {}
        self.array_counts: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        """The table the next key/value line belongs to (the last header read)."""

    # -- helpers -------------------------------------------------------------

    def where(self, offset: int) -> Position:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def record(self, path: KeyPath, offset: int) -> None:
        self.positions.setdefault(path, self.where(offset))

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def skip_blank(self, newlines: bool) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.pos += 1
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end
            else:
                return

    def skip_string(self) -> str:
        """Skip a string at ``pos`` and return its decoded value (best effort)."""
        text = self.text
        start = self.pos
        quote = text[start]
        if text.startswith(quote * 3, start):
            i = _closing_quotes(text, start + 3, quote)
            end = min(i + 3, len(text))
            # A closing delimiter may be followed by up to two more quotes.
            while end < len(text) and text[end] == quote:
                end += 1
            self.pos = end
            return ""
        i = start + 1
        while i < len(text) and text[i] != quote and text[i] != "\n":
            i += 2 if (quote == '"' and text[i] == "\\") else 1
        self.pos = min(i + 1, len(text))
        raw = text[start : self.pos]
        if len(raw) >= 2 and raw.endswith(quote) and (quote == "'" or "\\" not in raw):
            return raw[1:-1]  # nothing to decode (most keys and one-line values): no parser needed
        try:
            value = tomli.loads(f"k = {raw}")["k"]
        except tomli.TOMLDecodeError:
            return raw.strip(quote)
        return str(value)

    def parse_key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            ch = self.peek()
            if ch in {'"', "'"}:
                parts.append(self.skip_string())
            else:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] in _BARE_KEY_CHARS:
                    self.pos += 1
                if self.pos == start:
                    self.pos += 1  # unexpected character: make progress regardless
                parts.append(self.text[start : self.pos])
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.pos += 1
                continue
            return parts

    def resolve(self, keys: list[str]) -> KeyPath:
        """Turn header keys into a path, stepping into the latest element of arrays of tables."""
        path: KeyPath = ()
        for key in keys[:-1]:
            path += (key,)
            if path in self.array_counts:
                path += (self.array_counts[path],)
        return (*path, keys[-1])

    # -- grammar ---------------------------------------------------------------

    def document(self) -> None:
        n = len(self.text)
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= n:
                return
            start = self.pos
            if self.text.startswith("[[", start):
                self.pos += 2
                path = self.resolve(self.parse_key())
                self.pos = self.text.find("]]", self.pos) + 2 or n
                index = self.array_counts.get(path, -1) + 1
                self.array_counts[path] = index
                # Header keys of sub-tables of an array element hang below it.
                for prefix in range(1, len(path)):
                    self.record(path[:prefix], start)
                self.table = (*path, index)
                self.record(path, start)
                self.record(self.table, start)
            elif self.text[start] == "[":
                self.pos += 1
                self.table = self.resolve(self.parse_key())
                self.pos = self.text.find("]", self.pos) + 1 or n
                # `[a.b]` also defines `a`, when nothing earlier did.
                for prefix in range(1, len(self.table) + 1):
                    self.record(self.table[:prefix], start)
            else:
                self.key_value(self.table, depth=0)
            end = self.text.find("\n", self.pos)
            self.pos = n if end < 0 else end + 1

    def key_value(self, table: KeyPath, depth: int) -> None:
        start = self.pos
        keys = self.parse_key()
        path = table
        for key in keys:
            path += (key,)
            self.record(path, start)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.pos += 1
        self.skip_blank(newlines=False)
        self.value(path, depth + 1)

    def value(self, path: KeyPath, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise RecursionError("TOML value nested too deeply")
        ch = self.peek()
        if ch in {'"', "'"}:
            self.skip_string()
        elif ch == "[":
            self.pos += 1
            index = 0
            while self.pos < len(self.text):
                self.skip_blank(newlines=True)
                if self.peek() in {"]", ""}:
                    self.pos += 1
                    return
                self.record((*path, index), self.pos)
                self.value((*path, index), depth + 1)
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.pos += 1
                index += 1
        elif ch == "{":
            self.pos += 1
            while self.pos < len(self.text):
                self.skip_blank(newlines=False)
                if self.peek() in {"}", ""}:
                    self.pos += 1
                    return
                self.key_value(path, depth + 1)
                self.skip_blank(newlines=False)
                if self.peek() == ",":
                    self.pos += 1
        else:
            text, n = self.text, len(self.text)
            while self.pos < n and text[self.pos] not in ",]}\n#":
                self.pos += 1


def key_positions(text: str) -> dict[KeyPath, Position]:
    """Map every key path in ``text`` (valid TOML) to the (line, column) where it is written.

    Array-of-tables elements map to their ``[[header]]`` line; inline array
    elements to where the element starts. Never raises on valid TOML other
    than ``RecursionError`` for absurdly deep nesting.
    """
    scanner = _Scanner(text)
    scanner.document()
    return scanner.positions


def line_context(text: str, line: int) -> tuple[dict[KeyPath, Position], KeyPath, KeyPath | None]:
    """What is known where ``line`` of ``text`` starts, for explaining a syntax error there.

    ``text`` need only be valid TOML before ``line``. Returns the positions of the
    keys before that line, the table the line belongs to, and the path of the key
    the line itself sets (None when it does not start with a key, e.g. a header).
    """
    lines = text.split("\n")
    before = "\n".join(lines[: line - 1])
    scanner = _Scanner(before + "\n" if before else "")
    try:
        scanner.document()
    except RecursionError:
        return {}, (), None
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    stripped = here.lstrip(" \t")
    if not stripped or stripped[0] in "[#=":
        return scanner.positions, scanner.table, None
    key_scanner = _Scanner(stripped)
    keys = key_scanner.parse_key()
    if not all(keys):
        return scanner.positions, scanner.table, None
    return scanner.positions, scanner.table, (*scanner.table, *keys)


def header_context(text: str, line: int) -> tuple[dict[KeyPath, Position], KeyPath | None, bool]:
    """For a ``[table]`` or ``[[array]]`` header on ``line``: the positions before it, its path, whether ``[[...]]``."""
    lines = text.split("\n")
    before = "\n".join(lines[: line - 1])
    scanner = _Scanner(before + "\n" if before else "")
    try:
        scanner.document()
    except RecursionError:
        return {}, None, False
    here = (lines[line - 1] if 0 < line <= len(lines) else "").lstrip(" \t")
    if not here.startswith("["):
        return scanner.positions, None, False
    double = here.startswith("[[")
    key_scanner = _Scanner(here[2 if double else 1 :])
    keys = key_scanner.parse_key()
    if not all(keys):
        return scanner.positions, None, double
    path: KeyPath = ()
    for key in keys[:-1]:
        path += (key,)
        if path in scanner.array_counts:
            path += (scanner.array_counts[path],)
    return scanner.positions, (*path, keys[-1]), double


def nearest_position(positions: dict[KeyPath, Position], path: KeyPath) -> tuple[Position, bool]:
    """The position of ``path``, or of its nearest enclosing key or table.

    Returns the position and whether it is exact. The document root is line 1.
    """
    for length in range(len(path), -1, -1):
        found = positions.get(path[:length])
        if found is not None:
            return found, length == len(path)
    return (1, 1), not path


def strings_in(value: object, key: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string in parsed TOML data, with its key path."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from strings_in(item, (*key, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*key, index))
