"""What ``check`` measures of a text's Markdown (unclench.markdowncost): its look without a parser never misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from unclench import loader, markdowncost
from unclench.coursemarkdown import course_markdown_parser
from unclench.markdowncost import MAX_BLOCKS, MAX_NESTING, markdown_costs

#: Pieces that open blocks: quotes, bullets, numbers, headings, rules, fences, table rows, blank lines.
PIECES = st.sampled_from(
    ["> ", "- ", "* ", "+ ", "1. ", "2) ", "# ", "---", "```", "    ", "|a|b|", "|-|-|", "x", "\n"]
)


def _parsed_blocks(text: str) -> int:
    tokens = markdowncost._block_parser().parse(text)
    return sum(1 for token in tokens if token.nesting == 1 or token.type in markdowncost._LEAF_BLOCKS)


def _unbounded_parse(text: str) -> list[Token]:
    """The course's parse of ``text`` with no stop at the 20th level of nesting (the app's parser stops there)."""
    parser = course_markdown_parser()
    parser.options["maxNesting"] = 10_000
    return parser.parse(text)


def _deepest_nesting(tokens: list[Token]) -> int:
    depth = deepest = 0
    for token in tokens:
        if token.type.startswith(("bullet_list", "ordered_list", "blockquote")):
            depth += token.nesting
            deepest = max(deepest, depth)
    return deepest


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=400).map("".join))
def test_a_text_judged_without_the_parser_really_is_within_the_limits(text: str) -> None:
    """Whatever the quick look lets through, the parser counts no more blocks than the limit, nor lists and
    quotes nested deeper."""
    if not markdowncost._may_exceed(text):
        assert _parsed_blocks(text) <= MAX_BLOCKS
        assert _deepest_nesting(_unbounded_parse(text)) <= MAX_NESTING


#: Lines that nest: indentation, quote and list markers, a table, text.
_NESTING_LINES = st.lists(
    st.tuples(
        st.integers(0, 24).map(" ".__mul__),
        st.lists(st.sampled_from(["> ", "- ", "* ", "1. ", "2) ", "\t"]), max_size=9).map("".join),
        st.sampled_from(["text", "|a|b|", "|-|-|", "```", "# head", ""]),
    ).map("".join),
    max_size=30,
).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_NESTING_LINES)
def test_a_text_within_the_limits_is_shown_whole(text: str) -> None:
    """A stranger's list ten deep lost the rest of its page in the app (markdown-it stops at 20 levels, without a
    word): whatever check lets through, the app's parser reads to the end."""
    if markdown_costs(text) == []:
        shown = [(token.type, token.content) for token in course_markdown_parser().parse(text)]
        assert shown == [(token.type, token.content) for token in _unbounded_parse(text)]
    if _deepest_nesting(_unbounded_parse(text)) > MAX_NESTING:
        assert any("nested" in cost.message for cost in markdown_costs(text))


def test_a_list_seven_deep_is_refused_where_its_seventh_level_starts() -> None:
    text = "Ways:\n\n" + "\n".join("  " * i + f"- level {i + 1}" for i in range(10)) + "\n\nAfter."
    assert [(cost.line, cost.snippet.strip()) for cost in markdown_costs(text)] == [(8, "- level 7")]
    six = "Ways:\n\n" + "\n".join("  " * i + f"- level {i + 1}" for i in range(6)) + "\n\nAfter."
    assert markdown_costs(six) == []
    assert [cost.line for cost in markdown_costs(">" * 7 + " deep")] == [0]


def test_the_limits_are_met_exactly() -> None:
    items = "\n".join("- item" for _ in range((MAX_BLOCKS - 2) // 2))  # the list, each item and its paragraph
    assert _parsed_blocks(items + "\n\nend") == MAX_BLOCKS and markdown_costs(items + "\n\nend") == []
    assert [cost.line for cost in markdown_costs(items + "\n\nend\n\nmore")] == [len(items.splitlines()) + 3]
    wide = "|" + "|".join("c" * 10 + str(i) for i in range(11)) + "|\n|" + "-|" * 11
    assert [cost.message.split(";")[0] for cost in markdown_costs(wide)] == ["this table has 11 columns"]
    assert markdown_costs("```\n" + "x" * 1000 + "\n```") == []
    assert [cost.line for cost in markdown_costs("para\n\n```\nok\n" + "x" * 1001 + "\n```")] == [4]


def _lesson_with(where: str, text: str) -> str:
    """A lesson whose page body or quiz feedback (``where``) is ``text``."""
    body, feedback = (text, "Right.") if where == "body" else ("Stress lives in the body.", text)
    return (
        'id = "costs"\ntitle = "Costs"\nminutes = 5\n\n[[steps]]\nkind = "page"\nid = "p"\n'
        f"body = '''\n{body}\n'''\n\n"
        '[[steps]]\nkind = "quiz"\nid = "q"\nquestion = "Can you stop at any moment?"\n\n'
        f"[[steps.choices]]\ntext = \"Yes\"\ncorrect = true\nfeedback = '''\n{feedback}\n'''\n\n"
        '[[steps.choices]]\ntext = "No"\nfeedback = "You can always stop."\n'
    )


#: A table of 11 columns (one beyond the limit), and a list of 200 items (100 beyond): Markdown the app would take
#: long to draw.
_COSTLY = {
    "wide table": "|" + "|".join(f"c{i}" for i in range(11)) + "|\n|" + "-|" * 11,
    "long list": "\n".join("- item" for _ in range(200)),
}


@pytest.mark.parametrize("text", list(_COSTLY.values()), ids=list(_COSTLY))
def test_a_page_body_drawn_as_markdown_is_held_to_the_limits(text: str, tmp_path: Path) -> None:
    path = tmp_path / "costs.toml"
    path.write_text(_lesson_with("body", text), encoding="utf-8")
    problems = loader.check_lesson_file(path).problems
    assert [problem.key for problem in problems] == ["steps[0].body"]
    assert "a table may have at most" in problems[0].message or "Markdown blocks" in problems[0].message


@pytest.mark.parametrize("text", list(_COSTLY.values()), ids=list(_COSTLY))
def test_a_text_shown_as_written_is_not_held_to_markdown_limits(text: str, tmp_path: Path) -> None:
    """Feedback, questions and hints are shown as written: a table there is its characters, drawn in one go."""
    path = tmp_path / "costs.toml"
    path.write_text(_lesson_with("feedback", text), encoding="utf-8")
    assert loader.check_lesson_file(path).problems == []
