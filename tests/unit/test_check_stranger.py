"""`unclench check` on what a stranger author got wrong: each message says what is wrong and how to fix it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unclench import cli


@pytest.fixture
def course(new_course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(new_course_dir)
    return new_course_dir


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """The exit status and the problems on stderr: the summary and the warnings (the scaffold's placeholders)
    left out."""
    code = cli.main(["check", "--no-cache", ".", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, [line for line in captured.err.splitlines()[:-1] if ": warning: " not in line]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


SCREENING = """
[[screening]]
id = "pregnancy"
question = "Are you pregnant?"
yes_means = {value}
source = "TRE guidance"
advice = "Talk to your midwife first."
"""
YES_MEANS = "must be one of 'advice', 'professional' or 'not-alone'"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"proffesional"', f"{YES_MEANS} (found 'proffesional'); did you mean 'professional'?"),
        ('"Professional"', f"{YES_MEANS} (found 'Professional'); did you mean 'professional'?"),
        ("1", f'{YES_MEANS} (found 1); write one of them in quotes: yes_means = "advice"'),
        ('["advice"]', f'{YES_MEANS} (found an array); write it without brackets: yes_means = "advice"'),
    ],
)
def test_a_wrong_yes_means_names_the_values_it_takes(
    course: Path, capsys: pytest.CaptureFixture[str], value: str, said: str
) -> None:
    append(course / "course" / "course.toml", SCREENING.format(value=value))
    code, problems = check(capsys)
    assert code == 1
    assert len(problems) == 1
    assert problems[0].endswith(f"screening[0].yes_means: {said}")
    assert "step kind" not in problems[0]


def test_a_wrong_worse_and_a_wrong_kind_keep_their_own_messages(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(course / "course" / "course.toml", 'worse = "high"', 'worse = "hgih"')
    edit(course / "lessons" / "welcome.toml", 'kind = "page"', 'kind = "paeg"')
    _, problems = check(capsys)
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "checkins[0].worse: must be one of 'high' or 'low' (found 'hgih'); did you mean 'high'?",
        "steps[0].kind: unknown step kind 'paeg'; did you mean 'page'? (one of: page, prompt, quiz, exercise)",
    ]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            'kind = "reflection"',
            "unknown step kind 'reflection'; did you mean 'prompt'? (one of: page, prompt, quiz, exercise)",
        ),
        (
            'kind = "Reading"',
            "unknown step kind 'Reading'; did you mean 'page'? (one of: page, prompt, quiz, exercise)",
        ),
        (
            'kind = "practice"',
            "unknown step kind 'practice'; did you mean 'exercise'? (one of: page, prompt, quiz, exercise)",
        ),
        (
            'kind = "question"',
            "unknown step kind 'question'; did you mean 'prompt' (answered in the learner's own words) or 'quiz' "
            "(choices to pick from)? (one of: page, prompt, quiz, exercise)",
        ),
        (
            'type = "page"',
            "missing required key 'kind'; the kind goes under the key kind: write kind = \"page\", not type",
        ),
        ("", "missing required key 'kind'; add kind = one of: page, prompt, quiz, exercise"),
    ],
)
def test_a_kind_in_other_words_is_told_the_kind_it_means(
    course: Path, capsys: pytest.CaptureFixture[str], written: str, said: str
) -> None:
    """An author wrote the kind as they think of it ("reflection"), or under another key (type): no hint was given."""
    edit(course / "lessons" / "welcome.toml", 'kind = "page"', written)
    code, problems = check(capsys)
    assert code == 1
    assert [problem.split(": ", 1)[1] for problem in problems][:1] == [
        f"steps[0]{'' if 'missing' in said else '.kind'}: {said}"
    ]


def test_an_ill_formed_lesson_id_is_never_offered_as_the_one_to_list(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The index was told "did you mean 'My Hands'?", and written so, 'My Hands' was refused there as no id."""
    edit(course / "lessons" / "welcome.toml", 'id = "welcome"', 'id = "My Hands"')
    edit(course / "course" / "course.toml", 'lessons = ["welcome"]', 'lessons = ["my-hands"]')
    code, problems = check(capsys)
    assert code == 1
    assert [problem.split(": ", 2)[2] for problem in problems] == [
        "no lesson has id 'my-hands'; the lesson in lessons/welcome.toml has id 'My Hands', which is not a valid id: "
        'write id = "my-hands" there',
        "'My Hands' is not a valid id; use lower-case letters, digits and dashes, starting with a letter or digit "
        "(e.g. 'my-hands')",
    ]


def test_an_ill_formed_old_id_is_told_to_go(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """previous_ids = ["Welcome Page"] was given the example 'welcome-page'; for a lesson with that id, it was
    refused next as the lesson's own id. No lesson ever had an id like "Welcome Page": it is to be removed."""
    edit(course / "lessons" / "welcome.toml", 'id = "welcome"', 'id = "welcome"\nprevious_ids = ["Welcome Page"]')
    code, problems = check(capsys)
    assert code == 1
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "previous_ids[0]: 'Welcome Page' is not a valid id, so no lesson ever had it and no progress is saved under "
        "it; remove it (an old id goes here exactly as it was: lower-case letters, digits and dashes)"
    ]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "Find it in C:\\Users\\me.",
            'a backslash starts an escape (like \\n) in a """ ... """ string, and this one is not valid; write \\\\ '
            "for a backslash, or write the text between ''' and ''', where \\ is just \\",
        ),
        (
            "A bell \x07 here.",
            "the invisible control character U+0007 (BEL) is not allowed in a string; delete it (an editor may show it "
            "as ^G); for a tab write \\t",
        ),
    ],
)
def test_a_body_over_several_lines_is_told_what_works_in_it(
    course: Path, capsys: pytest.CaptureFixture[str], written: str, said: str
) -> None:
    """In a \"\"\" body an author was sent to a one-line 'literal string' for a backslash, and told to use a
    multi-line string for a line break, in one."""
    edit(course / "lessons" / "welcome.toml", "Write the lesson here, in Markdown.", written)
    code, problems = check(capsys)
    assert code == 1
    assert [problem.split(": ", 2)[2] for problem in problems] == [f"TOML syntax error: {said}"]


