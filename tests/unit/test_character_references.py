"""Character references in course text: ``check`` refuses one that writes a character a course may not hold.

A stranger wrote ``&#x202e;`` and ``&#xE0041;`` into a page: ``check`` said
"course OK", and markdown-it decoded them into a raw U+202E and a tag character
on the learner's terminal. A reference (and a link's percent escape, which
markdown-it decodes in the link's text) is now reported where it is written,
as the character itself would be; one Markdown shows as written (in code) is
left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from unclench.cli import main
from unclench.references import (
    _MAYBE_REFERENCE,
    address_chars,
    forbidden_in_addresses,
    forbidden_references,
    may_hold_references,
    stands_for,
)


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "course", "c"]) == 0
    capsys.readouterr()
    return tmp_path / "c"


def _write(path: Path, old: str, new: str) -> tuple[int, int]:
    """Replace ``old`` by ``new`` (``@`` marks the place to report); the line and column of the ``@``."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    offset = text.index(old) + new.index("@")
    path.write_text(text.replace(old, new.replace("@", ""), 1), encoding="utf-8")
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


REFUSED = [
    # (file, key, old, new: "@" marks the reference reported, the message)
    (
        "lessons/welcome.toml",
        "steps[0].body",
        "Write the lesson here",
        "# Heading R@&#x202e;LO&#x202c; T&#xE0041;&#xE0042;G\n\nWrite the lesson here",
        "the character reference '&#x202e;' stands for the invisible bidirectional control U+202E (RLO), which is "
        "not allowed in text: it makes the text read in another order than it is written (and 3 more like it in "
        "this text); remove the character reference",
    ),
    (
        "lessons/welcome.toml",
        "steps[0].body",
        "Write the lesson here",
        "`&#x202e;` is code. Stop if dizzy @&#8295;(not really)&#x2069;. Write the lesson here",
        "the character reference '&#8295;' stands for the invisible bidirectional control U+2067 (RLI)",
    ),
    (
        "lessons/welcome.toml",
        "steps[0].body",
        "Write the lesson here",
        "Write @&#27;[2J the lesson here",
        "the character reference '&#27;' stands for the control character U+001B (ESC), which is not allowed in "
        "text; remove the character reference",
    ),
    (
        "lessons/welcome.toml",
        "steps[0].body",
        "Write the lesson here",
        "Write the (1)@&rlm; lesson here",
        "the character reference '&rlm;' stands for the invisible bidirectional mark U+200F (RLM), which is not "
        "allowed in a text without right-to-left letters",
    ),
    (
        "lessons/welcome.toml",
        "steps[0].body",
        "Write the lesson here",
        "See <https://example.org/@%E2%80%AE%1B>. Write the lesson here",
        "the percent escape '%E2%80%AE%1B' stands for the invisible bidirectional control U+202E (RLO)",
    ),
    (
        "lessons/welcome.toml",
        "steps[0].body",
        "Write the lesson here",
        "Write `&#x2028;` (code, shown as written) the lesson here and @&#x2028; there",
        "the character reference '&#x2028;' stands for the line separator U+2028 (LSEP), which is not allowed in "
        "text: terminals do not break the line there; use a line break",
    ),
    (
        "course/course.toml",
        "disclaimer",
        "It is not medical or",
        "It is @&#xE0041; not medical or",
        "the character reference '&#xE0041;' stands for the invisible tag character U+E0041 (TAG A), which is not "
        "allowed in text: it hides text from the reader; remove the character reference and the ones around it",
    ),
]


@pytest.mark.parametrize(("file", "key", "old", "new", "message"), REFUSED, ids=[r[4][:45] for r in REFUSED])
def test_check_refuses_a_reference_to_a_forbidden_character_where_it_is_written(
    course_dir: Path, capsys: pytest.CaptureFixture[str], file: str, key: str, old: str, new: str, message: str
) -> None:
    line, col = _write(course_dir / file, old, new)
    assert main(["check", str(course_dir)]) == 1
    err = capsys.readouterr().err
    [entry] = [entry for entry in err.splitlines() if entry.startswith(f"c/{file}:") and ": warning: " not in entry]
    assert entry.startswith(f"c/{file}:{line}:{col}: {key}: {message}"), entry
    assert not re.search("[\x00-\x08\x0b-\x1f\u202a-\u202e\u2066-\u2069\u2028\u2029\U000e0000-\U000e007f]", err)
    assert main(["--course", str(course_dir)]) == 1  # the app refuses the course as any invalid one
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        "Code shows it as written: `&#x202e;` and\n\n    &#x202e; indented\n\n```\n&#27;\n```",
        "In right-to-left text a mark does its work: שלום&rlm; (1)",
        "Harmless ones: &amp; &lt; &#x2014; &#10; &#9; &nbsp; 100% sure, %41 and &unknownname; and &#x110000;",
        "A link's address is not shown: [here](https://example.org/%E2%80%AE) and [x](&#x202e;)",
    ],
)
def test_references_markdown_shows_as_written_or_that_write_allowed_characters_are_fine(text: str) -> None:
    assert forbidden_references(text) == []


IN_ADDRESSES = [
    # (new: "@" marks the escape reported, what it stands for)
    (
        "See [x](https://a.example/@%1b%5d52;c;aGk%07). Write the lesson here",
        "'%1b%5d'",
        "control character U+001B (ESC)",
    ),
    ("See [x](https://a.example/ring@%07). Write the lesson here", "'%07'", "control character U+0007 (BEL)"),
    ("See [x](https://a.example/@%9b2J). Write the lesson here", "'%9b'", "control character U+009B (CSI)"),
    ("See [x](https://a.example/@%e2%80%aegpj.exe). Write the lesson here", "'%e2%80%ae'", "U+202E (RLO)"),
    ("See ![x](https://a.example/a@%E2%80%8Bb.png). Write the lesson here", "'%E2%80%8B'", "character U+200B"),
    ("See [x][1]. Write the lesson here\\n\\n[1]: https://a.example/@%0a", "'%0a'", "character U+000A (LF)"),
    ("See [x](@&#x202e;). Write the lesson here", "reference '&#x202e;'", "bidirectional control U+202E (RLO)"),
]


