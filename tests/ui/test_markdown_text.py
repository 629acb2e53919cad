"""A step's Markdown body drawn by one widget (MarkdownText) looks exactly as Textual's Markdown draws it.

Step changes got faster by drawing lesson bodies in one widget instead of one
widget per paragraph, list and bullet; these tests hold it to Textual's own
look, character for character and colour for colour, and check what it hands
back to Textual's Markdown and that course text stays literal.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Markdown, Static

from unclench import folders
from unclench.course import ExerciseStep, PageStep
from unclench.coursemarkdown import course_markdown_parser
from unclench.loader import load_course
from unclench.tui.widgets.markdown_text import MarkdownText, markdown_body, parse

from .helpers import screen_text, sync

#: Bodies that use every construct MarkdownText draws, in the awkward places.
CRAFTED = [
    "One paragraph.\n\nAnother, with *emphasis*, **strong**, ~~struck~~ and `code` words.",
    "A soft\nbreak and a hard  \nbreak.",
    "- one\n- two, long enough to wrap on a narrow screen and then wrap again further on\n- three",
    "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n- back\n\n  a second paragraph in the item",
    "1. one\n2. two\n3. three\n4. four\n5. five\n6. six\n7. seven\n8. eight\n9. nine\n10. ten",
    "8. eight\n9. nine\n10. ten",
    "1. numbered\n   - with bullets\n   - inside\n2. and on",
    "Before the list:\n\n- item\n\nAfter the list.",
]


class Slot(App[None]):
    """A step view's surroundings: the app's Markdown rule and a scrolling column with padding."""

    CSS = "Markdown { padding: 0; margin: 0; } #slot { padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="slot")


def bundled_bodies() -> list[str]:
    course = load_course(folders.bundled_course_root())
    bodies = [
        step.body
        for lesson in course.ordered_lessons()
        for step in lesson.steps
        if isinstance(step, PageStep | ExerciseStep)
    ]
    return list(dict.fromkeys(bodies))


async def drawn(pilot: Pilot[None], widget: Widget) -> str:
    """The screen with ``widget`` in the slot (the SVG, without its hash-based class names)."""
    slot = pilot.app.query_one("#slot")
    await slot.remove_children()
    await slot.mount(widget)  # Markdown's blocks are mounted once this returns
    await pilot.pause()
    return re.sub(r"terminal-\d+", "terminal", pilot.app.export_screenshot())


@sync
@pytest.mark.parametrize("width", [38, 61])
async def test_bodies_look_exactly_as_textual_markdown_draws_them(width: int) -> None:
    bodies = CRAFTED + (bundled_bodies() if width == 61 else [])
    drawable = [body for body in bodies if parse(body) is not None]
    # The bundled course is drawn here but for its one quote (kept by Textual's Markdown).
    assert len(drawable) >= len(bodies) - 1
    app = Slot()
    async with app.run_test(size=(width, 60)) as pilot:
        for body in drawable:
            blocks = parse(body)
            assert blocks is not None
            textual = await drawn(pilot, Markdown(body, parser_factory=course_markdown_parser))
            assert await drawn(pilot, MarkdownText(blocks)) == textual, body


@pytest.mark.parametrize(
    "body",
    [
        "# A heading",
        "> a quote",
        "```\ncode\n```",
        "    indented code",
        "a [link](https://example.com)",
        "![image](x.png)",
        "| a | b |\n| - | - |\n| 1 | 2 |",
        "---\n\nAfter a rule.",
        "- \n- an empty item",
    ],
)
def test_anything_else_is_left_to_textual_markdown(body: str) -> None:
    assert parse(body) is None
    assert isinstance(markdown_body(body, classes="step-body"), Markdown)


@pytest.mark.parametrize("body", ["---", "", "[](https://example.org)&#32;", "[a]: https://example.org"])
def test_a_body_markdown_draws_as_nothing_is_shown_as_written(body: str) -> None:
    """`check` refuses these; should one come through, it is never drawn as an empty box."""
    assert parse(body) is None
    widget = markdown_body(body, classes="step-body")
    assert isinstance(widget, Static) and str(widget.content) == body


def test_a_body_is_parsed_once() -> None:
    body = "Parsed *once* and kept."
    assert parse(body) is parse(body)
    assert isinstance(markdown_body(body, classes="step-body"), MarkdownText)


@sync
async def test_course_text_stays_literal() -> None:
    """Console markup is text, control characters are symbols (the models already refuse them in a course)."""
    body = "- [bold]not bold[/] and [0] and [/]\n- calm \x1b[2J end\x07\n\n[link=x]y[/link] \x9b31m"
    blocks = parse(body)
    assert blocks is not None
    app = Slot()
    async with app.run_test(size=(80, 20)) as pilot:
        await drawn(pilot, MarkdownText(blocks))
        text = screen_text(app)
        assert "• [bold]not bold[/] and [0] and [/]" in text
        assert "• calm \u241b[2J end\u2407" in text
        assert "[link=x]y[/link] ⟨U+009B⟩31m" in text
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", app.export_screenshot())


@sync
async def test_angle_brackets_in_course_text_are_text_not_html() -> None:
    """A stranger author's ``Press <Enter> to go on`` showed as ``Press  to go on``: HTML was dropped, silently."""
    simple = "Press <Enter> to go on. Write to <your name>. Note: 3 < 5 and a<b>c.\n\n<div>kept</div>"
    with_heading = "# Before <you> start\n\nPress <Enter>, not <script>x</script>."
    assert parse(with_heading) is None  # a heading: Textual's Markdown draws this one
    app = Slot()
    async with app.run_test(size=(80, 20)) as pilot:
        await drawn(pilot, markdown_body(simple, classes="step-body"))
        text = screen_text(app)
        assert "Press <Enter> to go on. Write to <your name>. Note: 3 < 5 and a<b>c." in text
        assert "<div>kept</div>" in text
        await drawn(pilot, markdown_body(with_heading, classes="step-body"))
        text = screen_text(app)
        assert "Before <you> start" in text and "Press <Enter>, not <script>x</script>." in text


