"""Whatever a lesson file or course.toml holds, `check` answers with problems, never a traceback."""

from __future__ import annotations

import contextlib
import io
import math
import random
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench import cli, loader
from unclench.problems import Problem
from unclench.tomlpos import KeyPath, key_positions

BASE_COURSE = Path(__file__).parent / "data" / "base_course"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """A scratch folder shared by the examples of one test (hypothesis reruns the body many times)."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def assert_problems_in_range(problems: list[Problem], path: Path, text: str) -> None:
    lines = text.split("\n")
    for problem in problems:
        if problem.path != path:
            continue
        assert 1 <= problem.line <= len(lines) + 1, problem
        assert problem.col >= 1, problem
        if problem.line <= len(lines):
            assert problem.col <= len(lines[problem.line - 1]) + 1, problem
        assert problem.message, problem


# -- (a) random bytes ---------------------------------------------------------------

VALID_LESSON = (BASE_COURSE / "lessons" / "body-basics.toml").read_bytes()


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=400),
        # Mostly a real lesson, with random bytes spliced in, so parsing gets somewhere.
        st.tuples(st.integers(0, len(VALID_LESSON)), st.binary(max_size=20)).map(
            lambda cut: VALID_LESSON[: cut[0]] + cut[1] + VALID_LESSON[cut[0] :]
        ),
        st.text(max_size=300).map(str.encode),
    )
)
def test_random_bytes_as_a_lesson_file(workdir: Path, raw: bytes) -> None:
    path = workdir / "random.toml"
    path.write_bytes(raw)
    code, out, err = run_cli("check", str(path))
    assert code in {0, 1}
    assert "Traceback" not in err
    if code == 1:
        assert out == ""
        assert err.strip().splitlines()[-1].endswith("in 1 file")
    result = loader.check_lesson_file(path)
    assert result.ok == (code == 0)
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    assert_problems_in_range(result.problems, path, text)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_course_index(workdir: Path, raw: bytes) -> None:
    root = workdir / "course-random-bytes"
    if not root.exists():
        shutil.copytree(BASE_COURSE, root)
    index = root / "course" / "course.toml"
    index.write_bytes(raw)
    code, _, err = run_cli("check", str(root))
    assert code == 1
    assert "Traceback" not in err


# -- (b) random TOML documents --------------------------------------------------------

#: Keys of the authoring format, so that random documents reach deep into the schema.
KNOWN_KEYS = [
    "id",
    "title",
    "summary",
    "minutes",
    "sources",
    "previous_ids",
    "steps",
    "kind",
    "body",
    "question",
    "hint",
    "choices",
    "text",
    "correct",
    "feedback",
    "multiple",
    "tremor",
    "safety",
    "checkin",
    "format_version",
    "disclaimer",
    "modules",
    "lessons",
    "checkins",
    "guidance",
    "alert_at",
    "worse",
    "always",
    "label",
    "author",
]
KNOWN_VALUES = ["welcome", "Bad Id", "stop-anytime", "page", "prompt", "quiz", "exercise", "tension", "high", ""]

#: Pieces of text that look like TOML syntax, to trouble a scanner that tracks strings.
FRAGMENTS = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"""',
    "[",
    "]",
    "[[steps]]",
    "\n[fake.table]\n",
    "#",
    "=",
    "{",
    ",",
    "\r\n",
]
tricky_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.characters(codec="utf-8")), max_size=8).map("".join)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=6), tricky_text)
scalars = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    st.text(max_size=12),
    tricky_text,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8)

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_COMMENTS = ["", "  # [fake.table]", '  # "quoted" and [[steps]]', "\t# ]}"]


def toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_basic(key)


