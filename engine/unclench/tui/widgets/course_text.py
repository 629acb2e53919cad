"""Course text written in Markdown, drawn without a Markdown parser when it uses no Markdown."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

#: Anything Markdown (as Textual's widget reads it: CommonMark with tables, strikethrough and
#: links found in plain text) could take for syntax: emphasis, code, links, images, HTML,
#: entities, escapes, tables, headings, lists, quotes, rules, a hard line break, an indented
#: line, a scheme or an address (``a:b``, ``a.b``, ``a@b``), and white space other than spaces
#: and line ends (a tab, a no-break space). Text with none of these is paragraphs of words only.
_MAYBE_SYNTAX = re.compile(
    r"[\\`*_\[\]<>&|~#+=@]"
    r"|:\S|\.\w"
    r"|^[ \d-]| +\n|[^\S \n]",
    re.MULTILINE,
)


def plain_paragraphs(markdown: str) -> list[str] | None:
    """The paragraphs of ``markdown`` when it is only words in paragraphs (None: it may use Markdown).

    Each paragraph's lines are joined with a space, as Markdown joins them.
    """
    if _MAYBE_SYNTAX.search(markdown):
        return None
    return [" ".join(block.split()) for block in re.split(r"\n\n+", markdown.strip()) if block.strip()]


class CourseText(Vertical):
    """A course's Markdown text (the disclaimer), looking as Textual's Markdown widget draws it.

    Text that is only paragraphs of words (as a disclaimer usually is) is drawn
    as those paragraphs, without loading a Markdown parser: importing Textual's
    Markdown widget (markdown-it, Pygments) was the largest part of a first
    run's way to the disclaimer. Anything else is Textual's Markdown widget.
    The text is always shown literally (never as Textual markup).

    Args:
        markdown: The text.
        id: The widget's id.
    """

    DEFAULT_CSS = """
    CourseText {
        height: auto;
        color: $foreground;
        & > .paragraph {
            width: 1fr;
            height: auto;
            margin: 0 0 1 0;
        }
    }
    """

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        """The paragraphs, or Textual's Markdown widget."""
        paragraphs = plain_paragraphs(self.markdown)
        if paragraphs is None:
            # Imported on use: Markdown (markdown-it) costs start-up time and memory.
            from textual.widgets import Markdown

            yield Markdown(self.markdown)
            return
        for paragraph in paragraphs:
            yield Static(Content(paragraph), classes="paragraph")