#: What no terminal may receive from course text: C0 (but tab and newline), DEL, C1, the bidirectional controls,
#: the separators, the tags.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\U000e0000-\U000e007f]")
#: A stranger's page: character references, which markdown-it decodes, for the bidirectional controls and tags.
REFERENCES = "R&#x202e;LO&#x202c; T&#xE0041;&#xE0042;G &#27;&#13;&#12;"
#: What the learner sees of it: the characters as symbols (ESC is no character markdown-it writes: U+FFFD).
REFERENCES_SHOWN = "R⟨U+202E⟩LO⟨U+202C⟩ T⟨U+E0041⟩⟨U+E0042⟩G \ufffd\u240d\u240c"


@pytest.mark.parametrize(
    "body",
    [
        f"- item {REFERENCES}\n- more",  # lists and paragraphs: MarkdownText
        f"# Heading {REFERENCES}",  # headings, quotes and tables: Textual's Markdown
        f"> quote {REFERENCES}",
        f"| a | b |\n|---|---|\n| {REFERENCES} | x |",
    ],
)
@sync
async def test_character_references_are_shown_as_symbols_on_every_path(body: str) -> None:
    """A stranger's ``&#x202e;`` in a page reached the terminal as a raw U+202E: markdown-it decodes references."""
    app = Slot()
    async with app.run_test(size=(120, 20)) as pilot:
        await drawn(pilot, markdown_body(body, classes="step-body"))
        assert REFERENCES_SHOWN in screen_text(app)
        assert not RAW_CONTROL.search(app.export_screenshot())


def test_nothing_the_parser_hands_on_holds_a_control_character() -> None:
    """Every text of every token: references, named ones, a link's percent escapes, a title, a fence's info."""
    body = (
        "# H &#x2067;&#8238;&#x2069; &rlm;&lrm; &#x2028;\n\n"
        "<https://example.org/%E2%80%AE%1B> www.example.org/%E2%80%AE [a](u '&#x202e;') ![al&#x202e;t](s)\n\n"
        "```py&#x202e;\nx\n```\n"
    )

    def strings(tokens: list[Any]) -> list[str]:
        found: list[str] = []
        for token in tokens:
            found += [token.content, token.info, token.markup, *map(str, token.attrs.values())]
            found += strings(token.children or [])
        return found

    shown = strings(course_markdown_parser().parse(body))
    assert not any(RAW_CONTROL.search(text) or "\u200e" in text or "\u200f" in text for text in shown)
    assert "https://example.org/⟨U+202E⟩␛" in shown and "www.example.org/⟨U+202E⟩" in shown


def test_bidirectional_marks_in_right_to_left_text_are_left_alone() -> None:
    """``&rlm;`` does its proper work in a text with a right-to-left letter anywhere in it (as check allows)."""
    tokens = course_markdown_parser().parse("# שלום\n\n*(1)*&rlm; and (2)&lrm;")
    inline = [token for token in tokens if token.type == "inline"][1]
    assert "".join(child.content for child in inline.children or []) == "(1)\u200f and (2)\u200e"


@sync
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("```\nclass Calm:\n    pass  # 'quoted'\n```", "class Calm:\n    pass  # 'quoted'"),
        ("    def rest():\n        return 1", "def rest():\n    return 1"),
    ],
)
async def test_a_code_block_is_shown_as_written_without_guessing_its_language(body: str, code: str) -> None:
    """Textual guessed a code block's language with every Pygments lexer, again at each style update: a stranger's
    190,000-character code line froze the app for minutes. Course code is shown as its text, plain."""
    from textual.widgets import Label

    from unclench.tui.widgets.course_markdown import PlainFence

    app = Slot()
    async with app.run_test(size=(80, 20)) as pilot:
        await drawn(pilot, markdown_body(body, classes="step-body"))
        fence = app.query_one(PlainFence)
        shown = fence.query_one(Label).content
        assert isinstance(shown, Content) and shown.plain == code and not shown.spans
        assert code.splitlines()[0] in screen_text(app)