def test_an_unquoted_word_is_shown_quoted_alone(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(course / "course" / "course.toml", 'worse = "high"', "worse = high")
    _, problems = check(capsys)
    assert problems[0].endswith('text must be written in quotes; write "high" (with the quotes)')


SPACE_FIX = "replace it with an ordinary space"
INVISIBLE_FIX = "delete it (most editors do not show it: delete and retype the characters around it)"


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            'kind = "prompt"',
            'kind = "prompt"\u00a0# a reflection',
            "lessons/welcome.toml:18:16: steps[1].kind: TOML syntax error: U+00A0 (NO-BREAK SPACE) looks like a "
            f"space, but outside strings TOML takes only ordinary spaces and tabs; {SPACE_FIX}",
        ),
        (
            'id = "reflection"',
            'id = "reflection"\u3000',
            "lessons/welcome.toml:19:18: steps[1].id: TOML syntax error: U+3000 (IDEOGRAPHIC SPACE) looks like a "
            f"space, but outside strings TOML takes only ordinary spaces and tabs; {SPACE_FIX}",
        ),
        (
            "minutes = 5",
            "minutes\u00a0= 5",
            "lessons/welcome.toml:6:8: minutes: TOML syntax error: U+00A0 (NO-BREAK SPACE) looks like a space, but "
            f"outside strings TOML takes only ordinary spaces and tabs; {SPACE_FIX}",
        ),
        (
            "minutes = 5",
            "\u200bminutes = 5",
            "lessons/welcome.toml:6:1: minutes: TOML syntax error: the invisible character U+200B (ZERO WIDTH SPACE) "
            f"is not allowed outside strings and comments; {INVISIBLE_FIX}",
        ),
        (
            "minutes = 5",
            "\ufeffminutes = 5",
            "lessons/welcome.toml:6:1: minutes: TOML syntax error: the invisible character U+FEFF (BYTE ORDER MARK) "
            f"is not allowed outside strings and comments; {INVISIBLE_FIX}",
        ),
        (
            "minutes = 5",
            "minutes = \uff13",
            "lessons/welcome.toml:6:11: minutes: TOML syntax error: '\uff13' U+FF13 (FULLWIDTH DIGIT THREE) looks "
            "like '3', but outside strings TOML reads only ASCII characters; replace it with 3 (an ASCII digit)",
        ),
        (
            "minutes = 5",
            "\u00a0\u00a0minutes = 5",
            "lessons/welcome.toml:6:1: minutes: TOML syntax error: U+00A0 (NO-BREAK SPACE) looks like a space, but "
            "outside strings TOML takes only ordinary spaces and tabs (and 1 more like it on this line); "
            f"{SPACE_FIX}, and the others like it",
        ),
        (
            "minutes = 5",
            "minutes = \u20135",
            "lessons/welcome.toml:6:11: minutes: TOML syntax error: '\u2013' U+2013 (EN DASH) looks like '-', but "
            "outside strings TOML reads only ASCII characters; replace it with -",
        ),
        (
            "minutes = 5",
            "t\u00eftle = 5",
            "lessons/welcome.toml:6:2: title: TOML syntax error: '\u00ef' U+00EF (LATIN SMALL LETTER I WITH "
            "DIAERESIS) is not ASCII, and outside strings TOML reads only ASCII characters; replace it with i",
        ),
    ],
)
def test_a_look_alike_character_in_toml_is_named_at_its_column(
    course: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, said: str
) -> None:
    edit(course / "lessons" / "welcome.toml", old, new)
    code, problems = check(capsys)
    assert code == 1
    assert problems[:1] == [said]


