"""A step's Markdown body drawn by one widget, parsed once per text.

Textual's ``Markdown`` mounts a widget for every paragraph, list, list item
and bullet (a page with a list holds a dozen or more), each styled, laid out
and rendered afresh on every step change: on the lesson player most of a step
change went there. Lesson bodies use a small part of Markdown (paragraphs,
bullet and numbered lists, emphasis), so this widget draws those itself, in
Textual's own look (the same wrapping, bullets, numbering, margins and inline
styles), from a parse kept per text. A body using anything else (headings,
quotes, code blocks, tables, links, images, HTML) is shown by Textual's
``Markdown`` (:func:`markdown_body`; its code blocks plain: :mod:`.course_markdown`).

Course text is shown literally: Markdown is parsed by markdown-it into plain
text and styles, with HTML read as text (an author's ``Press <Enter>`` or
``<your name>`` shows as written; Textual's own parser drops it); no console
markup is read from it, control characters are
shown as symbols (:func:`unclench.text.visible`; for what markdown-it decodes,
such as ``&#x202e;``, in the parser itself: :mod:`unclench.coursemarkdown`),
and nothing in it acts on the terminal.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, ClassVar

from textual.content import Content, Span
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from unclench.blankmarkdown import drawn_as_nothing
from unclench.coursemarkdown import course_markdown_parser
from unclench.frozen import frozen_record
from unclench.text import has_controls, has_right_to_left, visible

if TYPE_CHECKING:
    from markdown_it.token import Token
    from textual.app import RenderResult

#: Textual's bullets for unordered lists, by depth (``Markdown.BULLETS``).
BULLETS = ("• ", "▪ ", "‣ ", "⭑ ", "◦ ")

#: Inline tokens drawn here, and the component class of the styled ones.
_INLINE_STYLES = {"em_open": ".em", "strong_open": ".strong", "s_open": ".s"}
_INLINE_PLAIN = frozenset({"text", "softbreak", "hardbreak", "code_inline", "em_close", "strong_close", "s_close"})
#: Block tokens drawn here (anything else: Textual's Markdown).
_BLOCKS = frozenset(
    {
        "paragraph_open",
        "paragraph_close",
        "inline",
        "bullet_list_open",
        "bullet_list_close",
        "ordered_list_open",
        "ordered_list_close",
        "list_item_open",
        "list_item_close",
    }
)
_SPACES = re.compile(r"\s+")


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


@frozen_record
class Paragraph:
    """A paragraph's text with its inline styles."""

    content: Content


@frozen_record
class MarkdownList:
    """A list: each item's bullet (or number) and its blocks."""

    items: tuple[tuple[str, tuple[Paragraph | MarkdownList, ...]], ...]


Block = Paragraph | MarkdownList


def _inline(token: Token) -> Content | None:
    """An inline token's text and styles as Textual's Markdown builds them; None when it holds more than we draw."""
    parts: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[str, int]] = []
    position = 0
    for child in token.children or ():
        kind = child.type
        if kind in _INLINE_STYLES:
            opened.append((_INLINE_STYLES[kind], position))
            continue
        if kind not in _INLINE_PLAIN:
            return None
        if kind.endswith("_close"):
            if not opened:
                return None
            style, start = opened.pop()
            spans.append(Span(start, position, style))
            continue
        if kind == "text":  # the parser made it visible (see unclench.coursemarkdown)
            text = _SPACES.sub(" ", child.content)
        elif kind == "code_inline":
            text = child.content
            spans.append(Span(position, position + len(text), ".code_inline"))
        else:
            text = "\n" if kind == "hardbreak" else " "
        parts.append(text)
        position += len(text)
    if opened:
        return None
    return Content("".join(parts), spans=spans)


def _blocks(tokens: list[Token]) -> tuple[Block, ...] | None:
    """The blocks of a parsed body, or None when it uses Markdown this widget does not draw."""
    # Each open list or item collects its blocks; the document is the bottom of the stack.
    stack: list[list[Block]] = [[]]
    items: list[list[tuple[str, tuple[Block, ...]]]] = []
    bullets: list[str] = []
    for token in tokens:
        kind = token.type
        if kind not in _BLOCKS:
            return None
        if kind == "inline":
            content = _inline(token)
            if content is None:
                return None
            stack[-1].append(Paragraph(content))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items.append([])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            stack[-1].append(MarkdownList(tuple(items.pop())))
        elif kind == "list_item_open":
            if token.info:  # a numbered item: its number (the list is numbered on from the first when drawn)
                bullets.append(token.info)
            else:  # Textual picks the bullet by how many bulleted items hold this one
                bullets.append(BULLETS[len([b for b in bullets if b in BULLETS]) % len(BULLETS)])
            stack.append([])
        elif kind == "list_item_close":
            inner = tuple(stack.pop())
            if not inner:  # an empty item: Textual's layout of it is its own
                return None
            items[-1].append((bullets.pop(), inner))
    if len(stack) != 1 or items or not stack[0]:
        return None
    return tuple(_numbered(block) for block in stack[0])


