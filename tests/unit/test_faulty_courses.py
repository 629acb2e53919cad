# ruff: noqa: E501  (the faults are verbatim TOML snippets, clearer on one line)
"""A suite of faulty courses: the small valid course with ONE realistic mistake each.

Each case copies ``data/base_course``, changes one file (``old`` -> ``new``; ``old`` None
writes the whole file) and asserts exactly the problems ``unclench check`` must report:
file, line, column, key path and the message. Exactly: a mistake reported once, with no
follow-on problem elsewhere (a lesson that cannot be read does not also make its module
"list a lesson that does not exist"; a misspelled key is not also a "missing" one).
The same problems come out of ``check --format json``, with a suggestion for every
syntax error.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from unclench import cli, loader

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


@dataclass(frozen=True)
class P:
    """One problem check must report: where, under which key, and a fragment of the message."""

    file: str
    line: int
    col: int
    key: str
    fragment: str


@dataclass(frozen=True)
class Fault:
    """One mistake: in ``file``, ``old`` (which occurs once) becomes ``new``."""

    file: str
    old: str | None
    new: str
    expected: list[P]


FAULTS: dict[str, Fault] = {
    # -- TOML syntax: each reported where the author must look, with the fix
    "unclosed_string": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        'title = "Welcome',
        [
            P(
                "lessons/welcome.toml",
                2,
                9,
                "title",
                "TOML syntax error: this string is not closed before the end of its",
            )
        ],
    ),
    "unclosed_multiline_string": Fault(
        "lessons/body-basics.toml",
        'Stress lives in the body.\n"""',
        "Stress lives in the body.\n",
        [
            P(
                "lessons/body-basics.toml",
                10,
                8,
                "steps[0].body",
                'TOML syntax error: this multi-line string (""") is never closed (the',
            )
        ],
    ),
    "unclosed_multiline_literal": Fault(
        "lessons/first-practice.toml",
        'body = """\nLie down and let the legs shake gently.\n"""',
        "body = '''\nLie down and let the legs shake gently.\n",
        [
            P(
                "lessons/first-practice.toml",
                19,
                8,
                "steps[1].body",
                "TOML syntax error: this multi-line string (''') is never closed (the",
            )
        ],
    ),
    "unclosed_array": Fault(
        "lessons/welcome.toml",
        'sources = ["tms-forum"]',
        'sources = ["tms-forum"',
        [
            P(
                "lessons/welcome.toml",
                4,
                11,
                "sources",
                "TOML syntax error: this array ([) is never closed (the parser gave up",
            )
        ],
    ),
    "unclosed_multiline_array": Fault(
        "lessons/first-practice.toml",
        'checkin = ["tension", "calm"]',
        'checkin = [\n  "tension",\n  "calm"\n',
        [
            P(
                "lessons/first-practice.toml",
                18,
                11,
                "steps[1].checkin",
                "TOML syntax error: this array ([) is never closed (the parser gave up",
            )
        ],
    ),
    "unclosed_inline_table": Fault(
        "lessons/body-basics.toml",
        '[[steps.choices]]\ntext = "Yes"\ncorrect = true\nfeedback = "Right."\n\n[[steps.choices]]\ntext = "No"\nfeedback = "You can always stop."',
        'choices = [{ text = "Yes", correct = true, feedback = "Right." }, { text = "No", feedback = "You can always stop." ]',
        [
            P(
                "lessons/body-basics.toml",
                19,
                67,
                "steps[1].choices[1]",
                "TOML syntax error: this inline table ({) is never closed (the parser",
            )
        ],
    ),
    "missing_comma_in_array": Fault(
        "lessons/first-practice.toml",
        'checkin = ["tension", "calm"]',
        'checkin = ["tension" "calm"]',
        [
            P(
                "lessons/first-practice.toml",
                18,
                22,
                "steps[1].checkin",
                "TOML syntax error: the items of an array must be separated by commas",
            )
        ],
    ),
    "key_set_twice": Fault(
        "lessons/welcome.toml",
        "minutes = 3\n",
        'minutes = 3\ntitle = "Welcome again"\n',
        [P("lessons/welcome.toml", 4, 1, "title", "TOML syntax error: the key 'title' is set twice: first on line 2")],
    ),
    "step_key_set_twice": Fault(
        "lessons/welcome.toml",
        'body = "Welcome to the course."',
        'body = "Welcome to the course."\nid = "hello-again"',
        [
            P(
                "lessons/welcome.toml",
                10,
                1,
                "steps[0].id",
                "TOML syntax error: the key 'id' is set twice: first on line 8",
            )
        ],
    ),
    "table_declared_twice": Fault(
        "course/course.toml",
        '[[modules]]\nid = "basics"',
        '[guidance]\nstop = "Sit up."\n\n[guidance]\ngrounding = "Feel your feet."\n\n[[modules]]\nid = "basics"',
        [
            P(
                "course/course.toml",
                49,
                1,
                "guidance",
                "TOML syntax error: the table [guidance] is declared twice: first on",
            )
        ],
    ),
    "steps_as_table": Fault(
        "lessons/welcome.toml",
        '[[steps]]\nkind = "prompt"',
        '[steps]\nkind = "prompt"',
        [P("lessons/welcome.toml", 11, 7, "steps", "TOML syntax error: 'steps' is an array of tables ([[steps]]), so")],
    ),
    "key_with_spaces": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        "lesson minutes = 3",
        [P("lessons/welcome.toml", 3, 1, "'lesson minutes'", "TOML syntax error: keys cannot contain spaces")],
    ),
    "windows_path_backslash": Fault(
        "lessons/welcome.toml",
        'body = "Welcome to the course."',
        'body = "Save it in C:\\Users\\me."',
        [
            P(
                "lessons/welcome.toml",
                9,
                22,
                "steps[0].body",
                'TOML syntax error: a backslash starts an escape (like \\n) in a "..."',
            )
        ],
    ),
    "bad_escape": Fault(
        "lessons/welcome.toml",
        'body = "Welcome to the course."',
        'body = "Welcome \\q to the course."',
        [
            P(
                "lessons/welcome.toml",
                9,
                17,
                "steps[0].body",
                'TOML syntax error: a backslash starts an escape (like \\n) in a "..."',
            )
        ],
    ),
    "colon_not_equals": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        'title: "Welcome"',
        [P("lessons/welcome.toml", 2, 6, "title", "TOML syntax error: a key and its value are joined with =, not ':'")],
    ),
    "no_value": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        "title =",
        [P("lessons/welcome.toml", 2, 8, "title", "TOML syntax error: the key has no value after =")],
    ),
    "unquoted_text": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        "title = Welcome",
        [P("lessons/welcome.toml", 2, 9, "title", "TOML syntax error: text must be written in quotes")],
    ),
    "capital_true": Fault(
        "lessons/first-practice.toml",
        "tremor = true",
        "tremor = True",
        [P("lessons/first-practice.toml", 15, 10, "steps[1].tremor", "TOML syntax error: 'True' is not a value")],
    ),
    "smart_quotes": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        "title = “Welcome”",
        [P("lessons/welcome.toml", 2, 9, "title", "TOML syntax error: a typographic quote (“) cannot start a string")],
    ),
    "single_smart_quotes": Fault(  # the quote named is the one written, not a double one
        "lessons/welcome.toml",
        'title = "Welcome"',
        "title = ‘Welcome’",
        [P("lessons/welcome.toml", 2, 9, "title", "TOML syntax error: a typographic quote (‘) cannot start a string")],
    ),
    # [steps] is never right: "use either [steps] or [[steps]]" invited it. Told at the [steps], the line to mend:
    # at the [[steps]] after it, an author was sent to a header that was right.
    "mixed_steps_headers": Fault(
        "lessons/welcome.toml",
        '[[steps]]\nkind = "page"\nid = "hello"',
        '[steps]\nkind = "page"\nid = "hello"',
        [P("lessons/welcome.toml", 6, 1, "steps", "[steps] declares 'steps' as one table, but line 11 adds to it")],
    ),
    # Every [[steps]] written [steps]: "merge the two into one table", at the second header, lost the steps.
    "every_steps_header_single": Fault(
        "lessons/welcome.toml",
        None,
        'id = "welcome"\ntitle = "Welcome"\nminutes = 3\n\n[steps]\nkind = "page"\nid = "hello"\n'
        'body = "Welcome."\n\n[steps]\nkind = "prompt"\nid = "hopes"\nquestion = "What do you hope for?"\n',
        [
            P(
                "lessons/welcome.toml",
                5,
                1,
                "steps",
                "TOML syntax error: the table [steps] is declared again on line 10, but steps is a list of tables",
            )
        ],
    ),
    "course_table_in_a_lesson": Fault(
        "lessons/welcome.toml",
        'sources = ["tms-forum"]\n',
        'sources = ["tms-forum"]\n\n[guidance]\nstop = "Open your eyes."\n',
        [
            P(
                "lessons/welcome.toml",
                6,
                1,
                "guidance",
                "unknown key 'guidance' in a lesson file: [guidance] belongs to the course",
            )
        ],
    ),
    "prompt_text_as_body": Fault(  # one mistake, one report: not also "missing required key 'question'"
        "lessons/welcome.toml",
        'question = "What do you hope',
        'body = "What do you hope',
        [P("lessons/welcome.toml", 14, 1, "steps[1].body", "unknown key 'body': a prompt's text goes in question")],
    ),
    "choices_not_under_steps": Fault(  # the moved choice was the correct one: the quiz is not told it has none
        "lessons/body-basics.toml",
        '[[steps.choices]]\ntext = "Yes"',
        '[[choices]]\ntext = "Yes"',
        [P("lessons/body-basics.toml", 19, 1, "choices", "unknown key 'choices' at the top of the lesson")],
    ),
    "one_line_text_closed_on_the_next_line": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        'title = """Welcome\n"""',
        [P("lessons/welcome.toml", 2, 1, "title", 'ends with a line break: its closing """ is on the line below')],
    ),
    "empty_module_alone": Fault(
        "course/course.toml",
        '[[modules]]\nid = "practice"',
        '[[modules]]\nid = "empty"\ntitle = "Empty"\nlessons = []\n\n[[modules]]\nid = "practice"',
        [P("course/course.toml", 54, 1, "modules[1].lessons", "needs at least 1 entry (found 0)")],
    ),
    "missing_course_title": Fault(  # placed at the first key, not on the comment at the top
        "course/course.toml",
        'title = "Base course"\n',
        "",
        [P("course/course.toml", 3, 1, "title", "missing required key 'title'")],
    ),
    "apostrophe_in_literal": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        "title = 'It's good to see you'",
        [
            P(
                "lessons/welcome.toml",
                2,
                9,
                "title",
                "TOML syntax error: a 'literal string' ends at the next single quote,",
            )
        ],
    ),
    "quote_inside_string": Fault(
        "lessons/welcome.toml",
        'question = "What do you hope to get from this course?"',
        'question = "What does "calm" mean to you?"',
        [P("lessons/welcome.toml", 14, 23, "steps[1].question", "TOML syntax error: this quote ends the string early")],
    ),
    "two_keys_on_a_line": Fault(
        "lessons/welcome.toml",
        'id = "welcome"\ntitle = "Welcome"',
        'id = "welcome" title = "Welcome"',
        [P("lessons/welcome.toml", 1, 16, "id", "TOML syntax error: only one key = value fits on a line")],
    ),
    "unclosed_header": Fault(
        "lessons/welcome.toml",
        '[[steps]]\nkind = "prompt"',
        '[[steps]\nkind = "prompt"',
        [P("lessons/welcome.toml", 11, 8, "", "TOML syntax error: this header is not closed with ]]")],
    ),
    "text_outside_string": Fault(
        "lessons/body-basics.toml",
        'Stress lives in the body.\n"""',
        'Stress lives in the body.\n"""\nAnd it can let go again.',
        [
            P(
                "lessons/body-basics.toml",
                13,
                1,
                "steps[0]",
                "TOML syntax error: this line is not a key = value, a [table] header",
            )
        ],
    ),
    "leading_zero": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        "minutes = 03",
        [P("lessons/welcome.toml", 3, 11, "minutes", "TOML syntax error: numbers cannot start with 0")],
    ),
    "control_character": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        'title = "Wel\x07come"',
        [
            P(
                "lessons/welcome.toml",
                2,
                13,
                "title",
                "TOML syntax error: the invisible control character U+0007 (BEL) is not allowed in a string",
            )
        ],
    ),
    "value_then_table": Fault(
        "lessons/welcome.toml",
        'sources = ["tms-forum"]',
        'sources = ["tms-forum"]\nsources.extra = "x"',
        [
            P(
                "lessons/welcome.toml",
                5,
                20,
                "sources.extra",
                "TOML syntax error: this key belongs to a table or array that was",
            )
        ],
    ),
    "inline_key_twice": Fault(
        "lessons/body-basics.toml",
        '[[steps.choices]]\ntext = "Yes"\ncorrect = true\nfeedback = "Right."\n\n[[steps.choices]]\ntext = "No"\nfeedback = "You can always stop."',
        'choices = [{ text = "Yes", correct = true, feedback = "Right.", text = "Yes!" }, { text = "No", feedback = "You can always stop." }]',
        [
            P(
                "lessons/body-basics.toml",
                19,
                78,
                "steps[1].choices[0]",
                "TOML syntax error: the key 'text' is set twice in this inline table",
            )
        ],
    ),
    "unclosed_disclaimer": Fault(
        "course/course.toml",
        'qualified professional before you practise.\n"""',
        "qualified professional before you practise.\n",
        [
            P(
                "course/course.toml",
                7,
                14,
                "disclaimer",
                'TOML syntax error: this multi-line string (""") is never closed (the',
            )
        ],
    ),
    "bad_date": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        "minutes = 3\nwritten = 2024-13-45",
        [P("lessons/welcome.toml", 4, 11, "written", "TOML syntax error: this is not a valid date")],
    ),
    # -- the shape of a lesson
    "missing_title": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"\n',
        "",
        [P("lessons/welcome.toml", 1, 1, "title", "missing required key 'title'")],
    ),
    "misspelled_title": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        'titel = "Welcome"',
        [P("lessons/welcome.toml", 2, 1, "titel", "unknown key 'titel'")],
    ),
    "misspelled_step_key": Fault(
        "lessons/welcome.toml",
        'question = "What do you hope',
        'qestion = "What do you hope',
        [P("lessons/welcome.toml", 14, 1, "steps[1].qestion", "unknown key 'qestion'")],
    ),
    "misspelled_correct": Fault(
        "lessons/body-basics.toml",
        "correct = true",
        "corect = true",
        [P("lessons/body-basics.toml", 21, 1, "steps[1].choices[0].corect", "unknown key 'corect'")],
    ),
    "misspelled_safety": Fault(
        "lessons/first-practice.toml",
        'safety = ["medical-first"]',
        'saftey = ["medical-first"]',
        [P("lessons/first-practice.toml", 16, 1, "steps[1].saftey", "unknown key 'saftey'")],
    ),
    "unknown_kind": Fault(
        "lessons/welcome.toml",
        'kind = "page"',
        'kind = "paeg"',
        [P("lessons/welcome.toml", 7, 1, "steps[0].kind", "unknown step kind 'paeg'")],
    ),
    "missing_kind": Fault(
        "lessons/welcome.toml",
        'kind = "page"\n',
        "",
        [P("lessons/welcome.toml", 6, 1, "steps[0]", "missing required key 'kind'")],
    ),
    "minutes_as_text": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        'minutes = "3"',
        [P("lessons/welcome.toml", 3, 1, "minutes", "expected a whole number, found a string")],
    ),
    "minutes_as_superscript_digit": Fault(  # '²'.isdigit() is true, but it is no number int() reads
        "lessons/welcome.toml",
        "minutes = 3",
        'minutes = "²"',
        [P("lessons/welcome.toml", 3, 1, "minutes", "expected a whole number, found a string")],
    ),
    "minutes_fraction": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        "minutes = 7.5",
        [P("lessons/welcome.toml", 3, 1, "minutes", "must be a whole number (found 7.5)")],
    ),
    "minutes_zero": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        "minutes = 0",
        [P("lessons/welcome.toml", 3, 1, "minutes", "must be at least 1 (found 0)")],
    ),
    "minutes_too_many": Fault(
        "lessons/welcome.toml",
        "minutes = 3",
        "minutes = 500",
        [P("lessons/welcome.toml", 3, 1, "minutes", "must be at most 120 (found 500)")],
    ),
    "blank_title": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        'title = "   "',
        [
            P(
                "lessons/welcome.toml",
                2,
                1,
                "title",
                "must not be blank (it holds only spaces, line breaks or invisible characters)",
            )
        ],
    ),
    "blank_body": Fault(
        "lessons/body-basics.toml",
        'body = """\nStress lives in the body.\n"""',
        'body = """\n   \n"""',
        [
            P(
                "lessons/body-basics.toml",
                10,
                1,
                "steps[0].body",
                "must not be blank (it holds only spaces, line breaks or invisible characters)",
            )
        ],
    ),
    "blank_question": Fault(
        "lessons/welcome.toml",
        'question = "What do you hope to get from this course?"',
        'question = "\\t"',
        [
            P(
                "lessons/welcome.toml",
                14,
                1,
                "steps[1].question",
                "must not be blank (it holds only spaces, line breaks or invisible characters)",
            )
        ],
    ),
    "empty_choice_text": Fault(
        "lessons/body-basics.toml",
        'text = "No"',
        'text = ""',
        [P("lessons/body-basics.toml", 25, 1, "steps[1].choices[1].text", "must not be empty")],
    ),
    "blank_feedback": Fault(
        "lessons/body-basics.toml",
        'feedback = "Right."',
        'feedback = " "',
        [
            P(
                "lessons/body-basics.toml",
                22,
                1,
                "steps[1].choices[0].feedback",
                "must not be blank (it holds only spaces, line breaks or invisible characters)",
            )
        ],
    ),
    "bad_lesson_id": Fault(
        "lessons/welcome.toml",
        'id = "welcome"',
        'id = "Welcome"',
        [P("lessons/welcome.toml", 1, 1, "id", "'Welcome' is not a valid id")],
    ),
    "bad_step_id": Fault(
        "lessons/welcome.toml",
        'id = "hello"',
        'id = "Hello there"',
        [P("lessons/welcome.toml", 8, 1, "steps[0].id", "'Hello there' is not a valid id")],
    ),
    "duplicate_step_id": Fault(
        "lessons/welcome.toml",
        'id = "hopes"',
        'id = "hello"',
        [
            P(
                "lessons/welcome.toml",
                13,
                1,
                "steps[1].id",
                "step id 'hello' is used twice (first on line 8); ids must be unique",
            )
        ],
    ),
    "no_steps": Fault(
        "lessons/welcome.toml",
        None,
        'id = "welcome"\ntitle = "Welcome"\nminutes = 3\nsteps = []\n',
        [P("lessons/welcome.toml", 4, 1, "steps", "needs at least 1 entry (found 0)")],
    ),
    "title_not_text": Fault(
        "lessons/welcome.toml",
        'title = "Welcome"',
        "title = 42",
        [P("lessons/welcome.toml", 2, 1, "title", "expected a string, found a whole number")],
    ),
    "sources_not_array": Fault(
        "lessons/welcome.toml",
        'sources = ["tms-forum"]',
        'sources = "tms-forum"',
        [P("lessons/welcome.toml", 4, 1, "sources", "expected an array, found a string")],
    ),
    # -- a lesson's own rules
    "quiz_one_choice": Fault(
        "lessons/body-basics.toml",
        '\n[[steps.choices]]\ntext = "No"\nfeedback = "You can always stop."',
        "",
        [P("lessons/body-basics.toml", 19, 1, "steps[1].choices", "a quiz needs at least two choices")],
    ),
    "quiz_no_correct": Fault(
        "lessons/body-basics.toml",
        "correct = true\n",
        "",
        [P("lessons/body-basics.toml", 19, 1, "steps[1].choices", "no choice is marked correct = true")],
    ),
    "quiz_two_correct": Fault(
        "lessons/body-basics.toml",
        'text = "No"\n',
        'text = "No"\ncorrect = true\n',
        [
            P(
                "lessons/body-basics.toml",
                19,
                1,
                "steps[1].choices",
                "2 choices are correct but the quiz is single-answer",
            )
        ],
    ),
    "tremor_no_safety": Fault(
        "lessons/first-practice.toml",
        'safety = ["medical-first"]\n',
        "",
        [P("lessons/first-practice.toml", 15, 1, "steps[1].tremor", "a tremor exercise needs safety notes")],
    ),
    "tremor_too_long": Fault(
        "lessons/first-practice.toml",
        "minutes = 5",
        "minutes = 20",
        [P("lessons/first-practice.toml", 17, 1, "steps[1].minutes", "a tremor exercise lasts at most 15 minutes")],
    ),
    "exercise_zero_minutes": Fault(
        "lessons/first-practice.toml",
        "minutes = 5",
        "minutes = 0",
        [P("lessons/first-practice.toml", 17, 1, "steps[1].minutes", "must be at least 0.25 (found 0)")],
    ),
    "exercise_timer_too_short_to_begin": Fault(
        "lessons/first-practice.toml",
        "minutes = 5",
        "minutes = 5e-324",
        [P("lessons/first-practice.toml", 17, 1, "steps[1].minutes", "must be at least 0.25 (found 5e-324)")],
    ),
    "exercise_no_body": Fault(
        "lessons/first-practice.toml",
        'body = """\nLie down and let the legs shake gently.\n"""\n',
        "",
        [P("lessons/first-practice.toml", 12, 1, "steps[1].body", "missing required key 'body'")],
    ),
    # -- rules across files
    "unknown_source": Fault(
        "lessons/welcome.toml",
        'sources = ["tms-forum"]',
        'sources = ["tms-forums"]',
        [P("lessons/welcome.toml", 4, 12, "sources[0]", "no [[sources]] entry has id 'tms-forums'")],
    ),
    "unknown_safety": Fault(
        "lessons/first-practice.toml",
        'safety = ["medical-first"]',
        'safety = ["medical-frist"]',
        [P("lessons/first-practice.toml", 16, 11, "steps[1].safety[0]", "no [[safety]] note has id 'medical-frist'")],
    ),
    "unknown_checkin": Fault(
        "lessons/first-practice.toml",
        'checkin = ["tension", "calm"]',
        'checkin = ["tension", "calmness"]',
        [P("lessons/first-practice.toml", 18, 23, "steps[1].checkin[1]", "no [[checkins]] measure has id 'calmness'")],
    ),
    "previous_id_is_current": Fault(
        "lessons/first-practice.toml",
        'previous_ids = ["old-practice"]',
        'previous_ids = ["welcome"]',
        [P("lessons/first-practice.toml", 5, 17, "previous_ids[0]", "'welcome' is the id of another current lesson")],
    ),
    "duplicate_lesson_id": Fault(
        "lessons/welcome-again.toml",
        None,
        'id = "welcome"\ntitle = "Welcome again"\nminutes = 3\n\n[[steps]]\nkind = "page"\nid = "hello"\nbody = "Hello."\n',
        [
            P("lessons/welcome-again.toml", 1, 1, "id", "lesson id 'welcome' is also used by lessons/welcome.toml"),
            P("lessons/welcome.toml", 1, 1, "id", "lesson id 'welcome' is also used by lessons/welcome-again.toml"),
        ],
    ),
    "unlisted_lesson": Fault(
        "lessons/extra.toml",
        None,
        'id = "extra"\ntitle = "Extra"\nminutes = 3\n\n[[steps]]\nkind = "page"\nid = "hello"\nbody = "Hello."\n',
        [P("lessons/extra.toml", 1, 1, "id", "lesson 'extra' is not listed in course/course.toml")],
    ),
    # -- the course index
    "format_version_newer": Fault(
        "course/course.toml",
        "format_version = 1",
        "format_version = 2",
        [
            P(
                "course/course.toml",
                3,
                1,
                "format_version",
                "this course uses format_version 2, but this Unclench reads up to 1",
            )
        ],
    ),
    "format_version_zero": Fault(
        "course/course.toml",
        "format_version = 1",
        "format_version = 0",
        [P("course/course.toml", 3, 1, "format_version", "must be at least 1 (found 0)")],
    ),
    "module_lists_missing_lesson": Fault(
        "course/course.toml",
        'lessons = ["first-practice"]',
        'lessons = ["first-practise"]',
        [P("course/course.toml", 54, 12, "modules[1].lessons[0]", "no lesson has id 'first-practise'")],
    ),
    "lesson_listed_twice": Fault(
        "course/course.toml",
        'lessons = ["first-practice"]',
        'lessons = ["first-practice", "welcome"]',
        [
            P(
                "course/course.toml",
                54,
                30,
                "modules[1].lessons[1]",
                "lesson 'welcome' is listed twice (first on line 49)",
            )
        ],
    ),
    "misspelled_module_lessons": Fault(
        "course/course.toml",
        'lessons = ["first-practice"]',
        'lesons = ["first-practice"]',
        [P("course/course.toml", 54, 1, "modules[1].lesons", "unknown key 'lesons'")],
    ),
    "alert_at_too_high": Fault(
        "course/course.toml",
        "alert_at = 9",
        "alert_at = 11",
        [P("course/course.toml", 37, 1, "checkins[0].alert_at", "must be at most 10 (found 11)")],
    ),
    "alert_at_fraction": Fault(
        "course/course.toml",
        "alert_at = 9",
        "alert_at = 8.5",
        [P("course/course.toml", 37, 1, "checkins[0].alert_at", "must be a whole number (found 8.5)")],
    ),
    "worse_unknown": Fault(
        "course/course.toml",
        'worse = "low"',
        'worse = "lower"',
        [P("course/course.toml", 43, 1, "checkins[1].worse", "must be one of 'high' or 'low' (found 'lower')")],
    ),
    "blank_disclaimer": Fault(
        "course/course.toml",
        'disclaimer = """\nThis course is for general education. It is not medical advice; talk to a\nqualified professional before you practise.\n"""',
        'disclaimer = """\n\n"""',
        [
            P(
                "course/course.toml",
                7,
                1,
                "disclaimer",
                "must not be blank (it holds only spaces, line breaks or invisible characters)",
            )
        ],
    ),
    "misspelled_safety_table": Fault(
        "course/course.toml",
        '[[safety]]\nid = "medical-first"',
        '[[safty]]\nid = "medical-first"',
        [P("course/course.toml", 28, 1, "safty", "unknown key 'safty'")],
    ),
    "duplicate_module_id": Fault(
        "course/course.toml",
        'id = "practice"',
        'id = "basics"',
        [
            P(
                "course/course.toml",
                52,
                1,
                "modules[1].id",
                "module id 'basics' is used twice (first on line 47); ids must be unique",
            )
        ],
    ),
    "no_modules": Fault(
        "course/course.toml",
        '\n[[modules]]\nid = "basics"\ntitle = "Basics"\nlessons = ["welcome", "body-basics"]\n\n[[modules]]\nid = "practice"\ntitle = "Practice"\nlessons = ["first-practice"]\n',
        "",
        # At the first key, past the comments at the top of the file (1:1 is a comment, often the #:schema line).
        [P("course/course.toml", 3, 1, "modules", "missing required key 'modules'")],
    ),
    "source_without_author": Fault(
        "course/course.toml",
        'author = "forum members"\n',
        "",
        [P("course/course.toml", 17, 1, "sources[1].author", "missing required key 'author'")],
    ),
    "empty_module": Fault(
        "course/course.toml",
        'lessons = ["first-practice"]',
        "lessons = []",
        [
            P("course/course.toml", 54, 1, "modules[1].lessons", "needs at least 1 entry (found 0)"),
            P("lessons/first-practice.toml", 1, 1, "id", "lesson 'first-practice' is not listed in course/course.toml"),
        ],
    ),
}

