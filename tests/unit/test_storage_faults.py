"""The progress store under faults: killed processes, rivals, damaged files, full disks.

Each test here fails if the protection it checks is removed: commits before
returning, ``BEGIN IMMEDIATE`` with a busy timeout, moving damaged files aside
instead of overwriting them, refusing newer and read-only databases, and
turning write failures into :class:`StoreWriteError` without losing data.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from unclench.store import DB_FILENAME, ProgressStore
from unclench.store.errors import NewerDatabaseError, StoreError, StoreWriteError
from unclench.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
CHILD = ROOT / "tests" / "helpers" / "store_child.py"


def _load_child() -> ModuleType:
    spec = importlib.util.spec_from_file_location("store_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child = _load_child()
COURSE: str = child.COURSE
LESSON: str = child.LESSON
answer_text: Callable[[str], str] = child.answer_text

FIXED = datetime(2026, 11, 21, 23, 40, 5, tzinfo=timezone.utc)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ENGINE), env.get("PYTHONPATH", "")) if p)
    env.pop("UNCLENCH_DATA_DIR", None)
    return env


def _spawn(*args: str, preexec_fn: Callable[[], None] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        preexec_fn=preexec_fn,
    )


def _integrity(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def _aside(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if ".unreadable-" in p.name)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- SIGKILL


@pytest.mark.slow
def test_answers_survive_sigkill(tmp_path: Path) -> None:
    """Every answer whose save returned is there, exactly, after the writer is SIGKILLed."""
    data_dir = tmp_path / "data"
    rng = random.Random(20261121)
    confirmed: list[str] = []
    kills = 0
    # Counted, not timed: a loaded machine saves less between kills, so it simply kills more often.
    while kills < 100 or len(confirmed) <= 100:
        assert kills < 1000, f"only {len(confirmed)} saves returned before {kills} kills"
        proc = _spawn("loop", str(data_dir), f"r{kills}")
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready == "ready\n", proc.stderr.read() if proc.stderr else ready
        time.sleep(rng.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        # Only complete lines were announced after save_answer returned.
        confirmed.extend(line for line in out.split("\n")[:-1] if line)
        kills += 1

        assert _integrity(data_dir / DB_FILENAME) == [("ok",)]
        with ProgressStore.open(data_dir) as store:
            assert store.notice is None
            stored = {e.step_id: e.answer for e in store.answers(COURSE)}
        missing = [s for s in confirmed if s not in stored]
        assert not missing, f"after kill {kills}: lost {missing[:5]}"
        wrong = [s for s in confirmed if stored[s] != answer_text(s)]
        assert not wrong, f"after kill {kills}: altered {wrong[:5]}"
    assert _aside(data_dir) == []


# --------------------------------------------------------------------------- two processes


@pytest.mark.slow
def test_two_processes_write_concurrently(tmp_path: Path) -> None:
    """Two processes starting together on a new data folder both save everything."""
    data_dir = tmp_path / "data"
    procs = [_spawn("write", str(data_dir), prefix, "200") for prefix in ("a", "b")]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out == "done\n"
    with ProgressStore.open(data_dir) as store:
        entries = {e.step_id: e.answer for e in store.answers(COURSE)}
        done = store.completed_steps(COURSE)[LESSON]
        position = store.position(COURSE)
    expected = {f"{p}-{i}" for p in "ab" for i in range(200)}
    assert set(entries) == expected
    assert all(entries[s] == answer_text(s) for s in expected)
    assert done == {f"{p}-{i}" for p in "ab" for i in range(0, 200, 10)}
    assert position is not None and position.step_id in {"a-190", "b-190"}


# --------------------------------------------------------------------------- damaged files


def _fresh_db_with_data(data_dir: Path, answers: int = 400) -> None:
    with ProgressStore.open(data_dir) as store:
        for i in range(answers):
            store.save_answer(COURSE, LESSON, f"s{i}", "Question?", answer_text(f"s{i}"))


def _truncated(data_dir: Path) -> bytes:
    _fresh_db_with_data(data_dir)
    data = (data_dir / DB_FILENAME).read_bytes()
    assert len(data) > 8192
    return data[: len(data) // 2]


def _foreign_sqlite(data_dir: Path) -> bytes:
    other = data_dir.parent / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not unclench')")
    conn.commit()
    conn.close()
    return other.read_bytes()


DAMAGE: dict[str, Callable[[Path], bytes]] = {
    "truncated": _truncated,
    "random-bytes": lambda _: random.Random(7).randbytes(10_000),
    "header-then-garbage": lambda _: b"SQLite format 3\x00" + random.Random(8).randbytes(5000),
    "text-file": lambda _: b"These are my notes, not a database.\n" * 50,
    "one-byte": lambda _: b"x",
    "foreign-sqlite": _foreign_sqlite,
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_file_is_moved_aside(tmp_path: Path, kind: str) -> None:
    """An unreadable file is renamed with a timestamp, byte for byte, and a fresh store works."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    content = DAMAGE[kind](data_dir)
    db = data_dir / DB_FILENAME
    db.write_bytes(content)

    with ProgressStore.open(data_dir, now=lambda: FIXED) as store:
        moved = data_dir / f"{DB_FILENAME}.unreadable-20261121-234005"
        assert _aside(data_dir) == [moved]
        assert moved.read_bytes() == content
        assert store.notice is not None
        assert str(moved) in store.notice
        assert "not deleted" in store.notice
        assert store.answers(COURSE) == []
        store.save_answer(COURSE, LESSON, "new", "Q?", "fresh start")
        assert store.answer(COURSE, LESSON, "new") is not None
    assert _integrity(db) == [("ok",)]
    with ProgressStore.open(data_dir) as store:
        assert store.notice is None
        entry = store.answer(COURSE, LESSON, "new")
        assert entry is not None and entry.answer == "fresh start"


