"""``tomlpos.key_positions`` on tricky but valid TOML: every key where an author wrote it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli

from unclench import loader
from unclench.tomlpos import KeyPath, key_positions, nearest_position


def all_paths(value: Any, prefix: KeyPath = ()) -> list[KeyPath]:
    """Every key path and array index in parsed TOML data."""
    found: list[KeyPath] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found += all_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((*prefix, index))
            found += all_paths(item, (*prefix, index))
    return found


def positions_of(text: str) -> dict[KeyPath, tuple[int, int]]:
    data = tomli.loads(text)  # the documents here must be valid TOML
    positions = key_positions(text)
    missing = [path for path in all_paths(data) if path not in positions]
    assert not missing, f"paths without a position: {missing}"
    return positions


CASES: dict[str, tuple[str, dict[KeyPath, tuple[int, int]]]] = {
    "dotted keys": (
        'a.b.c = 1\n"q.k".x = 2\n[t]\nd . e = 3\n  f.g = 4\n',
        {
            ("a",): (1, 1),
            ("a", "b"): (1, 1),
            ("a", "b", "c"): (1, 1),
            ("q.k",): (2, 1),
            ("q.k", "x"): (2, 1),
            ("t",): (3, 1),
            ("t", "d"): (4, 1),
            ("t", "d", "e"): (4, 1),
            ("t", "f"): (5, 3),
            ("t", "f", "g"): (5, 3),
        },
    ),
    "quoted keys": (
        '"id" = "x"\n\'lit key\' = 1\n"esc\\"aped" = 2\n["sp ace".\'x.y\']\ny = 1\n"" = 3\n',
        {
            ("id",): (1, 1),
            ("lit key",): (2, 1),
            ('esc"aped',): (3, 1),
            ("sp ace",): (4, 1),
            ("sp ace", "x.y"): (4, 1),
            ("sp ace", "x.y", "y"): (5, 1),
            ("sp ace", "x.y", ""): (6, 1),
        },
    ),
    "nested arrays of tables": (
        "[[steps]]\n"
        'id = "a"\n'
        "[[steps.choices]]\n"
        "t = 1\n"
        "[[steps.choices]]\n"
        "t = 2\n"
        "[[steps]]\n"
        'id = "b"\n'
        "[[steps.choices]]\n"
        "t = 3\n"
        "[steps.meta]\n"
        "m = 1\n",
        {
            ("steps",): (1, 1),
            ("steps", 0): (1, 1),
            ("steps", 0, "id"): (2, 1),
            ("steps", 0, "choices"): (3, 1),
            ("steps", 0, "choices", 0): (3, 1),
            ("steps", 0, "choices", 0, "t"): (4, 1),
            ("steps", 0, "choices", 1): (5, 1),
            ("steps", 0, "choices", 1, "t"): (6, 1),
            ("steps", 1): (7, 1),
            ("steps", 1, "id"): (8, 1),
            ("steps", 1, "choices"): (9, 1),
            ("steps", 1, "choices", 0): (9, 1),
            ("steps", 1, "choices", 0, "t"): (10, 1),
            ("steps", 1, "meta"): (11, 1),
            ("steps", 1, "meta", "m"): (12, 1),
        },
    ),
    "three levels of arrays of tables": (
        "[[a]]\n[[a.b]]\nx = 1\n[[a]]\n[[a.b]]\nx = 2\n[[a.b]]\nx = 3\n[[a.b.c]]\n",
        {
            ("a",): (1, 1),
            ("a", 0): (1, 1),
            ("a", 0, "b"): (2, 1),
            ("a", 0, "b", 0): (2, 1),
            ("a", 0, "b", 0, "x"): (3, 1),
            ("a", 1): (4, 1),
            ("a", 1, "b"): (5, 1),
            ("a", 1, "b", 0): (5, 1),
            ("a", 1, "b", 0, "x"): (6, 1),
            ("a", 1, "b", 1): (7, 1),
            ("a", 1, "b", 1, "x"): (8, 1),
            ("a", 1, "b", 1, "c"): (9, 1),
            ("a", 1, "b", 1, "c", 0): (9, 1),
        },
    ),
    "headers with spaces and implicit parents": (
        "[ a . b ]\nc = 1\n[[ d ]]\ne = 2\n[x.y.z]\n",
        {
            ("a",): (1, 1),
            ("a", "b"): (1, 1),
            ("a", "b", "c"): (2, 1),
            ("d",): (3, 1),
            ("d", 0): (3, 1),
            ("d", 0, "e"): (4, 1),
            ("x",): (5, 1),
            ("x", "y"): (5, 1),
            ("x", "y", "z"): (5, 1),
        },
    ),
    "inline tables and arrays across lines": (
        'a = [\n  1, # a comment ] with brackets\n  [2, 3],\n  { x = 1, y = { z = "]}" } },\n]\nb = 1\n'
        'choices = [\n  { text = "A", correct = true },\n\n  { text = "B,]", feedback = "x" },\n]\n',
        {
            ("a",): (1, 1),
            ("a", 0): (2, 3),
            ("a", 1): (3, 3),
            ("a", 1, 0): (3, 4),
            ("a", 1, 1): (3, 7),
            ("a", 2): (4, 3),
            ("a", 2, "x"): (4, 5),
            ("a", 2, "y"): (4, 12),
            ("a", 2, "y", "z"): (4, 18),
            ("b",): (6, 1),
            ("choices",): (7, 1),
            ("choices", 0): (8, 3),
            ("choices", 0, "text"): (8, 5),
            ("choices", 0, "correct"): (8, 17),
            ("choices", 1): (10, 3),
            ("choices", 1, "text"): (10, 5),
            ("choices", 1, "feedback"): (10, 19),
        },
    ),
    "inline table holding a multi-line array": (
        "t = { a = [\n  1,\n  2,\n], b = 'x' }\nafter = 1\n",
        {
            ("t",): (1, 1),
            ("t", "a"): (1, 7),
            ("t", "a", 0): (2, 3),
            ("t", "a", 1): (3, 3),
            ("t", "b"): (4, 4),
            ("after",): (5, 1),
        },
    ),
    "comments": (
        '# [fake]\na = 1 # [x] "\n  # b = 2\n[t] # [[u]]\nc = "#" # d = 1\n#[[t2]]\n',
        {("a",): (2, 1), ("t",): (4, 1), ("t", "c"): (5, 1)},
    ),
    "multi-line strings": (
        "a = '''\n[fake]\nx = 1 '''\n"
        'b = """"q"" \\\\"""\n'
        "c = 3\n"
        'd = """x"""""\n'
        "e = '''''y'''''\n"
        'f = """\n[[steps]]\nkind = "page"\n\\"""\n[g]\n"""\n'
        'g = """\\\n  continued \\\n"""\n'
        "h = 1\n",
        {
            ("a",): (1, 1),
            ("b",): (4, 1),
            ("c",): (5, 1),
            ("d",): (6, 1),
            ("e",): (7, 1),
            ("f",): (8, 1),
            ("g",): (14, 1),
            ("h",): (17, 1),
        },
    ),
    "strings with quotes and brackets": (
        'a = "it\'s [not] a table"\nb = \'say "hi" ]\'\nc = ["]", \'[\', "\\"]"]\nd = 1\n',
        {
            ("a",): (1, 1),
            ("b",): (2, 1),
            ("c",): (3, 1),
            ("c", 0): (3, 6),
            ("c", 1): (3, 11),
            ("c", 2): (3, 16),
            ("d",): (4, 1),
        },
    ),
    "CRLF line endings": (
        'a = 1\r\n[t]\r\nb = """x\r\n[y]\r\n"""\r\nc = [\r\n  1,\r\n  2\r\n]\r\n',
        {
            ("a",): (1, 1),
            ("t",): (2, 1),
            ("t", "b"): (3, 1),
            ("t", "c"): (6, 1),
            ("t", "c", 0): (7, 3),
            ("t", "c", 1): (8, 3),
        },
    ),
    "tabs and unicode count as one column each": (
        '\tx = 1\n"日本" = ["日本", "x"]\n[t]\n\t"é" = "ü"\n',
        {
            ("x",): (1, 2),
            ("日本",): (2, 1),
            ("日本", 0): (2, 9),
            ("日本", 1): (2, 15),
            ("t",): (3, 1),
            ("t", "é"): (4, 2),
        },
    ),
    "values of every type": (
        "s = 'x'\ni = -1_000\nf = 6.02e23\nn = nan\nb = true\n"
        "dt = 1979-05-27 07:32:00Z\nld = 1979-05-27\nlt = 07:32:00\nh = 0xff\nlast = [1979-05-27, inf]\n",
        {
            ("s",): (1, 1),
            ("i",): (2, 1),
            ("f",): (3, 1),
            ("n",): (4, 1),
            ("b",): (5, 1),
            ("dt",): (6, 1),
            ("ld",): (7, 1),
            ("lt",): (8, 1),
            ("h",): (9, 1),
            ("last",): (10, 1),
            ("last", 0): (10, 9),
            ("last", 1): (10, 21),
        },
    ),
    "empty document": ("", {}),
    "only comments and blank lines": ("# one\n\n   \n# two", {}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_key_positions(name: str) -> None:
    text, expected = CASES[name]
    assert positions_of(text) == expected


def test_lesson_shaped_document() -> None:
    text = (
        "#:schema ../course/lesson.schema.json\n"
        'id = "x"\n'
        "\n"
        "[[steps]]\n"
        'kind = "page"\n'
        'body = """\n'
        "[[steps]]\n"
        'kind = "quiz"\n'
        '"""\n'
        "\n"
        "[[steps]]\n"
        'kind = "quiz"\n'
        "choices = [\n"
        '  { text = "A", correct = true },\n'
        '  { text = "B" },\n'
        "]\n"
    )
    positions = positions_of(text)
    assert positions[("steps", 0)] == (4, 1)
    assert positions[("steps", 0, "body")] == (6, 1)
    assert positions[("steps", 1)] == (11, 1)
    assert ("steps", 2) not in positions
    assert positions[("steps", 1, "choices", 1, "text")] == (15, 5)


def test_nearest_position_falls_back_to_enclosing_table() -> None:
    positions = key_positions('a = 1\n[[steps]]\nkind = "quiz"\n[[steps.choices]]\ntext = "x"\n')
    assert nearest_position(positions, ("steps", 0, "choices", 0, "text")) == ((5, 1), True)
    assert nearest_position(positions, ("steps", 0, "choices", 0, "feedback")) == ((4, 1), False)
    assert nearest_position(positions, ("steps", 0, "question")) == ((2, 1), False)
    assert nearest_position(positions, ("missing", 3)) == ((1, 1), False)
    assert nearest_position(positions, ()) == ((1, 1), True)
    assert nearest_position({}, ("a",)) == ((1, 1), False)


def test_bom_is_stripped_by_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeffa = 1\n[t]\n  b = 2\n".encode())
    parsed = loader.read_toml(path)
    assert parsed.problems == []
    assert parsed.data == {"a": 1, "t": {"b": 2}}
    assert parsed.position(("a",)) == (1, 1)
    assert parsed.position(("t", "b")) == (3, 3)
    assert parsed.position(("t", "c")) == (2, 1)


def test_deep_nesting_raises_recursion_error_only() -> None:
    text = "x = " + "[" * 400 + "]" * 400 + "\n"
    with pytest.raises(RecursionError):
        key_positions(text)


def test_long_line_is_linear_enough() -> None:
    text = "a = [" + ", ".join(["1"] * 100_000) + "]\nb = 2\n"
    positions = key_positions(text)
    assert positions[("a", 99_999)] == (1, 6 + 3 * 99_999)
    assert positions[("b",)] == (2, 1)
