"""An unexpected error inside the app exits non-zero and says where the learner's data is (issue 11 item 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unclench.cli import main
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen

from .conftest import FIXTURES


def test_a_crash_in_a_screen_exits_1_and_names_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    run = UnclenchApp.run

    def headless_run(self: UnclenchApp, *args: Any, **kwargs: Any) -> Any:
        return run(self, *args, **{**kwargs, "headless": True})

    def broken(self: CourseMapScreen) -> None:
        raise OverflowError("date value out of range")  # what a bad stored date once did

    monkeypatch.setattr(UnclenchApp, "run", headless_run)
    monkeypatch.setattr(CourseMapScreen, "on_mount", broken)
    code = main(["--course", str(FIXTURES / "mini")])
    err = capsys.readouterr().err
    assert code == 1
    assert "unexpected error" in err and str(data / "progress.sqlite3") in err


def test_the_crash_report_shows_no_locals_no_message_and_no_stored_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    run = UnclenchApp.run

    def headless_run(self: UnclenchApp, *args: Any, **kwargs: Any) -> Any:
        return run(self, *args, **{**kwargs, "headless": True})

    def broken(self: CourseMapScreen) -> None:
        text = b"my private journal text \xff"  # a local, as a stored answer once was
        raise ValueError(f"invalid literal: {text!r} and the secret row")

    monkeypatch.setattr(UnclenchApp, "run", headless_run)
    monkeypatch.setattr(CourseMapScreen, "on_mount", broken)
    code = main(["--course", str(FIXTURES / "mini")])
    err = capsys.readouterr().err
    assert code == 1
    assert "private journal" not in err and "secret row" not in err
    assert "Traceback" not in err and "locals" not in err
    assert "ValueError" in err and "test_unexpected_error.py" in err and "in broken" in err
    assert "To report it" in err and str(data / "progress.sqlite3") in err


def test_a_crash_in_the_preview_exits_1_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stranger's preview stopped with an error and exited 0, without a word of its own.
    from unclench.tui.preview import PreviewApp

    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    run = PreviewApp.run

    def headless_run(self: PreviewApp, *args: Any, **kwargs: Any) -> Any:
        return run(self, *args, **{**kwargs, "headless": True})

    def broken(self: PreviewApp) -> None:
        raise OverflowError("something inside went wrong")

    monkeypatch.setattr(PreviewApp, "run", headless_run)
    monkeypatch.setattr(PreviewApp, "on_mount", broken)
    code = main(["preview", "--course", str(FIXTURES / "mini")])
    err = capsys.readouterr().err
    assert code == 1
    assert "the preview stopped because of an unexpected error" in err
