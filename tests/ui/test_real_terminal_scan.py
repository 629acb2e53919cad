"""In a real terminal (tmux) at 60x20: no screen of the bundled course cuts text off with "…".

The app runs in a tmux pane exactly as a learner starts it. The test walks
the disclaimer, the map, help, the journal, the trends and then every step
of every lesson (ctrl+n, declining each safety gate with Escape) to the
course's end, waiting for each screen to change and settle, and on
each screen looks for text ending in "…" whose full text is not shown
elsewhere on that screen. Skipped when tmux is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from unclench.folders import bundled_course_root
from unclench.loader import load_course

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

WIDTH, HEIGHT = 60, 20
SIZE_VARIABLES = {"COLUMNS", "LINES"}
#: At most this many steps forward (the bundled course has fewer; a loop must not run for ever).
MOST_STEPS = 600


class Pane:
    """One tmux session running the app; keys in, the screen's text out."""

    def __init__(self, name: str) -> None:
        self.name = name
        # A tmux server of its own: a test's environment (PYTHONPATH, COLUMNS, the data folder) must not
        # become the global environment of the developer's own tmux server, nor its windows size ours.
        self.tmux = ["tmux", "-L", name]

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def text(self) -> str:
        done = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name], check=True, capture_output=True)
        return done.stdout.decode("utf-8", "replace")

    def settled(self, timeout: float = 6.0) -> str:
        """The screen once it has stopped changing (two captures alike, a moment apart)."""
        deadline = time.monotonic() + timeout
        last = self.text()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = self.text()
            if now == last and now.strip():
                return now
            last = now
        return last

    def changed_from(self, before: str, timeout: float = 20.0) -> str | None:
        """The screen once it has changed from ``before`` and settled; None if it never changes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.text() != before:
                return self.settled()
            time.sleep(0.1)
        return None

    def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared; the screen:\n{self.text()}")


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    name = f"unclench-scan-{uuid.uuid4().hex[:8]}"
    app = Path(sys.executable).with_name("unclench")
    command = f"env UNCLENCH_DATA_DIR={tmp_path / 'data'} TERM=xterm-256color {app}"
    # COLUMNS and LINES would make Textual draw at their size, not the window's.
    env = {key: value for key, value in os.environ.items() if not key.startswith("TMUX") and key not in SIZE_VARIABLES}
    size = ["-x", str(WIDTH), "-y", str(HEIGHT)]
    pane = Pane(name)
    subprocess.run([*pane.tmux, "new-session", "-d", "-s", name, *size, command], check=True, env=env)
    try:
        yield pane
    finally:
        subprocess.run([*pane.tmux, "kill-server"], check=False, capture_output=True)


def cut_off(screen: str) -> list[str]:
    """Each piece of text ending in "…" whose full text is not shown elsewhere on the screen."""
    problems = []
    lines = screen.splitlines()
    for number, line in enumerate(lines):
        for match in re.finditer(r"(\S(?:\S| (?! ))*)…", line):
            stem = match.group(1)[-16:].strip()
            elsewhere = "\n".join(lines[:number] + lines[number + 1 :])
            if not re.search(re.escape(stem) + r"[^…]", elsewhere):
                problems.append(f"line {number + 1}: {line.strip()!r}")
    return problems


def test_cut_off_finds_an_ellipsis_only_where_text_is_lost() -> None:
    assert cut_off(" A long title that goes on and o…\n") != []
    assert cut_off(" A long title that goes on and o…\n A long title that goes on and on, in full\n") == []
    assert cut_off(" nothing cut here\n") == []


def test_no_screen_of_the_bundled_course_cuts_text_at_60x20(pane: Pane) -> None:
    problems: dict[str, list[str]] = {}

    def scan(where: str) -> str:
        screen = pane.settled()
        found = cut_off(screen)
        if found:
            problems[where] = found
        return screen

    pane.wait_for("Welcome to")
    scan("disclaimer")
    pane.keys("End")
    pane.wait_for("end of the text")
    scan("disclaimer, at its end")
    pane.keys("Tab", "Space")
    pane.wait_for("[x]")
    pane.keys("Tab", "Enter")
    pane.wait_for("Overall")
    scan("course map")
    for key, name in (("?", "help"), ("j", "journal"), ("t", "trends")):
        pane.keys(key)
        time.sleep(0.5)
        scan(name)
        pane.keys("Escape")
        pane.wait_for("Overall")

    pane.keys("c")
    screen = pane.wait_for("Step 1 of")
    lessons_started = 0
    for step in range(MOST_STEPS):
        if "Overall" in screen.splitlines()[1]:  # back on the map (an Escape that came too late): continue
            pane.keys("c")
            screen = pane.changed_from(screen) or pane.settled()
        screen = scan(f"step {step + 1}: {screen.splitlines()[0].strip()}")
        if "Before this lesson" in screen:  # the recommended order: continue anyway (Tab, Tab, Enter)
            pane.keys("Tab", "Tab", "Enter")
            screen = scan(f"step {step + 1}, after the recommended order") if pane.changed_from(screen) else screen
        if "Before you begin: safety notes" in screen:  # the gate (its title), not a page about it
            pane.keys("Escape")  # "Not now": decline the gate, then move on
            screen = scan(f"step {step + 1}, after the gate") if pane.changed_from(screen) else screen
        lessons_started += "Step 1 of" in screen.splitlines()[0]
        pane.keys("C-n")
        following = pane.changed_from(screen)
        if "This is the end of" in (following or pane.text()):  # only on the last lesson's summary
            break
        if following is None:
            raise AssertionError(f"ctrl+n did nothing here:\n{screen}")
        screen = following
    else:
        raise AssertionError("the walk never reached the end of the course")
    assert lessons_started > len(load_course(bundled_course_root()).lessons) // 2, "lesson after lesson was walked"
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
