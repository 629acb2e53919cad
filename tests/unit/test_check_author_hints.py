"""`unclench check` says how to fix what a stranger got wrong, and leaves editors' own files alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unclench import cli
from unclench.folders import is_editor_file, lesson_files

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(["check", "--no-cache", "."])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()[:-1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_choices_written_at_the_top_point_to_steps_choices(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("[[steps.choices]]", "[[choices]]"), encoding="utf-8")
    code, problems = check(capsys)
    # One problem, with the header to write; not also "missing required key 'choices'" in the quiz.
    assert code == 1
    assert problems == [
        "lessons/body-basics.toml:19:1: choices: unknown key 'choices' at the top of the lesson: it belongs to a "
        "step; write [[steps.choices]] instead of [[choices]], under the [[steps]] it belongs to"
    ]


def test_a_missing_key_says_how_to_add_it(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(course / "lessons" / "welcome.toml", 'question = "What do you hope', '# question = "What do you hope')
    edit(course / "course" / "course.toml", "format_version = 1", "")
    _, problems = check(capsys)
    assert problems == [  # a key missing from the top of a file: at its first key, past the comments above it
        "course/course.toml:4:1: format_version: missing required key 'format_version'; "
        "add it, e.g. format_version = 1",
        "lessons/welcome.toml:11:1: steps[1].question: missing required key 'question'; "
        'add it, e.g. question = "..."',
    ]


COPY_HINT = "this file looks like a copy of welcome.toml: delete it, or rename it and give it its own id"


@pytest.mark.parametrize(
    ("copy", "hint"),
    [
        ("welcome copy.toml", COPY_HINT),
        ("welcome (1).toml", COPY_HINT),
        ("welcome-copy.toml", COPY_HINT),
        ("Copy of welcome.toml", COPY_HINT),
        ("hello.toml", "give each lesson its own id (progress is saved under it), or delete the file you do not need"),
    ],
)
def test_a_duplicate_lesson_id_says_how_to_fix_it_and_names_a_copy(
    course: Path, capsys: pytest.CaptureFixture[str], copy: str, hint: str
) -> None:
    shutil.copy(course / "lessons" / "welcome.toml", course / "lessons" / copy)
    code, problems = check(capsys)
    assert code == 1
    mine = next(line for line in problems if line.startswith(f"lessons/{copy}:"))
    assert mine.endswith(f"lesson id 'welcome' is also used by lessons/welcome.toml; {hint}")
    original = next(line for line in problems if line.startswith("lessons/welcome.toml:"))
    if "copy of" in hint:
        assert original.endswith(f"; {copy} looks like a copy of this file: delete the copy, or give it its own id")


@pytest.mark.parametrize("name", ["welcome~.toml", ".#welcome.toml", "#welcome#.toml", ".welcome.toml"])
def test_editor_backups_and_locks_are_not_lessons(course: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    shutil.copy(course / "lessons" / "welcome.toml", course / "lessons" / name)
    assert is_editor_file(name)
    assert course / "lessons" / name not in lesson_files(course)
    assert cli.main(["check", "--no-cache", "."]) == 0
    assert capsys.readouterr().err == ""


def test_ordinary_names_are_lessons() -> None:
    for name in ("welcome.toml", "stop-a-tremor.toml", "a~b.toml", "notes#1.toml"):
        assert not is_editor_file(name)


@pytest.mark.parametrize("quote", ['"""', "'''"])
def test_a_multi_line_string_left_open_mid_file_is_reported_where_it_opens(
    course: Path, capsys: pytest.CaptureFixture[str], quote: str
) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    edit(lesson, 'body = """\nStress lives in the body.\n"""\n', f"body = {quote}\nStress lives in the body.\n")
    question = f"question = {quote}\nCan you stop at any moment?\n{quote}"
    edit(lesson, 'question = "Can you stop at any moment?"', question)
    code, problems = check(capsys)
    # Before: "17:1: steps[0]: ... this line is not a key = value", at the text of the quiz's question, which the
    # question's own opening quotes had ended the page's body with.
    assert code == 1
    assert problems == [
        f"lessons/body-basics.toml:10:8: steps[0].body: TOML syntax error: this multi-line string ({quote}) may be "
        f"missing its closing {quote}: it runs on past [[steps]] on line 13 to question = {quote} on line 16, and "
        f"the parser gave up on the text after that (line 17, column 5); end the text with {quote} where it should end"
    ]


@pytest.mark.parametrize(
    "page",
    [
        'body = \'\'\'\nLong text goes between """ and """:\nbody = """\n[[steps]]\n\'\'\'\n',
        'body = """\nClose it with \\"\\"\\" on a line of its own:\n[[steps]]\nkind = "page"\n"""\n',
    ],
)
def test_a_page_about_triple_quotes_before_a_stray_line_gets_the_plain_message(
    course: Path, capsys: pytest.CaptureFixture[str], page: str
) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    edit(lesson, 'body = """\nStress lives in the body.\n"""\n', page + "# a comment\nStray text outside.\n")
    _, problems = check(capsys)
    line = 10 + page.count("\n") + 1
    assert problems == [
        f"lessons/body-basics.toml:{line}:1: steps[0]: TOML syntax error: this line is not a key = value, a [table] "
        'header or a # comment; if it is text, it belongs inside a string (""" ... """ for several lines)'
    ]


