"""What ``check`` measures of a text's Markdown (unclench.markdowncost): its look without a parser never misses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unclench import markdowncost
from unclench.markdowncost import MAX_BLOCKS, markdown_costs
from unclench.tomlpos import strings_in

#: Pieces that open blocks: quotes, bullets, numbers, headings, rules, fences, table rows, blank lines.
PIECES = st.sampled_from(
    ["> ", "- ", "* ", "+ ", "1. ", "2) ", "# ", "---", "```", "    ", "|a|b|", "|-|-|", "x", "\n"]
)


def _parsed_blocks(text: str) -> int:
    tokens = markdowncost._block_parser().parse(text)
    return sum(1 for token in tokens if token.nesting == 1 or token.type in markdowncost._LEAF_BLOCKS)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=400).map("".join))
def test_a_text_judged_without_the_parser_really_is_within_the_limits(text: str) -> None:
    """Whatever the quick look lets through, the parser counts no more blocks than the limit."""
    if not markdowncost._may_exceed(text):
        assert _parsed_blocks(text) <= MAX_BLOCKS


def test_the_limits_are_met_exactly() -> None:
    items = "\n".join("- item" for _ in range((MAX_BLOCKS - 2) // 2))  # the list, each item and its paragraph
    assert _parsed_blocks(items + "\n\nend") == MAX_BLOCKS and markdown_costs(items + "\n\nend") == []
    assert [cost.line for cost in markdown_costs(items + "\n\nend\n\nmore")] == [len(items.splitlines()) + 3]
    wide = "|" + "|".join("c" * 10 + str(i) for i in range(11)) + "|\n|" + "-|" * 11
    assert [cost.message.split(";")[0] for cost in markdown_costs(wide)] == ["this table has 11 columns"]
    assert markdown_costs("```\n" + "x" * 1000 + "\n```") == []
    assert [cost.line for cost in markdown_costs("para\n\n```\nok\n" + "x" * 1001 + "\n```")] == [4]


#: Parsed TOML as the loader sees it: tables, arrays and values, texts long and short among them.
_TOML_DATA = st.recursive(
    st.one_of(st.lists(PIECES, max_size=120).map("".join), st.integers(), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=3), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_TOML_DATA)
def test_the_walk_over_values_alone_finds_every_text_that_may_be_beyond_a_limit(data: object) -> None:
    """The loader places problems only when this walk finds a text to look at: it must miss none."""
    texts = [text for _, text in strings_in(data)]
    assert markdowncost.may_exceed_anywhere(data) == any(map(markdowncost._may_exceed, texts))
