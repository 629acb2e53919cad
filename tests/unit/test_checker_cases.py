"""`unclench check` on one broken file per case: the exact file, line, column, key and message.

Single-lesson cases live in ``data/lessons/<case>.toml`` and are checked alone
(course-wide rules skipped). Cross-file cases copy the small valid course in
``data/base_course`` into ``tmp_path`` and put one file from
``data/course_cases`` (a lesson) or ``data/course_index_cases`` (a
``course.toml``) into it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from unclench import cli, loader
from unclench.problems import CourseLoadError, NotACourseError, Problem

DATA = Path(__file__).parent / "data"
LESSONS = DATA / "lessons"
BASE_COURSE = DATA / "base_course"


@dataclass(frozen=True)
class Expect:
    """One problem `check` must report."""

    file: str
    line: int
    col: int
    key: str
    fragment: str

    def prefix(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.file}:{self.line}:{self.col}:{key} "


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_reported(err: str, expected: list[Expect], files: int) -> None:
    """``err`` holds exactly the ``expected`` problems, in order, then the summary line."""
    lines = err.splitlines()
    assert lines, "nothing was reported"
    count = len(expected)
    plural = "problem" if count == 1 else "problems"
    file_word = "file" if files == 1 else "files"
    assert lines[-1] == f"{count} {plural} in {files} {file_word}"
    reported = lines[:-1]
    assert len(reported) == count, "\n".join(reported)
    for line, want in zip(reported, expected, strict=True):
        assert line.startswith(want.prefix()), f"{line!r} does not start with {want.prefix()!r}"
        assert want.fragment in line, f"{want.fragment!r} not in {line!r}"
    assert "Traceback" not in err


def assert_problems(problems: list[Problem], base: Path, expected: list[Expect]) -> None:
    """The loader's own Problem objects match ``expected`` field by field."""
    got = [(p.path.relative_to(base).as_posix(), p.line, p.col, p.key) for p in problems]
    assert got == [(e.file, e.line, e.col, e.key) for e in expected]
    for problem, want in zip(problems, expected, strict=True):
        assert want.fragment in problem.text()


def make_course(tmp_path: Path) -> Path:
    root = tmp_path / "course-copy"
    shutil.copytree(BASE_COURSE, root)
    return root


# -- single lesson files ----------------------------------------------------------

