"""Hostile text: course files may not hold control characters, and nothing raw reaches a terminal.

Covers issue 11 items 1 and 2: the format rule (``check`` at FILE:LINE:COL with
the key path; the app refuses such a course; the course cache cannot bypass
it) and the one sanitiser, :func:`unclench.text.visible`, at every output of
the commands (check, status, check --against-progress, export, import).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from unclench import coursecache, validation
from unclench.cli import main
from unclench.loader import check_course
from unclench.store import ProgressStore
from unclench.text import first_mismeasured, json_text, visible

#: What no output may hold: C0 controls but tab and newline, DEL, C1 controls, bidirectional overrides.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ALL_CONTROLS = "".join(
    chr(c)
    for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if c not in (0x09, 0x0A)
)


def _course(tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    assert main(["new", "course", str(folder)]) == 0
    return folder


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    folder = _course(tmp_path)
    capsys.readouterr()
    return folder


# -- the sanitiser ------------------------------------------------------------------------------


def test_visible_shows_every_control_as_a_symbol_and_keeps_tab_and_newline() -> None:
    shown = visible(ALL_CONTROLS + "\t\n")
    assert RAW_CONTROL.search(shown) is None
    assert shown.endswith("\t\n")
    assert visible("\x1b]52;c;aGk=\x07") == "␛]52;c;aGk=␇"
    assert visible("\x9b2J\x7f") == "⟨U+009B⟩2J␡"
    assert visible("abc\u202edef") == "abc⟨U+202E⟩def"  # a right-to-left override would reverse what follows
    assert visible("name\udcff") == "name\ufffd"  # an undecodable byte of a file name
    plain = "emoji 🙂, שלום, [bold]"
    assert visible(plain) is plain


def test_every_character_visible_replaces_is_one_python_does_not_print() -> None:
    # visible() passes a text str.isprintable() accepts without searching it for controls: exact only while this
    # holds. The printable characters it replaces are MISMEASURED's, looked for apart in text that is not ASCII.
    replaced = [chr(code) for code in range(0x110000) if visible(chr(code)) != chr(code)]
    assert len(replaced) > 2000  # C0, DEL, C1, the bidirectional controls and marks, separators, tags, surrogates
    assert [char for char in replaced if char.isprintable() and first_mismeasured(char) is None] == []
    for char in replaced:  # the same in a line of printable text, at its start, middle and end
        assert visible(f"{char}ab{char}cd{char}") == visible(char) + "ab" + visible(char) + "cd" + visible(char)


def test_json_text_escapes_del_c1_and_surrogates_and_stays_lossless() -> None:
    data = {"a": ALL_CONTROLS + "\udcff"}
    text = json_text(data)
    assert RAW_CONTROL.search(text) is None and "\udcff" not in text
    assert json.loads(text) == data


# -- the format rule ------------------------------------------------------------------------------

COURSE_FIELDS = [
    ('title = "C"', "title", 'title = "C\\u001b]0;pwned\\u0007"'),
    ("summary = ", "summary", 'summary = "\\e[2J" #'),
    ('disclaimer = """', "disclaimer", 'disclaimer = """\\u009b2J'),
    ('title = "You can stop at any moment"', "safety[0].title", 'title = "You can \\x7f stop"'),
    ("You can stop whenever you want", "safety[0].text", "\\u0085You can stop whenever you want"),
    ('label = "Tension"', "checkins[0].label", 'label = "Ten\\bsion"'),
    ('question = "How tense', "checkins[0].question", 'question = "\\fHow tense'),
]
LESSON_FIELDS = [
    ('title = "Welcome"\nsummary', "title", 'title = "Wel\\u001Bcome"\nsummary'),
    ('summary = "One sentence', "summary", 'summary = "\\U0000001bOne sentence'),
    (
        'kind = "page"\nid = "introduction"\ntitle = "Welcome"',
        "steps[0].title",
        'kind = "page"\nid = "introduction"\ntitle = "We\\rlcome"',
    ),
    ("Write the lesson here", "steps[0].body", "Write \\u009d8;;http://x\\u009c the lesson here"),
    ('question = "What do you notice', "steps[1].question", 'question = "\\u0000What do you notice'),
    ('hint = "There is no right answer.', "steps[1].hint", 'hint = "\\u001b[8mThere is no right answer.'),
]


def _escape_line_col(text: str, key_old: str, new: str) -> tuple[int, int]:
    """Line and column of the first escape written by ``new`` once it replaced ``key_old``."""
    offset = text.index(key_old) + new.index("\\")
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


@pytest.mark.parametrize(("old", "key", "new"), COURSE_FIELDS, ids=[k for _, k, _ in COURSE_FIELDS])
def test_a_control_character_in_a_course_text_is_a_problem_at_its_escape(
    course_dir: Path, capsys: pytest.CaptureFixture[str], old: str, key: str, new: str
) -> None:
    _assert_refused_at(course_dir, course_dir / "course" / "course.toml", old, key, new, capsys)


@pytest.mark.parametrize(("old", "key", "new"), LESSON_FIELDS, ids=[k for _, k, _ in LESSON_FIELDS])
def test_a_control_character_in_a_lesson_text_is_a_problem_at_its_escape(
    course_dir: Path, capsys: pytest.CaptureFixture[str], old: str, key: str, new: str
) -> None:
    _assert_refused_at(course_dir, course_dir / "lessons" / "welcome.toml", old, key, new, capsys)


def _assert_refused_at(
    root: Path, path: Path, old: str, key: str, new: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    line, col = _escape_line_col(changed, new, new)
    assert main(["check", str(root)]) == 1
    err = capsys.readouterr().err
    assert RAW_CONTROL.search(err) is None
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    found = [entry for entry in err.splitlines() if f": {key}: control character U+" in entry]
    assert len(found) == 1, err
    assert found[0].startswith(f"{shown}:{line}:{col}: {key}: control character U+")
    assert found[0].endswith("is not allowed in text; remove it")
    # The app refuses the course as it refuses any invalid one, and tells why.
    assert main(["--course", str(root)]) == 1
    assert "control character" in capsys.readouterr().err


def test_the_message_names_the_character(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = course_dir / "course" / "course.toml"
    index.write_text(index.read_text().replace('title = "C"', 'title = "C\\u001b"', 1))
    assert main(["check", str(course_dir)]) == 1
    assert "title: control character U+001B (ESC) is not allowed in text; remove it" in capsys.readouterr().err


def test_windows_line_endings_in_long_texts_are_not_control_characters(course_dir: Path) -> None:
    for path in [course_dir / "course" / "course.toml", *(course_dir / "lessons").glob("*.toml")]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check_course(course_dir).problems == []


@pytest.mark.parametrize("kind", validation.KINDS)
@pytest.mark.parametrize("char", ALL_CONTROLS, ids=[f"U+{ord(c):04X}" for c in ALL_CONTROLS])
def test_compiled_validators_and_models_both_refuse_every_control(char: str, kind: validation.Kind) -> None:
    if kind == "course":
        data: dict[str, object] = {
            "format_version": 1,
            "id": "c",
            "title": f"a{char}b",
            "disclaimer": "d",
            "modules": [{"id": "m", "title": "M", "lessons": ["l"]}],
        }
    else:
        data = {"id": "l", "title": "L", "minutes": 5, "steps": [{"kind": "page", "id": "p", "body": f"x{char}"}]}
    with pytest.raises(ValidationError):
        validation.model_for(kind).model_validate(data)
    assert validation.accepted(kind, data) is None  # the compiled validators agree with the models


def test_a_cached_course_cannot_bring_control_characters_back(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir(mode=0o700)
    coursecache.RACY_NS, saved = 0, coursecache.RACY_NS
    try:
        coursecache.load_course(course_dir)
    finally:
        coursecache.RACY_NS = saved
    [cache] = (tmp_path / "data" / "cache").glob("course-*.json")
    cached = json.loads(cache.read_text(encoding="utf-8"))
    cached["data"]["course/course.toml"]["title"] = "C\x1b]0;pwned\x07"
    cache.write_text(json.dumps(cached, ensure_ascii=False), encoding="utf-8")
    os.chmod(cache, 0o600)
    assert coursecache.lookup(course_dir, tmp_path / "data").course is None
    assert "\x1b" not in coursecache.load_course(course_dir).title


# -- outputs of the commands ------------------------------------------------------------------------


def test_a_lesson_file_named_with_an_escape_is_printed_visibly(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course_dir / "lessons" / "\x1b]0;pwned\x07.toml").write_text('id = "x\x01"\n', encoding="utf-8")
    assert main(["check", str(course_dir)]) == 1
    err = capsys.readouterr().err
    assert "␛]0;pwned␇.toml" in err
    assert RAW_CONTROL.search(err) is None


def test_an_unknown_key_with_an_escape_is_printed_visibly(course_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(lesson.read_text().replace("minutes = 5", 'minutes = 5\n"\\u001b[2Jx" = 1'), encoding="utf-8")
    assert main(["check", str(course_dir)]) == 1
    err = capsys.readouterr().err
    assert "␛[2Jx" in err and RAW_CONTROL.search(err) is None


HOSTILE_ID = "gone\x1b]52;c;aGk=\x07\x9b2J"


def _save_hostile_record() -> None:
    with ProgressStore.open() as store:
        store.save_answer("c", HOSTILE_ID, "step\x1b[2J", "Q\x1b?", "answer \x1b]0;t\x07 \x85")
        store.set_position("c", HOSTILE_ID, "s\x07")


def _new_course_with_id(tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    assert main(["new", "course", str(folder)]) == 0
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--json"],
        ["export"],
        ["export", "--format", "json"],
        ["check", "--against-progress"],
    ],
    ids=["status", "status-json", "export-md", "export-json", "against-progress"],
)
def test_stored_ids_and_text_reach_no_terminal_raw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data\x1b[2J"))
    folder = _new_course_with_id(tmp_path)
    _save_hostile_record()
    capsys.readouterr()
    args = [*command, str(folder)] if command[0] == "check" else [*command, "--course", str(folder)]
    # An answer whose lesson is gone is reported by --against-progress as work that no longer shows.
    assert main(args) == (1 if command[0] == "check" else 0)
    out, err = capsys.readouterr()
    assert RAW_CONTROL.search(out) is None and RAW_CONTROL.search(err) is None
    if command[0] == "check":
        assert "previous_ids" not in out  # no id to give back: the stored one is not one a course may hold
    if command == ["export", "--format", "json"]:
        exported = json.loads(out)
        assert exported["journal"][0]["lesson_id"] == HOSTILE_ID  # lossless
        assert exported["journal"][0]["answer"] == "answer \x1b]0;t\x07 \x85"
    elif command[0] != "status" or "--json" not in command:
        assert "␛" in out


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(ALL_CONTROLS), max_size=40))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_text_in_a_course_title_never_reaches_check_output_raw(
    course_dir: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    index = course_dir / "course" / "course.toml"
    original = index.read_text(encoding="utf-8")
    try:
        index.write_text(original.replace('title = "C"', f"title = {json.dumps(title)}", 1), encoding="utf-8")
        code = main(["check", "--no-cache", str(course_dir)])
        out, err = capsys.readouterr()
        assert RAW_CONTROL.search(out + err) is None
        assert code == (1 if RAW_CONTROL.search(title) or not title else 0) or code == 1
    finally:
        index.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("kind", validation.KINDS)
def test_every_text_field_of_the_format_refuses_control_characters(kind: validation.Kind) -> None:
    """A text field added later cannot forget the rule: every string in the schema has a pattern refusing ESC."""
    schema = validation.model_for(kind).model_json_schema()
    strings: list[tuple[str, dict[str, object]]] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and "const" not in node and "enum" not in node:
                strings.append((where, node))
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{where}[{index}]")

    walk(schema, kind)
    assert len(strings) > 10
    for where, node in strings:
        pattern = node.get("pattern")
        assert isinstance(pattern, str), f"{where} has no pattern"
        assert re.search(pattern, "fine \x1b[2J text") is None, where
        assert re.search(pattern, "fine \x9b text") is None, where
