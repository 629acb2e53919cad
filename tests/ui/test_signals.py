"""SIGTERM and SIGHUP save pending text and restore the terminal (issue 11 item 7).

A real ``unclench`` process in a pseudo-terminal: the learner types into a
journal prompt, and the signal arrives before the autosave would have run.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
from unclench.loader import load_course
from unclench.store import ProgressStore

from .conftest import FIXTURES

TYPED = "tight shoulders"


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def _drain(fd: int, process: subprocess.Popen[bytes], seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            seen += chunk
            if not chunk and process.poll() is not None:
                break
        elif process.poll() is not None:
            break
    return seen


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_saves_the_text_being_typed_and_restores_the_terminal(tmp_path: Path, signum: int) -> None:
    course = load_course(FIXTURES / "mini")
    data = tmp_path / "data"
    with ProgressStore.open(data) as store:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        store.set_position(course.id, "intro", "feel")  # the app opens on the journal prompt
    main_fd, child_fd = pty.openpty()
    os.set_blocking(main_fd, True)
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen(
        [sys.executable, "-m", "unclench", "--course", str(FIXTURES / "mini")],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
        start_new_session=True,
    )
    os.close(child_fd)
    try:
        screen = _read_until(main_fd, b"Your answer", 60)
        assert b"Your answer" in screen, screen[-2000:]
        time.sleep(1.0)  # the first frames are drawn
        os.write(main_fd, b"e")  # start writing (the editor takes the focus)
        time.sleep(0.5)
        os.write(main_fd, TYPED.encode())
        _read_until(main_fd, TYPED[-4:].encode(), 5)
        process.send_signal(signum)  # well inside the autosave's half-second pause
        tail = _drain(main_fd, process, 30)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main_fd)
    assert code == 128 + signum
    assert b"Traceback" not in tail
    # Textual left the alternate screen and turned mouse tracking off on its way out.
    assert b"\x1b[?1049l" in tail
    assert b"\x1b[?1000l" in tail or b"\x1b[?1003l" in tail
    with ProgressStore.open(data) as store:
        entry = store.answer(course.id, "intro", "feel")
    assert entry is not None and entry.answer == TYPED