@pytest.mark.parametrize(
    ("file", "written", "expected"),
    [
        (
            "lessons/first-practice.toml",
            'checkin = [["tension"]]',
            "lessons/first-practice.toml:18:12: steps[1].checkin[0]: expected a string, found an array: a list inside "
            'the list; write one list of ids: checkin = ["tension"]',
        ),
        (  # one mistake, told once, with every id of the list
            "lessons/first-practice.toml",
            'checkin = [["tension"], ["calm"]]',
            "lessons/first-practice.toml:18:12: steps[1].checkin[0]: expected a string, found an array: a list inside "
            'the list; write one list of ids: checkin = ["tension", "calm"]',
        ),
        (
            "lessons/welcome.toml",
            'sources = ["tms-forum", ["x"]]',
            "lessons/welcome.toml:4:25: sources[1]: expected a string, found an array: a list inside the list; write "
            'one list of ids: sources = ["tms-forum", "x"]',
        ),
    ],
)
def test_a_list_inside_a_list_of_ids_is_offered_one_list(
    course: Path, capsys: pytest.CaptureFixture[str], file: str, written: str, expected: str
) -> None:
    key = written.split(" =")[0]
    old = 'checkin = ["tension", "calm"]' if key == "checkin" else 'sources = ["tms-forum"]'
    edit(course / file, old, written)
    code, problems = check(capsys)
    # Before: `put the text in quotes: checkin = "..."`, which is just as wrong (checkin is a list).
    assert code == 1
    assert problems == [expected]


def test_a_lesson_key_below_the_last_choice_is_told_to_move_up(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + 'builds_on = ["welcome"]\nbuilds_on_reason = "It says hello."\n',
        encoding="utf-8",
    )
    code, problems = check(capsys)
    # Before: "unknown key 'builds_on'; allowed here: correct, feedback, text" (and the same for the reason).
    assert code == 1
    assert problems == [
        "lessons/body-basics.toml:27:1: steps[1].choices[1].builds_on: 'builds_on' is a lesson key, but keys below a "
        "[[steps.choices]] header belong to that choice; move it up, above the first [[steps]] (line 6)",
        "lessons/body-basics.toml:28:1: steps[1].choices[1].builds_on_reason: 'builds_on_reason' is a lesson key, "
        "but keys below a [[steps.choices]] header belong to that choice; move it up, above the first [[steps]] "
        "(line 6)",
    ]


def test_a_lesson_key_set_already_and_again_below_the_last_choice_says_where_it_is_set(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "minutes = 10\n", encoding="utf-8")
    code, problems = check(capsys)
    # Before: "unknown key 'minutes'; allowed here: correct, feedback, text", with no word of the lesson's.
    assert code == 1
    assert problems == [
        "lessons/body-basics.toml:27:1: steps[1].choices[1].minutes: 'minutes' is a lesson key, already set on line "
        "3; keys below a [[steps.choices]] header belong to that choice; remove it (or, if it holds what you mean, "
        "move it up in place of the one on line 3)"
    ]


