"""Fixtures for the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

#: A small valid course (three lessons, safety notes, check-ins, sources) that tests copy and break.
BASE_COURSE = Path(__file__).parent / "data" / "base_course"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of :data:`BASE_COURSE` to change, and the folder the test runs in (``unclench check .``)."""
    root = tmp_path / "course-copy"
    shutil.copytree(BASE_COURSE, root)
    monkeypatch.chdir(root)
    return root
