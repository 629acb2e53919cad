"""Closing the terminal saves what was typed, ends the app and frees the course (a stranger's worst finding).

A stranger typed into a reflection and closed the window (``tmux kill-server``): the
text was saved, but in 2 of 4 tries the process lived on with no terminal, deaf to
SIGTERM, holding the course lock, so every new start said the course was open in
another window. Textual's writer thread had died at the first write to the gone
terminal, and the app then waited for ever for room in its queue.

The real app in a pseudo-terminal that is then closed: as the controlling terminal
of the app (the kernel sends SIGHUP and SIGCONT, as when a terminal window runs it),
and as a terminal it only reads and writes (no signal at all: the end of its input
and failed writes are all there is, as when the shell in between was killed). Each
close is repeated, in several places; each time the process must end (a generous
timeout, a hang guard only), the typed text must be in the record, and the course
must open again. The app's own last resort (``cli/run.py``: ending the process if it
cannot stop) is put far out of reach here, so that it cannot hide a hang; one test
checks that last resort itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from unclench.instance import CourseLock
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
from unclench.loader import load_course
from unclench.store import ProgressStore

from .conftest import FIXTURES

pytestmark = pytest.mark.slow

COURSE = FIXTURES / "mini"
#: Seconds a closed app may take to end before the test calls it hung (it takes well under one).
ENDS_WITHIN = 20

#: Starts the app as ``unclench --course COURSE`` would. ``ctty``: the terminal becomes the app's
#: controlling terminal first. ``grace``: the seconds before the app's last resort ends it.
#: ``stuck``: the app cannot stop (its stop blocks the event loop), for the last resort's test.
LAUNCH = """
import fcntl, sys, termios, time
mode, grace, *args = sys.argv[1:]
if "ctty" in mode:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
from unclench import cli
from unclench.cli import run
run.STOP_GRACE_SECONDS = float(grace)
if "stuck" in mode:
    from unclench.tui.app import UnclenchApp
    UnclenchApp._stop_on_signal = lambda self, signum: time.sleep(3600)
sys.exit(cli.main(args))
"""
#: Far beyond :data:`ENDS_WITHIN`: a hang is a hang, not rescued by the last resort.
NO_RESCUE = "600"


def seed(data: Path, position: tuple[str, str] | None = ("intro", "feel")) -> None:
    """The disclaimer acknowledged; the learner at ``position`` (None: nowhere yet, so the map)."""
    course = load_course(COURSE)
    with ProgressStore.open(data) as store:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        if position is not None:
            store.set_position(course.id, *position)


def answer(data: Path, lesson: str = "intro", step: str = "feel") -> str | None:
    with ProgressStore.open(data) as store:
        entry = store.answer("mini", lesson, step)
    return None if entry is None else entry.answer


def course_is_free(data: Path) -> bool:
    """Whether a new start may open the course (nobody holds its lock)."""
    try:
        with CourseLock(data, "mini"):
            return True
    except Exception:
        return False


class PseudoTerminal:
    """The app in a pseudo-terminal of its own, 80 by 24."""

    def __init__(self, data: Path, mode: str = "ctty", grace: str = NO_RESCUE) -> None:
        self.main_fd, child_fd = pty.openpty()
        fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(UNCLENCH_DATA_DIR=str(data), TERM="xterm-256color")
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, mode, grace, "--course", str(COURSE)],
            stdin=child_fd,
            stdout=child_fd,
            stderr=child_fd,
            env=env,
            start_new_session=True,  # a session of its own, whose leader it is
        )
        os.close(child_fd)
        self.shown = b""
        self.open = True

    def wait_for(self, text: str, seconds: float = 60) -> None:
        wanted = text.encode()
        deadline = time.monotonic() + seconds
        while wanted not in self.shown and time.monotonic() < deadline:
            ready, _, _ = select.select([self.main_fd], [], [], 0.1)
            if ready:
                try:
                    self.shown += os.read(self.main_fd, 65536)
                except OSError:
                    break
        assert wanted in self.shown, f"{text!r} never appeared: {self.shown[-1500:]!r}"

    def last_shown(self) -> bytes:
        """What the app wrote last, read to its end (to say why a status was not the one expected)."""
        while select.select([self.main_fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.main_fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.shown += chunk
        return self.shown[-3000:]

    def type(self, keys: str) -> None:
        os.write(self.main_fd, keys.encode())

    def close(self) -> None:
        """Close the terminal (as closing its window does)."""
        if self.open:
            self.open = False
            os.close(self.main_fd)

    def ended(self) -> int:
        """The exit status, once the process has ended; fails if it is still running after :data:`ENDS_WITHIN`."""
        try:
            return self.process.wait(timeout=ENDS_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the app still runs {ENDS_WITHIN} s after its terminal was closed")

    def stop(self) -> None:
        """Clean-up: nothing of the test's may outlive it."""
        self.close()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def app_in(data: Path, mode: str = "ctty", grace: str = NO_RESCUE) -> Iterator[PseudoTerminal]:
    terminal = PseudoTerminal(data, mode, grace)
    try:
        yield terminal
    finally:
        terminal.stop()


def write_and_close(data: Path, mode: str, words: str) -> int:
    """Open the app on the prompt, press e, type ``words``, close the terminal as soon as they show; the status."""
    with app_in(data, mode) as terminal:
        terminal.wait_for("Your answer")
        time.sleep(0.5)  # the first frames are drawn
        terminal.type("e")
        time.sleep(0.8)  # a look at the box (a letter straight after e goes on a word begun with it), even when loaded
        terminal.type(words)
        terminal.wait_for(words.split()[-1], 10)
        terminal.close()  # well inside the autosave's half-second pause: the text waits to be saved
        return terminal.ended()


