"""A cache of loaded courses: opening an unchanged course skips parsing and validating it.

Loading a course reads every TOML file, validates it (see :mod:`unclench.validation`)
and checks every rule: about 0.03 s for the bundled course and about a second for a
course of 1,000 lessons, mostly parsing TOML. The result is a plain :class:`~unclench.course.Course`,
which this module keeps as JSON in the data folder's ``cache/`` and reads back, without
importing the loader, as long as nothing it was made from has changed:

* the files the loader reads (``course/course.toml`` and ``lessons/*.toml``): their
  names, sizes, inodes, and modification and change times in nanoseconds. A file
  added, removed, edited, replaced or even touched means a full load;
* the engine: Unclench's version and the same data for every module of the
  ``unclench`` package itself (not ``unclench.tui``), so that no change to how a
  course is parsed, validated or described can leave a stale cache behind.

The files are looked at *before* the full load, so a file edited while it is being
read leaves a cache that no longer matches. File times are only as fine as the
kernel's clock tick, so (as git does for its index) nothing is cached while any of
those files changed less than :data:`RACY_NS` before the look: a later edit of the
same size could otherwise carry the very same times. Only valid courses are cached: a course
with problems raises, as before, from :func:`unclench.loader.load_course`. The cache
is an optimisation only: any failure to read or write it means a full load, silently.
It is written only into a data folder that already exists (never created for it),
private like the rest (folder 0700, files 0600). It is JSON, not pickle, so reading
one can never run code. ``unclench check --no-cache`` never uses it.

Usage::

    cache = coursecache.lookup(root)
    course = cache.course
    if course is None:
        course = loader.load_course(root)  # raises on problems, as before
        cache.remember(course)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from unclench import __version__, paths
from unclench.course import (
    CheckinMeasure,
    Choice,
    Course,
    ExerciseStep,
    Guidance,
    Lesson,
    Module,
    PageStep,
    PromptStep,
    QuizStep,
    SafetyNote,
    Source,
    Step,
)
from unclench.folders import COURSE_INDEX, is_course_folder, lesson_files

#: Bumped whenever the layout of a cache file changes.
CACHE_FORMAT = 1
#: The folder inside the data folder that holds the cache files.
CACHE_DIR = "cache"
#: A course whose files changed more recently than this (ns) before loading is not cached.
RACY_NS = 2_000_000_000
_STEP_TYPES: dict[str, type[Any]] = {"page": PageStep, "prompt": PromptStep, "quiz": QuizStep, "exercise": ExerciseStep}


def course_files(root: Path) -> list[Path] | None:
    """The files the loader reads for the course in ``root``, or None when it is not a course folder."""
    if not is_course_folder(root):
        return None
    return [root / COURSE_INDEX, *lesson_files(root)]


def _stat_key(path: Path) -> list[Any]:
    info = os.stat(path)
    return [path.name, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]


def _engine_key() -> list[Any]:
    here = Path(__file__).resolve().parent
    return [__version__, *(_stat_key(path) for path in sorted(here.glob("*.py")))]


@dataclass
class Lookup:
    """What :func:`lookup` found: the cached course, if it is current, and how to remember a fresh one."""

    course: Course | None
    """The course from the cache, or None: load it in full, then :meth:`remember` it."""
    _path: Path | None = None
    _key: dict[str, Any] | None = None
    _looked_ns: int = 0

    def remember(self, course: Course) -> None:
        """Cache ``course``, just loaded in full, under what the files looked like at :func:`lookup`.

        Does nothing when the data folder does not exist or the cache cannot be written.
        """
        if self._path is None or self._key is None:
            return
        changed = max(entry[-1] for entry in [*self._key["files"], *self._key["engine"][1:]])
        if changed > self._looked_ns - RACY_NS:
            return  # too fresh to tell a later edit apart by its times
        with contextlib.suppress(OSError, ValueError, TypeError):
            write_cache_file(self._path, {**self._key, "course": _encode(course)})


def lookup(root: Path, data_dir: Path | None = None) -> Lookup:
    """Look for a current cached copy of the course in ``root``.

    Args:
        root: The course folder.
        data_dir: The data folder; None means :func:`unclench.paths.data_dir`.

    Returns:
        The course when the cache is current, else an empty :class:`Lookup`
        whose :meth:`Lookup.remember` stores the course once loaded.
    """
    looked = time.time_ns()
    try:
        resolved = root.resolve()
        files = course_files(resolved)
        if files is None:
            return Lookup(None)
        key = {
            "format": CACHE_FORMAT,
            "root": str(resolved),
            "engine": _engine_key(),
            "files": [[str(p.relative_to(resolved)), *_stat_key(p)[1:]] for p in files],
        }
        path = cache_folder(data_dir) / f"course-{hashlib.sha256(str(resolved).encode()).hexdigest()[:24]}.json"
    except (OSError, ValueError, RuntimeError):
        return Lookup(None)
    try:
        stored = json.loads(path.read_bytes())
        if all(stored.get(name) == value for name, value in key.items()):
            return Lookup(_decode(stored["course"], root), path, key, looked)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return Lookup(None, path, key, looked)


def load_course(root: Path) -> Course:
    """The course in ``root``: from the cache when it is current, else loaded in full and cached.

    Raises:
        NotACourseError: ``root`` is not a course folder.
        CourseLoadError: the course has problems (see :func:`unclench.loader.load_course`).
    """
    cache = lookup(root)
    if cache.course is not None:
        return cache.course
    from unclench import loader  # pydantic: only when the cache cannot answer

    course = loader.load_course(root)
    cache.remember(course)
    return course


def cache_folder(data_dir: Path | None = None) -> Path:
    """The folder of cache files in ``data_dir`` (default: :func:`unclench.paths.data_dir`)."""
    return (data_dir if data_dir is not None else paths.data_dir()) / CACHE_DIR


def write_cache_file(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` in :func:`cache_folder`, atomically and privately (0600).

    Does nothing when the data folder does not exist: it is never created for a cache.

    Raises:
        OSError: the file could not be written.
    """
    folder = path.parent
    if not folder.parent.is_dir():
        return  # never create the data folder just for a cache
    folder.mkdir(mode=0o700, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    import tempfile  # only when writing: reading stays quick

    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}-", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# -- Course <-> JSON --------------------------------------------------------------------------