def test_side_files_move_with_the_database(tmp_path: Path) -> None:
    """The -wal and -shm of a damaged database go with it, under matching names."""
    data_dir = tmp_path
    db = data_dir / DB_FILENAME
    db.write_bytes(b"garbage" * 100)
    (data_dir / f"{DB_FILENAME}-wal").write_bytes(b"wal bytes")
    (data_dir / f"{DB_FILENAME}-shm").write_bytes(b"shm bytes")
    with ProgressStore.open(data_dir, now=lambda: FIXED) as store:
        assert store.notice is not None
    base = data_dir / f"{DB_FILENAME}.unreadable-20261121-234005"
    assert base.read_bytes() == b"garbage" * 100
    assert Path(f"{base}-wal").read_bytes() == b"wal bytes"
    assert Path(f"{base}-shm").read_bytes() == b"shm bytes"


def test_moved_aside_names_never_collide(tmp_path: Path) -> None:
    """A second damaged file in the same second gets a counter, not the first one's name."""
    db = tmp_path / DB_FILENAME
    db.write_bytes(b"first")
    ProgressStore.open(tmp_path, now=lambda: FIXED).close()
    db.unlink()
    db.write_bytes(b"second")
    with ProgressStore.open(tmp_path, now=lambda: FIXED) as store:
        second = tmp_path / f"{DB_FILENAME}.unreadable-20261121-234005-2"
        assert store.notice is not None and str(second) in store.notice
    assert (tmp_path / f"{DB_FILENAME}.unreadable-20261121-234005").read_bytes() == b"first"
    assert second.read_bytes() == b"second"


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    """A database from a newer Unclench raises NewerDatabaseError and is not modified."""
    with ProgressStore.open(tmp_path) as store:
        store.save_answer(COURSE, LESSON, "s", "Q?", "precious")
    db = tmp_path / DB_FILENAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.commit()
    conn.close()
    before = _sha(db)

    with pytest.raises(NewerDatabaseError) as caught:
        ProgressStore.open(tmp_path)

    message = caught.value.explained
    assert str(db) in message
    assert str(SCHEMA_VERSION + 7) in message
    assert str(SCHEMA_VERSION) in message
    assert "upgrade unclench" in message.lower()
    assert caught.value.hint == "Upgrade Unclench to open it."
    assert isinstance(caught.value, StoreError)
    assert _sha(db) == before
    assert _aside(tmp_path) == []


def _drop_file_privileges() -> None:
    """Runs in the child before exec: drop the capabilities that let root ignore permissions."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    pr_capbset_drop = 24
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.mark.slow
def test_read_only_file_and_folder_are_refused_not_moved(tmp_path: Path) -> None:
    """A read-only database or folder raises StoreError with advice; nothing is moved or lost."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root and not sys.platform.startswith("linux"):
        pytest.skip("cannot make root respect file permissions here")
    data_dir = tmp_path / "data"
    proc = _spawn("readonly", str(data_dir), preexec_fn=_drop_file_privileges if as_root else None)
    out, err = proc.communicate(timeout=30)
    if as_root and proc.returncode != 0 and "prctl" in err:
        pytest.skip("cannot drop root's capabilities here")
    assert proc.returncode == 0, err
    report = json.loads(out)
    if report["can_write_0400"]:
        pytest.skip("file permissions are not enforced here")

    db = data_dir / DB_FILENAME
    file_error = report["file_error"]
    assert file_error is not None
    assert str(db) in file_error and "read-only" in file_error and "chmod" in file_error
    assert report["file_unchanged"] is True
    assert report["file_mode"] == "0o400"

    dir_error = report["dir_error"]
    assert dir_error is not None
    assert str(data_dir) in dir_error and "read-only" in dir_error and "UNCLENCH_DATA_DIR" in dir_error
    assert report["dir_mode"] == "0o500"

    assert report["listing"] == [DB_FILENAME]
    assert report["kept"] == "kept answer"


