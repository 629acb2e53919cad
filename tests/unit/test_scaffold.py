"""`unclench new course` and `unclench new lesson`: what they write passes `unclench check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli

from unclench import cli, loader, scaffold
from unclench.placeholders import PLACEHOLDERS
from unclench.schema import schema_text


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def course(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "new", "course", "my-course")
    assert (code, err) == (0, "")
    return Path("my-course")


def index_data(course: Path) -> dict[str, object]:
    return tomli.loads((course / "course" / "course.toml").read_text(encoding="utf-8"))


def module_lessons(course: Path) -> dict[str, list[str]]:
    modules = index_data(course)["modules"]
    assert isinstance(modules, list)
    return {module["id"]: module["lessons"] for module in modules}


def set_modules(course: Path, modules_toml: str) -> None:
    """Replace the [[modules]] part of the scaffolded index."""
    index = course / "course" / "course.toml"
    text = index.read_text(encoding="utf-8")
    index.write_text(text[: text.index("[[modules]]")] + modules_toml, encoding="utf-8")


# -- new course -----------------------------------------------------------------------


def test_new_course_checks_clean(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sorted(p.relative_to(course).as_posix() for p in course.rglob("*") if p.is_file()) == [
        "course/course.schema.json",
        "course/course.toml",
        "course/lesson.schema.json",
        "lessons/welcome.toml",
    ]
    code, out, err = run(capsys, "check", str(course))
    assert code == 0
    assert out == "course OK, with 3 warnings (above): 1 lesson (My course) in my-course\n"
    assert [line.split(": ")[0] for line in err.splitlines()] == [  # only the placeholders left to replace
        "my-course/course/course.toml:6:1",
        "my-course/lessons/welcome.toml:5:1",
        "my-course/lessons/welcome.toml:13:1",
    ]


def test_new_course_and_four_new_lessons_check_clean(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A stranger's fresh scaffold warned at its own quiz: "the correct choice is listed first, as in 5 of 5
    # single-answer quizzes". Each new lesson has it at the next place; only the placeholders are left to write.
    for lesson_id in ("one", "two", "three", "four"):
        assert run(capsys, "new", "lesson", lesson_id, "--course", str(course))[0] == 0
    code, out, err = run(capsys, "check", "--no-cache", str(course))
    assert (code, out) == (0, "course OK, with 11 warnings (above): 5 lessons (My course) in my-course\n")
    assert [line for line in err.splitlines() if "placeholder text from `unclench new`" not in line] == []


def test_check_warns_at_every_placeholder_text_left_as_it_is(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The scaffold's course summary reached learners as it was ("What this course offers, in a sentence or two."),
    # and check said nothing. A warning, not an error: the course is valid, and check exits 0.
    fix = "this is still the placeholder text from `unclench new`; learners would see it as it is; write your own"
    code, out, err = run(capsys, "check", str(course))
    assert code == 0
    # The count is on stdout too: a CI log that drops stderr lost the warnings without a word.
    assert out == "course OK, with 3 warnings (above): 1 lesson (My course) in my-course\n"
    assert err.splitlines() == [
        f"my-course/course/course.toml:6:1: warning: summary: {fix} in its place",
        f"my-course/lessons/welcome.toml:5:1: warning: summary: {fix} in its place",
        f"my-course/lessons/welcome.toml:13:1: warning: steps[0].body: {fix} in its place",
    ]
    # The guidance placeholders too, once their lines are uncommented; and none once the author wrote their own.
    index = course / "course" / "course.toml"
    text = index.read_text(encoding="utf-8").replace("# [guidance]", "[guidance]").replace("# stop =", "stop =")
    index.write_text(text.replace(PLACEHOLDERS["course_summary"], "Calm, short practices."), "utf-8")
    lesson = course / "lessons" / "welcome.toml"
    text = lesson.read_text(encoding="utf-8").replace(PLACEHOLDERS["lesson_summary"], "Where to begin.")
    lesson.write_text(text.replace(PLACEHOLDERS["lesson_body"], "Welcome. Take your time."), "utf-8")
    code, out, err = run(capsys, "check", str(course))
    assert code == 0
    assert out == "course OK, with 1 warning (above): 1 lesson (My course) in my-course\n"
    assert err.splitlines() == [f"my-course/course/course.toml:28:1: warning: guidance.stop: {fix} in its place"]
    code, out, _ = run(capsys, "check", str(course), "--format", "json")
    assert code == 0
    assert [(p["key"], p["severity"]) for p in json.loads(out)["problems"]] == [("guidance.stop", "warning")]


def test_new_course_output_says_what_to_do_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "new", "course", "other")
    assert code == 0
    assert out.splitlines()[0] == "Created a course in other:"
    assert "  other/course/course.toml" in out.splitlines()
    assert "unclench check other" in out
    assert "unclench --course other" in out


def test_new_course_output_quotes_a_folder_with_spaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stranger's `new course "/tmp/sa/My Course!"` was told to run `unclench check /tmp/sa/My Course!`.
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "new", "course", "My Course!")
    assert code == 0
    assert "Check it with `unclench check 'My Course!'`, run it with `unclench --course 'My Course!'`." in out
    lesson = Path("My Course!") / "lessons" / "welcome.toml"
    code, out, _ = run(capsys, "check", str(lesson))
    assert code == 0
    assert "to check them, `unclench check 'My Course!'`" in out


def test_scaffolded_course_loads(course: Path) -> None:
    loaded = loader.load_course(course)
    assert loaded.id == "my-course"
    assert [lesson.id for lesson in loaded.ordered_lessons()] == ["welcome"]
    assert [note.id for note in loaded.safety] == ["stop-anytime"]
    assert [step.kind for step in loaded.lessons["welcome"].steps] == ["page", "prompt", "quiz"]


def test_scaffolded_schemas_are_current(course: Path) -> None:
    for kind in ("lesson", "course"):
        written = (course / "course" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert written == schema_text(kind)
        json.loads(written)


def test_new_course_in_an_odd_folder_name(tmp_path: Path) -> None:
    folder = tmp_path / "My Course: Ünïcode!"
    scaffold.new_course(folder)
    assert index_data(folder)["id"] == "my-course-n-code"
    assert loader.check_course(folder).ok


def test_new_course_refuses_an_existing_course(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (course / "course" / "course.toml").read_bytes()
    code, out, err = run(capsys, "new", "course", str(course))
    assert code == 2
    assert out == ""
    assert err == f"error: {course} already holds a course (course/course.toml exists)\n"
    assert (course / "course" / "course.toml").read_bytes() == before


def test_lessons_without_an_index_are_told_how_to_get_one_and_new_course_writes_nothing_over_them(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tester followed `status`'s advice for a folder of lessons that had lost its index ("create one with
    `unclench new course DIR`"): it wrote the index, then said "cannot create the course: exists"."""
    (course / "course" / "course.toml").unlink()
    lesson = (course / "lessons" / "welcome.toml").read_bytes()
    code, _, err = run(capsys, "status", "--course", str(course))
    assert code == 2
    assert "Give its lessons an index: `unclench new course OTHER-FOLDER` writes one to copy into" in err
    code, _, err = run(capsys, "check", str(course))
    assert code == 1
    assert "writes an example to copy from)" in err and "or pass --course DIR" not in err  # the folder was named
    code, out, err = run(capsys, "new", "course", str(course))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {course} already has lessons/welcome.toml; nothing was written\n")
    assert not (course / "course" / "course.toml").exists()
    assert (course / "lessons" / "welcome.toml").read_bytes() == lesson


