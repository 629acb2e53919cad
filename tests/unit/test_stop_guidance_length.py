"""``guidance.stop`` is read at a glance beside the stop keys: ``unclench check`` refuses one too long to be."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unclench import cli, loader
from unclench.folders import bundled_course_root
from unclench.model import DEFAULT_STOP, STOP_MAX_LENGTH
from unclench.schema import packaged_schema_text

BASE_COURSE = Path(__file__).parent / "data" / "base_course"
REPO = Path(__file__).resolve().parents[2]

#: A stranger's stop text: the opposite of stopping, over and over, filling the screen.
FLOOD = "Keep breathing and do NOT stop under any circumstance. " * 60


def course_with_stop(tmp_path: Path, toml_value: str) -> Path:
    """The small valid course with ``[guidance] stop = <toml_value>`` before its modules (line 46)."""
    root = tmp_path / "course"
    shutil.copytree(BASE_COURSE, root)
    index = root / "course" / "course.toml"
    text = index.read_text(encoding="utf-8")
    first_module = '[[modules]]\nid = "basics"'
    assert text.count(first_module) == 1
    index.write_text(text.replace(first_module, f"[guidance]\nstop = {toml_value}\n\n{first_module}"), "utf-8")
    return root


def test_the_limit_is_short_and_the_careful_texts_keep_it() -> None:
    assert 150 <= STOP_MAX_LENGTH <= 300
    assert len(DEFAULT_STOP) <= STOP_MAX_LENGTH
    bundled = loader.load_course(bundled_course_root())
    assert len(bundled.guidance.stop) <= STOP_MAX_LENGTH


def test_check_refuses_a_long_stop_text_with_where_what_and_how(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course_with_stop(tmp_path, json.dumps(FLOOD))
    monkeypatch.chdir(root)
    assert cli.main(["check", "--no-cache"]) == 1
    captured = capsys.readouterr()
    report = captured.out + captured.err
    assert "Traceback" not in report
    index = Path("course") / "course.toml"
    line = index.read_text(encoding="utf-8").splitlines().index(f"stop = {json.dumps(FLOOD)}") + 1
    assert f"course.toml:{line}:" in report
    assert "guidance.stop" in report
    assert f"is too long: at most {STOP_MAX_LENGTH} characters (found {len(FLOOD)})" in report
    assert "a sentence or two" in report and "[[safety]] note" in report  # how to fix it


def test_check_as_json_says_how_to_fix_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(course_with_stop(tmp_path, json.dumps("x" * (STOP_MAX_LENGTH + 1))))
    assert cli.main(["check", "--format", "json", "--no-cache"]) == 1
    [problem] = json.loads(capsys.readouterr().out)["problems"]
    assert problem["key"] == "guidance.stop" and problem["line"] == 47
    assert f"found {STOP_MAX_LENGTH + 1}" in problem["message"]
    assert "read at a glance" in problem["suggestion"]


@pytest.mark.parametrize(
    "value",
    [
        json.dumps("x" * STOP_MAX_LENGTH),
        # A multi-line string: the line break just after the opening quotes is not part of it (TOML), the last is.
        '"""\n' + "y" * (STOP_MAX_LENGTH - 1) + '\n"""',
    ],
    ids=["one-line", "multi-line"],
)
def test_a_stop_text_at_the_limit_passes(tmp_path: Path, value: str) -> None:
    assert loader.check_course(course_with_stop(tmp_path, value)).problems == []


def test_one_character_over_the_limit_is_refused(tmp_path: Path) -> None:
    root = course_with_stop(tmp_path, '"""\n' + "y" * STOP_MAX_LENGTH + '\n"""')
    [problem] = loader.check_course(root).problems
    assert problem.key == "guidance.stop" and problem.line == 47
    assert problem.suggestion


def test_the_schema_and_the_guide_say_the_limit() -> None:
    schema = json.loads(packaged_schema_text("course"))
    assert schema["$defs"]["GuidanceModel"]["properties"]["stop"]["maxLength"] == STOP_MAX_LENGTH
    guide = (REPO / "lessons" / "README.md").read_text(encoding="utf-8")
    assert f"| `stop` | text | no | a careful text | not blank; at most {STOP_MAX_LENGTH} characters |" in guide
    assert f"`guidance.stop` is at most {STOP_MAX_LENGTH} characters" in guide
