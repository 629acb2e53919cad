"""MarkdownText's plain path (no parser): text it draws without Markdown reads exactly as Markdown would draw it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from unclench.coursemarkdown import course_markdown_parser
from unclench.tui.widgets.markdown_text import plain_paragraphs


def markdown_paragraphs(text: str) -> list[str] | None:
    """The paragraphs Textual's Markdown widget shows for ``text``, or None when it shows anything else."""
    paragraphs: list[str] = []
    for token in course_markdown_parser().parse(text):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline" or token.children is None:
            return None
        parts: list[str] = []
        for child in token.children:
            if child.type == "text":
                parts.append(re.sub(r"\s+", " ", child.content))  # as Textual's widget does
            elif child.type == "softbreak":
                parts.append(" ")
            else:
                return None
        paragraphs.append("".join(parts))
    return paragraphs


ALPHABET = "abcXYZ 019\n\n.,;:!?'\"()-–%$/@*_`#>[]&=+~|\t\u00a0é"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_text_drawn_without_markdown_is_the_paragraphs_markdown_shows(text: str) -> None:
    plain = plain_paragraphs(text.strip())
    if plain is not None:
        assert plain == markdown_paragraphs(text.strip())


def test_the_bundled_disclaimer_and_ordinary_prose_are_plain() -> None:
    text = "Stop straight away if anything feels wrong: painful (or simply too much).\n\nIt is fine."
    assert plain_paragraphs(text) == [
        "Stop straight away if anything feels wrong: painful (or simply too much).",
        "It is fine.",
    ]


def test_anything_that_may_be_markdown_goes_to_the_markdown_widget() -> None:
    for text in (
        "Some *emphasis*",
        "A [link](https://example.org)",
        "See example.org",
        "Write to a@b.org",
        "# A heading",
        "- a list",
        "1. a list",
        "> a quote",
        "Line one  \nline two",
        "    code",
        "Tom & Jerry",
        "Heading\n===",
        "a\u00a0b",
    ):
        assert plain_paragraphs(text) is None, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc XYZ\n\n.,;:!?'\"()–é", max_size=80))
def test_prose_of_words_is_drawn_as_markdown_draws_it(text: str) -> None:
    plain = plain_paragraphs(text.strip())
    if plain is not None:
        assert plain == markdown_paragraphs(text.strip())