LESSON_CASES: dict[str, list[Expect]] = {
    "bad_syntax": [
        # The string is unterminated: reported where it opens, under its key; the parser stopped at 8:31.
        Expect(
            "bad_syntax.toml",
            8,
            8,
            "steps[0].body",
            "TOML syntax error: this string is not closed before the end of its line (the parser gave up at line 8, "
            'column 31); add the closing " on the same line',
        ),
    ],
    "unknown_key": [
        Expect("unknown_key.toml", 4, 1, "summery", "unknown key 'summery'; did you mean 'summary'?"),
    ],
    "unknown_key_deep": [
        # `corect` means `correct`: "no choice is marked correct" would only repeat the same mistake.
        Expect(
            "unknown_key_deep.toml",
            17,
            1,
            "steps[1].choices[0].corect",
            "unknown key 'corect'; did you mean 'correct'?",
        ),
    ],
    "wrong_type": [
        Expect("wrong_type.toml", 3, 1, "minutes", "expected a whole number, found a string"),
    ],
    "missing_key": [
        # Reported at the `[[steps]]` header of the step that lacks it.
        Expect("missing_key.toml", 10, 1, "steps[1].question", "missing required key 'question'"),
    ],
    "unknown_kind": [
        Expect(
            "unknown_kind.toml",
            11,
            1,
            "steps[1].kind",
            "unknown step kind 'exercize'; did you mean 'exercise'? (one of: page, prompt, quiz, exercise)",
        ),
    ],
    "bad_id": [
        Expect("bad_id.toml", 1, 1, "id", "'Bad_Id' is not a valid id; use lower-case letters, digits and dashes"),
    ],
    "duplicate_step_id": [
        Expect("duplicate_step_id.toml", 12, 1, "steps[1].id", "step id 'same' is used twice"),
    ],
    "quiz_one_choice": [
        Expect("quiz_one_choice.toml", 10, 1, "steps[0].choices", "a quiz needs at least two choices"),
    ],
    "quiz_no_correct": [
        Expect("quiz_no_correct.toml", 10, 1, "steps[0].choices", "no choice is marked correct = true"),
    ],
    "quiz_correct_not_bool": [
        # `correct = "yes"`: the type is the mistake, not also "no choice is marked correct".
        Expect(
            "quiz_correct_not_bool.toml",
            12,
            1,
            "steps[0].choices[0].correct",
            "expected true or false, found a string; write correct = true or correct = false (no quotes)",
        ),
    ],
    "empty_file": [
        # Blank but for a comment: one problem, not a "missing required key" for each.
        Expect(
            "empty_file.toml",
            1,
            1,
            "",
            "this file holds only comments: a lesson needs id, title, minutes and at least one [[steps]]; "
            "write them under your comments; `unclench new lesson ID --course DIR` writes an example in a new file",
        ),
    ],
    "quiz_two_correct": [
        Expect(
            "quiz_two_correct.toml",
            10,
            1,
            "steps[0].choices",
            # Named: an author stranger could not tell which two.
            "2 choices are correct but the quiz is single-answer: choice 1 ('A'), choice 2 ('B'); set multiple = true",
        ),
    ],
    "tremor_no_safety": [
        Expect("tremor_no_safety.toml", 8, 1, "steps[0].tremor", "a tremor exercise needs safety notes"),
    ],
    "tremor_grounding": [
        Expect(
            "tremor_grounding.toml",
            11,
            1,
            "steps[0].grounding",
            "a tremor exercise is not a grounding exercise: its high ratings before must hold it back",
        ),
    ],
    "tremor_too_long": [
        Expect("tremor_too_long.toml", 10, 1, "steps[0].minutes", "a tremor exercise lasts at most 15 minutes"),
    ],
    # Markdown the app would take long to draw (a table of 5,000 columns took it 110 s, deaf to the stop key).
    "markdown_too_many_blocks": [
        Expect(
            "markdown_too_many_blocks.toml",
            61,
            1,
            "steps[0].body",
            "this text holds 102 Markdown blocks (paragraphs, headings, list items, table cells...); a text may hold "
            "at most 100 (the app draws each one): block 101 starts here; split it into several steps",
        ),
    ],
    "markdown_wide_table": [
        Expect(
            "markdown_wide_table.toml",
            12,
            1,
            "steps[0].body",
            "this table has 11 columns; a table may have at most 10; use fewer columns",
        ),
    ],
    "markdown_long_table": [
        Expect(
            "markdown_long_table.toml",
            12,
            1,
            "steps[0].body",
            "this table holds 5454 characters; a table may hold at most 5000; keep a table to short cells",
        ),
    ],
    "markdown_long_code_line": [
        Expect(
            "markdown_long_code_line.toml",
            14,
            1,
            "steps[0].body",
            "a line in this code block is 1009 characters long; a code line may be at most 1000 (code is not "
            "wrapped); break the line into shorter ones",
        ),
    ],
    # markdown-it stops reading at its 20th level and drops the rest: this list took its page's end with it.
    "markdown_nested_too_deep": [
        Expect(
            "markdown_nested_too_deep.toml",
            18,
            1,
            "steps[0].body",
            "lists or quotes are nested 7 deep here; at most 6 may be inside one another (the app does not show "
            "deeper ones, nor anything after them); use fewer levels: a flatter list reads better in a terminal",
        ),
    ],
    # Texts a learner must read that Markdown draws as nothing (a stranger's safety note was a link definition).
    "markdown_draws_nothing": [
        Expect(
            "markdown_draws_nothing.toml",
            10,
            1,
            "steps[0].body",
            "this text draws as nothing: read as Markdown, it holds only a link with no words; write the text "
            "itself, in words the learner reads (a link shows its words: [the words](https://example.org))",
        ),
        Expect(
            "markdown_draws_nothing.toml",
            15,
            1,
            "steps[1].body",
            "it holds only a link reference definition ([name]: address), which Markdown never shows; write the text",
        ),
        Expect(
            "markdown_draws_nothing.toml",
            37,
            1,
            "steps[3].body",
            "it holds only a rule (a line such as --- or ***); write the text itself",
        ),
        Expect(
            "markdown_draws_nothing.toml",
            44,
            1,
            "steps[4].body",
            "it holds only character references for spaces or invisible characters (such as &nbsp;); write the text",
        ),
        Expect(
            "markdown_draws_nothing.toml",
            49,
            1,
            "steps[5].body",
            "it holds only an image with no description; write the text itself",
        ),
        # The quiz's question and feedback and the last prompt's question are shown as written: not blank.
    ],
    "inline_choices": [
        Expect(
            "inline_choices.toml",
            11,
            17,
            "steps[0].choices[1].corect",
            "unknown key 'corect'; did you mean 'correct'?",
        ),
        Expect("inline_choices.toml", 12, 17, "steps[0].choices[2].correct", "expected true or false, found a string"),
    ],
    "fake_table_in_string": [
        # `[fake.table]`, `[[steps]]` and `[[steps.choices]]` inside strings are text, not tables.
        Expect("fake_table_in_string.toml", 22, 1, "steps[1].colour", "unknown key 'colour'"),
    ],
    "escaped_quotes_in_string": [
        # `\"""` does not end a multi-line basic string.
        Expect("escaped_quotes_in_string.toml", 14, 1, "steps[0].colour", "unknown key 'colour'"),
    ],
    "sub_table_header": [
        # `[extra.thing]` points at its header line, not at the top of the file.
        Expect("sub_table_header.toml", 10, 1, "extra", "unknown key 'extra'"),
    ],
    "quoted_keys": [
        Expect("quoted_keys.toml", 3, 1, "'my key'", "unknown key 'my key'"),
        Expect("quoted_keys.toml", 9, 1, "steps[0].title", "expected a string, found a whole number"),
    ],
    "dotted_keys": [
        Expect("dotted_keys.toml", 5, 1, "extra", "unknown key 'extra'"),
        Expect("dotted_keys.toml", 9, 1, "steps[0].meta", "unknown key 'meta'"),
    ],
    "step_choices_header": [
        # `[[step.choices]]` meant `[[steps.choices]]`: one problem, at the header, not also "missing required key
        # 'choices'" for the quiz above (a stranger was told both).
        Expect(
            "step_choices_header.toml",
            15,
            1,
            "step",
            "[[step.choices]] belongs to no step: the lesson has no table 'step'; write [[steps.choices]] "
            "(steps, with an s) to add to the step above",
        ),
    ],
    "step_choices_header_partly": [
        # The quiz above keeps only the choice written right: not told it has too few, or none correct; the quiz
        # after it is checked as ever.
        Expect("step_choices_header_partly.toml", 10, 1, "step", "write [[steps.choices]] (steps, with an s)"),
        Expect("step_choices_header_partly.toml", 24, 1, "steps[1].choices", "no choice is marked correct = true"),
    ],
    "several_problems": [
        Expect("several_problems.toml", 1, 1, "title", "missing required key 'title'"),
        Expect("several_problems.toml", 2, 1, "minutes", "expected a whole number, found true or false"),
        Expect("several_problems.toml", 4, 1, "steps[0].id", "'First' is not a valid id"),
        Expect("several_problems.toml", 9, 1, "steps[1].kind", "unknown step kind 'promt'; did you mean 'prompt'?"),
        Expect("several_problems.toml", 17, 1, "steps[2].choices", "a quiz needs at least two choices"),
        Expect("several_problems.toml", 17, 12, "steps[2].choices[0].feedback", "missing required key 'feedback'"),
        Expect("several_problems.toml", 20, 1, "steps[3].id", "step id 'first' is used twice"),
        Expect("several_problems.toml", 21, 1, "steps[3].tremor", "a tremor exercise needs safety notes"),
        # Once, with the tremor limit: not also "must be at most 60 (found 90)", the limit of any exercise.
        Expect("several_problems.toml", 22, 1, "steps[3].minutes", "a tremor exercise lasts at most 15 minutes"),
    ],
}