def test_new_course_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "new", "course", str(target))
    assert code == 2
    assert "exists and is not a folder" in err
    assert target.read_text(encoding="utf-8") == "keep me"


# -- new lesson -----------------------------------------------------------------------


def test_new_lesson_registers_in_last_module(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_modules(
        course,
        '[[modules]]\nid = "first"\ntitle = "First"\nlessons = ["welcome"]\n\n'
        '[[modules]]\nid = "second"\ntitle = "Second"\nlessons = [\n  "welcome-2",  # next\n]\n',
    )
    (course / "lessons" / "welcome-2.toml").write_text(
        (course / "lessons" / "welcome.toml").read_text(encoding="utf-8").replace('id = "welcome"', 'id = "welcome-2"'),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "new", "lesson", "breathing-basics", "--course", str(course))
    assert (code, err) == (0, "")
    lesson = course / "lessons" / "breathing-basics.toml"
    assert out.splitlines() == [
        f"Wrote {lesson}",
        f"Listed 'breathing-basics' in module 'second' of {course / 'course' / 'course.toml'}.",
    ]
    assert module_lessons(course) == {"first": ["welcome"], "second": ["welcome-2", "breathing-basics"]}
    # The comment after the last element survives the edit.
    assert "# next" in (course / "course" / "course.toml").read_text(encoding="utf-8")
    data = tomli.loads(lesson.read_text(encoding="utf-8"))
    assert data["id"] == "breathing-basics"
    assert data["title"] == "Breathing basics"
    code, out, err = run(capsys, "check", str(course))
    assert (code, out) == (0, "course OK, with 7 warnings (above): 3 lessons (My course) in my-course\n")
    assert all(": warning: " in line and "placeholder text" in line for line in err.splitlines())
    code, out, _ = run(capsys, "check", str(lesson))
    assert code == 0 and out.startswith(f"lesson OK: {lesson}\n")


def test_new_lesson_into_a_chosen_module(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_modules(
        course,
        "[[modules]]\nid = 'first'\ntitle = 'First'\nlessons = ['welcome']\n\n"
        '[[modules]]\nid = "second"\ntitle = "Second"\nlessons = ["other"]\n',
    )
    scaffold.new_lesson(course, "other")  # into the last module, where it is already listed
    code, out, _ = run(capsys, "new", "lesson", "extra", "--course", str(course), "--module", "first")
    assert code == 0
    assert "Listed 'extra' in module 'first'" in out
    assert module_lessons(course) == {"first": ["welcome", "extra"], "second": ["other"]}
    assert loader.check_course(course).ok


def test_new_lesson_already_listed_is_not_listed_twice(course: Path) -> None:
    set_modules(course, '[[modules]]\nid = "m"\ntitle = "M"\nlessons = ["welcome", "planned"]\n')
    made = scaffold.new_lesson(course, "planned")
    assert (made.registered_in, made.instructions) == ("m", None)
    assert module_lessons(course) == {"m": ["welcome", "planned"]}
    assert loader.check_course(course).ok


def test_new_lesson_listed_in_an_earlier_module_says_so(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An author stranger read "Listed 'breath' in module ..." for a lesson listed already; and one listed in an
    earlier module than the last was listed again, in the last (twice is an error)."""
    set_modules(
        course,
        '[[modules]]\nid = "a"\ntitle = "A"\nlessons = ["planned", "welcome"]\n\n'
        '[[modules]]\nid = "b"\ntitle = "B"\nlessons = ["welcome-2"]\n',
    )
    code, out, err = run(capsys, "new", "lesson", "planned", "--course", str(course))
    assert (code, err) == (0, "")
    assert f"'planned' was listed already, in module 'a' of {course / 'course' / 'course.toml'}." in out
    assert module_lessons(course) == {"a": ["planned", "welcome"], "b": ["welcome-2"]}


def test_new_lesson_defaults_to_the_current_folder(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(course)
    code, _, _ = run(capsys, "new", "lesson", "here")
    assert code == 0
    assert Path("lessons/here.toml").is_file()
    assert module_lessons(Path(".")) == {"getting-started": ["welcome", "here"]}


def test_top_level_course_option_also_works(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "--course", str(course), "new", "lesson", "via-top-level")
    assert code == 0
    assert (course / "lessons" / "via-top-level.toml").is_file()


@pytest.mark.parametrize(
    ("bad", "example"),
    [
        # The example is the id made of what was typed (an author stranger's "My Hands" was shown another).
        ("Bad_Id", "bad-id"),
        ("with space", "with-space"),
        ("-leading-dash", "leading-dash"),
        ("ünï", "uni"),
        ("", "breathing-basics"),
        ("a" * 65, "a" * 64),
        ("../escape", "escape"),
    ],
)
def test_new_lesson_invalid_id(course: Path, capsys: pytest.CaptureFixture[str], bad: str, example: str) -> None:
    before = sorted((course / "lessons").iterdir())
    code, out, err = run(capsys, "new", "lesson", "--course", str(course), "--", bad)
    assert code == 2
    assert out == ""
    assert err == (
        f"error: '{bad}' is not a valid lesson id\nhint: use lower-case letters, digits and dashes (e.g. '{example}')\n"
    )
    assert sorted((course / "lessons").iterdir()) == before


def test_new_lesson_refuses_an_existing_file(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    welcome = course / "lessons" / "welcome.toml"
    welcome.write_text("# my own work\n", encoding="utf-8")
    code, out, err = run(capsys, "new", "lesson", "welcome", "--course", str(course))
    assert code == 2
    assert out == ""
    assert err == f"error: {welcome} already exists\nhint: choose another id or edit that file\n"
    assert welcome.read_text(encoding="utf-8") == "# my own work\n"


def test_check_advice_for_a_blank_lesson_file_works(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An author stranger was told `unclench new lesson ID` for an empty file, and it failed: the file exists. A
    blank file (white space only: nothing to lose) is written over; one with only comments is told so, and kept."""
    blank = course / "lessons" / "hands.toml"
    blank.write_text("\n  \n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--no-cache", str(course))
    assert code == 1
    needs = "a lesson needs id, title, minutes and at least one [[steps]]"
    advice = "`unclench new lesson hands --course DIR` writes one in its place"
    assert f"lessons/hands.toml:1:1: this file is empty: {needs}; {advice}" in err
    code, _, err = run(capsys, "new", "lesson", "hands", "--course", str(course))
    assert (code, err) == (0, "")
    assert 'id = "hands"' in blank.read_text(encoding="utf-8")
    assert run(capsys, "check", "--no-cache", str(course))[0] == 0

    noted = course / "lessons" / "feet.toml"
    noted.write_text("# TODO: feet\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--no-cache", str(course))
    assert "lessons/feet.toml:1:1: this file holds only comments: a lesson needs" in err
    code, _, err = run(capsys, "new", "lesson", "feet", "--course", str(course))
    assert code == 2 and "already exists" in err
    assert noted.read_text(encoding="utf-8") == "# TODO: feet\n"


def test_new_lesson_course_not_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, "new", "lesson", "x", "--course", str(missing))
    assert code == 2
    assert out == ""
    assert err == (
        f"error: {missing} is not a course folder: it has no course/course.toml\n"
        "hint: pass --course DIR or create one with `unclench new course DIR`\n"
    )
    assert not missing.exists()


def test_new_lesson_unknown_module(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new", "lesson", "extra", "--course", str(course), "--module", "nope")
    assert code == 2
    assert out == ""
    assert "has no module 'nope' (modules: getting-started)" in err
    assert not (course / "lessons" / "extra.toml").exists()


#: course.toml [[modules]] parts that `new lesson` cannot edit safely.
UNEDITABLE = {
    "no lessons key": '[[modules]]\nid = "m"\ntitle = "M"\n',
    "empty lessons": '[[modules]]\nid = "m"\ntitle = "M"\nlessons = []\n',
    "multi-line literal strings": "[[modules]]\nid = \"m\"\ntitle = \"M\"\nlessons = [\n'''welcome''',\n]\n",
    "lessons not an array": '[[modules]]\nid = "m"\ntitle = "M"\nlessons = "welcome"\n',
    "no modules": "",
    "modules not tables": "modules = [1, 2]\n",
}


@pytest.mark.parametrize("name", list(UNEDITABLE))
def test_new_lesson_prints_what_to_add_when_index_cannot_be_edited(
    course: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    set_modules(course, UNEDITABLE[name])
    index = course / "course" / "course.toml"
    before = index.read_bytes()
    code, out, err = run(capsys, "new", "lesson", "extra", "--course", str(course))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Wrote {course / 'lessons' / 'extra.toml'}",
        f'Add "extra" to the lessons = [...] list of a module in {index}.',
    ]
    assert index.read_bytes() == before, "the index is left alone"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (
            b'[[modules]]\nid = "m\n',
            "course/course.toml:2:6: modules[0].id: TOML syntax error: this string is not closed before the end of "
            'its line (the parser gave up at line 2, column 8); add the closing " on the same line; for text over '
            'several lines use """ ... """',
        ),
        (b'title = "caf\xe9"\n', "course/course.toml:1:13: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    ],
)
def test_new_lesson_with_unreadable_index_writes_nothing_and_says_why(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, written: bytes, problem: str
) -> None:
    # It wrote the lesson and said only "Add ... to the lessons list", exit 0: the author was not told the index
    # was broken, and running it again once fixed refused ("already exists"). Now nothing is written, so that
    # running it again does both halves.
    root = course.resolve()
    index = root / "course" / "course.toml"
    index.write_bytes(written)
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "new", "lesson", "extra")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        problem,
        f"error: {index} cannot be read, so 'extra' was neither written nor listed",
        "hint: fix it, then run this command again",
    ]
    assert not (root / "lessons" / "extra.toml").exists()
    assert index.read_bytes() == written


def test_new_lesson_then_check_through_the_loader(course: Path) -> None:
    for lesson_id in ("one", "two", "three"):
        made = scaffold.new_lesson(course, lesson_id)
        assert made.path == course / "lessons" / f"{lesson_id}.toml"
        assert made.registered_in == "getting-started"
    loaded = loader.load_course(course)
    assert [lesson.id for lesson in loaded.ordered_lessons()] == ["welcome", "one", "two", "three"]


def test_scaffold_quiz_feedback_reads_well_after_the_app_s_mark() -> None:
    # The app shows "✓ That's right." and then "✓ Yes: <feedback>": feedback that began "Yes." read
    # "✓ Yes: Yes. Your progress is saved". A verdict is the app's to give; feedback says why.
    lesson = tomli.loads(scaffold.lesson_text("welcome", "Welcome"))
    choices = [choice for step in lesson["steps"] if step["kind"] == "quiz" for choice in step["choices"]]
    assert choices
    for choice in choices:
        first_word = choice["feedback"].split()[0].strip(".,:;!").lower()
        assert first_word not in {"yes", "no", "correct", "right", "wrong", "incorrect"}, choice["feedback"]


def test_new_lesson_refuses_an_id_another_file_has(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A stranger's lessons/wind-down.toml said id = "evening-routine": `new lesson evening-routine` wrote a
    # second lesson with that id, listed it, and the course no longer passed `check`.
    lessons = course / "lessons"
    (lessons / "welcome.toml").rename(lessons / "wind-down.toml")
    before = sorted(lessons.iterdir())
    index_before = (course / "course" / "course.toml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "new", "lesson", "welcome", "--course", str(course))
    assert (code, out) == (2, "")
    assert err == (
        f"error: 'welcome' is already the id of the lesson in {lessons / 'wind-down.toml'}\n"
        "hint: choose another id (e.g. 'welcome-2'); nothing was written\n"
    )
    assert sorted(lessons.iterdir()) == before
    assert (course / "course" / "course.toml").read_text(encoding="utf-8") == index_before


def test_new_lesson_refuses_an_old_id_of_another_lesson(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Taking over an old id kept in previous_ids would hand the learners' progress saved under it to the new lesson.
    welcome = course / "lessons" / "welcome.toml"
    text = welcome.read_text(encoding="utf-8")
    welcome.write_text(text.replace("sources = []", 'sources = []\nprevious_ids = ["wind-down", "wind-down-2"]'))
    code, out, err = run(capsys, "new", "lesson", "wind-down", "--course", str(course))
    assert (code, out) == (2, "")
    assert err == (
        f"error: 'wind-down' is an old id of lesson 'welcome' (in previous_ids of {welcome}): learners' progress "
        "saved under it goes to that lesson\n"
        "hint: choose another id (e.g. 'wind-down-3'); nothing was written\n"
    )
    assert not (course / "lessons" / "wind-down.toml").exists()
    assert module_lessons(course) == {"getting-started": ["welcome"]}