def _numbered(block: Block) -> Block:
    """Numbered lists as Textual draws them: from the first item's number on, right-aligned, ``1. ``."""
    if isinstance(block, Paragraph):
        return block
    items = tuple((bullet, tuple(_numbered(b) for b in blocks)) for bullet, blocks in block.items)
    if not items or items[0][0] in BULLETS:
        return MarkdownList(items)
    try:
        start = int(items[0][0])
    except ValueError:
        start = 1
    width = max(len(f"{number}. ") for number in range(start, start + len(items)))
    return MarkdownList(
        tuple((f"{number}. ".rjust(width + 1), blocks) for number, (_, blocks) in enumerate(items, start))
    )


#: What the reader of lists and emphasis below (:func:`simple_blocks`) leaves to markdown-it: all
#: that :data:`_MAYBE_SYNTAX` names but ``*`` and the start of a line, which it looks at itself.
_NOT_SIMPLE = re.compile(
    r"[\\`_\[\]<>&|~#+=@]"
    r"|:\S|\.\w"
    r"| +\n|[^\S \n]",
)
#: A line of a bullet or numbered list: its marker, one space, then its text. Text that could open
#: a list or a block of its own (a marker, a digit, a space) is left to markdown-it.
_BULLET_ITEM = re.compile(r"- (?![-+\d]|\*(?: |$)|\*\*\*)(\S.*)")
_NUMBERED_ITEM = re.compile(r"(\d{1,9})\. (?![-+\d]|\*(?: |$)|\*\*\*)(\S.*)")
#: The start of a line that is not plain paragraph text (a list, a rule, an indented line, a number).
_NOT_PARAGRAPH_LINE = re.compile(r"[-+ \d]|\*(?: |$)")
_STARS = re.compile(r"\*+")
#: What may follow the ``*`` or ``**`` that ends emphasis (besides a space or the end): punctuation,
#: in CommonMark's sense, so that the run closes whatever comes before it.
_AFTER_CLOSING = frozenset(".,;:!?)'\"\u2019\u201d\u2026\u2013\u2014")


def _simple_inline(text: str) -> Content | None:
    """A paragraph's (or an item's) words with ``*emphasis*`` and ``**strong**``, as markdown-it reads them.

    Only the plain cases: each run of stars opens after a space (or at the start) before a word,
    and closes, as long as it opened, after a word before a space, punctuation or the end; no
    nesting. Anything else is None (markdown-it decides).
    """
    words = " ".join(text.split())  # softbreaks and runs of spaces, as Textual's Markdown shows them
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    last = 0
    opened = 0  # the length of the run that opened emphasis, 0 when none is open
    opened_at = 0
    for run in _STARS.finditer(words):
        start, end = run.span()
        before = words[start - 1] if start else " "
        after = words[end] if end < len(words) else " "
        length = end - start
        part = words[last:start]
        parts.append(part)
        position += len(part)
        last = end
        if length > 2:
            return None
        if not opened:
            if before != " " or after == " ":
                return None
            opened, opened_at = length, position
        else:
            if length != opened or before == " " or (after != " " and after not in _AFTER_CLOSING):
                return None
            spans.append(Span(opened_at, position, ".strong" if length == 2 else ".em"))
            opened = 0
    if opened:
        return None
    parts.append(words[last:])
    return Content("".join(parts), spans=spans)


def _list_item(line: str) -> tuple[str, str, str] | None:
    """A line that is one item of a flat list: its kind (``-`` or ``1.``), its marker as markdown-it hands it on
    (Textual's first bullet, or the number written) and its text; None for any other line."""
    bullet = _BULLET_ITEM.fullmatch(line)
    if bullet is not None:
        return "-", BULLETS[0], bullet.group(1)
    number = _NUMBERED_ITEM.fullmatch(line)
    if number is not None:
        return "1.", number.group(1), number.group(2)
    return None


def simple_blocks(markdown: str) -> tuple[Block, ...] | None:
    """The blocks of a body of paragraphs, flat lists and plain emphasis, read without a parser (None: ask markdown-it).

    Most lesson pages are only these: words, ``**strong**`` and ``*emphasis*``, and lists of
    one line an item (``- `` or ``1. ``), blocks apart by blank lines. Reading them here spares
    a returning learner importing markdown-it (and compiling its rules) before their page shows.
    The result is what :func:`_blocks` makes of markdown-it's tokens (a property test compares
    the two); anything else, or a doubt, is None.
    """
    if _NOT_SIMPLE.search(markdown) or has_controls(markdown) or not markdown.strip():
        return None
    blocks: list[Block] = []
    items: list[tuple[str, tuple[Block, ...]]] = []
    list_kind = ""  # "-" or "1." while a list is being read: blank lines between its items keep it one list

    def end_list() -> None:
        if items:
            blocks.append(MarkdownList(tuple(items)))
            items.clear()

    for chunk in re.split(r"\n\n+", markdown.strip("\n")):
        lines = chunk.split("\n")
        listed = [item for item in map(_list_item, lines) if item is not None]
        if len(listed) == len(lines) and len({kind for kind, _, _ in listed}) == 1:
            if listed[0][0] != list_kind:
                end_list()
                list_kind = listed[0][0]
            for _, marker, text in listed:
                content = _simple_inline(text)
                if content is None:
                    return None
                items.append((marker, (Paragraph(content),)))
            continue
        if any(_NOT_PARAGRAPH_LINE.match(line) for line in lines):
            return None
        end_list()
        list_kind = ""
        content = _simple_inline(chunk)
        if content is None:
            return None
        blocks.append(Paragraph(content))
    end_list()
    return tuple(_numbered(block) for block in blocks) or None


