"""MarkdownText's reader of lists and emphasis (no parser) reads bodies exactly as markdown-it does, or not at all.

A returning learner's page is drawn without importing markdown-it when its body
is paragraphs, flat lists and plain ``*emphasis*`` / ``**strong**``
(:func:`simple_blocks`); whatever it reads must come out as the blocks
markdown-it's tokens make (:func:`_blocks`), and anything it is unsure of goes
to markdown-it.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from unclench import folders
from unclench.course import ExerciseStep, PageStep
from unclench.coursemarkdown import course_markdown_parser
from unclench.loader import load_course
from unclench.tui.widgets.markdown_text import (
    Block,
    _blocks,
    parse,
    plain_paragraphs,
    simple_blocks,
)


def by_markdown_it(body: str) -> tuple[Block, ...] | None:
    return _blocks(course_markdown_parser().parse(body))


#: Pieces a body is made of: words, the syntax the reader takes, and what sits next to it in CommonMark's
#: rules (punctuation either side of a star, digits, markers without their space, indents, quotes, rules).
PIECES = [
    "word",
    "Two",
    "é",
    "x",
    " ",
    " ",
    "  ",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "*",
    "*",
    "**",
    "**",
    "***",
    "- ",
    "-",
    "1. ",
    "2. ",
    "10. ",
    "01. ",
    "0. ",
    "1.",
    "1",
    "3) ",
    ".",
    ",",
    "!",
    "?",
    ";",
    ":",
    "(",
    ")",
    '"',
    "'",
    "\u2019",
    "\u2026",
    "\u2014",
    "/",
    "%",
    "$",
    "* ",
    "+ ",
    "> ",
    "#",
    "_",
    "`",
    "~~",
    "=",
    "---",
    "   ",
    "\t",
    "\u00a0",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example("**Settle.** Sit or lie.\n\n- one *two*\n- three\n\n1. a\n2. b")
@example("- a\n\n- b\n\n1. c\n\n2. d\n\ne")
@example("*a*b and a*b* and **a**, (**b**) and **c**\u2019s")
@example("**a\nb** and *c.*! and *d*")
def test_what_the_reader_reads_is_what_markdown_it_reads(body: str) -> None:
    simple = simple_blocks(body)
    if simple is not None:
        assert simple == by_markdown_it(body)


#: Words as lesson text has them, with the punctuation that decides whether a star opens or closes.
WORDS = ["word", "Two", "é", "a.", "b,", "c!", "(d)", "e\u2019s", "f\u2026", "g\u2014h", '"q"', "1", "2024", "%"]
STARRED = st.tuples(st.sampled_from(["", "", "*", "**"]), st.sampled_from(WORDS), st.sampled_from(["", "", "*", "**"]))
LINE = st.lists(STARRED.map("".join), min_size=1, max_size=6).map(" ".join)
BLOCK = st.tuples(
    st.sampled_from(["", "", "- ", "1. ", "2. ", "01. ", "10. "]), st.lists(LINE, min_size=1, max_size=4)
).map(lambda block: "\n".join(block[0] + line for line in block[1]))


@settings(max_examples=600, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=5).map("\n\n".join))
def test_lesson_like_text_is_read_as_markdown_it_reads_it(body: str) -> None:
    simple = simple_blocks(body)
    if simple is not None:
        assert simple == by_markdown_it(body)


def bundled_bodies() -> list[str]:
    course = load_course(folders.bundled_course_root())
    return [
        step.body
        for lesson in course.ordered_lessons()
        for step in lesson.steps
        if isinstance(step, PageStep | ExerciseStep)
    ]


def test_the_bundled_pages_are_read_without_markdown_it_and_as_markdown_it_reads_them() -> None:
    bodies = bundled_bodies()
    read = [body for body in bodies if plain_paragraphs(body) is None and simple_blocks(body) is not None]
    for body in read:
        assert simple_blocks(body) == by_markdown_it(body), body
    for body in bodies:
        assert parse(body) == by_markdown_it(body), body
    left = [body for body in bodies if plain_paragraphs(body) is None and simple_blocks(body) is None]
    assert len(left) <= len(bodies) // 10, left  # the common case: nine pages in ten need no parser


def test_anything_else_is_left_to_markdown_it() -> None:
    for body in (
        "A *nested **strong** inside*",
        "***both***",
        "word*in*word",
        "(**parenthesised**)",
        "**unclosed",
        "- a\n  - nested",
        "- a\ncontinued lazily",
        "Intro:\n- a list right under it",
        "- - -",
        "* a star list",
        "    code",
        "A [link](https://example.org) and *em*",
        "See example.org, *please*",
        "1) a list",
        "2024 was a year *of* note",
        "Control \x1b[31m *red*",
    ):
        assert simple_blocks(body) is None, body
