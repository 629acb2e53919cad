"""``unclench check`` with no path checks the course you mean, and says which one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unclench import cli
from unclench.folders import bundled_course_root

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def broken_course(tmp_path: Path) -> Path:
    """A copy of the base course whose welcome lesson has a misspelled key."""
    root = tmp_path / "my-course"
    shutil.copytree(BASE_COURSE, root)
    welcome = root / "lessons" / "welcome.toml"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("title =", "titel ="), encoding="utf-8")
    return root


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main([*args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("where", [".", "lessons", "course"])
def test_no_path_checks_the_course_folder_you_are_in(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = broken_course(tmp_path)
    monkeypatch.chdir(root / where)
    code, out, err = check(capsys, "check")
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert "titel" in lines[0] and "did you mean 'title'?" in lines[0]
    shown = "this folder" if where == "." else f"{root.resolve()} (the course folder you are in)"
    assert lines[-1] == f"1 problem in 1 file, in {shown}"


def test_outside_any_course_the_bundled_course_is_checked_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, "check")
    assert code == 0
    assert all(": warning: " in line for line in err.splitlines())  # warnings only: never problems
    assert out.startswith("course OK: ")
    assert out.rstrip().endswith(
        f"in {bundled_course_root()}: the course that comes with Unclench, NOT one of yours (no course folder here, "
        "above or just below); to check yours, name it: `unclench check DIR`"
    )


@pytest.mark.parametrize("below", ["evening", "courses/evening"])
def test_one_folder_too_high_names_the_course_below_and_checks_nothing(
    below: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI step run from the parent of the course folder must not go green on the bundled course."""
    shutil.copytree(BASE_COURSE, tmp_path / below)
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, "check")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: you are not in a course folder, but there is a course folder below this one: {below}; "
        "nothing was checked",
        f"hint: name the course to check: `unclench check {below}`",
    ]


def test_several_courses_below_are_all_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("morning", "evening", "a/deeper/too-deep"):
        shutil.copytree(BASE_COURSE, tmp_path / name)
    (tmp_path / ".hidden").mkdir()
    shutil.copytree(BASE_COURSE, tmp_path / ".hidden" / "course-copy")
    monkeypatch.chdir(tmp_path)
    code, _out, err = check(capsys, "check")
    assert code == 2
    assert "below this one: evening, morning; nothing was checked" in err  # three levels down and hidden: not
    assert (
        "hint: name the course to check: `unclench check evening` (or several: `unclench check evening morning`)"
        in (err)
    )


def test_a_folder_holding_a_course_suggests_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BASE_COURSE, tmp_path / "author" / "evening")
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, "check", "author")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: author is not a course folder: it has no course/course.toml",
        "hint: did you mean author/evening? (a course folder in it)",
    ]


@pytest.mark.parametrize("args", [["--course", "{root}", "check"], ["check", "--course", "{root}"]])
def test_course_option_is_honoured(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = broken_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _out, err = check(capsys, *(arg.format(root=root) for arg in args))
    assert code == 1
    assert err.splitlines()[-1] == "1 problem in 1 file, in my-course (given by --course)"


def test_course_option_wins_over_the_folder_you_are_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = broken_course(tmp_path)
    monkeypatch.chdir(root)
    code, out, _warnings = check(capsys, "check", "--course", str(bundled_course_root()))
    assert code == 0
    assert out.startswith("course OK:") and "(given by --course)" in out


def test_json_names_the_course_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = broken_course(tmp_path)
    monkeypatch.chdir(root / "lessons")
    code, out, err = check(capsys, "check", "--format", "json")
    assert (code, err) == (1, "")
    document = json.loads(out)
    assert document["checked"] == [{"path": str(root.resolve()), "kind": "course"}]
    assert document["problems"] == [
        {
            "file": "welcome.toml",  # relative to where check was run
            "line": 2,
            "column": 1,
            "key": "titel",
            "severity": "error",
            "message": "unknown key 'titel'",
            "suggestion": "did you mean 'title'?",
        }
    ]


def test_json_of_a_valid_course(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BASE_COURSE.parent)
    code, out, err = check(capsys, "check", "--format", "json", "base_course")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "format": "unclench.check/1",
        "ok": True,
        "checked": [
            {"path": "base_course", "kind": "course", "id": "base-course", "title": "Base course", "lessons": 3}
        ],
        "problems": [],
    }


def test_new_lesson_from_inside_the_lessons_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "my-course"
    assert cli.main(["new", "course", str(root)]) == 0
    monkeypatch.chdir(root / "lessons")
    assert cli.main(["new", "lesson", "breathing"]) == 0
    assert (root / "lessons" / "breathing.toml").is_file()
    assert not (root / "lessons" / "lessons").exists()
    capsys.readouterr()
    code, out, _err = check(capsys, "check")
    assert code == 0
    assert out == (
        f"course OK, with 5 warnings (above): 2 lessons (My course) in {root.resolve()} "
        "(the course folder you are in)\n"
    )


def test_json_and_against_progress_mix(capsys: pytest.CaptureFixture[str]) -> None:
    # Refused (exit 2) before, though the usage line listed both together.
    code, out, err = check(capsys, "check", "--format", "json", "--against-progress", str(BASE_COURSE))
    assert (code, err) == (0, "")
    assert json.loads(out)["against_progress"] == [
        {"course_id": "base-course", "orphaned": [], "checkins_gone": [], "earlier_course_ids": []}
    ]


