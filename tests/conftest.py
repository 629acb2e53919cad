"""Fixtures for every test."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from unclench.paths import DATA_DIR_ENV


@pytest.fixture(scope="session", autouse=True)
def _private_data_folder() -> Iterator[None]:
    """Point the default data folder somewhere new, so no test reads or writes the tester's own.

    Tests that care where data goes set ``UNCLENCH_DATA_DIR`` themselves; the rest
    (and the caches they write) land in a folder that exists for the session only.
    """
    with tempfile.TemporaryDirectory(prefix="unclench-tests-") as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, os.path.join(folder, "data"))
        yield


@pytest.fixture
def new_course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A course as ``unclench new course`` makes it (what an author starts from), with a data folder of its own."""
    from unclench.cli import main

    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "c"
    assert main(["new", "course", str(folder)]) == 0
    capsys.readouterr()
    return folder


#: A small valid course (three lessons, safety notes, check-ins, sources) that unit tests copy and break.
BASE_COURSE = Path(__file__).parent / "unit" / "data" / "base_course"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of :data:`BASE_COURSE` to change, and the folder the test runs in (``unclench check .``)."""
    root = tmp_path / "course-copy"
    shutil.copytree(BASE_COURSE, root)
    monkeypatch.chdir(root)
    return root
