"""The course cache returns exactly what the loader would, and only while nothing changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench import coursecache, folders, loader, problems, validation
from unclench.cachefiles import CACHE_DIR
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
    result = loader.check_course(root, cache.reusable)
    assert result.course is not None, result.problems
    cache.remember(result.validated)
    return result.course, False


def test_course_files_skip_what_the_loader_skips(course_dir: Path) -> None:
    (course_dir / "lessons" / ".hidden.toml").write_text("id = 'x'\n")
    (course_dir / "lessons" / "notes.txt").write_text("not a lesson\n")
    (course_dir / "lessons" / "sub").mkdir()
    files = coursecache.course_files(course_dir)
    assert files is not None and files[0] == course_dir / folders.COURSE_INDEX
    assert {p.name for p in files[1:]} == {p.name for p in (course_dir / "lessons").glob("[!.]*.toml")}
    assert coursecache.course_files(course_dir / "lessons") is None


@pytest.mark.usefixtures("no_racy_window")
@pytest.mark.parametrize("name", list(COURSES))
def test_a_course_survives_the_round_trip_unchanged(name: str, tmp_path: Path) -> None:
    root = tmp_path / name
    shutil.copytree(COURSES[name], root)
    data = tmp_path / "data"
    data.mkdir()
    assert _load_through_cache(root, data)[1] is False
    cached, from_cache = _load_through_cache(root, data)
    assert from_cache and cached == loader.load_course(root)


@pytest.mark.usefixtures("no_racy_window")
def test_the_second_load_comes_from_the_cache_and_equals_a_full_load(course_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first, cached = _load_through_cache(course_dir, data)
    assert not cached
    second, cached = _load_through_cache(course_dir, data)
    assert cached
    assert second == first == loader.load_course(course_dir)
    (cache_file,) = (data / CACHE_DIR).iterdir()
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / CACHE_DIR).stat().st_mode) == 0o700


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
    cache = coursecache.lookup(course_dir, data)
    assert cache.course is None
    lessons = {p for p in (course_dir / "lessons").glob("*.toml")}
    expected = {
        "edit": lessons - {lesson},
        "touch": lessons - {lesson},
        "add": lessons - {course_dir / "lessons" / "extra.toml"},
        "remove": lessons,
        "index": lessons,
        "engine": set(),
    }[change]
    assert set(cache.reusable) == expected


def test_a_course_changed_just_now_is_not_cached(course_dir: Path, tmp_path: Path) -> None:
    """Within the racy window a later same-size edit could keep every file time: nothing is written."""
    data = tmp_path / "data"
    data.mkdir()
    (course_dir / "lessons" / "welcome.toml").touch()
    _load_through_cache(course_dir, data)
    assert not (data / CACHE_DIR).exists()


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
    (cache_file,) = (data / CACHE_DIR).iterdir()
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
    (cache_file,) = (data / CACHE_DIR).iterdir()
    stored = json.loads(cache_file.read_text())
    stored["data"]["lessons/welcome.toml"]["steps"][0]["kind"] = "video"
    cache_file.write_text(json.dumps(stored))
    assert coursecache.lookup(course_dir, data).course is None
    lesson = course_dir / "lessons" / "the-switch.toml"
    lesson.write_text(lesson.read_text() + "\n")
    cache = coursecache.lookup(course_dir, data)
    assert course_dir / "lessons" / "welcome.toml" not in cache.reusable  # read again, not trusted
    assert _load_through_cache(course_dir, data)[0] == loader.load_course(course_dir)


def test_not_a_course_folder_is_left_to_the_loader(tmp_path: Path) -> None:
    cache = coursecache.lookup(tmp_path, tmp_path)
    assert cache.course is None
    with pytest.raises(problems.NotACourseError):
        loader.load_course(tmp_path)
    cache.remember(loader.check_course(COURSES["base"]).validated)  # no key: nothing is written
    assert not (tmp_path / CACHE_DIR).exists()


@pytest.mark.slow
def test_a_cached_course_loads_without_pydantic_or_the_loader(course_dir: Path, tmp_path: Path) -> None:
    """What the cache is for: opening an unchanged course imports neither pydantic(-core) nor the loader."""
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
        "    from unclench.loader import check_course\n"
        "    cache.remember(check_course(root).validated)\n"
        "engine = any(name.startswith('pydantic_core') for name in sys.modules)  # the package, or its extension\n"
        "print(cache.course is not None, engine, 'unclench.loader' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(course_dir), str(data)], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["False", "True", "True"], ["True", "False", "False"]]


# -- after an edit, only what changed is read again -------------------------------------------------


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = loader.read_toml

    def spy(
        path: Path,
        root: Path | None = None,
        kind: validation.Kind | None = None,
        paths: loader.ResolvedPaths | None = None,
    ) -> loader.ParsedFile:
        read.append(path.name)
        return real(path, root, kind, paths)

    monkeypatch.setattr(loader, "read_toml", spy)
    return read


@pytest.fixture
def cached(course_dir: Path, tmp_path: Path, no_racy_window: None) -> Path:
    """The course in ``course_dir`` loaded once through the cache; returns the data folder."""
    data = tmp_path / "data"
    data.mkdir()
    _load_through_cache(course_dir, data)
    return data


def _edit_welcome(course_dir: Path, old: str, new: str) -> None:
    lesson = course_dir / "lessons" / "welcome.toml"
    lesson.write_text(lesson.read_text().replace(old, new, 1))


def test_after_an_edit_only_the_edited_lesson_is_read_and_the_course_equals_a_full_load(
    course_dir: Path, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_welcome(course_dir, 'title = "', 'title = "Edited: ')
    read = _reads(monkeypatch)
    course, from_cache = _load_through_cache(course_dir, cached)
    assert not from_cache
    assert sorted(read) == ["course.toml", "welcome.toml"]
    assert course.lessons["welcome"].title.startswith("Edited: ")
    monkeypatch.undo()
    assert course == loader.load_course(course_dir)
    assert _load_through_cache(course_dir, cached) == (course, True)  # and cached again


def test_a_problem_in_the_edited_lesson_is_reported_as_a_full_check_would(
    course_dir: Path, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_welcome(course_dir, "minutes = ", "minutes = -")
    read = _reads(monkeypatch)
    result = loader.check_course(course_dir, coursecache.lookup(course_dir, cached).reusable)
    assert sorted(read) == ["course.toml", "welcome.toml"]
    monkeypatch.undo()
    assert result.problems and result.problems == loader.check_course(course_dir).problems
    assert result.course is None


def test_a_problem_in_an_unchanged_lesson_is_placed_exactly(course_dir: Path, cached: Path) -> None:
    """The index drops a safety note an unchanged lesson names: that lesson is read again for the line."""
    index = course_dir / "course" / "course.toml"
    text = index.read_text()
    course = loader.load_course(course_dir)
    named = {
        note
        for lesson in course.lessons.values()
        for step in lesson.steps
        if step.kind == "exercise"
        for note in step.safety_ids
    }
    dropped = sorted(named)[0]
    index.write_text(text.replace(f'id = "{dropped}"', 'id = "renamed-note"', 1))
    result = loader.check_course(course_dir, coursecache.lookup(course_dir, cached).reusable)
    expected = loader.check_course(course_dir).problems
    assert result.problems == expected
    assert any(p.path.parent.name == "lessons" and p.line > 1 and dropped in p.message for p in expected)


EDITS: dict[str, Callable[[str], str | None]] = {
    "retitle": lambda text: text.replace('title = "', 'title = "New: ', 1),
    "bad minutes": lambda text: text.replace("minutes = ", "minutes = -", 1),
    "unknown safety note": lambda text: text.replace("safety = [", 'safety = ["no-such-note", ', 1),
    "id of another lesson": lambda text: re.sub(r'^id = "[^"]*"', 'id = "welcome"', text, count=1, flags=re.M),
    "renamed id": lambda text: re.sub(r'^id = "([^"]*)"', r'id = "\1-renamed"', text, count=1, flags=re.M),
    "previous id of another": lambda text: text.replace("\nminutes = ", '\nprevious_ids = ["welcome"]\nminutes = ', 1),
    "syntax error": lambda text: text + "\n[[steps]\n",
    "deleted": lambda text: None,
}


@pytest.mark.usefixtures("no_racy_window")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lesson_index=st.integers(min_value=0, max_value=15), edit=st.sampled_from(sorted(EDITS)))
def test_reusing_unchanged_lessons_finds_what_a_full_check_finds(
    lesson_index: int, edit: str, course_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("course") / "course-folder"
    shutil.copytree(course_dir, root)
    data = tmp_path_factory.mktemp("data")
    _load_through_cache(root, data)
    lesson = sorted((root / "lessons").glob("*.toml"))[lesson_index]
    changed = EDITS[edit](lesson.read_text(encoding="utf-8"))
    if changed is None:
        lesson.unlink()
    else:
        lesson.write_text(changed, encoding="utf-8")

    reused = loader.check_course(root, coursecache.lookup(root, data).reusable)
    full = loader.check_course(root)

    assert reused.problems == full.problems
    assert reused.course == full.course
    assert reused.validated == full.validated


@pytest.mark.usefixtures("no_racy_window")
def test_open_course_leaves_writing_the_cache_to_the_caller(
    course_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app writes the cache on its way out, not before its first frame."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(data))
    course, remember = coursecache.open_course(course_dir)
    assert course == loader.load_course(course_dir)
    assert not (data / CACHE_DIR).exists() or not list((data / CACHE_DIR).glob("course-*"))
    remember()
    assert coursecache.lookup(course_dir).course == course
    cached, later = coursecache.open_course(course_dir)
    assert cached == course
    later()  # a cached course has nothing to write
    assert len(list((data / CACHE_DIR).glob("course-*.json"))) == 1


#: The single pattern the cache used to be scanned with (55 ms on a 10 MB cache): the reference.
_CONTROL_REFERENCE = re.compile(rb"\\u00[01][0-9a-fA-F]|\\u00[78][0-9a-fA-F]|\\u009[0-9a-fA-F]|\x7f|\xc2[\x80-\x9f]")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=64),
        st.text(max_size=40).map(lambda text: json.dumps(text, ensure_ascii=False).encode("utf-8")),
        st.lists(
            st.sampled_from([b"\\u00", b"\\", b"u", b"0", b"1", b"7", b"9", b"a", b"F", b"\x7f", b"\xc2", b"\x85"])
        ).map(b"".join),
    )
)
def test_the_control_scan_finds_what_the_single_pattern_found(raw: bytes) -> None:
    assert coursecache._has_control(raw) == (_CONTROL_REFERENCE.search(raw) is not None)