def _escape(ch: str, allowed: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if ch in allowed:
        return ch
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"\\u{ord(ch):04x}"
    return ch


def toml_basic(text: str) -> str:
    return '"' + "".join(_escape(ch, "\t") for ch in text) + '"'


def toml_string(text: str, rng: random.Random) -> str:
    plain = not any((ord(ch) < 0x20 and ch not in "\t\n") or ord(ch) == 0x7F for ch in text)
    styles = ["basic", "multi-basic"]
    if plain and "'" not in text and "\n" not in text:
        styles.append("literal")
    if plain and "'''" not in text and not text.endswith("'") and "\r" not in text:
        styles.append("multi-literal")
    style = rng.choice(styles)
    if style == "literal":
        return f"'{text}'"
    if style == "multi-literal":
        # The newline after the opening quotes is trimmed by TOML.
        return f"'''\n{text}'''"
    if style == "multi-basic":
        # Leave up to two quotes in a row unescaped, so that `\"""` and `""` occur inside.
        out: list[str] = []
        raw_quotes = 0
        for index, ch in enumerate(text):
            if ch == '"' and raw_quotes < 2 and index < len(text) - 1 and rng.random() < 0.7:
                out.append(ch)
                raw_quotes += 1
                continue
            raw_quotes = 0
            out.append("\\r" if ch == "\r" else _escape(ch, "\t\n"))
        return '"""\n' + "".join(out) + '"""'
    return toml_basic(text)


def toml_inline(value: Any, rng: random.Random) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if isinstance(value, float):
        return ("-inf" if value < 0 else "inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value, rng)
    if isinstance(value, list):
        if rng.random() < 0.5:
            return "[" + ", ".join(toml_inline(item, rng) for item in value) + "]"
        inner = "".join(f"\n  {toml_inline(item, rng)},{rng.choice(_COMMENTS)}" for item in value)
        return f"[{inner}\n]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{toml_key(k)} = {toml_inline(v, rng)}" for k, v in value.items()) + "}"


def emit_table(table: dict[str, Any], path: list[str], out: list[str], rng: random.Random) -> None:
    deferred: list[tuple[str, str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) and rng.random() < 0.5:
            deferred.append(("table", key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and rng.random() < 0.7:
            deferred.append(("array", key, value))
        elif (
            isinstance(value, dict)
            and value
            and all(not isinstance(v, dict) for v in value.values())
            and rng.random() < 0.5
        ):
            for sub, item in value.items():
                out.append(f"{toml_key(key)}.{toml_key(sub)} = {toml_inline(item, rng)}{rng.choice(_COMMENTS)}")
        else:
            out.append(f"{toml_key(key)} = {toml_inline(value, rng)}{rng.choice(_COMMENTS)}")
    for kind, key, value in deferred:
        header = ".".join(toml_key(k) for k in [*path, key])
        if kind == "table":
            out.append(f"\n[{header}]{rng.choice(_COMMENTS)}")
            emit_table(value, [*path, key], out, rng)
        else:
            for element in value:
                out.append(f"\n[[{header}]]{rng.choice(_COMMENTS)}")
                emit_table(element, [*path, key], out, rng)


def to_toml(document: dict[str, Any], seed: int, newline: str = "\n") -> str:
    out: list[str] = []
    emit_table(document, [], out, random.Random(seed))
    text = "\n".join(out) + "\n"
    return text.replace("\n", newline) if newline != "\n" else text


def all_paths(value: Any, prefix: KeyPath = ()) -> list[KeyPath]:
    found: list[KeyPath] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += [(*prefix, key), *all_paths(item, (*prefix, key))]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += [(*prefix, index), *all_paths(item, (*prefix, index))]
    return found


@SETTINGS
@given(documents, st.integers(0, 2**32), st.sampled_from(["\n", "\r\n"]))
def test_writer_round_trips_and_every_key_has_a_position(document: dict[str, Any], seed: int, newline: str) -> None:
    text = to_toml(document, seed, newline)
    assert tomli.loads(text) == document
    positions = key_positions(text)
    missing = [path for path in all_paths(document) if path not in positions]
    assert not missing
    line_count = text.count("\n") + 1
    for line, col in positions.values():
        assert 1 <= line <= line_count
        assert col >= 1


@SETTINGS
@given(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["a-lesson", "Bad", "welcome"]), "title": scalars, "minutes": scalars},
        optional={
            "steps": st.lists(
                st.dictionaries(keys, values, max_size=6).map(lambda step: {"kind": "quiz", **step}), max_size=3
            ),
            "extra": values,
        },
    ),
    documents,
    st.integers(0, 2**32),
)
def test_random_toml_as_a_lesson_file(
    workdir: Path, lessonish: dict[str, Any], other: dict[str, Any], seed: int
) -> None:
    path = workdir / "random-lesson.toml"
    for document in (lessonish, other):
        text = to_toml(document, seed)
        path.write_text(text, encoding="utf-8")
        code, _, err = run_cli("check", str(path))
        assert code in {0, 1}
        assert "Traceback" not in err
        result = loader.check_lesson_file(path)
        assert_problems_in_range(result.problems, path, text)


@SETTINGS
@given(
    st.fixed_dictionaries(
        {"format_version": st.one_of(st.just(1), scalars), "id": scalars, "title": scalars},
        optional={
            "modules": st.lists(
                st.fixed_dictionaries(
                    {"id": scalars, "lessons": st.lists(st.sampled_from(["welcome", "body-basics", "nope"]))}
                ),
                max_size=3,
            ),
            "safety": values,
            "checkins": values,
            "extra": values,
        },
    ),
    st.integers(0, 2**32),
)
def test_random_toml_as_course_index(workdir: Path, document: dict[str, Any], seed: int) -> None:
    root = workdir / "course-random-toml"
    if not root.exists():
        shutil.copytree(BASE_COURSE, root)
    index = root / "course" / "course.toml"
    text = to_toml(document, seed)
    index.write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", str(root))
    assert code == 1  # there is never a disclaimer
    assert "Traceback" not in err
    result = loader.check_course(root)
    assert_problems_in_range(result.problems, index, text)
    for problem in result.problems:
        assert problem.line >= 1
        assert problem.col >= 1


# -- (c) hostile shapes ---------------------------------------------------------------

HOSTILE = {
    "deep arrays": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "deep inline tables": "x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n",
    "deep but readable arrays": 'id = "deep"\nminutes = ' + "[" * 300 + "]" * 300 + "\n",
    "deep table headers": "[" + ".".join(["a"] * 3000) + "]\n",
    "unclosed deep arrays": "x = " + "[" * 5000 + "\n",
    "huge single line": 'id = "huge"\ntitle = "' + "x" * 1_500_000 + '"\nminutes = 1\n',
    "huge line of keys": "\n".join(["x = 1 " + " " * 1_000_000]),
    "many array elements": "x = [" + "1," * 300_000 + "]\n",
    "huge integer": "minutes = " + "1" * 10_000 + "\n",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_lesson_files(name: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    text = HOSTILE[name]
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", str(path))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert re.search(r"^\d+ problems? in 1 file$", err, re.MULTILINE)
    result = loader.check_lesson_file(path)
    assert result.problems
    assert_problems_in_range(result.problems, path, text)


@pytest.mark.parametrize("name", ["deep arrays", "deep inline tables", "deep but readable arrays", "huge integer"])
def test_hostile_course_index(name: str, tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(BASE_COURSE, root)
    (root / "course" / "course.toml").write_text(HOSTILE[name], encoding="utf-8")
    code, _, err = run_cli("check", str(root))
    assert code == 1
    assert "Traceback" not in err
    assert "course/course.toml:" in err
