"""A cache of loaded courses: opening an unchanged course skips parsing and validating it.

Loading a course reads every TOML file, validates it (see :mod:`unclench.validation`)
and checks every rule: about 0.03 s for the bundled course and about a second for a
course of 1,000 lessons, mostly parsing TOML. This module keeps, in the data folder's
``cache/``, the validated data of every file of a course that loaded without problems,
and what the files looked like then:

* the files the loader reads (``course/course.toml`` and ``lessons/*.toml``): their
  names, sizes, inodes, and modification and change times in nanoseconds;
* the engine: Unclench's version and the same data for every module of the
  ``unclench`` package itself (not ``unclench.tui``), so that no change to how a
  course is parsed, validated or described can leave a stale cache behind.

When nothing changed, the course is built from the cached data without importing
the loader or pydantic-core. When some files changed (a lesson edited, added or
removed), the loader reads and validates just those, and reuses the cached data of
the others for the rules across files (see :func:`unclench.loader.check_course`).
Any other change (the engine, the folder) means a full load.

The files are looked at *before* loading, so a file edited while it is being
read leaves a cache that no longer matches. File times are only as fine as the
kernel's clock tick, so (as git does for its index) nothing is cached while any of
those files changed less than :data:`RACY_NS` before the look: a later edit of the
same size could otherwise carry the very same times. Only valid courses are cached: a course
with problems raises, as before, from :func:`load_course`. The cache
is an optimisation only: any failure to read or write it means a full load, silently.
It is written only into a data folder that already exists (never created for it),
private like the rest (folder 0700, files 0600). It is JSON, not pickle, so reading
one can never run code. ``unclench check --no-cache`` never uses it. Each load through
the cache also tidies the cache folder (:func:`unclench.cachefiles.prune`): the leftovers
of interrupted writes and the caches of course folders that are gone.

Usage::

    course = coursecache.load_course(root)  # raises on problems, as the loader does
    course, remember = coursecache.open_course(root)  # the same; call remember() when convenient
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from unclench import __version__
from unclench.cachefiles import cache_folder, prune, remove_stale, write_cache_file
from unclench.course import Course, Lesson, course_from_data, lesson_from_data
from unclench.folders import COURSE_INDEX, LESSONS_DIR, is_course_folder, lesson_files
from unclench.frozen import mutable_record
from unclench.problems import CourseLoadError

#: Bumped whenever the layout of a cache file changes.
CACHE_FORMAT = 2
#: A control character the loader refuses in course text, as JSON writes it: escaped C0 (and 0x7X to 0x9X),
#: raw C1 in UTF-8; raw DEL is looked for on its own (see :func:`_has_control`). Each pattern starts with a
#: literal, which the regular expression engine finds quickly: one alternation of them all took 55 ms on
#: the 10 MB cache of a 1,000-lesson course, these 7 ms.
_ESCAPED_CONTROL = re.compile(rb"\\u00[01789][0-9a-fA-F]")
_RAW_C1 = re.compile(rb"\xc2[\x80-\x9f]")
#: A course whose files changed more recently than this (ns) before loading is not cached.
RACY_NS = 2_000_000_000


def course_files(root: Path) -> list[Path] | None:
    """The files the loader reads for the course in ``root``, or None when it is not a course folder."""
    if not is_course_folder(root):
        return None
    return [root / COURSE_INDEX, *lesson_files(root)]


def _stat_key(path: Path) -> list[Any]:
    info = os.stat(path)
    return [path.name, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]


def _file_keys(files: list[Path]) -> list[list[Any]]:
    """What :func:`course_files` looked like: each one's path in the course folder, size, inode and times.

    The paths are worked out as ``str(path.relative_to(root))`` gives them, without its cost
    (about 10 µs a file, on the way to the first frame): the index, then ``lessons/NAME``.
    """
    keys: list[list[Any]] = []
    for number, path in enumerate(files):
        info = os.stat(path)
        rel = str(COURSE_INDEX) if number == 0 else os.path.join(LESSONS_DIR, path.name)
        keys.append([rel, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns])
    return keys


def _engine_key() -> list[Any]:
    here = Path(__file__).resolve().parent
    return [__version__, *(_stat_key(path) for path in sorted(here.glob("*.py")))]


@mutable_record
class Lookup:
    """What :func:`lookup` found: the cached course, if it is current, and how to remember a fresh one."""

    course: Course | None
    """The course from the cache, or None: load it, then :meth:`remember` it."""
    reusable: dict[Path, tuple[dict[str, Any], Lesson]] = field(default_factory=dict)
    """When the course changed: the validated data of its lesson files that did not, and their lessons, by path."""
    _path: Path | None = None
    _key: dict[str, Any] | None = None
    _looked_ns: int = 0
    _root: Path | None = None

    def remember(self, validated: Mapping[Path, dict[str, Any]]) -> None:
        """Cache a course just loaded, under what its files looked like at :func:`lookup`, then :meth:`tidy`.

        Args:
            validated: Every file's validated data, by path
                (:attr:`unclench.loader.CheckResult.validated`).

        Does nothing when the data folder does not exist or the cache cannot be written.
        """
        self._store(validated)
        self.tidy()

    def tidy(self) -> None:
        """Remove what is left over in the cache folder (see :func:`unclench.cachefiles.prune`); quick."""
        if self._path is not None:
            prune(self._path.parent)

    def _store(self, validated: Mapping[Path, dict[str, Any]]) -> None:
        if self._path is None or self._key is None or self._root is None:
            return
        changed = max(entry[-1] for entry in [*self._key["files"], *self._key["engine"][1:]])
        if changed > self._looked_ns - RACY_NS:
            return  # too fresh to tell a later edit apart by its times
        with contextlib.suppress(OSError, ValueError, TypeError):
            data = {str(path.relative_to(self._root)): value for path, value in validated.items()}
            if set(data) != {entry[0] for entry in self._key["files"]}:
                return  # not the files looked at
            write_cache_file(self._path, {**self._key, "data": data})
            remove_stale(self._path, self._key["root"])  # the course's file under an older name


def lookup(root: Path, data_dir: Path | None = None) -> Lookup:
    """Look for a cached copy of the course in ``root``.

    Args:
        root: The course folder.
        data_dir: The data folder; None means :func:`unclench.paths.data_dir`.

    Returns:
        The course when the cache is current; else a :class:`Lookup` with the
        data of the lesson files that have not changed, whose
        :meth:`Lookup.remember` stores the course once loaded.
    """
    looked = time.time_ns()
    try:
        resolved = root.resolve()
        files = course_files(resolved)
        if files is None:
            return Lookup(None)
        now = _file_keys(files)
        key = {"format": CACHE_FORMAT, "root": str(resolved), "engine": _engine_key(), "files": now}
        path = cache_folder(data_dir) / _cache_name(resolved)
    except (OSError, ValueError, RuntimeError):
        return Lookup(None)
    empty = Lookup(None, {}, path, key, looked, root)
    try:
        raw = path.read_bytes()
        if _has_control(raw):
            return empty  # course text never holds control characters: this cache was not written by us
        stored = json.loads(raw)
        if not all(stored.get(name) == key[name] for name in ("format", "root", "engine")):
            return empty
        data: dict[str, Any] = stored["data"]
        if stored["files"] == now:
            return Lookup(_course(data, now, root), {}, path, key, looked, root)
        return Lookup(None, _reusable(data, stored["files"], now, root), path, key, looked, root)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return empty


def _cache_name(root: Path) -> str:
    """The cache file of the course in ``root`` (resolved): named after its path.

    A CRC-32 of the path, not a SHA-256 (no :mod:`hashlib`, whose import loads OpenSSL): two
    folders with the same name only take turns in one file, since the key inside names the folder.
    """
    where = str(root).encode("utf-8", "surrogateescape")
    return f"course-{zlib.crc32(where):08x}{len(where):04x}.json"


def _has_control(raw: bytes) -> bool:
    """Whether cached JSON holds a control character, which course text never does (the loader refuses them)."""
    return b"\x7f" in raw or _ESCAPED_CONTROL.search(raw) is not None or _RAW_C1.search(raw) is not None


def load_course(root: Path) -> Course:
    """The course in ``root``: from the cache when it is current, else loaded (reusing what it can) and cached.

    Raises:
        NotACourseError: ``root`` is not a course folder.
        CourseLoadError: the course has problems; they are attached.
    """
    course, remember = open_course(root)
    remember()
    return course


def open_course(root: Path, meanwhile: Callable[[], object] | None = None) -> tuple[Course, Callable[[], None]]:
    """:func:`load_course`, leaving the writing of the cache to the caller: the app does it on the way out.

    Args:
        root: The course folder.
        meanwhile: Work to do while a helper process reads lesson files (the app
            imports Textual): called only when one does (many files to read, see
            :mod:`unclench.splitcheck`), before the course is known to be valid.

    Returns:
        The course, and what stores it in the cache (when it did not come from there) and
        removes what is left over in the cache folder (:meth:`Lookup.tidy`).

    Raises:
        NotACourseError: ``root`` is not a course folder.
        CourseLoadError: the course has problems; they are attached.
    """
    cache = lookup(root)
    if cache.course is not None:
        return cache.course, cache.tidy
    from unclench import loader  # only when the cache cannot answer

    reuse: dict[Path, tuple[dict[str, Any], Lesson | None]] = dict(cache.reusable)
    if meanwhile is not None:
        reuse.update(_read_beside(root, reuse, meanwhile))
    result = loader.check_course(root, reuse)
    if result.course is None:
        raise CourseLoadError(result.problems, result.partial)
    return result.course, lambda: cache.remember(result.validated)


def _read_beside(
    root: Path, reuse: Mapping[Path, object], meanwhile: Callable[[], object]
) -> dict[Path, tuple[dict[str, Any], Lesson]]:
    """The lesson files not in ``reuse`` read in two processes while this one does ``meanwhile``, if worth it."""
    from unclench import splitcheck

    try:
        files = [path for path in lesson_files(root) if path not in reuse]
    except OSError:
        return {}  # the loader says what is wrong with the folder
    with splitcheck.started(root, files) as helper:
        if helper is None:
            return {}
        meanwhile()
        return helper.finish()


def _course(data: dict[str, Any], files: list[list[Any]], root: Path) -> Course:
    """The course built from every file's cached data (``files`` in the loader's order)."""
    lessons = {}
    for rel, *_ in files[1:]:
        lesson = lesson_from_data(data[rel], root / rel)
        lessons[lesson.id] = lesson
    return dataclasses.replace(course_from_data(data[str(COURSE_INDEX)]), lessons=lessons, root=root)


def _reusable(
    data: dict[str, Any], stored: list[list[Any]], current: list[list[Any]], root: Path
) -> dict[Path, tuple[dict[str, Any], Lesson]]:
    """The cached data of the lesson files that look as they did, with the lesson each still makes."""
    before = {entry[0]: entry for entry in stored}
    reusable = {}
    for entry in current[1:]:
        rel = entry[0]
        if before.get(rel) == entry and rel in data:
            path = root / rel
            with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                # A damaged entry makes no lesson: that file is read again instead.
                reusable[path] = (data[rel], lesson_from_data(data[rel], path))
    return reusable
