"""`unclench check` warns at course Markdown learners would see otherwise than its author meant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unclench import cli

BASE_COURSE = Path(__file__).parent / "data" / "base_course"

INDENTED_PAGE = '''body = """
Read this first.

    This practice takes **five minutes**. You will be asked how you feel before
    and after. You can stop at any time.

- a list item

      indented inside the item: still code
"""'''


def checked(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path / "course")
    code = cli.main(["check", "--no-cache", "."])
    captured = capsys.readouterr()
    assert "course OK" in captured.out
    return code, captured.err


def course_with(tmp_path: Path, lesson_text: tuple[str, str], index_text: tuple[str, str] | None = None) -> None:
    root = tmp_path / "course"
    shutil.copytree(BASE_COURSE, root)
    welcome = root / "lessons" / "welcome.toml"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace(*lesson_text), encoding="utf-8")
    if index_text is not None:
        index = root / "course" / "course.toml"
        index.write_text(index.read_text(encoding="utf-8").replace(*index_text), encoding="utf-8")


def test_an_indented_block_is_a_warning_at_its_first_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stranger's page, indented as in their editor, was shown unwrapped and cut at the screen's edge.
    course_with(tmp_path, ('body = "Welcome to the course."', INDENTED_PAGE))
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0  # a warning never fails the check
    fix = (
        "lines indented by four spaces or more are shown as code: unwrapped, with Markdown shown as typed; "
        "remove the indentation (or use a ``` fence if you mean code)"
    )
    assert err.splitlines() == [
        f"lessons/welcome.toml:12:1: warning: steps[0].body: {fix}",
        f"lessons/welcome.toml:17:1: warning: steps[0].body: {fix}",
    ]


def test_a_block_indented_by_a_tab_is_told_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An author stranger's tab-indented line was warned about "four spaces", which their file did not have."""
    course_with(
        tmp_path, ('body = "Welcome to the course."', 'body = """\nA first line.\n\n\tA line after a tab.\n"""')
    )
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert err.splitlines() == [
        "lessons/welcome.toml:12:1: warning: steps[0].body: lines indented by a tab are shown as code: unwrapped, "
        "with Markdown shown as typed; remove the indentation (or use a ``` fence if you mean code)"
    ]


def test_a_picture_is_a_warning_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An author stranger's ``![a picture](hand.png)`` passed check in silence; learners saw only its words."""
    body = 'body = """\nA first line.\n\n![an open hand](hand.png)\n\n`![in code](x.png)` is not one.\n"""'
    course_with(tmp_path, ('body = "Welcome to the course."', body))
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert err.splitlines() == [
        "lessons/welcome.toml:12:1: warning: steps[0].body: a picture cannot be shown in a terminal: learners see "
        "only its words, after a picture sign; say in words what it shows (and remove the ![...](...) around them)"
    ]


def test_indentation_that_is_not_code_is_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list item's second paragraph, a fence's indented lines, a wrapped line and the first line of a course
    # text (the app leaves the blanks around it out) are not indented code.
    body = 'body = """\n- item\n\n    more of the item\n\n```\n    code in a fence\n```\nA line\n    wrapped on.\n"""'
    course_with(tmp_path, ('body = "Welcome to the course."', body), ('disclaimer = """\n', 'disclaimer = """\n    '))
    assert checked(tmp_path, capsys, monkeypatch) == (0, "")


def test_an_indented_block_in_the_course_index_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    indented = ("qualified professional before you practise.\n", "qualified.\n\n    Indented.\n")
    course_with(tmp_path, ("x", "x"), indented)
    _, err = checked(tmp_path, capsys, monkeypatch)
    assert err.startswith("course/course.toml:11:1: warning: disclaimer: lines indented by four spaces or more")


def test_html_is_a_warning_at_the_first_of_each_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stranger's `<!-- TODO: shorten this page -->` passed check and was shown to learners word for word.
    body = 'body = """\nFirst, a word.\n\n<!-- TODO: shorten this page -->\n\nThen a <br> break.\n"""'
    course_with(
        tmp_path,
        ('body = "Welcome to the course."', body),
        ("qualified professional before", "qualified<br>pro before"),
    )
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    shown = "HTML is shown to learners as written (a comment too); remove it"
    assert err.splitlines() == [
        f"course/course.toml:9:10: warning: disclaimer: {shown}",
        f"lessons/welcome.toml:12:1: warning: steps[0].body: {shown}",
    ]


def test_a_less_than_sign_in_prose_or_code_is_not_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = 'body = """\nIt takes < 5 minutes, and 3 <4.\n\nA tag in code: `<br>`, a link: <https://example.org>.\n"""'
    course_with(tmp_path, ('body = "Welcome to the course."', body))
    assert checked(tmp_path, capsys, monkeypatch) == (0, "")


