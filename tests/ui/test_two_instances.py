"""Two terminals on the same course and data folder: the second is refused before it touches anything.

Two open sessions would each autosave the whole text of an answer, and the
later save would silently replace the earlier one; so only one may be open.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from unclench.instance import IN_USE

from .conftest import FIXTURES

#: A process that holds the course's lock, as an open window does (prints "held" once it does).
LOCK_HOLDER = Path(__file__).resolve().parents[1] / "helpers" / "lock_holder.py"

MINI = FIXTURES / "mini"

#: The first instance: the real app, headless, held open until told to quit.
FIRST = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from unclench import cli

    class Held(Exception):
        pass

    async def hold(app) -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.store.save_answer(app.course.id, "intro", "feel", "Q", "first window's answer")
            print("ready", flush=True)
            while not Path(sys.argv[2]).exists():
                await asyncio.sleep(0.05)

    from unclench.tui import app as app_module
    app_module.UnclenchApp.run = lambda self, *a, **k: asyncio.run(hold(self))
    sys.exit(cli.main(["--course", sys.argv[1]]))
    """
)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.slow
def test_second_instance_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data)}
    stop = tmp_path / "stop"
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST, str(MINI), str(stop)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "ready", first.stderr.read() if first.stderr else ""
        before = _digest(data)

        second = subprocess.run(
            [sys.executable, "-m", "unclench", "--course", str(MINI)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        reset = subprocess.run(
            [sys.executable, "-m", "unclench", "reset", "--course", str(MINI), "--yes", "--journal"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert second.returncode == 1
        # Plain words first; then which process holds it, and how to end it should no window be left (a stranger
        # was shut out so).
        assert second.stderr.startswith(f"error: {IN_USE} ")
        assert f"the Unclench holding the course is process {first.pid} (its lock file:" in second.stderr
        assert f"`kill {first.pid}`" in second.stderr
        assert "Traceback" not in second.stderr
        assert reset.returncode == 1
        assert reset.stderr.startswith(f"error: {IN_USE} ")
        assert _digest(data) == before
    finally:
        stop.touch()
        first.wait(timeout=60)
    assert first.returncode == 0

    # Once the first window is closed, the course opens again: the lock died with it.
    started = time.monotonic()
    status = subprocess.run(
        [sys.executable, "-m", "unclench", "status", "--course", str(MINI)], env=env, capture_output=True, text=True
    )
    assert status.returncode == 0 and "Journal answers: 1" in status.stdout
    assert time.monotonic() - started < 30


def test_a_killed_session_leaves_no_stale_lock(tmp_path: Path) -> None:
    from unclench.instance import CourseLock

    holder = subprocess.Popen(
        [sys.executable, str(LOCK_HOLDER), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()

    with CourseLock(tmp_path, "mini"):
        pass
