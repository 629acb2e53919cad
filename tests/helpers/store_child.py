"""A child process for the storage fault tests (tests/unit/test_storage_faults.py).

Run as ``python store_child.py MODE DATA_DIR [ARGS...]`` with ``engine/`` on
``PYTHONPATH``. Modes:

``loop PREFIX``
    Open the store, print ``ready``, then save answers ``PREFIX-0``,
    ``PREFIX-1``, ... forever, printing each step id once ``save_answer``
    has returned. The parent kills the process at a random moment.
``write PREFIX COUNT``
    Save ``COUNT`` answers (plus positions and completions), then print ``done``.
``readonly``
    Report, as JSON, what opening the store says about a read-only database
    file and a read-only data folder (the parent runs this without the
    privileges that let root ignore permissions).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from unclench.store import ProgressStore
from unclench.store.errors import StoreError

COURSE = "fault-course"
LESSON = "fault-lesson"


def answer_text(step_id: str) -> str:
    """The answer saved for ``step_id``: varied length and awkward characters."""
    digest = hashlib.sha256(step_id.encode()).hexdigest()
    return f"{step_id} [bold]ü✓🙂\n" + digest * (int(digest[:3], 16) % 40 + 1)


def loop(data_dir: Path, prefix: str) -> None:
    """Save answers until killed, announcing each one after it is saved."""
    store = ProgressStore.open(data_dir)
    print("ready", flush=True)
    i = 0
    while True:
        step_id = f"{prefix}-{i}"
        store.save_answer(COURSE, LESSON, step_id, f"Question {step_id}?", answer_text(step_id))
        print(step_id, flush=True)
        i += 1


def write(data_dir: Path, prefix: str, count: int) -> None:
    """Save ``count`` answers, each in its own transaction."""
    with ProgressStore.open(data_dir) as store:
        for i in range(count):
            step_id = f"{prefix}-{i}"
            store.save_answer(COURSE, LESSON, step_id, f"Question {step_id}?", answer_text(step_id))
            if i % 10 == 0:
                store.set_position(COURSE, LESSON, step_id)
                store.mark_step_done(COURSE, LESSON, step_id)
    print("done", flush=True)


def _attempt(data_dir: Path) -> str | None:
    try:
        ProgressStore.open(data_dir).close()
    except StoreError as error:
        return error.explained
    return None


def readonly(data_dir: Path) -> None:
    """Open a read-only database file, then a read-only folder; report what happened."""
    with ProgressStore.open(data_dir) as store:
        store.save_answer(COURSE, LESSON, "kept", "Question?", "kept answer")
    db = data_dir / "progress.sqlite3"
    before = db.read_bytes()
    report: dict[str, object] = {"can_write_0400": None}

    os.chmod(db, 0o400)
    try:
        with open(db, "ab"):
            pass
        report["can_write_0400"] = True  # permissions are not enforced: the test is meaningless
    except PermissionError:
        report["can_write_0400"] = False
    report["file_error"] = _attempt(data_dir)
    report["file_unchanged"] = db.exists() and db.read_bytes() == before
    report["file_mode"] = oct(os.stat(db).st_mode & 0o777)
    os.chmod(db, 0o600)

    os.chmod(data_dir, 0o500)
    report["dir_error"] = _attempt(data_dir)
    report["dir_mode"] = oct(os.stat(data_dir).st_mode & 0o777)
    os.chmod(data_dir, 0o700)

    report["listing"] = sorted(os.listdir(data_dir))
    with ProgressStore.open(data_dir) as store:
        entry = store.answer(COURSE, LESSON, "kept")
        report["kept"] = entry.answer if entry else None
    print(json.dumps(report), flush=True)


def main(argv: list[str]) -> None:
    """Dispatch on the mode."""
    mode, data_dir = argv[0], Path(argv[1])
    if mode == "loop":
        loop(data_dir, argv[2])
    elif mode == "write":
        write(data_dir, argv[2], int(argv[3]))
    elif mode == "readonly":
        readonly(data_dir)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
