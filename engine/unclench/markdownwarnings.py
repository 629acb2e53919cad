"""``check``'s warnings at course Markdown that learners would see otherwise than its author meant.

An indented line (four spaces or a tab, after a blank line) starts a code block: a page written indented
throughout, a common habit, was shown unwrapped and cut at the screen's edge, its ``**`` shown as typed. And
HTML is not read as HTML (the app's parser has it off, so that nothing is hidden): an author's
``<!-- TODO -->`` or ``<br>`` reached learners word for word. And a link whose words are a web address
other than the one it points to (``[https://bank.example](https://elsewhere.example)``) shows one address
and leads to another: the app names the real one when it is clicked, but a learner reads the words first.
And a picture cannot be shown in a terminal: an author's ``![a picture](hand.png)`` passed ``check`` in silence.
And a question, a choice, its feedback, a title or a check-in's label is shown as written, not read as
Markdown: ``**`` or a link there reached learners as typed (a stranger followed ``check``'s own advice for a
link in a question; another wrote ``Calm **evenings**`` as the course's title).

The texts are looked at as loaded (a course from the cache is not read again); a file is read only to place
a warning in it. Most texts are passed over by a look for their tell-tale characters: markdown-it (the
parse the app draws from, :mod:`unclench.coursemarkdown`) is imported and run only for the few that have them.

Domain code: never imports Textual.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from unclench.problems import Problem, key_text

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from markdown_it import MarkdownIt

    from unclench.course import Course
    from unclench.tomlpos import KeyPath, Position

# The patterns here are compiled when a text may hold what they find (``re`` keeps them): compiling them all costs
# check a few milliseconds, and most texts hold none of it.
#: A line indented as a code block's are: four spaces, or a tab after at most three.
_INDENTED_LINE = r"(?m)^(?: {0,3}\t| {4})[ \t]*\S"

#: What may start HTML: ``<`` then a letter, ``/``, ``!`` or ``?`` (``< 5 minutes`` is prose).
_MAY_BE_HTML = r"<[A-Za-z/!?]"

HTML_SHOWN = ("HTML is shown to learners as written (a comment too)", "remove it")
PICTURE_UNSEEN = (
    "a picture cannot be shown in a terminal: learners see only its words, after a picture sign",
    "say in words what it shows (and remove the ![...](...) around them)",
)
LINK_ELSEWHERE = (
    "a link's words are a web address other than the one it points to",
    "write the address it points to as its words, or words that are not an address",
)

#: Words that read as a web address: a host name (its last part starts with a letter: "1.5" is a number), with
#: or without a scheme or "www.", and perhaps a path.
_ADDRESS_WORDS = (
    r"(?i)^\s*(?:[a-z][a-z0-9+.-]*://|www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z][a-z0-9-]*)(?:[/:?#]\S*)?\s*$"
)
#: Markdown written in a text the app shows as written (a question, a hint, a choice, its feedback, a title):
#: strong emphasis, emphasis, a link, inline code, an HTML tag, a heading or a table's row (a line between two |: a
#: stranger's table of 12 days in a quiz's feedback wrapped as rows of pipes), each as it would show: typed.
#: Emphasis is a word or words held by * or _ as Markdown reads them (``*gentle*``, not ``2*3`` or ``snake_case``).
_MARKDOWN_LOOK = (
    r"(?P<strong>\*\*[^*\n]+?\*\*|__[^_\n]+?__)"
    r"|(?P<em>(?<![\w*])\*(?![\s*])[^*\n]*?[^\s*]\*(?![\w*])|(?<![\w_])_(?![\s_])[^_\n]*?[^\s_]_(?![\w_]))"
    r"|(?P<link>\[[^\]\n]*\]\([^)\s]+\))|(?P<code>`[^`\n]+`)|(?P<html><[A-Za-z/!][^<>\n]*>)"
    r"|(?P<heading>^\s*#{1,6}[ \t]+\S)"
    r"|(?P<table>(?m:^[ \t]*\|[^\n]*\|[ \t]*$))"
)
#: The characters every look of :data:`_MARKDOWN_LOOK` starts with: a text without them is not searched (a
#: search tries every alternative at every character: 10 ms on the bundled course's 700 short texts).
_LOOK_STARTS = frozenset("*_[`<#|")
_LOOKS = {
    "strong": "its ** or __",
    "em": "its * or _",
    "link": "a link's brackets and address",
    "code": "its backticks",
    "html": "HTML",
    "heading": "a heading's #",
    "table": "a table's | and - characters",
}


def plain_markdown(look: str) -> tuple[str, str]:
    """The warning at Markdown (``look``: its kind, a name in :data:`_LOOKS`) in a text shown as written."""
    put = "tables" if look == "table" else "formatting and links"  # an author stranger looked for tables
    return (
        f"this text is shown as written, not read as Markdown: learners see {_LOOKS[look]} as typed",
        f"write it plainly (a page's or an exercise's body is Markdown; put {put} there)",
    )


INDENTED_CODE = (
    "lines indented by four spaces or more are shown as code: unwrapped, with Markdown shown as typed",
    "remove the indentation (or use a ``` fence if you mean code)",
)
#: :data:`INDENTED_CODE` for a block indented by a tab (an author read "four spaces" and found none).
INDENTED_BY_TAB = (
    "lines indented by a tab are shown as code: unwrapped, with Markdown shown as typed",
    INDENTED_CODE[1],
)


def markdown_warnings(course: Course) -> list[Problem]:
    """The warnings at the Markdown texts of ``course`` (loaded).

    One at every indented code block, at its first line; one at every text holding HTML, at the first; one at
    every link whose words are another address than its own. And one at every text shown as written (a
    question, a choice...) holding Markdown, at the first (:func:`plain_markdown`).
    """
    found: list[tuple[Path, KeyPath, str, tuple[str, str]]] = []  # (file, key, what is written there, warning)
    for path, key, text in _markdown_texts(course):
        found += (
            (path, key, first_line, INDENTED_BY_TAB if first_line.lstrip(" ").startswith("\t") else INDENTED_CODE)
            for first_line in _indented_code_blocks(text)
        )
        html = _first_html(text)
        if html is not None:
            found.append((path, key, html, HTML_SHOWN))
        found += ((path, key, words, LINK_ELSEWHERE) for words in _links_elsewhere(text))
        found += ((path, key, line, PICTURE_UNSEEN) for line in _picture_lines(text))
    for path, key, text in _plain_texts(course):
        look = None if _LOOK_STARTS.isdisjoint(text) else re.search(_MARKDOWN_LOOK, text)
        if look is not None:
            found.append((path, key, look.group(), plain_markdown(str(look.lastgroup))))
    positions: dict[Path, dict[KeyPath, Position] | None] = {}
    file_texts: dict[Path, str | None] = {}
    problems = []
    for path, key, written, (message, fix) in found:
        if path not in file_texts:
            file_texts[path] = _read(path)
        line, col = _line_in_file(file_texts[path], positions, path, key, written)
        problems.append(Problem(path, line, col, key_text(key), message, fix, severity="warning"))
    return sorted(problems)


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


def _plain_texts(course: Course) -> Iterator[tuple[Path, KeyPath, str]]:
    """Every text of ``course`` the app shows as written, with its file and key: in the lessons, titles, the
    summary, questions, hints, choices and their feedback; in the index, the course's and the modules' titles and
    summaries, the safety notes' titles, the check-ins' labels, questions and ends, the screening questions, and
    the sources' titles and authors."""
    from unclench.course import PromptStep, QuizStep
    from unclench.folders import COURSE_INDEX

    if course.root is not None:
        index = course.root / COURSE_INDEX
        yield index, ("title",), course.title
        yield index, ("summary",), course.summary
        for number, module in enumerate(course.modules):
            yield index, ("modules", number, "title"), module.title
            yield index, ("modules", number, "summary"), module.summary
        for number, note in enumerate(course.safety):
            yield index, ("safety", number, "title"), note.title
        for number, measure in enumerate(course.checkins):
            for key in ("label", "question", "low", "high"):
                yield index, ("checkins", number, key), getattr(measure, key)
        for number, question in enumerate(course.screening):
            yield index, ("screening", number, "question"), question.question
        for number, source in enumerate(course.sources):
            yield index, ("sources", number, "title"), source.title
            yield index, ("sources", number, "author"), source.author

    for lesson in course.lessons.values():
        if lesson.path is None:
            continue
        yield lesson.path, ("title",), lesson.title
        yield lesson.path, ("summary",), lesson.summary
        for number, step in enumerate(lesson.steps):
            where = ("steps", number)
            yield lesson.path, (*where, "title"), step.title
            if isinstance(step, PromptStep):
                yield lesson.path, (*where, "question"), step.question
                yield lesson.path, (*where, "hint"), step.hint
            elif isinstance(step, QuizStep):
                yield lesson.path, (*where, "question"), step.question
                for choice_number, choice in enumerate(step.choices):
                    yield lesson.path, (*where, "choices", choice_number, "text"), choice.text
                    yield lesson.path, (*where, "choices", choice_number, "feedback"), choice.feedback