@pytest.mark.parametrize(("new", "written", "char"), IN_ADDRESSES, ids=[r[1] for r in IN_ADDRESSES])
def test_check_refuses_a_percent_escape_in_a_link_address_that_stands_for_a_control_or_invisible(
    course_dir: Path, capsys: pytest.CaptureFixture[str], new: str, written: str, char: str
) -> None:
    """A raw ESC in ``[x](…)`` was refused, ``%1b`` written there was not: ``check`` said "course OK"."""
    line, col = _write(course_dir / "lessons" / "welcome.toml", "Write the lesson here", new)
    assert main(["check", str(course_dir)]) == 1
    err = capsys.readouterr().err
    [entry] = [entry for entry in err.splitlines() if entry.startswith("c/lessons/") and ": warning: " not in entry]
    assert entry.startswith(f"c/lessons/welcome.toml:{line}:{col}: steps[0].body: the "), entry
    assert f"{written} in a link's address stands for the " in entry and char in entry
    assert "remove the " in entry and "Traceback" not in err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u200b]", err)


@pytest.mark.parametrize(
    "text",
    [
        "Fine: [a](https://a.example/caf%C3%A9?q=a%20b&x=%25) and ![b](pic%2Fone.png) and [c](https://a.example/%E2%80%94)",
        "In code it is no address: `[x](https://a.example/%1b)` and\n\n```\n[x](https://a.example/%e2%80%ae)\n```",
        "Not an address: 100%1b sure, [x%07](#) and [x] %9b",
    ],
)
def test_addresses_with_harmless_escapes_or_none_at_all_pass(text: str) -> None:
    assert forbidden_in_addresses(text) == []


def test_an_autolink_is_told_once() -> None:
    """``<https://a.example/%E2%80%AE>`` shows its address as its text: the text's rule tells it, not both."""
    from unclench.loader import ParsedFile, _references_rules

    parsed = ParsedFile(Path("lesson.toml"))
    parsed.text = 'body = "<https://a.example/%E2%80%AE> and [x](https://a.example/%9b)"\n'
    parsed.data = tomli.loads(parsed.text)
    _references_rules(parsed)
    assert [problem.col for problem in parsed.problems] == [28, 65]
    assert "in a link's address" not in parsed.problems[0].message
    assert "'%9b' in a link's address stands for the control character U+009B (CSI)" in parsed.problems[1].message


def test_what_a_reference_stands_for() -> None:
    assert stands_for("&#x202E;") == stands_for("&#8238;") == "\u202e"
    assert stands_for("&rlm;") == "\u200f" and stands_for("&ZeroWidthSpace;") == "\u200b"
    assert stands_for("&#27;") == "\x1b"  # markdown-it shows U+FFFD, but the author wrote an ESC
    assert stands_for("%E2%80%AE") == "\u202e" and stands_for("&#x110000;") == stands_for("&nosuch;") == ""
    # In an address, a byte that is not UTF-8 stands for its Latin-1 character (as a terminal would take it).
    assert address_chars("%9b") == "\x9b" and address_chars("%e2%80%ae%ff") == "\u202e\xff"


@pytest.mark.parametrize(
    "written",
    ["\\u0026#x202e;", "\\x26#x202e;", "\\U00000026#8238;", "&\\u0023x202e;", "<https://example.org/\\x25E2%80%AE>"],
)
def test_check_refuses_a_reference_written_through_a_toml_escape(
    course_dir: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    """``\\u0026#x202e;`` is ``&#x202e;`` once TOML has read it: the file holds no ``&``, the text does."""
    _write(course_dir / "lessons" / "welcome.toml", "Write the lesson here", f"Write @{written} the lesson here")
    assert main(["check", str(course_dir)]) == 1
    err = capsys.readouterr().err
    assert "stands for the invisible bidirectional control U+202E (RLO)" in err
    assert "c/lessons/welcome.toml:" in err and "steps[0].body: the " in err


def _toml_escaped(text: str, escapes: list[int]) -> str:
    """``text`` as the inside of a TOML basic string, each character written as ``escapes`` says in turn."""
    written = []
    for index, char in enumerate(text):
        how = escapes[index % len(escapes)] if escapes else 0
        code = ord(char)
        if how == 1 or char in '"\\' or code < 0x20 or code == 0x7F:
            written.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        elif how == 2 and code <= 0xFF:
            written.append(f"\\x{code:02X}")
        elif how == 3:
            written.append(f"\\U{code:08X}")
        else:
            written.append(char)
    return "".join(written)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.one_of(st.sampled_from('&#%xX;aAe0123456789FfrlmE2\\" \n'), st.characters(codec="utf-8")), max_size=40),
    st.lists(st.integers(0, 3), max_size=8),
)
def test_a_file_that_may_hold_a_reference_is_never_passed_over(text: str, escapes: list[int]) -> None:
    """Whatever a string holds and however it is written, the file's quick look sees what the full look would."""
    file_text = f'body = "{_toml_escaped(text, escapes)}"\n'
    assert tomli.loads(file_text)["body"] == text
    if _MAYBE_REFERENCE.search(text) is not None:
        assert may_hold_references(file_text)