def test_a_step_key_below_a_choice_is_told_to_move_into_the_step(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "body-basics.toml"
    edit(lesson, 'feedback = "Right."\n', 'feedback = "Right."\nmultiple = true\n')
    edit(lesson, 'text = "No"\n', 'text = "No"\ncorrect = true\n')
    code, problems = check(capsys)
    # Told once: the quiz is not also told it has two correct choices but is single-answer.
    assert code == 1
    assert problems == [
        "lessons/body-basics.toml:23:1: steps[1].choices[0].multiple: 'multiple' is a step key, but keys below a "
        "[[steps.choices]] header belong to that choice; move it up into the step, above its first "
        "[[steps.choices]] (line 19)"
    ]


def test_modules_written_below_the_last_check_in_are_reported_once(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = course / "course" / "course.toml"
    text = index.read_text(encoding="utf-8")
    modules = (
        "modules = [\n"
        '  { id = "basics", title = "Basics", lessons = ["welcome", "body-basics"] },\n'
        '  { id = "practice", title = "Practice", lessons = ["first-practice"] },\n'
        "]\n"
    )
    index.write_text(text[: text.index("[[modules]]")] + modules, encoding="utf-8")
    code, problems = check(capsys)
    # Before, two problems: "1:1: modules: missing required key 'modules'" and "unknown key 'modules'" here.
    assert code == 1
    assert problems == [
        "course/course.toml:46:1: checkins[1].modules: 'modules' is a course key, but keys below a [[checkins]] "
        "header belong to that check-in; move it up, above the first [[sources]] (line 12)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("minutes = 5\n", "minutes = 0.1667\n", "17:1: steps[1].minutes: must be at least 0.25 (found 0.1667)"),
        (
            "minutes_per_run = 15",
            "minutes_per_run = 0.1",
            "24:1: steps[1].limits.minutes_per_run: must be at least 0.25 (found 0.1)",
        ),
    ],
)
def test_a_timer_too_short_is_told_the_shortest_in_seconds(
    course: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str
) -> None:
    edit(course / "lessons" / "first-practice.toml", old, new)
    code, problems = check(capsys)
    # Before: "write a number from 0.25 to 60", with no word of what 0.25 minutes is.
    assert code == 1
    assert problems == [
        f"lessons/first-practice.toml:{where}; write a number from 0.25 (15 seconds) to 60; 0.5 is 30 seconds"
    ]


@pytest.mark.parametrize(
    ("title", "col", "quote", "mark"),
    [
        ('"Welcome”', 17, '"', "”"),
        ('"Welcome“  # the title', 17, '"', "“"),
        ('"Bienvenue»', 19, '"', "»"),
        ("'Welcome’", 17, "'", "’"),
    ],
)
def test_a_string_ending_in_a_typographic_quote_is_told_to_end_with_a_straight_one(
    course: Path, capsys: pytest.CaptureFixture[str], title: str, col: int, quote: str, mark: str
) -> None:
    lesson = course / "lessons" / "welcome.toml"
    edit(lesson, 'title = "Welcome"', f"title = {title}")
    edit(lesson, "What do you hope", "What's your hope, what do you hope")  # an apostrophe after it
    code, problems = check(capsys)
    # Before: only "this string is not closed before the end of its line" (for a 'string', even "the invisible
    # control character U+000A (LF) is not allowed"), with no word of the quote that looks like its end.
    assert code == 1
    assert len(problems) == 1
    assert problems[0].startswith(
        f"lessons/welcome.toml:2:{col}: title: TOML syntax error: this string is not closed before the end of its line"
    )
    assert problems[0].endswith(f": it ends with a typographic quote ({mark}); end it with a straight one ({quote})")


def test_a_literal_string_left_open_before_an_apostrophe_is_not_called_a_control_character(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "welcome.toml"
    edit(lesson, 'title = "Welcome"', "title = 'Welcome")
    edit(lesson, "What do you hope", "What's your hope, what do you hope")
    _, problems = check(capsys)
    assert problems == [
        "lessons/welcome.toml:2:9: title: TOML syntax error: this string is not closed before the end of its line "
        "(the parser gave up at line 2, column 17); add the closing ' on the same line; for text over several lines "
        "use ''' ... '''"
    ]


@pytest.mark.parametrize("title", ['"Say “hi” to it', '"The learners’'])
def test_typographic_quotes_inside_an_unclosed_string_get_the_plain_message(
    course: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    edit(course / "lessons" / "welcome.toml", 'title = "Welcome"', f"title = {title}")
    _, problems = check(capsys)
    assert len(problems) == 1
    assert problems[0].endswith('; add the closing " on the same line; for text over several lines use """ ... """')


def test_an_unclosed_header_is_shown_closed_as_written(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A stranger's `[steps.limits` was told "end the header with ], e.g. [[steps]]", another header than theirs.
    edit(course / "lessons" / "body-basics.toml", '[[steps.choices]]\ntext = "No"', '[[steps.choices\ntext = "No"')
    code, problems = check(capsys)
    assert code == 1
    assert problems[0].endswith(
        "TOML syntax error: this header is not closed with ]]; end the header with ]]: [[steps.choices]]"
    )


def test_an_unclosed_table_header_is_shown_closed_as_written() -> None:
    import tomli

    from unclench.tomlerrors import explain

    text = '[[steps]]\nkind = "exercise"\n[steps.limits\nminutes_per_run = 3\n'
    with pytest.raises(tomli.TOMLDecodeError) as error:
        tomli.loads(text)
    assert explain(text, error.value).suggestion == "end the header with ]: [steps.limits]"


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("checkin = [tension, calm]", 'write ["tension", "calm"] (each item with its quotes)'),
        ("checkin = [tension]", 'write ["tension"] (each item with its quotes)'),
    ],
)
def test_bare_words_in_a_list_are_shown_quoted_as_a_list(
    course: Path, capsys: pytest.CaptureFixture[str], written: str, fix: str
) -> None:
    # A stranger's `checkin = [tension]` was told to write "tension ..." (with the quotes), which is not a list.
    edit(course / "lessons" / "first-practice.toml", 'checkin = ["tension", "calm"]', written)
    code, problems = check(capsys)
    assert code == 1
    assert problems == [
        f"lessons/first-practice.toml:18:12: steps[1].checkin: TOML syntax error: text must be written in quotes; {fix}"
    ]


def test_nan_is_not_a_number(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `minutes = nan` was told "must be at most 60 (found nan)", which it is not above.
    edit(course / "lessons" / "first-practice.toml", "minutes = 5", "minutes = nan")
    code, problems = check(capsys)
    assert code == 1
    assert problems == [
        "lessons/first-practice.toml:17:1: steps[1].minutes: must be a number, not nan ('not a number'); write a "
        "number from 0.25 (15 seconds) to 60; 0.5 is 30 seconds"
    ]
