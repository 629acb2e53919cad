"""The cache folder is kept tidy: a course's older cache files, leftovers of interrupted writes and caches of
course folders that are gone are removed; nothing else is, and never a file another run may be writing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from unclench import cachefiles, coursecache, loader
from unclench.cachefiles import CACHE_DIR, LEFT_OVER_SECONDS, remove_stale


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
    (tmp_path / "another-course").mkdir()
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


def _aged(path: Path, seconds: float, content: bytes = b"x") -> Path:
    """``path`` written with ``content`` (unless it is a link), last changed ``seconds`` ago."""
    if not path.is_symlink():
        path.write_bytes(content)
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def test_an_interrupted_writes_leftover_goes_once_it_is_old_and_one_being_written_stays(
    course_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    cache = data / CACHE_DIR
    cache.mkdir(parents=True, mode=0o700)
    # The learner's data, beside the cache folder, and old.
    learner = _aged(data / "progress.sqlite3", 2 * LEFT_OVER_SECONDS, b"the learner's record")
    cut_short = b'{"format":2,"root":"/some/where","eng'  # as an interrupted write leaves it
    left_over = [
        _aged(cache / ".course-0a1b2c3d0042.json.k3j_x9q2.tmp", LEFT_OVER_SECONDS + 60, cut_short),
        _aged(cache / ".validators.json.abcd1234.tmp", 2 * LEFT_OVER_SECONDS, cut_short),
    ]
    # Another run may be writing this one right now.
    being_written = _aged(cache / ".course-0a1b2c3d0042.json.zz9p_1aa.tmp", LEFT_OVER_SECONDS - 60, b'{"format":2')
    not_ours = _aged(cache / "notes.tmp", 2 * LEFT_OVER_SECONDS)  # not named as a cache write's temporary file
    outside = _aged(data / ".course-0a1b2c3d0042.json.outside1.tmp", 2 * LEFT_OVER_SECONDS)  # not in the cache
    link = cache / ".course-00000000.json.linked01.tmp"  # a link is never followed, nor what it leads to removed
    link.symlink_to(outside)
    _aged(link, 2 * LEFT_OVER_SECONDS)

    _cache(course_dir, data)  # a course's cache is written: the folder is tidied

    assert not any(path.exists() for path in left_over)
    assert being_written.read_bytes() == b'{"format":2'
    assert not_ours.exists() and outside.exists() and link.is_symlink()
    assert learner.read_bytes() == b"the learner's record"
    assert coursecache.lookup(course_dir, data).course is not None


def test_the_cache_of_a_course_folder_that_is_gone_goes_on_the_way_out(
    course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    cache = data / CACHE_DIR
    moved = tmp_path / "a-course-later-moved"
    shutil.copytree(course_dir, moved)
    _cache(course_dir, data)
    _cache(moved, data)
    [moved_cache] = [path for path in cache.glob("course-*.json") if str(moved.resolve()) in path.read_text()]
    unreadable = _legacy_file(cache, tmp_path / "on-a-drive-not-to-be-looked-at")
    shutil.copy(unreadable, cache / "course-notes.json")  # named like ours, but our head is not at its start
    (cache / "course-notes.json").write_text(" " + unreadable.read_text())
    shutil.rmtree(moved)

    real_lstat = os.lstat

    def refused(path: str | Path, *args: object, **kwargs: object) -> os.stat_result:
        if "on-a-drive-not-to-be-looked-at" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", refused)
    # A returning learner: the course comes from the cache, and the app tidies on its way out.
    course, on_the_way_out = coursecache.open_course(course_dir)
    assert moved_cache.exists()
    on_the_way_out()
    names = {path.name for path in cache.iterdir()}
    assert moved_cache.name not in names
    assert {unreadable.name, "course-notes.json"} <= names
    assert coursecache.lookup(course_dir, data).course == course


def test_pruning_looks_only_directly_into_the_cache_folder_and_never_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deeper").mkdir(parents=True)
    old_tmp = elsewhere / ".course-1.json.abc.tmp"
    gone = elsewhere / "course-1.json"
    gone.write_text('{"format":2,"root":"/no/such/folder/anywhere"}')
    old_tmp.write_text("x")
    _aged(old_tmp, 2 * LEFT_OVER_SECONDS)
    shutil.copy(gone, elsewhere / "deeper" / gone.name)
    (tmp_path / "cache").symlink_to(elsewhere)
    assert cachefiles.prune(tmp_path / "cache") == 0
    assert cachefiles.prune(tmp_path / "no-cache-here") == 0
    assert gone.exists() and old_tmp.exists()
    # Only directly in the folder itself: a folder inside it is not looked into.
    assert cachefiles.prune(elsewhere) == 2
    assert (elsewhere / "deeper" / gone.name).exists()


def test_a_relative_or_odd_root_is_never_taken_for_a_folder_gone(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for number, root in enumerate(["no/such/relative", "", 7]):
        (folder / f"course-{number}.json").write_text(json.dumps({"format": 2, "root": root}, separators=(",", ":")))
    assert cachefiles.prune(folder) == 0
    assert len(list(folder.iterdir())) == 3
