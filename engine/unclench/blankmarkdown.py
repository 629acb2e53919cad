"""Course Markdown that draws as nothing: ``unclench check`` refuses it where a learner must read the text.

The models refuse a required text that is blank as written. Markdown can still
draw one that is not as nothing at all: a link with no words (``[](x)``), a
link reference definition (``[a]: https://example.org "a title"``, never
shown), references to spaces (``&#32;``, ``&nbsp;``, ``&#x200B;``), an image
with no description, a rule. A stranger's disclaimer and safety note drew as
empty boxes that way, and the learner's record said both were read.

What the app draws is worked out from the parse it draws from (markdown-it,
:mod:`unclench.coursemarkdown`): the text of the inline tokens, code spans, an
image's description and code blocks are what a learner reads; links'
addresses, definitions, rules, list markers and the marks of emphasis are not.

Most texts are settled without a parser (:func:`surely_draws_text`): importing
markdown-it is most of what it would cost ``check``.

Domain code: never imports Textual.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from unclench.text import INVISIBLE_CHARS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: The ASCII letters: a text starting with one surely draws it.
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: What may start a text before its first word without hiding it: blanks, the marks of emphasis, headings,
#: quotes and lists, list numbers, quotation marks (``**Settle.** Sit``, ``- Breathe``, ``"Neurogenic" is``).
_HIDES_NOTHING = " \t\n*_#>-+.0123456789\"'("
# The patterns below are compiled on first use (``re`` keeps them): most texts start with a word and need none
# (compiling them on import took a tenth of a millisecond of every `check`).
#: What may start a Markdown construct that keeps the letters after it from being drawn: a link (its address,
#: a definition), an autolink, a character reference, an image, a code fence's info string (``` or ~~~), a
#: table row's cells beyond its head's, an escape. A letter before all of them is drawn as text (a heading,
#: a paragraph, a list item, a quote, a table's head, code: each shows its letters).
_MAY_HIDE = r"[\[\]<>&!`~|\\]"
#: A letter that shows (the Hangul fillers are letters that show nothing).
_SHOWN_LETTER = rf"[^\W\d_{INVISIBLE_CHARS}]"
#: A character that shows: neither white space nor invisible.
_SHOWN = rf"[^\s{INVISIBLE_CHARS}]"
#: A character reference as markdown-it decodes it.
_REFERENCE = r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});"
#: What a text drawn as nothing holds, by the token that shows it is there, in the order a message names them.
_HELD = {
    "link_open": "a link with no words",
    "image": "an image with no description",
    "em_open": "emphasis around no words",
    "strong_open": "emphasis around no words",
    "s_open": "a strikethrough around no words",
    "heading_open": "an empty heading",
    "list_item_open": "empty list items",
    "blockquote_open": "an empty quote",
    "table_open": "an empty table",
    "fence": "an empty code block",
    "code_block": "an empty code block",
    "hr": "a rule (a line such as --- or ***)",
}


def shows_something(text: str) -> bool:
    """Whether ``text`` holds a character that shows (not only white space and invisible characters)."""
    return re.search(_SHOWN, text) is not None


def surely_draws_text(text: str) -> bool:
    """Whether ``text`` surely draws a letter, judged without a parser (False: it may not).

    A letter before anything that could start a construct hiding it (see :data:`_MAY_HIDE`) is drawn: most
    texts start with one (looked at first: a regular expression for each of the 19,000 texts of a course of
    1,000 lessons took 12 ms of `check`).
    """
    if text.lstrip(_HIDES_NOTHING)[:1] in LETTERS:
        return True
    letter = re.search(_SHOWN_LETTER, text)
    return letter is not None and re.search(_MAY_HIDE, text[: letter.start()]) is None


def drawn_as_nothing(text: str) -> list[str] | None:
    """What ``text`` holds in place of anything to read, when the app draws it as nothing; None when it draws text.

    Each item names one kind of thing (``"a link with no words"``), in the order of :data:`_HELD`.
    """
    if surely_draws_text(text):
        return None
    env: dict[str, object] = {}
    tokens = course_parser().parse(text, env)
    if any(shows_something(drawn) for drawn in _drawn(tokens)):
        return None
    kinds = {token.type for token in _every(tokens)}
    held = [_HELD[kind] for kind in _HELD if kind in kinds]
    if env.get("references"):
        held.insert(0, "a link reference definition ([name]: address), which Markdown never shows")
    reference = re.search(_REFERENCE, text)
    if reference is not None:
        held.append(f"character references for spaces or invisible characters (such as {reference.group()})")
    return list(dict.fromkeys(held)) or ["spaces or invisible characters"]


def blank_problem(held: list[str]) -> tuple[str, str]:
    """The problem (message, fix) of a text drawn as nothing, holding ``held`` (from :func:`drawn_as_nothing`)."""
    listed = held[0] if len(held) == 1 else ", ".join(held[:-1]) + " and " + held[-1]
    fix = "write the text itself, in words the learner reads"
    if _HELD["link_open"] in held:
        fix += " (a link shows its words: [the words](https://example.org))"
    return f"this text draws as nothing: read as Markdown, it holds only {listed}", fix


def _drawn(tokens: list[Token]) -> Iterator[str]:
    """The text the app draws of ``tokens``: inline text and code, images' descriptions, code blocks."""
    for token in tokens:
        if token.type in ("fence", "code_block"):
            yield token.content
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                yield child.content
            elif child.type == "image":  # drawn as its description (the children of its alt text)
                yield from (grandchild.content for grandchild in child.children or ())


def _every(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _every(token.children or [])


@functools.cache
def course_parser() -> MarkdownIt:
    """The parser of course Markdown (:func:`unclench.coursemarkdown.course_markdown_parser`), made once."""
    from unclench.coursemarkdown import course_markdown_parser

    return course_markdown_parser()