def test_every_lesson_data_file_is_a_case() -> None:
    assert sorted(p.stem for p in LESSONS.glob("*.toml")) == sorted(LESSON_CASES)


@pytest.mark.parametrize("case", sorted(LESSON_CASES))
def test_lesson_case_through_cli(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(LESSONS)
    code, out, err = run_check(capsys, f"{case}.toml")
    assert code == 1
    assert out == "", "problems go to stderr"
    assert_reported(err, LESSON_CASES[case], files=1)


@pytest.mark.parametrize("case", sorted(LESSON_CASES))
def test_lesson_case_through_loader(case: str) -> None:
    result = loader.check_lesson_file(LESSONS / f"{case}.toml")
    assert not result.ok
    assert result.files == [LESSONS / f"{case}.toml"]
    assert_problems(result.problems, LESSONS, LESSON_CASES[case])


def test_lesson_file_alone_skips_course_rules(capsys: pytest.CaptureFixture[str]) -> None:
    # Unknown safety / source ids are only known with the course: alone, the lesson is fine.
    path = DATA / "course_cases" / "unknown_safety_id.toml"
    code, out, err = run_check(capsys, str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"lesson OK: {path}"
    # ... and says so, with how to check them.
    assert lines[1].startswith("  only this file was checked: the course-wide rules (")
    assert "were not; to check them, " in lines[1]


def test_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "latin1.toml").write_bytes(b'id = "latin"\ntitle = "Caf\xe9"\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = run_check(capsys, "latin1.toml")
    assert code == 1
    assert out == ""
    assert_reported(err, [Expect("latin1.toml", 2, 13, "", "not UTF-8 text (byte 0xe9); save the file as UTF-8")], 1)


@pytest.mark.parametrize(
    ("raw", "line", "col"),
    [
        # Columns count characters, like every other problem: `é` is two bytes but one column.
        (b'title = "\xc3\xa9\xff"\n', 1, 11),
        (b'id = "x"\ntitle = "\xe6\x97\xa5\xe6\x9c\xac\x80"\n', 2, 12),
        # A byte-order mark is not a column.
        (b'\xef\xbb\xbftitle = "\xfe"\n', 1, 10),
        (b"\xff", 1, 1),
    ],
)
def test_not_utf8_column_counts_characters(tmp_path: Path, raw: bytes, line: int, col: int) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(raw)
    problems = loader.check_lesson_file(path).problems
    assert [(p.line, p.col) for p in problems] == [(line, col)]
    assert problems[0].message.startswith("not UTF-8 text")


def test_bom_is_accepted_and_does_not_shift_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (LESSONS / "unknown_key.toml").read_text(encoding="utf-8")
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "bom_first.toml").write_bytes(b"\xef\xbb\xbf" + b"nope = 1\n" + text.encode())
    monkeypatch.chdir(tmp_path)
    code, _, err = run_check(capsys, "bom.toml", "bom_first.toml")
    assert code == 1
    assert_reported(
        err,
        [
            Expect("bom.toml", 4, 1, "summery", "did you mean 'summary'?"),
            Expect("bom_first.toml", 1, 1, "nope", "unknown key 'nope'"),
            Expect("bom_first.toml", 5, 1, "summery", "did you mean 'summary'?"),
        ],
        files=2,
    )


def test_crlf_line_endings(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (LESSONS / "unknown_key_deep.toml").read_text(encoding="utf-8")
    (tmp_path / "unknown_key_deep.toml").write_bytes(text.replace("\n", "\r\n").encode())
    monkeypatch.chdir(tmp_path)
    code, _, err = run_check(capsys, "unknown_key_deep.toml")
    assert code == 1
    assert_reported(err, LESSON_CASES["unknown_key_deep"], files=1)


def test_an_unclosed_string_with_crlf_line_endings_is_reported_as_with_lf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stranger's Windows file was told "the invisible control character U+0020 is not allowed", a column late."""
    text = (LESSONS / "bad_syntax.toml").read_text(encoding="utf-8")
    (tmp_path / "bad_syntax.toml").write_bytes(text.replace("\n", "\r\n").encode())
    monkeypatch.chdir(tmp_path)
    code, _, err = run_check(capsys, "bad_syntax.toml")
    assert code == 1
    assert_reported(err, LESSON_CASES["bad_syntax"], files=1)


@pytest.mark.parametrize("quoted", ['"', "'"])
def test_a_stray_carriage_return_in_a_closed_one_line_string_is_named(
    quoted: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "this string is not closed before the end of its line": it is closed, a lone CR is the mistake."""
    lines = (LESSONS / "unknown_key.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[3].startswith("summery = ")
    lines[3] = f"summary = {quoted}line one\rline two{quoted}\n"
    (tmp_path / "stray_cr.toml").write_bytes("".join(lines).encode())
    monkeypatch.chdir(tmp_path)
    code, _, err = run_check(capsys, "stray_cr.toml")
    assert code == 1
    assert_reported(
        err,
        [
            Expect(
                "stray_cr.toml",
                4,
                20,
                "summary",
                "TOML syntax error: a carriage return U+000D (CR) on its own is not allowed in a string; it is a "
                "stray line ending",
            )
        ],
        files=1,
    )


def test_file_over_size_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.toml"
    # Valid TOML apart from its size: a long comment.
    big.write_bytes(b"#" + b"x" * loader.MAX_FILE_BYTES + b"\n")
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_check(capsys, "big.toml")
    assert code == 1
    assert out == ""
    # "2.0 MB; at most 2 MB" read as a contradiction to a stranger whose file was 2,100,085 bytes.
    size = f"{loader.MAX_FILE_BYTES + 2:,}"
    limit = f"at most {loader.MAX_FILE_BYTES:,} bytes (2 MB)"
    assert_reported(err, [Expect("big.toml", 1, 1, "", f"file is {size} bytes; course files may be {limit}")], 1)
    assert big not in [p.resolve() for p in read]


def test_file_at_size_limit_is_read(tmp_path: Path) -> None:
    text = (LESSONS.parent / "base_course" / "lessons" / "welcome.toml").read_bytes()
    padding = loader.MAX_FILE_BYTES - len(text) - 2
    path = tmp_path / "welcome.toml"
    path.write_bytes(text + b"#" + b"x" * padding + b"\n")
    assert path.stat().st_size == loader.MAX_FILE_BYTES
    result = loader.check_lesson_file(path)
    assert result.ok, result.problems
    assert result.lesson_count == 1


def test_huge_integer_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text('id = "huge"\nminutes = ' + "9" * 5000 + "\n", encoding="utf-8")
    result = loader.check_lesson_file(path)
    assert [(p.line, p.col) for p in result.problems] == [(2, 11)]
    assert "too many digits" in result.problems[0].message


def test_valid_lesson_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BASE_COURSE)
    code, out, err = run_check(capsys, "lessons/first-practice.toml")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "lesson OK: lessons/first-practice.toml",
        "  only this file was checked: the course-wide rules (its id listed in course.toml, check-in, safety and "
        "source ids, previous_ids) and the warnings were not; to check them, `unclench check .`",
    ]


# -- whole courses ----------------------------------------------------------------

#: case -> (the lesson file it becomes in the course copy, the problems).
COURSE_CASES: dict[str, tuple[str, list[Expect]]] = {
    "duplicate_lesson_id": (
        "welcome-copy.toml",
        # Both files are reported, each naming the other. Files are read in name order:
        # welcome-copy.toml claims the id first, so welcome.toml's cross-file rules are skipped.
        [
            Expect("lessons/welcome-copy.toml", 2, 1, "id", "lesson id 'welcome' is also used by lessons/welcome.toml"),
            Expect("lessons/welcome.toml", 1, 1, "id", "lesson id 'welcome' is also used by lessons/welcome-copy.toml"),
        ],
    ),
    "unknown_safety_id": (
        "first-practice.toml",
        [
            Expect(
                "lessons/first-practice.toml",
                10,
                28,
                "steps[0].safety[1]",
                "no [[safety]] note has id 'stop-anytme'; did you mean 'stop-anytime'?",
            ),
        ],
    ),
    "unknown_checkin_id": (
        "first-practice.toml",
        [
            Expect(
                "lessons/first-practice.toml",
                19,
                3,
                "steps[1].checkin[1]",
                "no [[checkins]] measure has id 'calmness'; did you mean 'calm'?",
            ),
        ],
    ),
    "unknown_source_id": (
        "welcome.toml",
        [
            Expect(
                "lessons/welcome.toml",
                5,
                25,
                "sources[1]",
                "no [[sources]] entry has id 'neurogenic-tremor'; did you mean 'neurogenic-tremors'?",
            ),
        ],
    ),
    "unlisted_lesson": (
        "extra.toml",
        [
            Expect(
                "lessons/extra.toml",
                2,
                1,
                "id",
                "lesson 'extra' is not listed in course/course.toml; add it to a module's lessons",
            ),
        ],
    ),
    "previous_id_is_current": (
        "first-practice.toml",
        [
            Expect(
                "lessons/first-practice.toml",
                5,
                33,
                "previous_ids[1]",
                "'welcome' is the id of another current lesson",
            ),
        ],
    ),
    # Saved progress under an old id listed twice, or claimed by two lessons, went to the last one read, without a word.
    "previous_id_listed_twice": (
        "first-practice.toml",
        [
            Expect(
                "lessons/first-practice.toml",
                5,
                33,
                "previous_ids[1]",
                "'old-practice' is listed twice (first on line 5)",
            )
        ],
    ),
    "previous_id_own": (
        "first-practice.toml",
        [
            Expect(
                "lessons/first-practice.toml",
                5,
                17,
                "previous_ids[0]",
                "'first-practice' is this lesson's own id, not an old one; remove 'first-practice' from previous_ids",
            )
        ],
    ),
    "previous_id_claimed_twice": (
        "welcome.toml",
        [
            Expect(
                "lessons/first-practice.toml",
                5,
                17,
                "previous_ids[0]",
                "old id 'old-practice' is also claimed by lesson 'welcome' (lessons/welcome.toml): progress saved "
                "under it can go to one lesson only; keep 'old-practice' only in the lesson that continues the old one",
            ),
            Expect(
                "lessons/welcome.toml",
                6,
                32,
                "previous_ids[1]",
                "old id 'old-practice' is also claimed by lesson 'first-practice' (lessons/first-practice.toml)",
            ),
        ],
    ),
}

COURSE_INDEX_CASES: dict[str, list[Expect]] = {
    # The app drew both as empty boxes, and the learner's record said both were read.
    "disclaimer_draws_nothing": [
        Expect(
            "course/course.toml",
            7,
            1,
            "disclaimer",
            "this text draws as nothing: read as Markdown, it holds only a link with no words and character "
            "references for spaces or invisible characters (such as &#32;); write the text itself",
        ),
        Expect(
            "course/course.toml",
            23,
            1,
            "safety[0].text",
            "it holds only a link reference definition ([name]: address), which Markdown never shows",
        ),
    ],
    "safety_note_long_code_line": [
        # The course index's Markdown (a safety note, here) is held to the same limits as a lesson's.
        Expect(
            "course/course.toml",
            34,
            1,
            "safety[1].text",
            "a line in this code block is 1001 characters long; a code line may be at most 1000",
        ),
    ],
    "missing_lesson": [
        Expect(
            "course/course.toml",
            49,
            23,
            "modules[0].lessons[1]",
            "no lesson has id 'body-basic'; did you mean 'body-basics'? (lessons are read from lessons/*.toml)",
        ),
        # The misspelled id means body-basics: that lesson is not also reported as unlisted.
    ],
    "missing_lesson_no_suggestion": [
        Expect(
            "course/course.toml",
            49,
            38,
            "modules[0].lessons[2]",
            "no lesson has id 'zzz-nothing-like-it'; "
            "remove it from this list, or write a lesson with this id (lessons/zzz-nothing-like-it.toml)",
        ),
    ],
    "lesson_listed_twice": [
        Expect("course/course.toml", 54, 30, "modules[1].lessons[1]", "lesson 'welcome' is listed twice"),
    ],
    "format_version_newer": [
        Expect(
            "course/course.toml",
            3,
            1,
            "format_version",
            "this course uses format_version 7, but this Unclench reads up to 1; upgrade Unclench",
        ),
    ],
}


def test_every_course_data_file_is_a_case() -> None:
    assert sorted(p.stem for p in (DATA / "course_cases").glob("*.toml")) == sorted(COURSE_CASES)
    assert sorted(p.stem for p in (DATA / "course_index_cases").glob("*.toml")) == sorted(COURSE_INDEX_CASES)


def test_base_course_is_valid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BASE_COURSE.parent)
    code, out, err = run_check(capsys, "base_course")
    assert code == 0
    assert err == ""
    assert out == "course OK: 3 lessons (Base course) in base_course\n"


def test_course_index_path_checks_the_whole_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    shutil.copy(DATA / "course_cases" / "unlisted_lesson.toml", root / "lessons" / "extra.toml")
    monkeypatch.chdir(root)
    code, _, err = run_check(capsys, "course/course.toml")
    assert code == 1
    assert_reported(err, COURSE_CASES["unlisted_lesson"][1], files=1)


@pytest.mark.parametrize("case", sorted(COURSE_CASES))
def test_course_case(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target, expected = COURSE_CASES[case]
    root = make_course(tmp_path)
    shutil.copy(DATA / "course_cases" / f"{case}.toml", root / "lessons" / target)
    assert_problems(loader.check_course(root).problems, root, expected)
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, ".")
    assert code == 1
    assert out == ""
    assert_reported(err, expected, files=len({e.file for e in expected}))


def test_an_old_id_claimed_twice_is_placed_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    shutil.copy(DATA / "course_cases" / "previous_id_claimed_twice.toml", root / "lessons" / "welcome.toml")
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, "--format", "json", "--no-cache", ".")
    assert (code, err) == (1, "")
    problems = json.loads(out)["problems"]
    assert [(p["file"], p["line"], p["column"], p["key"]) for p in problems] == [
        ("lessons/first-practice.toml", 5, 17, "previous_ids[0]"),
        ("lessons/welcome.toml", 6, 32, "previous_ids[1]"),
    ]
    assert problems[1]["message"] == (
        "old id 'old-practice' is also claimed by lesson 'first-practice' (lessons/first-practice.toml): "
        "progress saved under it can go to one lesson only"
    )
    assert problems[1]["suggestion"].startswith("keep 'old-practice' only in the lesson that continues the old one")


def test_lesson_id_in_three_files_is_reported_in_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    for name in ("welcome-copy.toml", "welcome-zz.toml"):
        shutil.copy(DATA / "course_cases" / "duplicate_lesson_id.toml", root / "lessons" / name)
    # Each names the others in reading (name) order: welcome-copy, welcome-zz, welcome.
    message = "lesson id 'welcome' is also used by"
    expected = [
        Expect("lessons/welcome-copy.toml", 2, 1, "id", f"{message} lessons/welcome-zz.toml, lessons/welcome.toml"),
        Expect("lessons/welcome-zz.toml", 2, 1, "id", f"{message} lessons/welcome-copy.toml, lessons/welcome.toml"),
        Expect("lessons/welcome.toml", 1, 1, "id", f"{message} lessons/welcome-copy.toml, lessons/welcome-zz.toml"),
    ]
    assert_problems(loader.check_course(root).problems, root, expected)
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, ".")
    assert (code, out) == (1, "")
    assert_reported(err, expected, files=3)


@pytest.mark.parametrize(
    ("misnamed", "fix"),
    [
        ("body-basics.TOML", "rename it to body-basics.toml (lesson files are read only when their name ends in .toml"),
        ("body-basics.toml.txt", "rename it to body-basics.toml"),
        ("body-basics.txt", "rename it to body-basics.toml"),
        ("extra/body-basics.toml", "move it to lessons/body-basics.toml (only files right in lessons/ are read"),
        # Found by the id it says, when its name is another (a stranger's lesson moved into lessons/old/ under its
        # old file name was told "write a lesson with this id", and the file "move it to lessons/breathing.toml").
        ("old/breathing.toml", "move it to lessons/body-basics.toml (only files right in lessons/ are read"),
        ("breathing.TOML", "rename it to body-basics.toml (lesson files are read only when their name ends in .toml"),
    ],
)
def test_a_lesson_file_misnamed_or_in_a_folder_is_named_with_the_fix(
    misnamed: str, fix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    (root / "lessons" / misnamed).parent.mkdir(exist_ok=True)
    (root / "lessons" / "body-basics.toml").rename(root / "lessons" / misnamed)
    expected = [
        Expect(
            "course/course.toml",
            49,
            23,
            "modules[0].lessons[1]",
            f"no lesson has id 'body-basics'; lessons/{misnamed} is there but is not read as a lesson: {fix}",
        )
    ]
    assert_problems(loader.check_course(root).problems, root, expected)
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, ".")
    assert (code, out) == (1, "")
    assert_reported(err, expected, files=1)


@pytest.mark.parametrize("case", sorted(COURSE_INDEX_CASES))
def test_course_index_case(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = COURSE_INDEX_CASES[case]
    root = make_course(tmp_path)
    shutil.copy(DATA / "course_index_cases" / f"{case}.toml", root / "course" / "course.toml")
    assert_problems(loader.check_course(root).problems, root, expected)
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, ".")
    assert code == 1
    assert out == ""
    assert_reported(err, expected, files=len({e.file for e in expected}))


def test_all_problems_in_three_files_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    shutil.copytree(DATA / "three_files", root, dirs_exist_ok=True)
    expected = [
        Expect("course/course.toml", 5, 1, "titel", "unknown key 'titel'; did you mean 'title'?"),
        Expect("lessons/body-basics.toml", 7, 1, "steps[0].question", "missing required key 'question'"),
        Expect("lessons/body-basics.toml", 11, 1, "steps[0].choices", "no choice is marked correct = true"),
        Expect("lessons/body-basics.toml", 23, 11, "steps[1].safety[0]", "did you mean 'medical-first'?"),
        Expect(
            "lessons/welcome.toml", 4, 1, "minutes", "must be a whole number (found 3.5); write a whole number, e.g. 4"
        ),
        Expect(
            "lessons/welcome.toml",
            9,
            1,
            "steps[0].id",
            # The example is the id made of the words written (an author stranger was shown another).
            "'Hello There' is not a valid id; use lower-case letters, digits and dashes, starting with a letter or "
            "digit (e.g. 'hello-there')",
        ),
    ]
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, ".")
    assert code == 1
    assert out == ""
    assert_reported(err, expected, files=3)
    assert err.splitlines()[-1] == "6 problems in 3 files"


def test_symlink_outside_the_course_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    outside = tmp_path / "outside.toml"
    outside.write_text("this is = = not TOML\n", encoding="utf-8")
    link = root / "lessons" / "outside.toml"
    try:
        link.symlink_to(outside)
    except OSError:  # pragma: no cover - platforms without symlinks
        pytest.skip("symlinks are not available")
    read: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.resolve())
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    monkeypatch.chdir(root)
    code, out, err = run_check(capsys, ".")
    assert code == 1
    assert out == ""
    assert_reported(err, [Expect("lessons/outside.toml", 1, 1, "", "outside the course folder")], files=1)
    assert outside.resolve() not in read
    assert "not TOML" not in err


def test_a_link_to_a_missing_file_says_it_is_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    (root / "lessons" / "gone.toml").symlink_to("moved-away.toml")
    monkeypatch.chdir(root)
    code, _, err = run_check(capsys, ".")
    assert code == 1
    # Before: "cannot be read: No such file or directory", about a file the author could see listed.
    fragment = "is a symbolic link to moved-away.toml, which does not exist; remove the link, or put back the file"
    assert_reported(err, [Expect("lessons/gone.toml", 1, 1, "", fragment)], files=1)


@pytest.mark.parametrize(
    ("written", "key", "header"),
    [('steps = "intro"', "steps", "[[steps]]"), ('choices = "Yes"', "steps[0].choices", "[[steps.choices]]")],
)
def test_a_list_of_tables_written_as_a_string_is_shown_its_headers(
    written: str, key: str, header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if key == "steps":
        text = f'id = "odd"\ntitle = "Odd"\nminutes = 3\n{written}\n'
    else:
        text = (
            'id = "odd"\ntitle = "Odd"\nminutes = 3\n\n[[steps]]\nid = "q"\nkind = "quiz"\n'
            f'question = "Which?"\n{written}\n'
        )
    (tmp_path / "odd.toml").write_text(text, encoding="utf-8")
    code, _, err = run_check(capsys, str(tmp_path / "odd.toml"))
    assert code == 1
    # Before, the fix offered was `steps = ["intro"]`, which is just as wrong.
    assert f"{key}: expected an array of tables, found a string; write each one as a {header} header" in err
    assert '= ["' not in err


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        # A stranger was offered `lessons = ["welcome, body-basics"]`: one id with a comma in it, as wrong.
        ('"welcome, body-basics"', '["welcome", "body-basics"]'),
        ('"welcome,body-basics,"', '["welcome", "body-basics"]'),
        ('"welcome body-basics"', '["welcome", "body-basics"]'),
        ('"welcome"', '["welcome"]'),
        ('"Welcome page"', '["Welcome page"]'),  # not ids: shown back whole, for `check` to say why next
        ('"say \\"hi\\""', '["..."]'),
    ],
)
def test_ids_written_as_one_string_are_offered_as_a_list(
    written: str, fix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path)
    index = root / "course" / "course.toml"
    index.write_text(
        index.read_text(encoding="utf-8").replace('lessons = ["welcome", "body-basics"]', f"lessons = {written}"),
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    code, _, err = run_check(capsys, ".")
    assert code == 1
    fragment = f"expected an array, found a string; write a list in square brackets: lessons = {fix}"
    assert Expect("course/course.toml", 49, 1, "modules[0].lessons", fragment).prefix() + fragment in err


def test_symlink_inside_the_course_is_followed(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    (root / "drafts").mkdir()
    (root / "lessons" / "welcome.toml").rename(root / "drafts" / "welcome.toml")
    (root / "lessons" / "welcome.toml").symlink_to(root / "drafts" / "welcome.toml")
    assert loader.check_course(root).ok


def test_path_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_check(capsys, "no-such-thing")
    assert code == 2
    assert out == ""
    assert err == "error: no-such-thing: no such file or folder\n"


def test_folder_that_is_not_a_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lessons").mkdir()
    code, out, err = run_check(capsys, str(tmp_path))
    assert code == 2
    assert out == ""
    assert f"{tmp_path} is not a course folder: it has no course/course.toml" in err
    assert "unclench new course DIR" in err
    with pytest.raises(NotACourseError):
        loader.check_course(tmp_path)


def test_several_paths_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    code, out, err = run_check(capsys, "base_course", "lessons/bad_id.toml", "lessons/wrong_type.toml")
    assert code == 1
    assert out == ""
    assert_reported(
        err,
        [
            Expect("lessons/bad_id.toml", 1, 1, "id", "is not a valid id"),
            Expect("lessons/wrong_type.toml", 3, 1, "minutes", "expected a whole number"),
        ],
        files=2,
    )


def test_valid_course_loads(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    course = loader.load_course(root)
    assert [lesson.id for lesson in course.ordered_lessons()] == ["welcome", "body-basics", "first-practice"]
    assert course.root == root


def test_broken_course_does_not_load(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    shutil.copy(DATA / "course_cases" / "unlisted_lesson.toml", root / "lessons" / "extra.toml")
    with pytest.raises(CourseLoadError) as raised:
        loader.load_course(root)
    assert [p.key for p in raised.value.problems] == ["id"]


# -- through a real process --------------------------------------------------------


def run_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(cwd / ".data")}
    return subprocess.run(
        [sys.executable, "-m", "unclench", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_process_valid_course(tmp_path: Path) -> None:
    make_course(tmp_path)
    done = run_process(tmp_path, "check", "course-copy")
    assert (done.returncode, done.stdout, done.stderr) == (0, "course OK: 3 lessons (Base course) in course-copy\n", "")


@pytest.mark.slow
def test_process_problems_and_usage_errors(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    shutil.copy(DATA / "course_index_cases" / "missing_lesson.toml", root / "course" / "course.toml")
    done = run_process(tmp_path, "check", "course-copy")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "course-copy/course/course.toml:49:23: modules[0].lessons[1]: no lesson has id 'body-basic'; "
        "did you mean 'body-basics'? (lessons are read from lessons/*.toml)",
        "1 problem in 1 file",
    ]
    missing = run_process(tmp_path, "check", "nowhere")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "no such file or folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    not_course = run_process(tmp_path, "check", "empty")
    assert (not_course.returncode, not_course.stdout) == (2, "")
    assert "is not a course folder" in not_course.stderr


@pytest.mark.slow
def test_process_hostile_lesson_files(tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "binary.toml").write_bytes(bytes(range(256)) * 4)
    shutil.copy(LESSONS / "inline_choices.toml", tmp_path)
    done = run_process(tmp_path, "check", "deep.toml", "binary.toml", "inline_choices.toml")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("deep.toml:1:5: TOML nested too deeply to read")  # where the run of [ starts
    assert "look for a run of [ or {" in lines[0]  # how to fix it, as every problem says
    # bytes 0..127 are ASCII (with one newline at 10); 0x80 at offset 128 is the first bad byte.
    assert lines[1] == "binary.toml:2:118: not UTF-8 text (byte 0x80); save the file as UTF-8"
    assert lines[2].startswith("inline_choices.toml:11:17: steps[0].choices[1].corect:")
    assert lines[3].startswith("inline_choices.toml:12:17: steps[0].choices[2].correct:")
    assert lines[4:] == ["4 problems in 3 files"]


def test_nesting_too_deep_to_read_is_placed_where_its_run_of_brackets_starts(tmp_path: Path) -> None:
    """A stranger's file nested 5,000 deep was reported at 1:1, whatever line held the run of brackets."""
    lesson = tmp_path / "deep.toml"
    lesson.write_text(
        'id = "deep"\n# a comment with [[[ in it\nbody = """\n[[[[ text, not arrays\n"""\n'
        "tags = [1, " + "{ a = " * 3000 + "1" + "}" * 3000 + "]\n",
        encoding="utf-8",
    )
    problems = loader.check_lesson_file(lesson).problems
    assert [(p.line, p.col, p.message.split(" (")[0]) for p in problems] == [(6, 8, "TOML nested too deeply to read")]


def test_numbers_out_of_range_are_worded_plainly(tmp_path: Path) -> None:
    lesson = tmp_path / "range.toml"
    lesson.write_text(
        'id = "range"\ntitle = "Range"\nminutes = 0\n\n'
        '[[steps]]\nkind = "exercise"\nid = "e"\nbody = "Rest."\nminutes = 0\n',
        encoding="utf-8",
    )
    problems = loader.check_lesson_file(lesson).problems
    assert [(p.line, p.key, p.message) for p in problems] == [
        (3, "minutes", "must be at least 1 (found 0)"),
        (9, "steps[0].minutes", "must be at least 0.25 (found 0)"),
    ]


def test_a_misnamed_lesson_file_is_told_once_not_also_at_each_lesson_building_on_it(tmp_path: Path) -> None:
    """An author's welcome.tml was told at the module (with the fix), then again, with none, at a builds_on."""
    root = make_course(tmp_path)
    (root / "lessons" / "body-basics.toml").rename(root / "lessons" / "body-basics.tml")
    practice = root / "lessons" / "first-practice.toml"
    practice.write_text(
        practice.read_text(encoding="utf-8").replace("minutes =", 'builds_on = ["body-basics"]\nminutes =', 1),
        encoding="utf-8",
    )
    problems = loader.check_course(root).problems
    assert [(p.key, p.message.split(";")[0]) for p in problems] == [
        ("modules[0].lessons[1]", "no lesson has id 'body-basics'")
    ]
    assert "lessons/body-basics.tml is there but is not read as a lesson" in problems[0].suggestion