def test_a_second_byte_order_mark_is_named(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = course / "lessons" / "welcome.toml"
    lesson.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + lesson.read_bytes())
    _, problems = check(capsys)
    assert problems[:1] == [
        "lessons/welcome.toml:1:1: TOML syntax error: the file starts with a second byte order mark, U+FEFF (BYTE "
        "ORDER MARK); one at most is allowed; delete it: save the file as UTF-8 (without a byte order mark, or with "
        "one only)"
    ]


def test_a_letter_no_key_may_hold_is_named(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(course / "lessons" / "welcome.toml", "minutes = 5", "min\u5206 = 5")
    _, problems = check(capsys)
    assert problems[0].startswith("lessons/welcome.toml:6:4: min: TOML syntax error: '\u5206' U+5206 cannot be in")
    assert "spaces" not in problems[0]


EXERCISE = """
[[steps]]
kind = "exercise"
id = "shake"
minutes = 3
body = "Let the legs shake."
"""


@pytest.mark.parametrize(
    ("table", "said"),
    [
        (
            '[[safety]]\nid = "knees"\ntitle = "Knees"\ntext = "Mind your knees."\n',
            "safety: [[safety]] in a lesson file: safety notes are declared in course/course.toml, and a step names "
            "the ones it shows by id; move this table to course/course.toml (as [[safety]]), and list its id in the "
            'exercise that shows it: safety = ["knees"]',
        ),
        (
            SCREENING.format(value='"advice"'),
            "screening: [[screening]] in a lesson file: screening questions are declared in course/course.toml, and "
            "a step names the ones it asks by id; move this table to course/course.toml (as [[screening]]), and list "
            'its id in the exercise that asks it: screening = ["pregnancy"]',
        ),
    ],
)
def test_a_course_table_in_a_lesson_says_where_it_is_declared(
    course: Path, capsys: pytest.CaptureFixture[str], table: str, said: str
) -> None:
    append(course / "lessons" / "welcome.toml", EXERCISE + "\n" + table)
    code, problems = check(capsys)
    assert code == 1
    assert [problem.split(": ", 1)[1] for problem in problems] == [said]
    assert "steps." not in said  # not "write [[steps.safety]]", which fails in turn


def test_sources_tables_in_a_lesson_say_where_they_are_declared(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "welcome.toml"
    sources = '\n[[sources]]\nid = "tre"\ntitle = "TRE"\nauthor = "A therapist"\n'
    append(lesson, sources)
    _, problems = check(capsys)
    assert problems == [  # below `sources = []`, the scaffold's: a syntax error, said in the same words
        "lessons/welcome.toml:46:1: sources: TOML syntax error: [[sources]] cannot follow sources = [...] (line 7): "
        "in a lesson, sources lists the ids of the course's sources, which are declared in course/course.toml; "
        "move this [[sources]] table to course/course.toml, and write its id in sources = [...] on line 7"
    ]
    edit(lesson, "sources = []\n", "")
    _, problems = check(capsys)
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "sources[0]: [[sources]] in a lesson file: sources are declared in course/course.toml, and a lesson names "
        "the ones it draws on by id; move this table to course/course.toml (as [[sources]]), and list its id in "
        'the lesson, above its first [[steps]]: sources = ["tre"]'
    ]


def test_a_course_index_copied_into_lessons_is_one_problem(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course / "lessons" / "x.toml").write_bytes((course / "course" / "course.toml").read_bytes())
    code, problems = check(capsys)
    assert code == 1
    assert problems == [
        "lessons/x.toml:3:1: this looks like a course index (it has format_version, disclaimer, safety, checkins "
        "and modules); it belongs in course/course.toml; if it is the course's index, move it to course/course.toml "
        "(a course has one); else delete this file (`unclench new lesson ID` writes a lesson to start from)"
    ]


TREMOR = """
[[steps]]
kind = "exercise"
id = "shake"
tremor = true
minutes = {minutes}
safety = ["stop-anytime"]
body = "Let the legs shake."

[steps.limits]
minutes_per_run = 5
hours_between = 24
runs_per_week = 3
"""


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_minutes_beyond_minutes_per_run_are_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str], cache: list[str]
) -> None:
    lesson = course / "lessons" / "welcome.toml"
    append(lesson, TREMOR.format(minutes=10))
    assert cli.main(["check", ".", *cache]) == 0  # the app runs it 5 minutes: a warning, not an error
    err = capsys.readouterr().err.splitlines()
    assert (
        "lessons/welcome.toml:50:1: warning: steps[3].minutes: the timer is set to 10 minutes, but [steps.limits] "
        "minutes_per_run lets a run last 5 minutes at most: the exercise runs 5 minutes; write minutes = 5 or less, "
        "or raise minutes_per_run to 10"
    ) in err
    edit(lesson, "minutes = 10", "minutes = 5")
    assert cli.main(["check", ".", *cache]) == 0
    assert "minutes_per_run" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("hours", "runs", "said"),
    [
        (
            "200",
            "50",
            "with hours_between = 200, at most 1 run can start in any seven days, so runs_per_week = 50 never holds a "
            "learner back; write runs_per_week = 1 (or less), or lower hours_between to 3.428 or less to allow 50 "
            "runs a week",
        ),
        # Rounded down (168 / 99 = 1.69697...): a stranger's 1.69697, under the 1.697 once said, still warned.
        (
            "2",
            "100",
            "with hours_between = 2, at most 84 runs can start in any seven days, so runs_per_week = 100 never "
            "holds a learner back; write runs_per_week = 84 (or less), or lower hours_between to 1.696 or less to "
            "allow 100 runs a week",
        ),
        ("1.696", "100", None),
        ("24", "8", "with hours_between = 24, at most 7 runs can start in any seven days"),
        ("24", "7", None),
        ("25", "7", None),
        ("0", "100", None),
    ],
)
def test_runs_per_week_that_hours_between_never_lets_happen_are_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str], hours: str, runs: str, said: str | None
) -> None:
    # A stranger's hours_between = 200 with runs_per_week = 50 passed: the second limit is never reached.
    lesson = course / "lessons" / "welcome.toml"
    append(lesson, TREMOR.format(minutes=5).replace("= 24", f"= {hours}").replace("= 3", f"= {runs}"))
    assert cli.main(["check", ".", "--no-cache"]) == 0
    found = [line for line in capsys.readouterr().err.splitlines() if "runs_per_week" in line]
    if said is None:
        assert found == []
    else:
        assert len(found) == 1
        assert found[0].startswith("lessons/welcome.toml:57:1: warning: steps[3].limits.runs_per_week: " + said)


