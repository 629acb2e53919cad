"""Reading a course in two processes finds exactly what one process finds, and leaves no process behind."""

from __future__ import annotations

import mmap
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench import coursecache, folders, loader, splitcheck
from unclench.course import lesson_from_data
from unclench.problems import CourseLoadError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper process is forked")


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled course."""
    root = tmp_path / "course-folder"
    shutil.copytree(folders.bundled_course_root() / "course", root / "course")
    shutil.copytree(folders.bundled_course_root() / "lessons", root / "lessons", ignore=shutil.ignore_patterns("*.md"))
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[int]]:
    """Every course with a file to read gets a helper (not only large ones); the helpers forked, by pid.

    After the test, each of them must have been waited for already: none is left running or unreaped.
    """
    monkeypatch.setattr(splitcheck, "MIN_FILES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setenv("UNCLENCH_DATA_DIR", str(tmp_path / "data"))  # nothing cached: every file is read
    pids: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)
    yield pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _open(root: Path, meanwhile: Callable[[], object] | None = None) -> loader.CheckResult:
    """What opening the course with a helper gives, as a check result (the course, or the problems)."""
    try:
        course, _ = coursecache.open_course(root, meanwhile=meanwhile or (lambda: None))
    except CourseLoadError as error:
        return loader.CheckResult(problems=error.problems)
    return loader.CheckResult(course=course)


def test_a_course_read_by_two_processes_equals_one_read_by_one(course_dir: Path, forks: list[int]) -> None:
    waited: list[bool] = []
    result = _open(course_dir, lambda: waited.append(True))
    assert waited == [True] and len(forks) == 1
    assert result.course is not None
    assert result.course == loader.load_course(course_dir)


def test_both_processes_read_files(course_dir: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper reads from the first file on; the caller, once free, from the last back, until they meet."""
    parent = os.getpid()
    read_here: list[str] = []
    passing = loader.passing_lesson

    def noted(path: Path, root: Path, paths: loader.ResolvedPaths) -> object:
        if os.getpid() == parent:
            read_here.append(path.name)
        else:
            time.sleep(0.05)  # a slow helper: the caller has files left to read when it is free
        return passing(path, root, paths)

    monkeypatch.setattr(loader, "passing_lesson", noted)
    files = folders.lesson_files(course_dir)
    with splitcheck.started(course_dir, files) as helper:
        assert helper is not None
        deadline = time.monotonic() + 30
        while splitcheck._read(helper._shared, splitcheck._HELPER_NEXT) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the helper has started on the first file
        reuse = helper.finish()
    assert set(reuse) == set(files)
    assert read_here and read_here[0] == files[-1].name
    assert files[0].name not in read_here and len(read_here) < len(files)
    result = loader.check_course(course_dir, reuse)
    assert result.course == loader.load_course(course_dir)
    assert result.validated == loader.check_course(course_dir).validated


def test_what_the_helper_sends_is_taken_whole_file_by_file(course_dir: Path) -> None:
    """Each file's data is taken (and its lesson made) once all of it has come, however the pipe cuts it."""
    files = folders.lesson_files(course_dir)[:3]
    read = [loader.passing_lesson(path, course_dir, loader.ResolvedPaths()) for path in files]
    assert all(data is not None for data in read)
    sent = b"".join(splitcheck._frame(index, data) for index, data in enumerate(read) if data is not None)
    cut = len(splitcheck._frame(0, read[0] or {})) + 10  # inside the second file's frame
    reading, writing = os.pipe()
    helper = splitcheck.Helper(-1, reading, mmap.mmap(-1, 16), course_dir, files)
    helper._pid = None  # no process behind this pipe: nothing to wait for
    try:
        os.write(writing, sent[:cut])
        helper._take(wait=False)
        assert set(helper._from_helper) == {0}
        os.write(writing, sent[cut:])
        os.close(writing)
        helper._take(wait=True)
        assert set(helper._from_helper) == {0, 1, 2}
        for index, (data, lesson) in helper._from_helper.items():
            assert data == read[index]
            assert lesson == lesson_from_data(data, files[index])
    finally:
        helper.close()


EDITS: dict[str, Callable[[str], str]] = {
    "bad minutes": lambda text: text.replace("minutes = ", "minutes = -", 1),
    "unknown safety note": lambda text: text.replace("safety = [", 'safety = ["no-such-note", ', 1),
    "id of another lesson": lambda text: re.sub(r'^id = "[^"]*"', 'id = "welcome"', text, count=1, flags=re.M),
    "renamed id": lambda text: re.sub(r'^id = "([^"]*)"', r'id = "\1-renamed"', text, count=1, flags=re.M),
    "syntax error": lambda text: text + "\n[[steps]\n",
    "control character": lambda text: text.replace('title = "', 'title = "\\u001b[2J', 1),
    "not UTF-8": lambda text: text + "\n# \udcff\n",
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    broken=st.lists(
        st.tuples(st.integers(min_value=0, max_value=15), st.sampled_from(sorted(EDITS))), min_size=1, max_size=3
    )
)
def test_problems_found_by_two_processes_are_those_of_one(
    broken: list[tuple[int, str]], course_dir: Path, forks: list[int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("course") / "course-folder"
    shutil.copytree(course_dir, root)
    lessons = sorted((root / "lessons").glob("*.toml"))
    for index, edit in broken:
        text = lessons[index].read_bytes().decode("utf-8", "surrogateescape")
        lessons[index].write_bytes(EDITS[edit](text).encode("utf-8", "surrogateescape"))

    split = _open(root)
    serial = loader.check_course(root)

    assert split.problems == serial.problems
    assert split.course == serial.course  # None, whenever there is a problem: such a course never opens


def test_a_helper_that_fails_leaves_the_files_to_the_caller(
    course_dir: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    passing = loader.passing_lesson

    def failing_in_the_helper(path: Path, root: Path, paths: loader.ResolvedPaths) -> object:
        if os.getpid() != parent:
            raise MemoryError
        return passing(path, root, paths)

    monkeypatch.setattr(loader, "passing_lesson", failing_in_the_helper)
    result = _open(course_dir)
    assert len(forks) == 1
    assert result.course == loader.load_course(course_dir)


def test_an_error_meanwhile_stops_the_helper_and_is_raised(course_dir: Path, forks: list[int]) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        coursecache.open_course(course_dir, meanwhile=interrupted)
    assert len(forks) == 1  # and the fixture checks it was waited for


@pytest.mark.parametrize("why", ["no fork", "one core", "few files"])
def test_without_a_helper_everything_is_read_here(
    why: str, course_dir: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    if why == "no fork":
        monkeypatch.delattr(os, "fork")
    elif why == "one core":
        monkeypatch.setattr(os, "cpu_count", lambda: 1)
    else:
        monkeypatch.setattr(splitcheck, "MIN_FILES", 10_000)
    called: list[bool] = []
    course, _ = coursecache.open_course(course_dir, meanwhile=lambda: called.append(True))
    assert called == [] and forks == []
    assert course == loader.load_course(course_dir)


def test_a_cached_course_starts_no_helper(
    course_dir: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(coursecache, "RACY_NS", 0)
    (tmp_path / "data").mkdir()
    coursecache.load_course(course_dir)  # cached now
    called: list[bool] = []
    course, _ = coursecache.open_course(course_dir, meanwhile=lambda: called.append(True))
    assert called == [] and forks == []
    assert course == loader.load_course(course_dir)
