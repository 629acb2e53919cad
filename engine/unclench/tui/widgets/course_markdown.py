"""Textual's ``Markdown`` for course text, its code blocks drawn as written.

Textual highlights a code block with Pygments, and one without a language
named (```` ``` ```` alone, or an indented block) has its language guessed
first: every lexer's patterns are tried on the code, again at each style
update. On a hostile course's code (a line of 20,000 characters, made to make
the patterns backtrack) that took seconds to minutes, the app deaf to every key
meanwhile (the stop key of a running exercise included). A self-help course's
code block is text to read as written (a phrase, a layout), not a program: it
is shown plain, as its text, without guessing or highlighting.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock, MarkdownFence


class PlainFence(MarkdownFence):
    """A code block shown as its text: no language guessed, nothing highlighted."""

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        """The code as written (tabs expanded, as Textual's highlighting does)."""
        return Content(code.expandtabs(8))


class CourseMarkdown(Markdown):
    """Course Markdown that :class:`~unclench.tui.widgets.markdown_text.MarkdownText` does not draw."""

    BLOCKS: dict[str, type[MarkdownBlock]] = {  # noqa: RUF012 (Markdown declares it so: not a ClassVar)
        **Markdown.BLOCKS,
        "fence": PlainFence,
        "code_block": PlainFence,
    }
