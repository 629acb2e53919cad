"""`unclench` run one folder above the person's own course opens the bundled course, and names theirs.

A stranger (an author) ran ``unclench`` in the folder holding their new course and met the bundled course
without a word; ``unclench check`` there refuses and names the course. The app now names it too, once the
disclaimer is read (nothing covers it), without delaying the first frame (the folders are looked at in a thread).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.course import Course
from unclench.tui.app import UnclenchApp

from .conftest import AppFactory
from .helpers import sync

TITLE = "This is the course that comes with Unclench"


def _course_below(folder: Path, name: str) -> Path:
    """A course folder of the person's own, as `unclench new course` makes it, ``name`` below ``folder``."""
    assert main(["new", "course", str(folder / name)]) == 0
    return folder / name


def _said(app: UnclenchApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications if n.title == TITLE]


async def _settled(app: UnclenchApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_the_course_below_is_named_with_the_command_that_opens_it(
    make_app: AppFactory, bundled: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "work"
    _course_below(workspace, "my course")
    app = make_app(bundled, look_below=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot)
        [said] = _said(app)
        assert "'my course'" in said and "To open it, quit" in said and "unclench --course 'my course'" in said


@sync
async def test_several_courses_below_are_named_and_one_command_given(
    make_app: AppFactory, bundled: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "work"
    for name in ("a", "b", "c", "d"):
        _course_below(workspace, name)
    app = make_app(bundled, look_below=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot)
        [said] = _said(app)
        assert "Course folders are just below" in said and "a, b, c and 1 more" in said
        assert "To open one, quit (ctrl+q) and run unclench --course a" in said


@sync
async def test_nothing_is_said_without_a_course_below_or_when_a_course_was_found(
    make_app: AppFactory, bundled: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    empty = tmp_path / "empty"
    (empty / "notes").mkdir(parents=True)
    app = make_app(bundled, look_below=empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot)
        assert _said(app) == []
    _course_below(tmp_path / "work", "mine")
    app = make_app(bundled, look_below=None)  # a course given or found: nothing is looked for
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot)
        assert _said(app) == []


@sync
async def test_the_note_waits_until_the_disclaimer_is_acknowledged(
    make_app: AppFactory, bundled: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "work"
    _course_below(workspace, "mine")
    app = make_app(bundled, look_below=workspace, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot)
        assert type(app.screen).__name__ == "DisclaimerScreen"
        assert _said(app) == []  # nothing covers the disclaimer
        app.screen.query_one("#disclaimer-text").focus()
        await pilot.press("end")  # read to the end, ticked, Continue: as a learner does
        await pilot.pause()
        await pilot.press("tab", "enter", "tab", "enter")
        await _settled(app, pilot)
        assert type(app.screen).__name__ != "DisclaimerScreen"
        [said] = _said(app)
        assert "unclench --course mine" in said


@sync
async def test_a_hostile_folder_name_is_shown_as_symbols(
    make_app: AppFactory, bundled: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "work"
    _course_below(workspace, "evil\x1b]52;c;aGk=\x07")
    app = make_app(bundled, look_below=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(app, pilot)
        [said] = _said(app)
        assert "\x1b" not in said and "\x07" not in said and "␛]52;c;aGk=␇" in said


def test_the_command_line_looks_below_only_when_it_falls_back_to_the_bundled_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "work"
    course = _course_below(workspace, "mine")
    looked: list[Path | None] = []

    def run(self: UnclenchApp, *args: Any, **kwargs: Any) -> None:
        looked.append(self._look_below)

    monkeypatch.setattr(UnclenchApp, "run", run)
    monkeypatch.chdir(workspace)
    assert main([]) == 0
    monkeypatch.chdir(course)
    assert main([]) == 0
    monkeypatch.chdir(workspace)
    assert main(["--course", str(course)]) == 0
    assert looked == [workspace, None, None]
