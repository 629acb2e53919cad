"""How much drawing a course text's Markdown asks of the app: ``unclench check`` bounds it.

The app draws each Markdown block of a text (a paragraph, a heading, a list
item, a quote, a table's every row and cell) as a part of its own, and lays
out a table's every cell again at each redraw. A text within the length limit
can still hold tens of thousands of blocks (a table of 5,000 columns, 9,000
tiny tables, a list of 15,000 items): drawing it took the app from seconds to
minutes, deaf to every key meanwhile, the stop key of a running exercise
included. So a text may hold at most :data:`MAX_BLOCKS` blocks, a table at
most :data:`MAX_TABLE_COLUMNS` columns and :data:`MAX_TABLE_TEXT` characters,
and a code block no line longer than :data:`MAX_CODE_LINE` characters (code is
shown plain and unwrapped: ``unclench.tui.widgets.course_markdown``). Within
them a text is drawn in a fraction of a second
(``benchmarks/drivers/heavy_markdown.py``). The bundled course's longest page
holds 18 blocks.

Most texts cannot come near the limits, and are judged without a parser
(importing markdown-it is most of what ``check`` would spend on them): see
:func:`markdown_costs`.

Domain code: never imports Textual.
"""

from __future__ import annotations

import functools
import re
from itertools import repeat
from typing import TYPE_CHECKING

from unclench.frozen import frozen_record