def test_toml_files_that_are_not_read_are_warned_of(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    welcome = (course / "lessons" / "welcome.toml").read_text(encoding="utf-8")
    (course / "lessons" / "extra").mkdir()
    (course / "lessons" / "extra" / "deep.toml").write_text(welcome.replace('"welcome"', '"deep"'), encoding="utf-8")
    (course / "lessons" / "other.TOML").write_text(welcome.replace('"welcome"', '"other"'), encoding="utf-8")
    (course / "course" / "misplaced.toml").write_text('title = "x"\n', encoding="utf-8")
    (course / "course" / ".course.toml.swp.toml").write_text("", encoding="utf-8")  # an editor's: left alone
    assert cli.main(["check", "."]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "not read" in line] == [
        "lessons/extra/deep.toml:1:1: warning: this file is not read: lessons are read only from lessons/ itself, "
        "not from folders in it; move it to lessons/deep.toml (and list its id in a module), or delete it",
        "lessons/other.TOML:1:1: warning: this file is not read: lesson files are read only when their name ends in "
        ".toml, in lower case; rename it to other.toml",
        "course/misplaced.toml:1:1: warning: this file is not read: in course/ only course.toml is; if it is a "
        "lesson, move it to lessons/ (and list its id in a module); if it belongs to the index, move what it holds "
        "into course/course.toml; else delete it",
    ]


def test_a_listed_id_whose_file_ends_in_capitals_is_not_told_a_near_id(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    welcome = (course / "lessons" / "welcome.toml").read_text(encoding="utf-8")
    (course / "lessons" / "welcome2.TOML").write_text(welcome.replace('"welcome"', '"welcome2"'), encoding="utf-8")
    edit(course / "course" / "course.toml", 'lessons = ["welcome"]', 'lessons = ["welcome", "welcome2"]')
    code, problems = check(capsys)
    assert code == 1
    assert problems == [
        "course/course.toml:41:23: modules[0].lessons[1]: no lesson has id 'welcome2'; lessons/welcome2.TOML is "
        "there but is not read as a lesson: rename it to welcome2.toml (lesson files are read only when their name "
        "ends in .toml, in lower case); or remove 'welcome2' from this list"
    ]


def test_no_lesson_files_names_one_ending_in_capitals(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course / "lessons" / "welcome.toml").rename(course / "lessons" / "welcome.TOML")
    edit(course / "course" / "course.toml", 'lessons = ["welcome"]', 'lessons = ["intro"]')
    _, problems = check(capsys)
    assert problems[0].endswith(
        "holds no lesson files (*.toml); lessons/welcome.TOML is there but not read: rename it to welcome.toml "
        "(only names ending in .toml, in lower case, are read)"
    )


def _first_shake(course: Path) -> Path:
    """The sample lesson as 'first-shake', in lessons/first-shake.toml."""
    edit(course / "course" / "course.toml", 'lessons = ["welcome"]', 'lessons = ["first-shake"]')
    lesson = course / "lessons" / "first-shake.toml"
    (course / "lessons" / "welcome.toml").rename(lesson)
    edit(lesson, 'id = "welcome"', 'id = "first-shake"')
    return lesson


@pytest.mark.parametrize("file_too", [True, False])
def test_a_renamed_lesson_is_told_as_one_rename(
    course: Path, capsys: pytest.CaptureFixture[str], file_too: bool
) -> None:
    lesson = _first_shake(course)
    if file_too:
        lesson = lesson.rename(course / "lessons" / "shake-two.toml")
    else:  # only the id changed: the file has another name than the old id
        lesson = lesson.rename(course / "lessons" / "practice.toml")
    edit(lesson, 'id = "first-shake"', 'id = "shake-two"')
    code, problems = check(capsys)
    assert code == 1
    file = f"lessons/{lesson.name}"
    assert problems == [
        "course/course.toml:41:12: modules[0].lessons[0]: no lesson has id 'first-shake', and lesson 'shake-two' "
        f"({file}) is in no module: probably the same lesson, renamed; if 'shake-two' is 'first-shake' renamed, "
        f"list 'shake-two' here in place of 'first-shake', and add previous_ids = [\"first-shake\"] to {file}, so "
        "learners keep the progress saved under the old id; if it is a new lesson, list it in a module and remove "
        "'first-shake' here, without previous_ids"
    ]
    assert "first-shake.toml" not in problems[0]  # a file that is not there is not named
    edit(lesson, "minutes = 5", 'minutes = 5\nprevious_ids = ["first-shake"]')
    _, problems = check(capsys)
    assert problems[0].endswith("list 'shake-two' here in place of 'first-shake'")


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_warnings_are_given_beside_errors_in_another_file(
    course: Path, capsys: pytest.CaptureFixture[str], cache: list[str]
) -> None:
    (course / "course" / "misplaced.toml").write_text('title = "x"\n', encoding="utf-8")
    second = (course / "lessons" / "welcome.toml").read_text(encoding="utf-8").replace('"welcome"', '"second"')
    (course / "lessons" / "second.toml").write_text(second.replace("minutes = 5", "minutes = 0"), encoding="utf-8")
    edit(course / "course" / "course.toml", 'lessons = ["welcome"]', 'lessons = ["welcome", "second"]')
    assert cli.main(["check", ".", *cache]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "1 problem in 1 file, and 4 warnings"
    assert [line.split(": ", 2)[:2] for line in err[:-1]] == [
        ["course/course.toml:6:1", "warning"],  # the summary is still the placeholder
        ["course/misplaced.toml:1:1", "warning"],  # not read
        ["lessons/second.toml:6:1", "minutes"],  # the error
        ["lessons/welcome.toml:5:1", "warning"],  # another file's placeholders: its summary and body
        ["lessons/welcome.toml:13:1", "warning"],
    ]
    assert cli.main(["check", ".", "--format", "json", *cache]) == 1
    document = json.loads(capsys.readouterr().out)
    severities = [problem["severity"] for problem in document["problems"]]
    assert severities.count("error") == 1
    assert severities.count("warning") == 4
    assert document["ok"] is False


def test_an_id_that_names_nothing_says_which_there_are_or_how_to_declare_one(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = course / "lessons" / "welcome.toml"
    edit(lesson, "sources = []", 'sources = ["zz"]\nbuilds_on = ["nope"]')
    append(lesson, EXERCISE + 'safety = ["x"]\ncheckin = ["qqq"]\nscreening = ["preg"]\n')
    second = lesson.read_text(encoding="utf-8").replace('"welcome"', '"second"').replace('"nope"', '"welcome"')
    (course / "lessons" / "second.toml").write_text(second, encoding="utf-8")
    edit(course / "course" / "course.toml", 'lessons = ["welcome"]', 'lessons = ["welcome", "second"]')
    _, problems = check(capsys)
    said = {problem.split(": ", 1)[1] for problem in problems if problem.startswith("lessons/welcome.toml")}
    assert said == {
        "sources[0]: no [[sources]] entry has id 'zz'; declare it in course/course.toml: [[sources]] with id, title "
        'and author (id = "zz")',
        "builds_on[0]: no lesson has id 'nope'; builds_on names other lessons by their id: 'second'",
        "steps[3].safety[0]: no [[safety]] note has id 'x'; the course's only [[safety]] id is 'stop-anytime'; or "
        'declare it in course/course.toml: [[safety]] with id, title and text (id = "x")',
        "steps[3].checkin[0]: no [[checkins]] measure has id 'qqq'; the course's only [[checkins]] id is 'tension'; "
        'or declare it in course/course.toml: [[checkins]] with id, label and question (id = "qqq")',
        "steps[3].screening[0]: no [[screening]] question has id 'preg'; declare it in course/course.toml: "
        '[[screening]] with id, question, yes_means, advice and source (id = "preg")',
    }


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [("utf-16", ""), ("utf-16-be", "\ufeff"), ("utf-16-le", "\ufeff"), ("utf-16-be", ""), ("utf-16-le", "")],
)
def test_a_utf16_file_is_told_to_be_saved_as_utf8(
    course: Path, capsys: pytest.CaptureFixture[str], encoding: str, mark: str
) -> None:
    """With or without a byte order mark (without, an author was told "NUL not allowed in a comment" for one byte
    order and "not a key = value" for the other)."""
    lesson = course / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_bytes(mark.encode(encoding) + text.encode(encoding))
    _, problems = check(capsys)
    assert problems == [
        "lessons/welcome.toml:1:1: this file is saved as UTF-16 text; course files are UTF-8; save it as UTF-8 (in "
        "your editor's encoding menu, or 'Save As' with UTF-8)"
    ]


@pytest.mark.parametrize(
    ("written", "then"),
    [
        ('lessons = [\n  "welcome",\n]', 'lessons = [\n  "welcome",\n  "second",\n]'),
        ('lessons = [\n  "welcome"\n]', 'lessons = [\n  "welcome",\n  "second"\n]'),
        ('lessons = [\n    "welcome"]', 'lessons = [\n    "welcome",\n    "second"]'),
        ('lessons = [\n  "welcome",  # the first\n]', 'lessons = [\n  "welcome",  # the first\n  "second",\n]'),
        ('lessons = ["welcome"]', 'lessons = ["welcome", "second"]'),
    ],
)
def test_new_lesson_puts_its_id_on_a_line_of_its_own_in_a_list_of_lines(
    course: Path, capsys: pytest.CaptureFixture[str], written: str, then: str
) -> None:
    index = course / "course" / "course.toml"
    edit(index, 'lessons = ["welcome"]', written)
    assert cli.main(["new", "lesson", "second"]) == 0
    assert then in index.read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", "."]) == 0


@pytest.mark.parametrize(("count", "fix"), [(1, "fix it (see `unclench check`)"), (2, "fix them (see")])
def test_one_problem_is_fixed_as_it(course: Path, capsys: pytest.CaptureFixture[str], count: int, fix: str) -> None:
    edit(course / "lessons" / "welcome.toml", "minutes = 5", "minutes = 0")
    if count == 2:
        edit(course / "lessons" / "welcome.toml", 'kind = "page"', 'kind = "paeg"')
    assert cli.main(["--course", str(course)]) == 1  # the app, which does not open a course with problems
    assert fix in capsys.readouterr().err


@pytest.mark.parametrize("file_too", [True, False])
def test_builds_on_a_renamed_lesson_names_its_new_id(
    course: Path, capsys: pytest.CaptureFixture[str], file_too: bool
) -> None:
    lesson = _first_shake(course)
    second = lesson.read_text(encoding="utf-8").replace('"first-shake"', '"second"')
    second = second.replace("sources = []", 'sources = []\nbuilds_on = ["first-shake"]')
    (course / "lessons" / "second.toml").write_text(second, encoding="utf-8")
    edit(course / "course" / "course.toml", 'lessons = ["first-shake"]', 'lessons = ["first-shake", "second"]')
    edit(lesson, 'id = "first-shake"', 'id = "shake-two"')
    if file_too:
        lesson.rename(course / "lessons" / "shake-two.toml")
    _, problems = check(capsys)
    assert problems[1:] == [
        "lessons/second.toml:8:14: builds_on[0]: no lesson has id 'first-shake': lesson 'shake-two' is probably "
        "it, renamed; write 'shake-two'"
    ]


def test_a_file_not_read_that_an_error_names_is_not_also_warned_of(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "lessons" / "extra").mkdir()
    (course / "lessons" / "welcome.toml").rename(course / "lessons" / "extra" / "welcome.toml")
    assert cli.main(["check", "."]) == 1
    err = capsys.readouterr().err
    assert err.count("lessons/extra/welcome.toml") == 1  # in the error at the module that lists it
    assert "warning: this file is not read" not in err


def test_thousands_of_one_mistake_show_each_files_first_hundred_and_how_many_more(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An attacker's (or a generator's) file of 600 unnamed sources: the author reads the first hundred, then a
    count of the rest, not a wall of 1,200 lines; JSON still lists every one. Counts are written alike (a tester
    saw "1199 problems" beside "1,099 more"), and the 600th use of an id is not "used twice"."""
    from unclench.cli.check import SHOWN_PER_FILE

    append(course / "course" / "course.toml", "".join('\n[[sources]]\nid = "s"\ntitle = "x"\n' for _ in range(600)))
    code, lines = check(capsys)
    assert code == 1
    from_index = [line for line in lines if line.startswith("course/course.toml")]
    assert len(from_index) == SHOWN_PER_FILE + 1
    assert from_index[:2] == [
        "course/course.toml:43:1: sources[0].author: missing required key 'author'; add it, e.g. author = \"...\"",
        "course/course.toml:47:1: sources[1].author: missing required key 'author'; add it, e.g. author = \"...\"",
    ]
    assert from_index[-1] == (
        "course/course.toml: 1,099 more problems and warnings not shown; fix those above and check again "
        "(`unclench check --format json` lists every one)"
    )
    assert cli.main(["check", "--no-cache", "."]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith("1,199 problems in 1 file")
    assert cli.main(["check", "--no-cache", ".", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    from_file = [problem for problem in document["problems"] if problem["file"] == "course/course.toml"]
    assert len(from_file) == 1199
    used = [problem["message"] for problem in from_file if "used" in problem["message"]]
    assert used[0].startswith("source id 's' is used twice (first on line 44)")
    assert used[-1].startswith("source id 's' is used 600 times so far (first on line 44)")


def test_a_file_with_a_few_problems_shows_every_one(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(course / "course" / "course.toml", "".join('\n[[sources]]\nid = "s"\ntitle = "x"\n' for _ in range(3)))
    code, lines = check(capsys)
    assert code == 1
    assert len(lines) == 5  # three missing authors, two ids used twice
    assert not any("not shown" in line for line in lines)