_CR_OUTSIDE = "TOML syntax error: a carriage return U+000D (CR) on its own is not allowed outside a string or a comment"

#: Mistakes a new author made trying the toolkit: each with the fix the key's type asks for.
FAULTS.update(
    {
        "bare_carriage_return_in_a_body": Fault(
            "lessons/welcome.toml",
            'body = "Welcome to the course."',
            'body = """\nWelcome.\rClose your eyes.\n"""',
            # Under the key the string belongs to, not 'steps[0].Close' taken from the text after the CR.
            [
                P(
                    "lessons/welcome.toml",
                    10,
                    9,
                    "steps[0].body",
                    "TOML syntax error: a carriage return U+000D (CR) on its own is not allowed in a string",
                )
            ],
        ),
        # Outside a string a stray CR was blamed on its neighbours: "only one key = value fits on a line", "this
        # quote ends the string early", "'minutes' has no =".
        "bare_carriage_return_between_a_value_and_the_next_key": Fault(
            "lessons/welcome.toml",
            "minutes = 3\n",
            "minutes = 3\rsources2 = []\n",
            [P("lessons/welcome.toml", 3, 12, "minutes", _CR_OUTSIDE)],
        ),
        "bare_carriage_return_after_a_string": Fault(
            "lessons/welcome.toml",
            'title = "Welcome"\n',
            'title = "Welcome"\r x\n',
            [P("lessons/welcome.toml", 2, 18, "title", _CR_OUTSIDE)],
        ),
        "bare_carriage_return_in_a_key": Fault(
            "lessons/welcome.toml",
            "minutes = 3\n",
            "minutes\r = 3\n",
            [P("lessons/welcome.toml", 3, 8, "minutes", _CR_OUTSIDE)],
        ),
        "escape_byte_in_a_comment": Fault(
            "lessons/welcome.toml",
            "minutes = 3\n",
            "minutes = 3  # about \x1b three\n",
            [
                P(
                    "lessons/welcome.toml",
                    3,
                    22,
                    "minutes",
                    "TOML syntax error: the invisible control character U+001B (ESC) is not allowed in a comment",
                )
            ],
        ),
        "minutes_without_a_value": Fault(
            "lessons/welcome.toml",
            "minutes = 3",
            "minutes = ",
            [P("lessons/welcome.toml", 3, 11, "minutes", "TOML syntax error: the key has no value after =")],
        ),
        "title_without_a_value": Fault(
            "lessons/welcome.toml",
            'title = "Welcome"',
            "title =",
            [P("lessons/welcome.toml", 2, 8, "title", "TOML syntax error: the key has no value after =")],
        ),
        "bare_word_for_boolean": Fault(
            "lessons/body-basics.toml",
            "correct = true",
            "correct = tru",
            [
                P(
                    "lessons/body-basics.toml",
                    21,
                    11,
                    "steps[1].choices[0].correct",
                    "TOML syntax error: 'tru' is not a value",
                )
            ],
        ),
        "yes_for_boolean": Fault(
            "lessons/body-basics.toml",
            "correct = true",
            "correct = yes",
            [
                P(
                    "lessons/body-basics.toml",
                    21,
                    11,
                    "steps[1].choices[0].correct",
                    "TOML syntax error: 'yes' is not a value",
                )
            ],
        ),
        "number_as_word": Fault(
            "lessons/welcome.toml",
            "minutes = 3",
            "minutes = six",
            [P("lessons/welcome.toml", 3, 11, "minutes", "TOML syntax error: a whole number is written in digits")],
        ),
        "decimal_comma": Fault(
            "lessons/first-practice.toml",
            "minutes = 5",
            "minutes = 1,5",
            [
                P(
                    "lessons/first-practice.toml",
                    17,
                    12,
                    "steps[1].minutes",
                    "TOML syntax error: a number cannot contain a comma",
                )
            ],
        ),
        "checkin_not_array": Fault(
            "lessons/first-practice.toml",
            'checkin = ["tension", "calm"]',
            'checkin = "tension"',
            [P("lessons/first-practice.toml", 18, 1, "steps[1].checkin", "expected an array, found a string")],
        ),
        "blank_step_title": Fault(
            "lessons/welcome.toml",
            'id = "hello"',
            'id = "hello"\ntitle = "   "',
            [
                P(
                    "lessons/welcome.toml",
                    9,
                    1,
                    "steps[0].title",
                    "must not be blank (it holds only spaces, line breaks or invisible characters)",
                )
            ],
        ),
        "blank_summary": Fault(
            "lessons/welcome.toml",
            'id = "welcome"',
            'id = "welcome"\nsummary = " \\n "',
            [
                P(
                    "lessons/welcome.toml",
                    2,
                    1,
                    "summary",
                    "must not be blank (it holds only spaces, line breaks or invisible characters)",
                )
            ],
        ),
        "misspelled_steps_header_before_a_quiz": Fault(
            "lessons/body-basics.toml",
            '[[steps]]\nkind = "quiz"',
            '[[step]]\nkind = "quiz"',
            [P("lessons/body-basics.toml", 14, 1, "step", "unknown key 'step'")],
        ),
        "misspelled_choices_header": Fault(
            "lessons/body-basics.toml",
            '[[steps.choices]]\ntext = "Yes"',
            '[[steps.choice]]\ntext = "Yes"',
            [P("lessons/body-basics.toml", 19, 1, "steps[1].choice", "unknown key 'choice'")],
        ),
        "missing_comma_in_an_inline_choice": Fault(
            "lessons/body-basics.toml",
            None,
            'id = "body-basics"\ntitle = "Body basics"\nminutes = 5\n\n[[steps]]\nkind = "quiz"\nid = "check"\n'
            'question = "Can you stop?"\nchoices = [\n  { text = "Yes", correct = true },\n  { text = "No" feedback = "You can." },\n]\n',
            [
                P(
                    "lessons/body-basics.toml",
                    11,
                    17,
                    "steps[0].choices[1]",
                    "TOML syntax error: the items of an inline table must be separated by commas",
                )
            ],
        ),
        "worse_capitalised": Fault(
            "course/course.toml",
            'worse = "low"',
            'worse = "Low"',
            [P("course/course.toml", 43, 1, "checkins[1].worse", "must be one of 'high' or 'low' (found 'Low')")],
        ),
    }
)
#: The fix each of these cases must give, word for word.
FIXES = {
    "bare_carriage_return_in_a_body": "it is a stray line ending (from another editor or a copy): delete it, or save the file with ordinary line endings (LF)",
    "escape_byte_in_a_comment": "delete it (an editor may show it as ^[)",
    "minutes_without_a_value": "write a whole number, e.g. minutes = 5",
    "title_without_a_value": 'write the text in quotes, e.g. title = "..."',
    "bare_word_for_boolean": "write true or false (did you mean true?)",
    "yes_for_boolean": "write true or false (did you mean true?)",
    "number_as_word": "write a whole number, e.g. minutes = 6",
    "decimal_comma": "use a dot (minutes = 1.5), or a whole number",
    "minutes_as_text": "write the number without quotes: minutes = 3",
    "minutes_as_superscript_digit": "write a whole number, without quotes, e.g. minutes = 5",
    "checkin_not_array": 'write a list in square brackets: checkin = ["tension"]',
    "sources_not_array": 'write a list in square brackets: sources = ["tms-forum"]',
    "title_not_text": 'put the text in quotes: title = "..."',
    "alert_at_too_high": "write a whole number from 0 to 10",
    "minutes_zero": "write a whole number from 1 to 120",
    "exercise_zero_minutes": "write a number from 0.25 (15 seconds) to 60; 0.5 is 30 seconds",
    "exercise_timer_too_short_to_begin": "write a number from 0.25 (15 seconds) to 60; 0.5 is 30 seconds",
    "worse_unknown": "did you mean 'low'?",
    "worse_capitalised": "did you mean 'low'?",
    "duplicate_step_id": "give one of them another id (keep the one already published: learners' progress is saved under it)",
    "blank_step_title": "write the text, or remove the key (it is optional)",
    "blank_summary": "write the text, or remove the key (it is optional)",
    "blank_title": "write the text",
    "mixed_steps_headers": "steps is a list: write every one of its headers as [[steps]], never [steps]",
    "every_steps_header_single": "write every one of its headers as [[steps]], never [steps]",
    "course_table_in_a_lesson": "move it to course/course.toml",
    "prompt_text_as_body": 'write question = "..." in place of body = "..."',
    "one_line_text_closed_on_the_next_line": 'put the closing """ right after the text, on the same line (or write '
    'it in plain quotes: title = "...")',
    "empty_module_alone": 'list the ids of its lessons, e.g. lessons = ["welcome"], or remove this [[modules]] table',
    # "Remove it from previous_ids" orphaned the learners' progress saved under the old id where the other lesson
    # took it; "give that lesson another id" moved its progress onto this one where the old id was a slip here.
    # Both, each with when it is right, the common case (a slip) first.
    "previous_id_is_current": "if that lesson has always had id 'welcome', remove 'welcome' from previous_ids here "
    "(kept, its learners' progress would show on this lesson); only if this lesson had id 'welcome' before that one "
    "took it, give the lesson in lessons/welcome.toml another id",
}


