"""Learner text goes to the progress database and to exports the learner asks for, nowhere else.

A real process types a journal answer into the real app, with its home,
temp and XDG folders inside a sandbox; then every file in the sandbox is
searched for the answer.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import FIXTURES

MARKER = "zq-private-answer-7731"

SESSION = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from unclench.loader import load_course
    from unclench.store import ProgressStore
    from unclench.tui.app import UnclenchApp

    async def main() -> None:
        course = load_course(Path(sys.argv[1]))
        store = ProgressStore.open()
        store.acknowledge(course.id, "disclaimer", "course", course.disclaimer)
        store.set_position(course.id, "intro", "feel")
        app = UnclenchApp(course, store, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()  # a learner with a saved place starts on their step, the reflection
            await pilot.press("e", *sys.argv[2])
            await pilot.pause(1.5)   # let the autosave run
            await pilot.press("ctrl+q")
        store.close()

    asyncio.run(main())
    """
)


@pytest.mark.slow
def test_learner_text_is_written_only_to_the_database_and_the_export(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    home, temp, data = sandbox / "home", sandbox / "tmp", sandbox / "data"
    for folder in (home, temp):
        folder.mkdir(parents=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "UNCLENCH_DATA_DIR": str(data),
    }
    env.pop("TEXTUAL", None)
    run = subprocess.run(
        [sys.executable, "-c", SESSION, str(FIXTURES / "mini"), MARKER],
        cwd=sandbox,
        env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert MARKER not in run.stdout + run.stderr

    export = sandbox / "journal.md"
    done = subprocess.run(
        [sys.executable, "-m", "unclench", "export", "--course", str(FIXTURES / "mini"), "-o", str(export)],
        cwd=sandbox,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert MARKER in export.read_text(encoding="utf-8")
    assert stat.S_IMODE(export.stat().st_mode) == 0o600

    holders = sorted(
        path.relative_to(sandbox)
        for path in sandbox.rglob("*")
        if path.is_file() and MARKER.encode() in path.read_bytes()
    )
    # The database (or its write-ahead log, before a checkpoint) and the export: nothing else.
    assert holders, "the answer was not saved at all"
    assert set(holders) <= {
        Path("data/progress.sqlite3"),
        Path("data/progress.sqlite3-wal"),
        Path("journal.md"),
    }
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in data.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
