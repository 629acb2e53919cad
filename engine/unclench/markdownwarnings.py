"""``check``'s warnings at course Markdown that learners would see otherwise than its author meant.

An indented line (four spaces or a tab, after a blank line) starts a code block: a page written indented
throughout, a common habit, was shown unwrapped and cut at the screen's edge, its ``**`` shown as typed.

The texts are looked at as loaded (a course from the cache is not read again); a file is read only to place
a warning in it. Most texts are passed over by a look for their tell-tale characters: markdown-it (the
parse the app draws from, :mod:`unclench.coursemarkdown`) is imported and run only for the few that have them.

Domain code: never imports Textual.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unclench.problems import Problem, key_text

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from unclench.course import Course
    from unclench.tomlpos import KeyPath, Position

#: A line indented as a code block's are: four spaces, or a tab after at most three.
_INDENTED_LINE = re.compile(r"^(?: {0,3}\t| {4})[ \t]*\S", re.MULTILINE)

INDENTED_CODE = (
    "lines indented by four spaces or more are shown as code: unwrapped, with Markdown shown as typed",
    "remove the indentation (or use a ``` fence if you mean code)",
)


def markdown_warnings(course: Course) -> list[Problem]:
    """A warning at every indented code block in the Markdown texts of ``course`` (loaded), at its first line."""
    found: list[tuple[Path, KeyPath, str]] = []  # (file, key, the block's first line)
    for path, key, text in _markdown_texts(course):
        for first_line in _indented_code_blocks(text):
            found.append((path, key, first_line))
    positions: dict[Path, dict[KeyPath, Position] | None] = {}
    file_texts: dict[Path, str | None] = {}
    problems = []
    for path, key, first_line in found:
        if path not in file_texts:
            file_texts[path] = _read(path)
        line, col = _line_in_file(file_texts[path], positions, path, key, first_line)
        problems.append(Problem(path, line, col, key_text(key), *INDENTED_CODE, severity="warning"))
    return problems


def _markdown_texts(course: Course) -> Iterator[tuple[Path, KeyPath, str]]:
    """Every text of ``course`` the app draws as Markdown, as it draws it, with its file and key.

    Steps' bodies are drawn as written; the course index's texts with the blanks around them left out.
    """
    from unclench.folders import COURSE_INDEX

    for lesson in course.lessons.values():
        if lesson.path is None:
            continue
        for number, step in enumerate(lesson.steps):
            body = getattr(step, "body", None)
            if isinstance(body, str):
                yield lesson.path, ("steps", number, "body"), body
    if course.root is None:
        return
    index = course.root / COURSE_INDEX
    yield index, ("disclaimer",), course.disclaimer.strip()
    for number, note in enumerate(course.safety):
        yield index, ("safety", number, "text"), note.text.strip()
    for number, question in enumerate(course.screening):
        yield index, ("screening", number, "advice"), question.advice.strip()
    yield index, ("guidance", "grounding"), course.guidance.grounding.strip()
    yield index, ("guidance", "support"), course.guidance.support.strip()


def _indented_code_blocks(text: str) -> list[str]:
    """The first line of every indented (not fenced) code block the app would draw of ``text``."""
    if ("    " not in text and "\t" not in text) or _INDENTED_LINE.search(text) is None:
        return []  # no line is indented enough: the parser is not needed (nor imported)
    from unclench.blankmarkdown import course_parser

    lines = text.split("\n")
    return [
        lines[token.map[0]]
        for token in course_parser().parse(text)
        if token.type == "code_block" and token.map is not None
    ]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeError):
        return None


def _line_in_file(
    text: str | None,
    positions: dict[Path, dict[KeyPath, Position] | None],
    path: Path,
    key: KeyPath,
    line_written: str,
) -> Position:
    """Where ``line_written`` (a line of the text at ``key``) is written in the file; else the key's place."""
    from unclench.tomlpos import key_positions, nearest_position

    if text is None:
        return 1, 1
    if path not in positions:
        try:
            positions[path] = key_positions(text)
        except (ValueError, RecursionError):
            positions[path] = None
    known = positions[path]
    if known is None:
        return 1, 1
    (line, col), _exact = nearest_position(known, key)
    lines = text.split("\n")
    start = sum(len(before) + 1 for before in lines[: line - 1]) + col - 1
    at = text.find(line_written, start)
    if at < 0:  # written with escapes: the key's place
        return line, col
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1