@pytest.mark.parametrize("command", [["status"], ["export"], ["status", "--json"]])
@pytest.mark.parametrize("where", [".", "lessons"])
def test_record_commands_use_the_course_folder_you_are_in(
    command: list[str],
    where: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """status, export (and import, reset: the same function) find the course as check and preview do."""
    root = tmp_path / "my-course"
    shutil.copytree(BASE_COURSE, root)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(root / where)
    code, out, _err = check(capsys, *command)
    assert code == 0
    assert "base-course" in out and "(unclench)" not in out and "`unclench`" not in out
    if command == ["status"]:
        assert f"Course folder: {root.resolve()}" in out


def course_without_index(tmp_path: Path) -> Path:
    root = tmp_path / "half-course"
    shutil.copytree(BASE_COURSE, root)
    (root / "course" / "course.toml").unlink()
    return root


@pytest.mark.parametrize("where", [".", "lessons"])
def test_a_course_without_its_index_is_a_problem_not_the_bundled_course(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course_without_index(tmp_path)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(root / where)
    code, out, err = check(capsys, "check")
    assert (code, out) == (1, "")
    assert "course/course.toml:1:1: missing: this folder looks like a course" in err.splitlines()[0]
    assert "create it" in err.splitlines()[0]
    for command in (["status"], ["export"], ["reset", "-y"]):
        code, out, err = check(capsys, *command)
        assert (code, out) == (1, ""), command
        assert "missing: this folder looks like a course" in err and "is not a course yet" in err


@pytest.mark.parametrize(
    ("misnamed", "fix"),
    [
        # A stranger's `course/Course.toml` got "has no course/course.toml" and nothing about the capital letter.
        (
            "course/Course.toml",
            "did you mean course/Course.toml? Rename it to course/course.toml (names are case-sensitive)",
        ),
        ("course/cours.toml", "did you mean course/cours.toml? Rename it to course/course.toml"),
        ("Course/course.toml", "did you mean Course/course.toml? Rename the folder Course/ to course/ (names are"),
        ("course.toml", "did you mean course.toml? Move it into course/"),
    ],
)
def test_a_misnamed_index_is_named_with_the_fix(
    misnamed: str, fix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "my-course"
    shutil.copytree(BASE_COURSE, root)
    (root / misnamed).parent.mkdir(exist_ok=True)
    (root / "course" / "course.toml").rename(root / misnamed)
    if not any((root / "course").iterdir()):
        (root / "course").rmdir()
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(root)
    code, out, err = check(capsys, "check")
    assert (code, out) == (1, "")
    assert err.startswith(
        "course/course.toml:1:1: missing: this folder looks like a course (it has course/ or lessons/ with .toml "
        f"files) but has no course/course.toml, the course's index; {fix}"
    )
    assert "create it" not in err
    code, _, err = check(capsys, "status")  # every command that looks for the course says the same
    assert code == 1 and fix in err


def test_an_unrelated_toml_file_in_course_is_not_offered_as_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course_without_index(tmp_path)
    (root / "course" / "notes.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(root)
    code, _, err = check(capsys, "check")
    assert code == 1
    assert "did you mean" not in err and "create it" in err


def test_checking_a_course_without_its_index_by_path_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course_without_index(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, "check", "half-course")
    assert (code, out) == (1, "")
    assert err.startswith("half-course/course/course.toml:1:1: missing: ")
    code, out, _err = check(capsys, "check", "--format", "json", "half-course")
    assert code == 1
    assert json.loads(out)["problems"][0]["file"] == "half-course/course/course.toml"
    assert root.is_dir()


@pytest.mark.parametrize("sub", ["lessons", "course"])
def test_checking_a_subfolder_suggests_the_course(
    sub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "my-course"
    shutil.copytree(BASE_COURSE, root)
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, "check", f"my-course/{sub}")
    assert (code, out) == (2, "")
    assert err.rstrip().endswith("did you mean my-course (the course folder it is in)?")
    assert "unclench new course" not in err


def test_json_gives_a_path_that_is_not_there_as_json_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stranger's `check /tmp/nope --format json` printed nothing on stdout: an editor read no document at all.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    for path, message in [
        ("nope", "nope: no such file or folder"),
        ("notes", "notes is not a course folder: it has no course/course.toml"),
    ]:
        code = cli.main(["check", path, "--format", "json"])
        captured = capsys.readouterr()
        assert code == 2
        assert message in captured.err  # said to people as before
        document = json.loads(captured.out)
        assert document["ok"] is False and document["checked"] == []
        [problem] = document["problems"]
        assert problem["file"] == path and problem["severity"] == "error" and problem["message"] == message
        assert set(problem) == {"file", "line", "column", "key", "severity", "message", "suggestion"}


def test_json_gives_the_course_checked_as_its_files_are_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The course's path was absolute and its files' relative: both are from where check ran, when inside it.
    root = broken_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", str(root.resolve()), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["checked"] == [{"path": root.name, "kind": "course"}]
    assert document["problems"][0]["file"].startswith(f"{root.name}/")