# --------------------------------------------------------------------------- write failures


def test_disk_full_raises_store_write_error_and_keeps_data(tmp_path: Path) -> None:
    """A full disk (SQLITE_FULL, for real) becomes StoreWriteError; saved data is intact."""
    with ProgressStore.open(tmp_path) as store:
        store.save_answer(COURSE, LESSON, "old", "Q?", "saved before the disk filled")
        store.mark_step_done(COURSE, LESSON, "old")
        conn = store._conn
        assert conn is not None
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

        with pytest.raises(StoreWriteError) as caught:
            store.save_answer(COURSE, LESSON, "new", "Q?", "x" * 100_000)
        assert "disk is full" in caught.value.message
        assert str(store.path) in caught.value.message
        assert "Traceback" not in caught.value.message
        with pytest.raises(StoreWriteError):
            store.save_answer(COURSE, LESSON, "old", "Q?", "y" * 100_000)

        old = store.answer(COURSE, LESSON, "old")
        assert old is not None and old.answer == "saved before the disk filled"
        assert store.answer(COURSE, LESSON, "new") is None
        assert store.completed_steps(COURSE) == {LESSON: {"old"}}
        assert conn.in_transaction is False

        conn.execute("PRAGMA max_page_count = 1073741823")
        store.save_answer(COURSE, LESSON, "new", "Q?", "x" * 100_000)
    with ProgressStore.open(tmp_path) as store:
        new = store.answer(COURSE, LESSON, "new")
        assert new is not None and new.answer == "x" * 100_000
    assert _integrity(tmp_path / DB_FILENAME) == [("ok",)]


class _FailingConnection:
    """Wraps a connection; statements after BEGIN fail as the disk would."""

    def __init__(self, conn: sqlite3.Connection, error: str) -> None:
        self._conn = conn
        self._error = error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith(("BEGIN", "ROLLBACK")):
            return self._conn.execute(sql, *args)
        raise sqlite3.OperationalError(self._error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    ("error", "words", "hint"),
    [
        ("database or disk is full", "disk is full", "Free some space, then try again."),
        ("disk I/O error", "input/output error", "Check the disk, then try again."),
        ("attempt to write a readonly database", "read-only", "Make them writable, then try again."),
        ("database is locked", "busy", "Try again in a moment."),
    ],
)
def test_runtime_write_errors_become_store_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str, words: str, hint: str
) -> None:
    """Every write path turns SQLite failures into a plain StoreWriteError and rolls back."""
    store = ProgressStore.open(tmp_path)
    store.save_answer(COURSE, LESSON, "s", "Q?", "before")
    real = store._conn
    assert real is not None
    monkeypatch.setattr(store, "_conn", _FailingConnection(real, error))
    writes: list[Callable[[], object]] = [
        lambda: store.save_answer(COURSE, LESSON, "s", "Q?", "after"),
        lambda: store.set_position(COURSE, LESSON, "s"),
        lambda: store.mark_step_done(COURSE, LESSON, "s"),
        lambda: store.mark_lesson_done(COURSE, LESSON),
        lambda: store.record_quiz_attempt(COURSE, LESSON, "q", "Q?", [0], ["A"], True),
        lambda: store.record_checkin(COURSE, LESSON, "e", "calm", "before", 3, "sess"),
        lambda: store.acknowledge(COURSE, "disclaimer", "disclaimer", "text"),
        lambda: store.set_setting("charts", "off"),
        lambda: store.adopt_renamed_lessons(COURSE, {LESSON: "renamed"}),
        lambda: store.reset(COURSE, journal=True),
    ]
    for write in writes:
        with pytest.raises(StoreWriteError) as caught:
            write()
        assert words in caught.value.message
        assert str(store.path) in caught.value.message
        assert caught.value.hint == hint  # what to do: the hint line of every command, and in the app
        assert real.in_transaction is False
    with pytest.raises(StoreError) as read_error:
        store.answers(COURSE)
    assert not isinstance(read_error.value, StoreWriteError)
    monkeypatch.setattr(store, "_conn", real)
    entry = store.answer(COURSE, LESSON, "s")
    assert entry is not None and entry.answer == "before"
    store.close()


def test_store_errors_are_plain_messages() -> None:
    """StoreError keeps its message as .message and str()."""
    error = StoreWriteError("Could not save: the disk is full.")
    assert isinstance(error, StoreError)
    assert str(error) == error.message == "Could not save: the disk is full."
