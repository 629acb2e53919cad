"""``unclench preview`` refuses what it cannot open, plainly, before starting the app."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unclench import cli, paths

BASE_COURSE = Path(__file__).parent / "data" / "base_course"


def test_unknown_lesson_is_a_usage_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, "/nonexistent-author-data")
    assert cli.main(["preview", "welcom", "--course", str(BASE_COURSE)]) == 2
    err = capsys.readouterr().err
    assert "has no lesson 'welcom'\nhint: did you mean 'welcome'?" in err
    # The preview's scratch folder stood in for the data folder only while it ran.
    assert os.environ[paths.DATA_DIR_ENV] == "/nonexistent-author-data"


def test_not_a_course_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["preview", "--course", str(tmp_path)]) == 2
    assert "is not a course folder" in capsys.readouterr().err