@pytest.mark.parametrize("mode", ["ctty", "input-output"], ids=["window-closed", "terminal-gone-no-signal"])
def test_closing_the_terminal_while_writing_saves_the_text_ends_the_app_and_frees_the_course(
    tmp_path: Path, mode: str
) -> None:
    data = tmp_path / "data"
    seed(data)
    typed = ""
    for word in ("tight", "shoulders", "today"):  # the stranger's tries failed 2 of 4: close it again and again
        words = f" {word}" if typed else word
        status = write_and_close(data, mode, words)
        typed += words
        assert status == 128 + signal.SIGHUP, "it ends as on SIGHUP, its own stop, not killed"
        assert answer(data) == typed
        assert course_is_free(data)
    # And the course opens again, with the answer as typed.
    with app_in(data, mode) as terminal:
        terminal.wait_for("tight shoulders today")
        terminal.type("\x11")  # ctrl+q
        status = terminal.ended()
        assert status == 0, terminal.last_shown()


def test_closing_the_terminal_on_the_map_and_in_the_journal_ends_the_app(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed(data, position=None)
    with app_in(data) as terminal:  # on the course map, nothing typed
        terminal.wait_for("Overall")
        time.sleep(0.5)
        terminal.close()
        assert terminal.ended() == 128 + signal.SIGHUP
    assert course_is_free(data)
    with ProgressStore.open(data) as store:
        store.save_answer("mini", "intro", "feel", "Where?", "Knotted")
    with app_in(data) as terminal:  # the journal, editing that answer
        terminal.wait_for("Overall")
        time.sleep(0.5)
        terminal.type("j")
        terminal.wait_for("Knotted")
        time.sleep(0.5)
        terminal.type("e")
        time.sleep(0.8)  # a look at the box first, even when loaded
        terminal.type(" jaw")
        terminal.wait_for("jaw", 10)
        terminal.close()
        assert terminal.ended() == 128 + signal.SIGHUP
    assert answer(data) == "Knotted jaw"
    assert course_is_free(data)


def test_an_app_that_cannot_stop_still_ends_and_frees_the_course(tmp_path: Path) -> None:
    """The last resort: an app whose stop never runs still ends (as SIGTERM ends it), so the lock is freed."""
    data = tmp_path / "data"
    seed(data)
    with app_in(data, "ctty,stuck", grace="1") as terminal:
        terminal.wait_for("Your answer")
        time.sleep(0.5)
        terminal.type("e")
        time.sleep(0.8)  # a look at the box first, even when loaded
        terminal.type("saved already")
        terminal.wait_for("Saved", 10)  # the autosave had stored it
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.ended() == 128 + signal.SIGTERM
    assert answer(data) == "saved already"
    assert course_is_free(data)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc to watch the app's process in")
def test_killing_the_tmux_server_ends_the_app_every_time(tmp_path: Path) -> None:
    """The stranger's own steps: a reflection, e, some words, then ``tmux kill-server`` at once."""
    data = tmp_path / "data"
    seed(data)
    typed = ""
    for number, word in enumerate(("one", "two", "three", "four", "five", "six")):
        at_once = number % 2 == 1  # killed while the app still draws the editor: how the stranger's hung
        name = f"unclench-hangup-{uuid.uuid4().hex[:8]}"
        tmux = ["tmux", "-L", name]  # a server of its own: killing it touches no other session
        variables = [f"UNCLENCH_DATA_DIR={data}", "TERM=xterm-256color"]
        if "PYTHONPATH" in os.environ:
            variables.append(f"PYTHONPATH={os.environ['PYTHONPATH']}")
        command = shlex.join(
            ["env", *variables, sys.executable, "-c", LAUNCH, "tmux", NO_RESCUE, "--course", str(COURSE)]
        )
        env = {key: value for key, value in os.environ.items() if key != "TMUX"}
        subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True, env=env)
        words = f" {word}" if typed else word
        try:
            panes = subprocess.run([*tmux, "list-panes", "-F", "#{pane_pid}"], capture_output=True, text=True)
            pid = int(panes.stdout)
            _wait_for_pane(tmux, "Your answer")
            subprocess.run([*tmux, "send-keys", "-t", name, "e"], check=True)
            time.sleep(0.8)  # a look at the box first, even when loaded
            subprocess.run([*tmux, "send-keys", "-t", name, "-l", words], check=True)
            if not at_once:
                _wait_for_pane(tmux, f"{typed}{words}")
        finally:
            subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)
        _wait_until_ended(pid)
        saved = answer(data)
        if at_once:  # keys the app had not read yet when the terminal closed are gone with it
            assert saved in (typed or None, typed + words)
            typed = saved or ""
        else:
            typed += words
            assert saved == typed
        assert course_is_free(data)


def _wait_for_pane(tmux: list[str], text: str) -> None:
    deadline = time.monotonic() + 60
    shown = ""
    while time.monotonic() < deadline:
        shown = subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True, check=False).stdout
        if text in shown:
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared:\n{shown}")


def _wait_until_ended(pid: int) -> None:
    """Wait for process ``pid`` (no child of ours) to end; a zombie waiting for its new parent has ended."""
    deadline = time.monotonic() + ENDS_WITHIN
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)  # the test's own process, by its exact id
    pytest.fail(f"the app still ran {ENDS_WITHIN} s after its tmux server was killed")