def faulty_course(tmp_path: Path, fault: Fault) -> Path:
    root = tmp_path / "faulty"
    shutil.copytree(BASE_COURSE, root)
    target = root / fault.file
    if fault.old is None:
        target.write_text(fault.new, encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        assert text.count(fault.old) == 1, "a fault changes one place"
        target.write_text(text.replace(fault.old, fault.new), encoding="utf-8")
    return root


def test_the_suite_is_large_and_covers_every_file_of_a_course() -> None:
    assert len(FAULTS) >= 50
    assert {fault.file.split("/")[0] for fault in FAULTS.values()} == {"course", "lessons"}
    syntax = [name for name, fault in FAULTS.items() if any("TOML syntax" in p.fragment for p in fault.expected)]
    assert len(syntax) >= 25


@pytest.mark.parametrize("case", list(FAULTS))
def test_faulty_course(case: str, tmp_path: Path) -> None:
    fault = FAULTS[case]
    root = faulty_course(tmp_path, fault)
    problems = loader.check_course(root).problems
    got = [(p.path.relative_to(root).as_posix(), p.line, p.col, p.key) for p in problems]
    assert got == [(e.file, e.line, e.col, e.key) for e in fault.expected]
    for problem, want in zip(problems, fault.expected, strict=True):
        assert want.fragment in problem.message
        if problem.message.startswith("TOML syntax error"):
            assert problem.suggestion, "a syntax error says how to fix it"
        assert "Illegal character" not in problem.text() and "Cannot overwrite" not in problem.text()


@pytest.mark.parametrize("case", list(FIXES))
def test_the_fix_fits_the_key(case: str, tmp_path: Path) -> None:
    """Type, range and bare-word mistakes say how to write the value this key needs."""
    root = faulty_course(tmp_path, FAULTS[case])
    [problem] = loader.check_course(root).problems
    assert problem.suggestion == FIXES[case]
    assert "integer" not in problem.text(), "the guide says whole number"


@pytest.mark.parametrize("case", list(FAULTS))
def test_faulty_course_as_json(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = FAULTS[case]
    root = faulty_course(tmp_path, fault)
    monkeypatch.chdir(root)
    assert cli.main(["check", "--format", "json", "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    document = json.loads(captured.out)
    assert document["format"] == "unclench.check/1"
    assert document["ok"] is False
    assert document["checked"] == [{"path": ".", "kind": "course"}]  # as the files are: from where it ran
    got = [(p["file"], p["line"], p["column"], p["key"], p["severity"]) for p in document["problems"]]
    assert got == [(e.file, e.line, e.col, e.key, "error") for e in fault.expected]
    for found, want in zip(document["problems"], fault.expected, strict=True):
        assert want.fragment in found["message"]
        assert set(found) == {"file", "line", "column", "key", "severity", "message", "suggestion"}
