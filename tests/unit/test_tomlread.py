"""Course files are parsed to exactly what ``tomli`` gives, or fail with exactly its error (``unclench.tomlread``).

The quick way hands ``tomli`` the file with its plain multi-line strings taken out; these
tests compare it with ``tomli.loads`` on the original text: random documents (quotes,
backslashes, comments and literal strings holding triple quotes, runs of four to six
quotes, CRLF, control characters, numbers like the placeholders), the bundled course, and
a generated course of 1,000 lessons' kind. They also check that the quick way is really
taken where it should be, so that the comparison is not of ``tomli`` with itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from unclench import tomlread
from unclench.folders import COURSE_INDEX, bundled_course_root, lesson_files
from unclench.tomlread import parse, quick_parse, strings_set_aside

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import gen_course  # noqa: E402  (the benchmarks' course generator, not a package)


def outcome(read: Any, text: str) -> tuple[str, Any]:
    """What reading ``text`` gives: its data, or its exception's type and message (which carries the place)."""
    try:
        return "data", read(text)
    except (ValueError, RecursionError) as error:
        return type(error).__name__, str(error)


def assert_same(text: str) -> None:
    assert outcome(parse, text) == outcome(tomli.loads, text)
    quick = quick_parse(text)
    if quick is not None:
        assert quick == tomli.loads(text)


# -- random documents ------------------------------------------------------------------

#: Pieces of string bodies, chosen to meet every rule of the scan: quotes of both kinds alone, in
#: pairs and threes, backslashes and escapes, comment signs, newlines of both kinds, control characters.
BODY_PIECES = st.sampled_from(
    [
        "a",
        "word ",
        "é",
        "☃",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        '"',
        '""',
        '"""',
        "'",
        "''",
        "'''",
        "\\",
        "\\n",
        '\\"',
        "\\\\",
        "\\u0041",
        "\\\n  ",
        "#",
        "# not a comment",
        "=",
        "[",
        "]",
        "{",
        "+0e0_0",
        "+0e0_1",
        "\x00",
        "\x07",
        "\x0b",
        "\x1b",
        "\x7f",
        "\u200b",
    ]
)
BODIES = st.lists(BODY_PIECES, max_size=6).map("".join)
PLAIN_BODIES = st.lists(st.sampled_from(["a", "word ", "é", " ", "\n", '"', '""', "'", "#", "="]), max_size=8).map(
    "".join
)


@st.composite
def values(draw: st.DrawFn, depth: int = 0) -> str:
    """A TOML value as written: mostly valid (only a valid document is read the quick way), now and then not."""
    kind = draw(st.sampled_from([0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7] + ([8, 8, 9, 9] if depth < 2 else [])))
    if kind == 0:  # the quick way's case: mostly plain, sometimes with anything in it
        body = draw(st.sampled_from([PLAIN_BODIES] * 3 + [BODIES]).flatmap(lambda bodies: bodies))
        closing = draw(st.sampled_from(['"""'] * 6 + ['""""', '"""""', '""""""']))
        return '"""' + draw(st.sampled_from(["", "\n", "\r\n"])) + body + closing
    if kind == 1:
        return "'''" + draw(BODIES) + draw(st.sampled_from(["'''"] * 4 + ["''''", "'''''", "''''''"]))
    if kind == 2:
        return '"' + draw(st.sampled_from(["", "x", 'he said \\"hi\\"', "'''", '\\"""', "# no", "\\\\"])) + '"'
    if kind == 3:
        return "'" + draw(st.sampled_from(["", "x", '"""', "a\\b", "# no"])) + "'"
    if kind == 4:
        return draw(
            st.sampled_from(["1", "-2", "1.5", "+0e0_0", "+0e0_1", "0e0_0", "inf", "1e3", "true", "1979-05-27"])
        )
    if kind == 5:
        return '""'
    if kind == 6:
        return "''"
    if kind == 7:
        return draw(st.sampled_from(["2", "3.5"] * 6 + ['"""', "'''", '"unterminated', "'open", "\\", "#"]))
    if kind == 8:
        items = draw(st.lists(values(depth + 1), max_size=3))
        return "[" + draw(st.sampled_from([", ", ",\n", ",\r\n", ", # c\n"])).join(items) + "]"
    pairs = draw(st.lists(st.tuples(st.sampled_from(["a", "b", '"c"', "'d'"]), values(depth + 1)), max_size=3))
    return "{" + ", ".join(f"{key} = {value}" for key, value in pairs) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A TOML document of a few lines: mostly keys and values, sometimes tables, comments or a line out of place."""
    lines = []
    for number in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["pair"] * 12 + ["table", "comment", "stray", "after", "after", "after"]))
        if kind == "pair":
            keys = [f"k{number}", f'"k{number}"', f"'k{number}'", f"t.k{number}"] * 4 + ['"""', "'''"]
            line = f"{draw(st.sampled_from(keys))} = {draw(values())}"
        elif kind == "table":
            line = draw(st.sampled_from(["[t]", "[[a]]", '["""x"""]', "[s]", "[[a]]"]))
        elif kind == "comment":
            line = "#" + draw(st.sampled_from(['"""', "'''", ' a """b""" ', " x", "\x07"]))
        elif kind == "stray":
            line = draw(values())  # a value where a key belongs
        else:
            after = draw(st.sampled_from(["", "# c", '# """', "# '''"] * 3 + ["'", '"', "x"]))
            line = f"k{number} = {draw(values())} {after}"
        lines.append(line)
    ending = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