# Encoding is dataclasses.asdict (paths become strings); decoding rebuilds each class from
# its fields, turning JSON arrays back into tuples. A test round-trips real courses, so a
# field added to unclench.course that needs more than that is caught there.


def _encode(course: Course) -> dict[str, Any]:
    data = asdict(course)
    data.pop("root", None)
    for lesson in data["lessons"].values():  # kept relative, so the course folder may be named differently
        path = lesson["path"]
        if path is not None and course.root is not None:
            with contextlib.suppress(ValueError):
                path = path.relative_to(course.root)
        lesson["path"] = None if path is None else str(path)
    return data


def _leaf(cls: type[Any], data: dict[str, Any]) -> Any:
    return cls(**{name: tuple(value) if isinstance(value, list) else value for name, value in data.items()})


def _step(data: dict[str, Any]) -> Step:
    if data["kind"] == "quiz":
        choices = tuple(Choice(**choice) for choice in data["choices"])
        return QuizStep(**{**data, "choices": choices})
    step: Step = _leaf(_STEP_TYPES[data["kind"]], data)
    return step


def _lesson(data: dict[str, Any], root: Path) -> Lesson:
    path = data.get("path")
    fields = {**data, "steps": tuple(_step(s) for s in data["steps"]), "path": root / path if path else None}
    lesson: Lesson = _leaf(Lesson, fields)
    return lesson


def _decode(data: dict[str, Any], root: Path) -> Course:
    nested = {
        "sources": tuple(_leaf(Source, s) for s in data["sources"]),
        "safety": tuple(_leaf(SafetyNote, n) for n in data["safety"]),
        "checkins": tuple(_leaf(CheckinMeasure, c) for c in data["checkins"]),
        "guidance": _leaf(Guidance, data["guidance"]),
        "modules": tuple(_leaf(Module, m) for m in data["modules"]),
        "lessons": {lesson_id: _lesson(lesson, root) for lesson_id, lesson in data["lessons"].items()},
    }
    return Course(**{**data, **nested, "root": root})
