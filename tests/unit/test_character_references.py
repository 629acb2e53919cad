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

from unclench.cli import main
from unclench.references import forbidden_references, stands_for


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
    [entry] = [entry for entry in err.splitlines() if entry.startswith(f"c/{file}:")]
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


def test_what_a_reference_stands_for() -> None:
    assert stands_for("&#x202E;") == stands_for("&#8238;") == "\u202e"
    assert stands_for("&rlm;") == "\u200f" and stands_for("&ZeroWidthSpace;") == "\u200b"
    assert stands_for("&#27;") == "\x1b"  # markdown-it shows U+FFFD, but the author wrote an ESC
    assert stands_for("%E2%80%AE") == "\u202e" and stands_for("&#x110000;") == stands_for("&nosuch;") == ""
