"""The course cache returns exactly what the loader would, and only while nothing changed."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from unclench import coursecache, folders, loader
from unclench.course import Course

HERE = Path(__file__).resolve().parent
COURSES = {
    "bundled": folders.bundled_course_root(),
    "ui-mini": HERE.parent / "ui" / "fixtures" / "mini",
    "base": HERE / "data" / "base_course",
}


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled course, with file times in the past."""
    root = tmp_path / "course-folder"
    shutil.copytree(folders.bundled_course_root() / "course", root / "course")
    shutil.copytree(folders.bundled_course_root() / "lessons", root / "lessons", ignore=shutil.ignore_patterns("*.md"))
    return root


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test itself are seconds old at most: let them be cached."""
    monkeypatch.setattr(coursecache, "RACY_NS", 0)


def _load_through_cache(root: Path, data_dir: Path) -> tuple[Course, bool]:
    cache = coursecache.lookup(root, data_dir)
    if cache.course is not None:
        return cache.course, True
    course = loader.load_course(root)
    cache.remember(course)
    return course, False


def test_course_files_skip_what_the_loader_skips(course_dir: Path) -> None:
    (course_dir / "lessons" / ".hidden.toml").write_text("id = 'x'\n")
    (course_dir / "lessons" / "notes.txt").write_text("not a lesson\n")
    (course_dir / "lessons" / "sub").mkdir()
    files = coursecache.course_files(course_dir)
    assert files is not None and files[0] == course_dir / folders.COURSE_INDEX
    assert {p.name for p in files[1:]} == {p.name for p in (course_dir / "lessons").glob("[!.]*.toml")}
    assert coursecache.course_files(course_dir / "lessons") is None


@pytest.mark.parametrize("name", list(COURSES))
def test_a_course_survives_the_round_trip_unchanged(name: str) -> None:
    course = loader.load_course(COURSES[name])
    text = json.dumps(coursecache._encode(course), default=str)
    assert coursecache._decode(json.loads(text), COURSES[name]) == course


@pytest.mark.usefixtures("no_racy_window")
def test_the_second_load_comes_from_the_cache_and_equals_a_full_load(course_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first, cached = _load_through_cache(course_dir, data)
    assert not cached
    second, cached = _load_through_cache(course_dir, data)
    assert cached
    assert second == first == loader.load_course(course_dir)
    (cache_file,) = (data / coursecache.CACHE_DIR).iterdir()
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / coursecache.CACHE_DIR).stat().st_mode) == 0o700


@pytest.mark.usefixtures("no_racy_window")
def test_lesson_paths_follow_the_folder_as_named_now(
    course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _load_through_cache(course_dir, data)
    monkeypatch.chdir(course_dir.parent)
    relative = Path(course_dir.name)
    course, cached = _load_through_cache(relative, data)
    assert cached
    assert course.root == relative
    assert course == loader.load_course(relative)


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("change", ["edit", "touch", "add", "remove", "index", "engine"])
def test_any_change_means_a_full_load(
    change: str, course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _load_through_cache(course_dir, data)
    lesson = course_dir / "lessons" / "welcome.toml"
    if change == "edit":
        lesson.write_text(lesson.read_text().replace('title = "', 'title = "Edited: ', 1))
    elif change == "touch":
        os.utime(lesson, ns=(lesson.stat().st_atime_ns, lesson.stat().st_mtime_ns + 5_000_000_000))
    elif change == "add":
        (course_dir / "lessons" / "extra.toml").write_text("id = 'extra'\n")
    elif change == "remove":
        (course_dir / "lessons" / "the-switch.toml").unlink()
    elif change == "index":
        index = course_dir / "course" / "course.toml"
        index.write_text(index.read_text() + "\n# a comment\n")
    else:
        monkeypatch.setattr(coursecache, "__version__", "99.0")
    assert coursecache.lookup(course_dir, data).course is None


def test_a_course_changed_just_now_is_not_cached(course_dir: Path, tmp_path: Path) -> None:
    """Within the racy window a later same-size edit could keep every file time: nothing is written."""
    data = tmp_path / "data"
    data.mkdir()
    (course_dir / "lessons" / "welcome.toml").touch()
    _load_through_cache(course_dir, data)
    assert not (data / coursecache.CACHE_DIR).exists()


@pytest.mark.usefixtures("no_racy_window")
def test_the_data_folder_is_never_created_for_the_cache(course_dir: Path, tmp_path: Path) -> None:
    _load_through_cache(course_dir, tmp_path / "missing")
    assert not (tmp_path / "missing").exists()


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("content", [b"", b"not json", b"[]", b'{"format": 1}', b"\xff\xfe"])
def test_a_damaged_cache_file_means_a_full_load_and_is_replaced(
    content: bytes, course_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _load_through_cache(course_dir, data)
    (cache_file,) = (data / coursecache.CACHE_DIR).iterdir()
    cache_file.write_bytes(content)
    course, cached = _load_through_cache(course_dir, data)
    assert not cached
    assert course == loader.load_course(course_dir)
    assert _load_through_cache(course_dir, data)[1]


@pytest.mark.usefixtures("no_racy_window")
def test_a_tampered_cache_whose_course_does_not_decode_means_a_full_load(course_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _load_through_cache(course_dir, data)
    (cache_file,) = (data / coursecache.CACHE_DIR).iterdir()
    stored = json.loads(cache_file.read_text())
    stored["course"]["lessons"]["welcome"]["steps"][0]["kind"] = "video"
    cache_file.write_text(json.dumps(stored))
    assert coursecache.lookup(course_dir, data).course is None


def test_not_a_course_folder_is_left_to_the_loader(tmp_path: Path) -> None:
    cache = coursecache.lookup(tmp_path, tmp_path)
    assert cache.course is None
    with pytest.raises(loader.NotACourseError):
        loader.load_course(tmp_path)
    cache.remember(loader.load_course(COURSES["base"]))  # no key: nothing is written
    assert not (tmp_path / coursecache.CACHE_DIR).exists()


@pytest.mark.slow
def test_a_cached_course_loads_without_pydantic(course_dir: Path, tmp_path: Path) -> None:
    """What the cache is for: opening an unchanged course imports neither pydantic nor the loader."""
    data = tmp_path / "data"
    data.mkdir()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from unclench import coursecache\n"
        "coursecache.RACY_NS = 0\n"
        "root, data = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "cache = coursecache.lookup(root, data)\n"
        "if cache.course is None:\n"
        "    from unclench.loader import load_course\n"
        "    cache.remember(load_course(root))\n"
        "print(cache.course is not None, 'pydantic' in sys.modules, 'unclench.loader' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(course_dir), str(data)], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["False", "True", "True"], ["True", "False", "False"]]