def _indented_code_blocks(text: str) -> list[str]:
    """The first line of every indented (not fenced) code block the app would draw of ``text``."""
    if ("    " not in text and "\t" not in text) or re.search(_INDENTED_LINE, text) is None:
        return []  # no line is indented enough: the parser is not needed (nor imported)
    from unclench.blankmarkdown import course_parser

    lines = text.split("\n")
    return [
        lines[token.map[0]]
        for token in course_parser().parse(text)
        if token.type == "code_block" and token.map is not None
    ]


def _first_html(text: str) -> str | None:
    """The first line of the first HTML in ``text`` (a block, or a tag or comment inside a line), read as Markdown."""
    if "<" not in text or re.search(_MAY_BE_HTML, text) is None:
        return None  # no tag can start here: the parser is not needed (nor imported)
    for token in _html_parser().parse(text):
        if token.type == "html_block":
            return token.content.split("\n", 1)[0]
        for child in token.children or ():
            if child.type == "html_inline":
                return child.content.split("\n", 1)[0]
    return None


def _links_elsewhere(text: str) -> list[str]:
    """The words of every link in ``text`` that read as a web address on another host than the link's."""
    if "](" not in text and "]:" not in text:
        return []  # no link can be here: the parser is not needed (nor imported)
    from unclench.blankmarkdown import course_parser

    found = []
    for token in course_parser().parse(text):
        children = token.children or []
        for at, child in enumerate(children):
            if child.type != "link_open":
                continue
            words = "".join(
                c.content for c in itertools.takewhile(lambda c: c.type != "link_close", children[at + 1 :])
            )
            shown = _host(words)
            target = _host(str(child.attrGet("href") or ""))
            if shown is not None and shown != target:
                found.append(words)
    return found


def _picture_lines(text: str) -> list[str]:
    """The line of every picture (``![words](file)``) in ``text``, read as Markdown (not in code), once a line."""
    if "![" not in text:
        return []  # no picture can be here: the parser is not needed (nor imported)
    from unclench.blankmarkdown import course_parser

    lines = text.split("\n")
    found: list[str] = []
    for token in course_parser().parse(text):
        if token.map is None or not any(child.type == "image" for child in token.children or ()):
            continue
        found += (line for line in lines[token.map[0] : token.map[1]] if "![" in line and line not in found)
    return found


def _host(address: str) -> str | None:
    """The host an address (or words) names, lower-cased, without "www."; None for words that are not one."""
    matched = re.match(_ADDRESS_WORDS, address)
    return matched.group(1).lower().removeprefix("www.") if matched is not None else None


@functools.cache
def _html_parser() -> MarkdownIt:
    """Course Markdown's parser as it would be with HTML read as HTML: what it would take as HTML is HTML."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like", {"html": True})


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
