"""The parser of course Markdown, and the one place its decoded text is made safe to show.

Markdown decodes what an author writes in a form of its own: character
references (``&#x202e;``, ``&#8238;``, ``&rlm;``), backslash escapes, and the
percent escapes of a link's text (``<https://example.org/%E2%80%AE>`` shows as
the character itself). A course file's text holds no control character (the
models refuse them), but a reference to one is plain ASCII: decoded, it would
reach the terminal raw. So every text the parser hands on (a token's content,
its info, markup and attributes, and those of its children) goes through
:func:`unclench.text.visible` in a rule run last, after every other rule:
whatever draws the tokens (:mod:`unclench.tui.widgets.markdown_text` or
Textual's ``Markdown``) gets them already safe and cannot forget it.
``unclench check`` refuses such references (:mod:`unclench.references`).

Domain code: never imports Textual (markdown-it is imported on use: it costs
start-up time and memory).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unclench.text import has_right_to_left, visible

if TYPE_CHECKING:
    from collections.abc import Iterable

    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token


def course_markdown_parser() -> MarkdownIt:
    """The parser of course Markdown: Textual's (``gfm-like``) with HTML off, so that ``<…>`` is text, not dropped.

    Its tokens' text is shown visibly (see the module docstring).
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like", {"html": False})
    parser.core.ruler.push("shown_visibly", _shown_visibly)
    return parser


def _shown_visibly(state: StateCore) -> None:
    """Every text of every token made visible, the bidirectional marks judged by the whole source (as ``check`` is)."""
    _make_visible(state.tokens, has_right_to_left(state.src))


def _make_visible(tokens: Iterable[Token], right_to_left: bool) -> None:
    for token in tokens:
        token.content = visible(token.content, right_to_left=right_to_left)
        token.info = visible(token.info, right_to_left=right_to_left)
        token.markup = visible(token.markup, right_to_left=right_to_left)
        for name, value in token.attrs.items():
            if isinstance(value, str):
                token.attrs[name] = visible(value, right_to_left=right_to_left)
        if token.children:
            _make_visible(token.children, right_to_left)
