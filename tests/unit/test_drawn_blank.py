"""Texts a learner must read that Markdown draws as nothing are refused by `check`.

A stranger's disclaimer was ``[](x)&#32;`` and a safety note a link reference
definition: both passed, the app drew empty boxes, and the learner's record
said both were read. The cases with their places are in
``test_checker_cases.py`` (``markdown_draws_nothing``, ``disclaimer_draws_nothing``).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unclench import blankmarkdown, cli, loader
from unclench.blankmarkdown import drawn_as_nothing, shows_something, surely_draws_text
from unclench.tui.widgets.markdown_text import MarkdownList, Paragraph, parse

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("[](https://example.org)&#32;", "a link with no words"),
        ("[a]: http://example.org", "a link reference definition"),
        ('[w]: <https://e.org> "Stop if dizzy."', "a link reference definition"),
        ("&nbsp;", "character references for spaces or invisible characters (such as &nbsp;)"),
        ("&#x200B;&#32;", "(such as &#x200B;)"),
        ("![](picture.png)", "an image with no description"),
        ("![&#32;](picture.png)", "an image with no description"),
        ("**[](x)**", "emphasis around no words"),
        ("---", "a rule"),
        ("* * *\n\n___", "a rule"),
        ("```text\n```", "an empty code block"),
        ("#", "an empty heading"),
        ("- \n- ", "empty list items"),
        ("1.", "empty list items"),
        ("> [](x)", "an empty quote"),
        ("| |\n|-|\n| |b|", "an empty table"),  # a cell beyond the head's is dropped
        # A Hangul filler (a letter that shows nothing) is refused on its own and shown as a symbol.
        ("\u2800[](x)", "a link with no words"),  # the braille blank shows nothing
    ],
)
def test_what_draws_as_nothing_is_named(text: str, held: str) -> None:
    found = drawn_as_nothing(text)
    assert found is not None
    assert any(held in what for what in found), found


@pytest.mark.parametrize(
    "text",
    [
        "<!-- a comment -->",  # HTML is off: shown as written
        "![a picture of a cat](cat.png)",  # drawn as its description
        "[Stop](https://example.org)",
        "<https://example.org>",
        "`code`",
        "```\nStop now.\n```",
        "[a]: https://example.org\n\nStop if dizzy.",
        "112",
        "[x]",  # no such link: shown as written
        "&#65;",  # a reference to a letter
        "\\",
    ],
)
def test_what_draws_something_passes(text: str) -> None:
    assert drawn_as_nothing(text) is None


def test_check_json_names_the_place(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(BASE_COURSE, root)
    index = root / "course" / "course.toml"
    text = index.read_text(encoding="utf-8")
    start = text.index('disclaimer = """')
    end = text.index('"""', start + 16) + 3
    index.write_text(text[:start] + 'disclaimer = "[a]: https://example.org"' + text[end:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["check", "--format", "json", "--no-cache", "--course", str(root)])
    assert code == 1
    problems = json.loads(out.getvalue())["problems"]
    assert [(p["file"], p["line"], p["key"], p["severity"]) for p in problems] == [
        (str(index), line, "disclaimer", "error")
    ]
    assert problems[0]["message"].startswith("this text draws as nothing: read as Markdown, it holds only a link ")
    assert problems[0]["suggestion"].startswith("write the text itself")


@pytest.mark.parametrize("blank", [" ", "\u2800 \u200b"])
def test_a_text_blank_as_written_is_told_once(blank: str, tmp_path: Path) -> None:
    """Only spaces or invisible characters: the models' "blank" problem, not also "draws as nothing"."""
    path = tmp_path / "blank.toml"
    path.write_text(
        f'id = "blank"\ntitle = "Blank"\nminutes = 1\n\n[[steps]]\nkind = "page"\nid = "p"\nbody = "{blank}"\n',
        encoding="utf-8",
    )
    problems = loader.check_lesson_file(path).problems
    assert [(p.line, p.key) for p in problems] == [(8, "steps[0].body")]
    assert "draws as nothing" not in problems[0].message


#: Markdown's characters, words, spaces and the invisible: texts built of these hit every construct above.
_PIECES = st.sampled_from(
    [
        "[", "]", "(", ")", "<", ">", "!", "&", "#", ";", "`", "~", "|", "\\", "*", "_", "-", ":", "=", "\n", " ",
        "\n\n", "    ", "a", "Stop", "1.", "x:", "&#32;", "&nbsp;", "&#x200B;", "&#65;", "[a]: ", "https://e.org",
        "\u200b", "\u3164", "\u2800", '"', "<!--", "-->", "```", "~~~", "---", "|-|", "> ", "+", "'", "\t",
        "**", "2)", "===",
    ]
)  # fmt: skip
MARKDOWNISH = st.lists(_PIECES, max_size=14).map("".join)


def _blocks_text(blocks: tuple[Paragraph | MarkdownList, ...]) -> str:
    """The words MarkdownText draws of ``blocks`` (without bullets and numbers)."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.content.plain)
        else:
            parts.extend(_blocks_text(inner) for _, inner in block.items)
    return " ".join(parts)


@settings(max_examples=400, deadline=None)
@given(MARKDOWNISH)
@example("a [](x)")
@example("Stop\n[a]: x")
@example("~~~Stop\n~~~")
@example("**Settle.** Sit")
@example("> - [a]: x")
def test_the_quick_look_agrees_with_the_parse(text: str) -> None:
    """Whatever the look without a parser says is drawn, the parse draws text of (the look is only a shortcut)."""
    if surely_draws_text(text):
        env: dict[str, object] = {}
        drawn = "".join(blankmarkdown._drawn(blankmarkdown.course_parser().parse(text, env)))
        assert re.search(r"[^\W\d_]", drawn), (text, drawn)


@settings(max_examples=400, deadline=None)
@given(MARKDOWNISH)
@example("[](x)&#32;")
@example("- [](x)")
def test_a_text_check_passes_draws_a_visible_character(text: str) -> None:
    """The app's own widget (for the bodies it draws itself) shows something of every text check lets through."""
    if not shows_something(text) or drawn_as_nothing(text) is not None:
        return
    blocks = parse(text)
    if blocks is not None:  # else Textual's Markdown draws it, from the same tokens _drawn reads
        assert shows_something(_blocks_text(blocks)), text
