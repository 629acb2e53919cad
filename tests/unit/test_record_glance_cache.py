"""``check``'s glance at the learner's record keeps its answers while the database file stays the same.

Kept answers must never stand for a record that changed: a write, a connection
holding changes in a side file, a file changed too recently to tell by its
times, or a cache file someone edited each mean SQLite is asked again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from unclench.cachefiles import cache_folder
from unclench.store import ProgressStore, glance

COURSE = "glance-course"
HOUR_NS = 3_600_000_000_000


@pytest.fixture
def database(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    with ProgressStore.open(data_dir) as store:
        store.set_course_folder(COURSE, tmp_path / "mine")
        store.save_answer(COURSE, "first", "why", "Why are you here?", "Private words.")
    path = data_dir / "progress.sqlite3"
    settle(path)
    return path


def settle(database: Path) -> None:
    """Date the database's last change an hour back, as a record left alone while an author works looks."""
    info = database.stat()
    os.utime(database, ns=(info.st_atime_ns, info.st_mtime_ns - HOUR_NS))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries the glance sends to SQLite, in order."""
    asked: list[str] = []
    live = glance._read

    def counted(database: Path, query: str, value: object) -> list[tuple[object, ...]]:
        asked.append(query)
        return live(database, query, value)

    monkeypatch.setattr(glance, "_read", counted)
    return asked


def cache_file(database: Path) -> Path:
    return cache_folder(database.parent) / glance.GLANCE_CACHE


def every_glance(database: Path, folder: Path) -> tuple[object, ...]:
    return (
        glance.remembered_folder(database, COURSE),
        glance.courses_of_folder(database, folder),
        glance.saved_places(database, COURSE),
    )


def test_a_second_glance_at_the_same_file_answers_as_the_first_without_asking_sqlite(
    tmp_path: Path, database: Path, reads: list[str]
) -> None:
    first = every_glance(database, tmp_path / "mine")
    assert len(reads) == 3
    assert first[0] == tmp_path / "mine"
    assert first[1] == [COURSE]
    assert ("first", "why", "journal") in first[2][0]  # type: ignore[index]
    assert cache_file(database).is_file()
    assert every_glance(database, tmp_path / "mine") == first
    assert len(reads) == 3


def test_a_write_to_the_record_is_seen_at_the_next_glance(tmp_path: Path, database: Path, reads: list[str]) -> None:
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    with ProgressStore.open(database.parent) as store:
        store.set_course_folder(COURSE, tmp_path / "other")
    settle(database)  # even dated back, the file's size or change time says it is not the one kept
    assert glance.remembered_folder(database, COURSE) == tmp_path / "other"
    assert len(reads) == 2


def test_a_record_changed_moments_ago_is_read_live_and_nothing_is_kept(
    tmp_path: Path, database: Path, reads: list[str]
) -> None:
    os.utime(database)  # changed now
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert len(reads) == 2
    assert not cache_file(database).exists()


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_a_side_file_means_a_live_read_every_time(tmp_path: Path, database: Path, reads: list[str], side: str) -> None:
    glance.remembered_folder(database, COURSE)
    Path(f"{database}{side}").write_bytes(b"")
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert len(reads) == 3


@pytest.mark.parametrize(
    "kept",
    [
        b"not json {",
        b"[]",
        b'{"format": 99}',
        b'{"format": 1, "database": "wrong", "answers": {}}',
        b"IDENTITY-ANSWERS-NOT-HEX",
        b"IDENTITY-ANSWERS-NOT-A-LIST",
        b"IDENTITY-PLACES-OF-ANOTHER-SHAPE",
    ],
)
def test_a_cache_file_of_another_shape_is_ignored_and_the_answer_is_live(
    tmp_path: Path, database: Path, reads: list[str], kept: bytes
) -> None:
    every_glance(database, tmp_path / "mine")
    real = json.loads(cache_file(database).read_bytes())
    identity = real["database"]
    forged = {
        b"IDENTITY-ANSWERS-NOT-HEX": {f"folder\0{COURSE}": ["not hex: /tmp/attacker"]},
        b"IDENTITY-ANSWERS-NOT-A-LIST": {f"folder\0{COURSE}": "00ff", f"places\0{COURSE}": {"a": 1}},
        b"IDENTITY-PLACES-OF-ANOTHER-SHAPE": {f"places\0{COURSE}": [["first", 7, "journal"], ["only two", None]]},
    }.get(kept)
    if forged is not None:
        kept = json.dumps({"format": 1, "database": identity, "answers": forged}).encode()
    cache_file(database).write_bytes(kept)
    reads.clear()
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert ("first", "why", "journal") in glance.saved_places(database, COURSE)[0]
    assert reads  # asked SQLite again: nothing forged was believed


def test_an_unwritable_cache_folder_still_answers(tmp_path: Path, database: Path, reads: list[str]) -> None:
    folder = cache_folder(database.parent)
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists():
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    folder.write_text("a file where the cache folder goes")
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert glance.remembered_folder(database, COURSE) == tmp_path / "mine"
    assert len(reads) == 2


def test_settling_is_measured_from_the_clock_not_trusted_from_the_future(
    tmp_path: Path, database: Path, reads: list[str]
) -> None:
    info = database.stat()
    os.utime(database, ns=(info.st_atime_ns, time.time_ns() + HOUR_NS))  # a clock that was ahead
    glance.remembered_folder(database, COURSE)
    glance.remembered_folder(database, COURSE)
    assert len(reads) == 2
