"""No traceback from any command or from start-up (issue 11 item 6).

Unreadable lesson folders, symbolic-link loops, file and folder names that are
not UTF-8, and an output that cannot be written (a full disk, a closed stdout,
a reader that went away) each end with a plain message and a non-zero exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unclench.cli import main

UNCLENCH = [sys.executable, "-m", "unclench"]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_an_unreadable_lessons_folder_is_a_problem_in_check_status_and_start_up(
    new_course_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lessons = new_course_dir / "lessons"
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self == lessons:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    for args in (
        ["check", "--no-cache", str(new_course_dir)],
        ["status", "--course", str(new_course_dir)],
        ["--course", str(new_course_dir)],
    ):
        code, _, err = _run(args, capsys)
        assert code == (0 if args[0] == "status" else 1)  # status reads the record alone, and says so
        assert "cannot be read (Permission denied)" in err
        assert ("made from your record alone" in err) == (args[0] == "status")


@pytest.mark.parametrize("loop", ["self", "pair"])
def test_a_symlink_loop_in_lessons_is_a_problem_in_check_status_and_start_up(
    new_course_dir: Path, capsys: pytest.CaptureFixture[str], loop: str
) -> None:
    lessons = new_course_dir / "lessons"
    if loop == "self":
        (lessons / "loop.toml").symlink_to("loop.toml")
    else:
        (lessons / "a.toml").symlink_to("b.toml")
        (lessons / "b.toml").symlink_to("a.toml")
    for args in (
        ["check", "--no-cache", str(new_course_dir)],
        ["status", "--course", str(new_course_dir)],
        ["--course", str(new_course_dir)],
    ):
        code, _, err = _run(args, capsys)
        assert code == (0 if args[0] == "status" else 1)  # status reads the record alone, and says so
        assert "symbolic link in a loop" in err
        assert ("made from your record alone" in err) == (args[0] == "status")


def test_names_that_are_not_utf8_are_printed_with_replacement_symbols(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/c\xff"))
    monkeypatch.setenv("UNCLENCH_DATA_DIR", os.fsdecode(os.fsencode(str(tmp_path)) + b"/data\xfe"))
    assert main(["new", "course", str(odd)]) == 0
    capsys.readouterr()
    for args in (["check", str(odd)], ["status", "--course", str(odd)], ["status", "--json", "--course", str(odd)]):
        code, out, err = _run(args, capsys)
        assert code == 0, err
        assert "\udcff" not in out + err
    (odd / "lessons" / "welcome.toml").write_text("id = 1\n", encoding="utf-8")
    code, _, err = _run(["check", str(odd)], capsys)
    assert code == 1 and "c\ufffd" in err


def _subprocess(args: list[str], new_course_dir: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(new_course_dir.parent / "data")}
    return subprocess.run([*UNCLENCH, *args], capture_output=False, text=True, env=env, timeout=120, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.mark.parametrize(
    "args", [["check", "{course}"], ["schema"], ["status", "--course", "{course}"], ["export", "--course", "{course}"]]
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(new_course_dir: Path, args: list[str]) -> None:
    command = [arg.format(course=new_course_dir) for arg in args]
    with open("/dev/full", "w") as full:
        done = _subprocess(command, new_course_dir, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    *before, last = done.stderr.strip().splitlines()
    assert last == "error: No space left on device"
    assert all(": warning: " in line for line in before)  # check's warnings come before its OK line


@pytest.mark.parametrize("args", [["check", "{course}"], ["schema"], ["status", "--course", "{course}"]])
def test_a_closed_stdout_is_one_line_and_exit_1(new_course_dir: Path, args: list[str]) -> None:
    command = [arg.format(course=new_course_dir) for arg in args]
    script = "import os, sys, runpy; os.close(1); sys.argv = ['unclench', *sys.argv[1:]]; runpy.run_module('unclench')"
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(new_course_dir.parent / "data")}
    done = subprocess.run(
        [sys.executable, "-c", script, *command],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    *before, last = done.stderr.strip().splitlines()
    assert last == "error: standard output is closed"
    assert all(": warning: " in line for line in before)  # check's warnings come before its OK line


@pytest.mark.parametrize("args", [["schema"], ["export", "--format", "json", "--course", "{course}"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(new_course_dir: Path, args: list[str]) -> None:
    command = [arg.format(course=new_course_dir) for arg in args]
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(new_course_dir.parent / "data")}
    process = subprocess.Popen([*UNCLENCH, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == 1
    assert err == b""
