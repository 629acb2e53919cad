"""`unclench check` on a course unchanged since it last passed answers from the course cache.

An edit anywhere means a full check again; `--no-cache` always validates every file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unclench import coursecache
from unclench.cli import main

PROBE = (
    "import sys; from unclench.cli import main; code = main(['check', *sys.argv[1:]]); "
    "print('unclench.loader' in sys.modules); sys.exit(code)"
)


def _settle() -> None:
    """Wait out the cache's racy window: files changed just now are never cached."""
    time.sleep(coursecache.RACY_NS / 1e9 + 0.1)


def _check(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    folder = tmp_path / "authored"
    assert main(["new", "course", str(folder)]) == 0
    _settle()
    return folder, {**os.environ, "UNCLENCH_DATA_DIR": str(data)}


def test_unchanged_course_passes_again_without_validating(course: tuple[Path, dict[str, str]]) -> None:
    folder, env = course
    first = _check(str(folder), env=env)
    assert first.returncode == 0 and first.stdout.startswith("course OK, with 3 warnings (above): 1 lesson")
    assert first.stdout.rstrip().endswith("True")  # validated in full

    again = _check(str(folder), env=env)
    assert again.returncode == 0 and again.stdout.startswith("course OK, with 3 warnings (above): 1 lesson")
    assert again.stdout.rstrip().endswith("False")  # from the cache: the loader never imported

    forced = _check(str(folder), "--no-cache", env=env)
    assert forced.returncode == 0 and forced.stdout.rstrip().endswith("True")


def test_an_edit_means_a_full_check(course: tuple[Path, dict[str, str]]) -> None:
    folder, env = course
    assert _check(str(folder), env=env).returncode == 0
    lesson = folder / "lessons" / "welcome.toml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes = 5", "minutes = 'five'"), encoding="utf-8")

    edited = _check(str(folder), env=env)

    assert edited.returncode == 1
    assert "welcome.toml:6:1: minutes: expected a whole number" in edited.stderr


def test_a_new_unlisted_lesson_means_a_full_check(course: tuple[Path, dict[str, str]]) -> None:
    folder, env = course
    assert _check(str(folder), env=env).returncode == 0
    extra = folder / "lessons" / "extra.toml"
    extra.write_text((folder / "lessons" / "welcome.toml").read_text(encoding="utf-8").replace('"welcome"', '"extra"'))
    _settle()

    added = _check(str(folder), env=env)

    assert added.returncode == 1
    assert "lesson 'extra' is not listed" in added.stderr