def test_a_link_whose_words_are_another_address_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An attacker's [https://bank.example/login](https://evil.example/steal) showed one address and led to another.
    body = (
        'body = """\nLog in at [https://bank.example/login](https://evil.example/steal).\n\n'
        "See [findahelpline.com](https://findahelpline.com), [the NHS](https://nhs.uk), [www.nhs.uk](https://nhs.uk/a)"
        ' and [version 1.5](https://example.org).\n"""'
    )
    course_with(tmp_path, ('body = "Welcome to the course."', body))
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert err.splitlines() == [
        "lessons/welcome.toml:10:12: warning: steps[0].body: a link's words are a web address other than the one it "
        "points to; write the address it points to as its words, or words that are not an address"
    ]


@pytest.mark.parametrize(
    ("question", "col", "what"),
    [
        ("Read [the words](https://example.org) first. **Which** is right?", 18, "a link's brackets and address"),
        ("Which is **right**?", 22, "its ** or __"),
        # A stranger's "settle *most*?": single emphasis reached learners as typed too.
        ("Which settles *most*?", 27, "its * or _"),
        ("Which is _right_?", 22, "its * or _"),
        ("Is <b>this</b> right?", 16, "HTML"),
        ("What does `stop` do?", 23, "its backticks"),
        # An author stranger's "## Which is right?" got no word.
        ("## Which is right?", 13, "a heading's #"),
    ],
)
def test_markdown_in_a_text_shown_as_written_is_a_warning(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    question: str,
    col: int,
    what: str,
) -> None:
    # A stranger followed check's own advice for a link in a question, and learners saw the brackets as typed.
    course_with(tmp_path, ('question = "What do you hope to get from this course?"', f'question = "{question}"'))
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert err.splitlines() == [
        f"lessons/welcome.toml:14:{col}: warning: steps[1].question: this text is shown as written, not read as "
        f"Markdown: learners see {what} as typed; write it plainly (a page's or an exercise's body is Markdown; put "
        "formatting and links there)"
    ]


def test_a_table_in_a_text_shown_as_written_is_a_warning_at_its_first_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An author stranger's table of 12 days in a quiz's feedback passed check in silence, and learners saw rows of
    # pipes wrapped across the screen. A | inside a sentence is punctuation, and is no warning.
    question = 'question = """\nHow did the week go?\n\n| Day 1 | Day 2 |\n|---|---|\n| 1 | 2 |\n"""'
    course_with(tmp_path, ('question = "What do you hope to get from this course?"', question))
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert err.splitlines() == [
        "lessons/welcome.toml:17:1: warning: steps[1].question: this text is shown as written, not read as "
        "Markdown: learners see a table's | and - characters as typed; write it plainly (a page's or an exercise's "
        "body is Markdown; put tables there)"
    ]
    course_with(tmp_path / "again", ('question = "What do you hope to get from this course?"', 'question = "A | B?"'))
    assert checked(tmp_path / "again", capsys, monkeypatch) == (0, "")


def test_plain_punctuation_in_a_text_shown_as_written_is_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "#1: Rate it (0 = none, 10 = a lot) * or < 5? [optional] 2*3 snake_case_word, e.g. Q&A, # of days"
    course_with(tmp_path, ('question = "What do you hope to get from this course?"', f'question = "{question}"'))
    assert checked(tmp_path, capsys, monkeypatch) == (0, "")


def test_a_blank_looking_question_is_not_refused_it_is_shown_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # check refused `[](https://example.org)` in a question as "draws as nothing", but the app shows it as typed.
    course_with(
        tmp_path, ('question = "What do you hope to get from this course?"', 'question = "[](https://example.org)"')
    )
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0 and "draws as nothing" not in err and "steps[1].question: this text is shown as written" in err


@pytest.mark.parametrize(
    ("written", "meant", "key", "line", "col"),
    [
        ('title = "Base course"', 'title = "Base **course**"', "title", 5, 15),
        ('summary = "A tiny course for tests."', 'summary = "A `tiny` course for tests."', "summary", 6, 14),
        ('title = "Basics"', 'title = "**Basics**"', "modules[0].title", 48, 10),
        (
            'title = "Check with a professional first"',
            'title = "Check with a **professional**"',
            "safety[1].title",
            30,
            23,
        ),
        ('label = "Tension"', 'label = "__Tension__"', "checkins[0].label", 35, 10),
        ('question = "How calm do you feel?"', 'question = "How <b>calm</b>?"', "checkins[1].question", 42, 17),
        ('author = "forum members"', 'author = "[forum](https://example.org)"', "sources[1].author", 20, 11),
    ],
)
def test_markdown_in_a_text_of_the_index_shown_as_written_is_a_warning(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    written: str,
    meant: str,
    key: str,
    line: int,
    col: int,
) -> None:
    # A stranger wrote Calm **evenings** as the course's title, and the app showed the stars as typed.
    course_with(tmp_path, ("", ""), (written, meant))
    code, err = checked(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert err.startswith(f"course/course.toml:{line}:{col}: warning: {key}: this text is shown as written, not read")
    assert len(err.splitlines()) == 1