@settings(max_examples=3000, deadline=None)
@given(documents())
@example('a = """x"""\'\n')
@example('a = """x""""\nb = """y"""""\nc = """z""""""\n')
@example('a = """\'x"""\nb = """x\'"""\nc = \'\'\'x\'\'\'"""y"""\n')
@example('a = "x\'\'\'" # """\nb = """y"""\n')
@example('a = \'"""\' \nb = """y"""\n')
@example('"""a""" = 1\nb = """c"""\n')
@example('a = """x""" # """\nb = +0e0_0\n')
@example('a = """x"""\nb = """y"""\nc = +0e0_1\n')
@example('a = """x\\""" y"""\n')
@example('a = """x\r\ny"""\r\n')
@example('a = """x\ry"""\n')
@example('a = """x\x07y"""\n')
@example('a = ["""x""", """y""",]\nb = {c = """z"""}\n')
@example("[t]\na = '''x'''''\nb = \"\"\"\n\"\"\"\n")
def test_random_documents_read_as_tomli_reads_them(text: str) -> None:
    assert_same(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab =#'\"\\\n\r\t[]{},.1+e_\x00")), max_size=40))
def test_any_text_reads_as_tomli_reads_it(text: str) -> None:
    assert_same(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(PLAIN_BODIES, st.sampled_from(["\n", "\r\n"])), min_size=1, max_size=5))
def test_plain_strings_are_read_the_quick_way(bodies: list[tuple[str, str]]) -> None:
    """Documents whose multi-line strings are all plain: read the quick way, to tomli's data."""
    assume(all('"""' not in body and not body.endswith('"') for body, _ in bodies))
    text = "".join(f'k{index} = """{ending}{body}"""{ending}' for index, (body, ending) in enumerate(bodies))
    assert quick_parse(text) == tomli.loads(text)
    assert quick_parse(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        'a = "he said \\"hi\\""\nb = """y"""\n',
        "a = '''x'''''\nb = \"\"\"y\"\"\"\n",
        "a = '''x''''\nb = \"\"\"y\"\"\"\n",
        'a = 1 # say """x"""\nb = """y"""\n',
        'a = \'it is\' # \'\'\'\nb = """y"""\n',
        'a = """x"""\r\nb = """\r\ny\r\nz"""\r\n',
        'a = """with \\"escapes\\" left to tomli"""\nb = """y"""\n',
        'a = ["""x""", "y", """z"""]\n[t]\nb = {c = """w"""}\n',
    ],
)
def test_strings_beside_what_the_scan_steps_over_are_read_the_quick_way(text: str) -> None:
    data = quick_parse(text)
    assert data is not None
    assert data == tomli.loads(text)


