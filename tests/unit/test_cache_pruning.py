"""Writing a course's cache removes that course's older cache files, and nothing else."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from unclench import coursecache, loader
from unclench.cachefiles import CACHE_DIR, remove_stale


@pytest.fixture
def course_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small test course; files written by the test may be cached at once."""
    monkeypatch.setattr(coursecache, "RACY_NS", 0)
    root = tmp_path / "course-folder"
    shutil.copytree(Path(__file__).resolve().parent.parent / "ui" / "fixtures" / "mini", root)
    return root


def _cache(root: Path, data_dir: Path) -> None:
    """Load the course and cache it (a first start with nothing cached)."""
    cache = coursecache.lookup(root, data_dir)
    assert cache.course is None
    result = loader.check_course(root, cache.reusable)
    assert result.course is not None, result.problems
    cache.remember(result.validated)


def _legacy_file(folder: Path, root: Path) -> Path:
    """A cache file of the first format, named as it was then (a SHA-256 of the folder's path)."""
    resolved = str(root.resolve())
    path = folder / f"course-{hashlib.sha256(resolved.encode()).hexdigest()[:24]}.json"
    path.write_text(json.dumps({"format": 1, "root": resolved, "course": {}}, separators=(",", ":")))
    return path


def test_the_courses_old_file_goes_and_everything_else_stays(course_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    cache = data / CACHE_DIR
    cache.mkdir(parents=True, mode=0o700)
    old = _legacy_file(cache, course_dir)
    other_course = _legacy_file(cache, tmp_path / "another-course")
    other_name = cache / "notes.json"  # named otherwise: not one of ours, whatever it holds
    other_name.write_text(old.read_text())
    not_a_cache = cache / "course-notes.json"  # named like ours, but not written by us
    not_a_cache.write_text('{"root": "' + str(course_dir.resolve()) + '"}')
    outside = tmp_path / "outside.json"  # a link is never followed, nor what it leads to removed
    outside.write_text(old.read_text())
    link = cache / "course-link.json"
    link.symlink_to(outside)

    _cache(course_dir, data)

    kept = {other_course.name, other_name.name, not_a_cache.name, link.name}
    left = {path.name for path in cache.iterdir()} - {"validators.json"}
    [current] = left - kept
    assert old.name not in left and kept <= left
    assert link.is_symlink() and outside.read_text() == other_name.read_text()
    assert json.loads((cache / current).read_text())["root"] == str(course_dir.resolve())
    # The new file serves the next start.
    assert coursecache.lookup(course_dir, data).course is not None


def test_a_file_gone_meanwhile_or_a_missing_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert remove_stale(tmp_path / "nowhere" / "course-1.json", "/x") == 0
    folder = tmp_path / "cache"
    folder.mkdir()
    current = folder / "course-new.json"
    current.write_text('{"format":2,"root":"/x"}')
    stale = folder / "course-old.json"
    stale.write_text('{"format":1,"root":"/x"}')
    real_unlink = os.unlink

    def another_run_was_first(path: str, *, dir_fd: int | None = None) -> None:
        real_unlink(path, dir_fd=dir_fd)
        raise FileNotFoundError(path)  # as if another run had removed it just before

    monkeypatch.setattr(os, "unlink", another_run_was_first)
    assert remove_stale(current, "/x") == 0
    assert not stale.exists() and current.exists()


def test_a_cache_folder_that_is_a_link_is_not_looked_into(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "course-old.json").write_text('{"format":1,"root":"/x"}')
    (tmp_path / "cache").symlink_to(real)
    assert remove_stale(tmp_path / "cache" / "course-new.json", "/x") == 0
    assert (real / "course-old.json").exists()