@functools.lru_cache(maxsize=256)
def parse(body: str) -> tuple[Block, ...] | None:
    """A body's blocks (kept per text: a step shown again is not parsed again), or None for Textual's Markdown.

    Words in paragraphs only (as a disclaimer usually is) need no parser:
    importing markdown-it was the largest part of a first run's way to the disclaimer.
    None too for a text Markdown draws as nothing (:func:`markdown_body` shows it as written).
    """
    if drawn_as_nothing(body) is not None:
        return None  # shown as written (see markdown_body), never drawn as an empty box
    paragraphs = plain_paragraphs(body)
    if paragraphs is not None:
        right_to_left = has_right_to_left(body)  # the marks judged by the whole text, as the parser and check do
        return tuple(Paragraph(Content(visible(p, right_to_left=right_to_left))) for p in paragraphs) or None
    simple = simple_blocks(body)
    if simple is not None:
        return simple
    return _blocks(course_markdown_parser().parse(body))


def _lines(blocks: tuple[Block, ...], width: int, top: bool) -> list[Content]:
    """The blocks wrapped to ``width`` cells; a block of the document is followed by a blank line, as in Textual."""
    lines: list[Content] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.extend(block.content.wrap(max(1, width)))
        else:
            for bullet, inner in block.items:
                indent = len(bullet)
                body = _lines(inner, width - indent, top=False) or [Content("")]
                lines.append(Content.assemble((bullet, ".bullet"), body[0]))
                # The bullet's column goes on beside the rest of the item (in its colour, as Textual draws it).
                lines.extend(Content.assemble((" " * indent, ".bullet"), line) for line in body[1:])
        if top:
            lines.append(Content(""))
    return lines


class MarkdownText(Widget):
    """A Markdown body of paragraphs and lists, drawn in one widget.

    Args:
        blocks: The body's blocks, from :func:`parse`.
        classes: CSS classes.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"em", "strong", "s", "code_inline", "bullet"}

    DEFAULT_CSS = """
    MarkdownText {
        width: 1fr;
        height: auto;
        color: $foreground;
        text-wrap: nowrap;
        &:dark > .code_inline {
            background: $warning 10%;
            color: $text-warning 95%;
        }
        &:light > .code_inline {
            background: $error 5%;
            color: $text-error 95%;
        }
        &:ansi > .code_inline {
            background: ansi_default;
        }
        & > .em {
            text-style: italic;
        }
        & > .strong {
            text-style: bold;
        }
        & > .s {
            text-style: strike;
        }
        & > .bullet {
            color: $text-primary;
        }
        &:light > .bullet {
            color: $text-secondary;
        }
    }
    """

    def __init__(self, blocks: tuple[Block, ...], *, classes: str | None = None, id: str | None = None) -> None:
        super().__init__(classes=classes, id=id)
        self._blocks = blocks
        self._wrapped: tuple[int, list[Content]] | None = None

    def update(self, blocks: tuple[Block, ...]) -> None:
        """Show another body in this widget, drawn as a new widget with ``blocks`` would draw it."""
        self._blocks = blocks
        self._wrapped = None
        self.refresh(layout=True)

    def _lines_at(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, _lines(self._blocks, width, top=True))
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the body takes wrapped to ``width``."""
        return len(self._lines_at(width))

    def render(self) -> RenderResult:
        """The body, wrapped to the widget's width."""
        return Content("\n").join(self._lines_at(self.content_region.width))

    def render_line(self, y: int) -> Strip:
        """A line of the body; a blank line (a margin) as Textual's Markdown leaves it: background only."""
        strip = super().render_line(y)
        if all(segment.text for segment in strip):
            return strip
        return Strip([segment for segment in strip if segment.text], strip.cell_length)


def markdown_body(body: str, classes: str, *, id: str | None = None) -> Widget:
    """A widget for course Markdown (a step's body, the disclaimer): :class:`MarkdownText` when it can draw it.

    Anything else is Textual's Markdown widget, its code blocks shown plain (:mod:`.course_markdown`; imported on
    use: markdown-it costs start-up time and memory).
    """
    blocks = parse(body)
    if blocks is not None:
        return MarkdownText(blocks, classes=classes, id=id)
    if drawn_as_nothing(body) is not None:
        # `check` refuses such a text (a link with no words, a link definition...). Should one come through, the
        # learner reads it as written: an acknowledgement is never of an empty box.
        return Static(Content(visible(body)), classes=classes, id=id)
    from unclench.tui.widgets.course_markdown import CourseMarkdown

    return CourseMarkdown(body, classes=classes, id=id, parser_factory=course_markdown_parser)