# -- course files ----------------------------------------------------------------------


def test_the_bundled_course_reads_as_tomli_reads_it() -> None:
    root = bundled_course_root()
    files = [root / COURSE_INDEX, *lesson_files(root)]
    assert len(files) > 10
    quick = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse(text) == tomli.loads(text), path
        quick += quick_parse(text) is not None
    assert quick >= len(files) - 1  # every lesson; the index writes its long strings with escapes


@pytest.mark.slow
def test_a_generated_course_reads_as_tomli_reads_it(tmp_path: Path) -> None:
    gen_course.generate(tmp_path / "course", lessons=200)
    files = sorted((tmp_path / "course").rglob("*.toml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert quick_parse(text) == tomli.loads(text), path


@pytest.mark.parametrize(
    "text",
    [
        'a = """one\ntwo\x07"""\n',
        'a = """unterminated\n',
        '"""a""" = 1\n',
        'a = """x"""\'\n',
        'a = """x""""""\n',
        'a = """x"""\nb = """y\n',
        'a = """x\\q"""\n',
    ],
)
def test_an_error_is_tomlis_on_the_original_text(text: str) -> None:
    """The message and place an author is shown come from the text they wrote."""
    with pytest.raises(tomli.TOMLDecodeError) as expected:
        tomli.loads(text)
    with pytest.raises(tomli.TOMLDecodeError) as got:
        parse(text)
    assert (str(got.value), got.value.lineno, got.value.colno) == (
        str(expected.value),
        expected.value.lineno,
        expected.value.colno,
    )


# -- the scan alone, and the checks behind it ------------------------------------------


def placeholders_read_as_values(text: str) -> bool | None:
    """Whether each placeholder the scan put in ``text`` is read by tomli once, as a value (None: no scan)."""
    set_aside = strings_set_aside(text)
    if set_aside is None or "+0e0_" in text:  # the file's own numbers like placeholders: the checks' part
        return None
    reduced, strings = set_aside
    read: list[str] = []

    def number(written: str) -> float:
        read.append(written)
        return 0.0

    tomli.loads(reduced, parse_float=number)
    placeholders = sorted(number for number in read if number.startswith("+0e0_"))
    return placeholders == sorted(f"+0e0_{index}" for index in range(len(strings)))


@settings(max_examples=1500, deadline=None)
@given(documents())
@example('a = 1 # """x"""\nb = """y"""\n')
@example('a = \'"""\' \nb = """y"""\n')
@example('a = \'\'\'x"""y\'\'\'\'\' \nb = """y"""\n')
@example('a = "x\\"\\"\\"" \nb = """y"""\n')
@example('a = ["""x""", "y"] # """z"""\n')
def test_the_scan_alone_puts_placeholders_only_where_values_are(text: str) -> None:
    """Without the checks that would catch it, the scan finds the strings where tomli does."""
    try:
        tomli.loads(text)
    except (ValueError, RecursionError):
        return
    assert placeholders_read_as_values(text) in (True, None)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a placeholder in a comment (as a scan that missed the comment would put it)
        ('a = 1 # """x"""\nb = """y"""\n', ("a = 1 # +0e0_0\nb = +0e0_1\n", ["x", "y"])),
        # a placeholder inside a one-line string
        ('a = "+0e0_0"\nb = """y"""\n', ('a = "+0e0_0"\nb = +0e0_1\n', ["x", "y"])),
        # the file's own number like a placeholder, the scan's placeholder lost in a comment
        ('a = +0e0_0 # """x"""\n', ("a = +0e0_0 # +0e0_0\n", ["x"])),
        # one placeholder twice
        ('a = """x"""\nb = """x"""\n', ("a = +0e0_0\nb = +0e0_0\n", ["x", "x"])),
    ],
)
def test_a_scan_gone_wrong_is_caught_and_tomli_reads_the_text(
    monkeypatch: pytest.MonkeyPatch, text: str, wrong: tuple[str, list[str]]
) -> None:
    monkeypatch.setattr(tomlread, "strings_set_aside", lambda _text: wrong)
    assert quick_parse(text) is None
    assert parse(text) == tomli.loads(text)