if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: The most Markdown blocks one text may hold (each paragraph, heading, list, item, quote, code block, rule,
#: table, table row and table cell counts one).
MAX_BLOCKS = 100
#: The most columns a table may have (a wider one cannot be read in a terminal either).
MAX_TABLE_COLUMNS = 10
#: The most characters a table's lines may hold (every cell is laid out again at each redraw).
MAX_TABLE_TEXT = 5000
#: The longest line a code block may hold, in characters (code lines are drawn unwrapped).
MAX_CODE_LINE = 1000
#: The most lists and quotes one inside another. The course's Markdown parser (markdown-it) stops reading a
#: text at its 20th level of nesting and drops the rest without a word: a list ten deep took the rest of its
#: page with it. A list counts two levels (the list, its item), a table inside one four more: within six
#: lists and quotes nothing reaches the 20th.
MAX_NESTING = 6

#: The start of a line made of container markers (quotes, bullets, numbers): each can open blocks of its own on
#: that one line (``> - > 1. text``); any other line opens at most one block (and a table, which needs ``|``).
_LINE_MARKERS = re.compile(r"^[ \t]*(?:(?:[>*+-]|\d{1,9}[.)])[ \t]*)+", re.MULTILINE)
#: The characters a line's markers and the blanks between them are made of (a superset: digits of any length).
_MARKER_RUN = " \t>*+-.)0123456789"
_MARKER_START = frozenset(_MARKER_RUN)
#: Tokens that open and close a list or a quote (``nesting`` 1 and -1).
_CONTAINERS = frozenset(
    {"bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close"}
    | {"blockquote_open", "blockquote_close"}
)
#: Tokens of a block that holds no other blocks and has no closing token.
_LEAF_BLOCKS = frozenset({"fence", "code_block", "hr", "html_block"})


@frozen_record
class MarkdownCost:
    """A text's Markdown beyond a limit: what is wrong and how to fix it, and text to find where it is.

    ``line`` is the text's line (from 0) where it is, ``snippet`` the start of that line as written.
    """

    message: str
    suggestion: str
    line: int
    snippet: str


def markdown_costs(text: str) -> list[MarkdownCost]:
    """What in ``text`` is beyond the limits (empty: nothing), the first of each kind."""
    if not _may_exceed(text):
        return []
    tokens = _block_parser().parse(text)
    lines = text.split("\n")
    found: list[MarkdownCost] = []

    def beyond(message: str, suggestion: str, line: int) -> None:
        found.append(MarkdownCost(message, suggestion, line, _snippet(lines, line)))

    blocks = [token for token in tokens if token.nesting == 1 or token.type in _LEAF_BLOCKS]
    if len(blocks) > MAX_BLOCKS:
        beyond(
            f"this text holds {len(blocks)} Markdown blocks (paragraphs, headings, list items, "
            f"table cells...); a text may hold at most {MAX_BLOCKS} (the app draws each one): block "
            f"{MAX_BLOCKS + 1} starts here",
            "split it into several steps, or use fewer, longer paragraphs (a table: fewer rows)",
            _line_of(blocks[MAX_BLOCKS]),
        )
    wide = next(((token, columns) for token, columns in _tables(tokens) if columns > MAX_TABLE_COLUMNS), None)
    if wide is not None:
        beyond(
            f"this table has {wide[1]} columns; a table may have at most {MAX_TABLE_COLUMNS}",
            "use fewer columns (a list, or several tables, reads better in a terminal)",
            _line_of(wide[0]),
        )
    long_table = next(
        ((token, size) for token, _ in _tables(tokens) if (size := _table_text(token, lines)) > MAX_TABLE_TEXT), None
    )
    if long_table is not None:
        beyond(
            f"this table holds {long_table[1]} characters; a table may hold at most {MAX_TABLE_TEXT}",
            "keep a table to short cells (put longer text in paragraphs or a list)",
            _line_of(long_table[0]),
        )
    deep = next(_too_deep(tokens), None)
    if deep is not None:
        beyond(
            f"lists or quotes are nested {MAX_NESTING + 1} deep here; at most {MAX_NESTING} may be inside one "
            "another (the app does not show deeper ones, nor anything after them)",
            "use fewer levels: a flatter list reads better in a terminal",
            _line_of(deep),
        )
    long_line = next(_long_code_lines(tokens), None)
    if long_line is not None:
        number, length = long_line
        beyond(
            f"a line in this code block is {length} characters long; "
            f"a code line may be at most {MAX_CODE_LINE} (code is not wrapped)",
            "break the line into shorter ones",
            number,
        )
    return found


def _may_exceed(text: str) -> bool:
    """Whether ``text`` could be beyond a limit, judged without a parser (False: it surely is not).

    A table needs ``|``; a code line longer than the limit needs a line that long; otherwise a line opens at
    most one block, and two (a list and its item) for each quote or list marker it starts with.
    """
    if "|" in text:
        return True
    lines = text.split("\n")
    if len(text) > MAX_CODE_LINE and max(map(len, lines)) > MAX_CODE_LINE:
        return True
    # Each marker is at least one character of its line's leading run of marker characters: those runs' length
    # bounds the markers with no regular expression, and settles most texts (the cold start checks 25,000 of
    # them on a course of 1,000 lessons).
    unmarked = list(map(str.lstrip, lines, repeat(_MARKER_RUN)))
    leading = len(text) + 1 - len(lines) - sum(map(len, unmarked))
    if leading > MAX_NESTING and any(
        len(line) - len(rest) > MAX_NESTING and _nesting_bound(line[: len(line) - len(rest)]) > MAX_NESTING
        for line, rest in zip(lines, unmarked, strict=True)
    ):
        return True
    if len(lines) + 2 * leading <= MAX_BLOCKS:
        return False
    bound = text.count("\n") + 1 + 2 * sum(len(markers.group()) for markers in _LINE_MARKERS.finditer(text))
    return bound > MAX_BLOCKS


def _nesting_bound(run: str) -> int:
    """The most lists and quotes a line starting with ``run`` (its leading marker characters) can be inside.

    A quote takes its ``>``; a list takes two columns at least (its marker and a blank, or as much indent on
    the lines of its item); a tab stands for four columns at most.
    """
    quotes = run.count(">")
    return quotes + (len(run) - quotes + 3 * run.count("\t")) // 2


def _tables(tokens: list[Token]) -> list[tuple[Token, int]]:
    """Each table's opening token and its number of columns (the cells of its head row)."""
    tables: list[tuple[Token, int]] = []
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        columns = 0
        for inner in tokens[index + 1 :]:
            if inner.type == "th_open":
                columns += 1
            elif inner.type in ("thead_close", "table_close"):
                break
        tables.append((token, columns))
    return tables


def _table_text(table: Token, lines: list[str]) -> int:
    """The characters of a table's lines in the text."""
    start, end = table.map if table.map else (0, 0)
    return sum(len(line) for line in lines[start:end])


def _long_code_lines(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """The text's line (from 0) and length of each code block's first line longer than the limit."""
    for token in tokens:
        if token.type not in ("fence", "code_block"):
            continue
        for offset, line in enumerate(token.content.split("\n")):
            if len(line) > MAX_CODE_LINE:
                # A fence's content starts on the line after its opening fence.
                yield _line_of(token) + offset + (token.type == "fence"), len(line)
                break


def _too_deep(tokens: list[Token]) -> Iterator[Token]:
    """Each list or quote opened inside :data:`MAX_NESTING` others."""
    depth = 0
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += token.nesting
            if depth > MAX_NESTING:
                yield token


def _line_of(token: Token) -> int:
    return token.map[0] if token.map else 0


def _snippet(lines: list[str], number: int) -> str:
    return lines[number][:40] if number < len(lines) else ""


@functools.cache
def _block_parser() -> MarkdownIt:
    """The course's Markdown parser, reading blocks only (a block's inline text is not parsed: not needed here)."""
    from unclench.coursemarkdown import course_markdown_parser

    return course_markdown_parser().disable("inline")
