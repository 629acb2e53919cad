"""The real app in a real terminal (tmux): habitual keys never change what the learner wrote.

A learner with two finished lessons pages back and forth over their answered
prompt with n, p and the arrows, presses the map's keys (c, j, t) by habit in
the lesson and on the map, and quits. The exported record is byte-identical
before and after, apart from where the learner is (the position moves with
them, by design). Skipped when tmux is not installed.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from unclench.export import render_json
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
from unclench.loader import load_course
from unclench.store import ProgressStore

from .conftest import FIXTURES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

COURSE = FIXTURES / "mini"


def exported_without_places(data: Path) -> str:
    """The JSON export of the record, with the position fields (which move with the learner) left out."""
    course = load_course(COURSE)
    store = ProgressStore.open(data)
    try:
        record = store.record(course.id)
    finally:
        store.close()
    return render_json(dataclasses.replace(record, position=None, lesson_positions=()), course.title)


def seed(data: Path) -> None:
    """Two finished lessons: pages read, the prompt answered, the quizzes answered right."""
    course = load_course(COURSE)
    store = ProgressStore.open(data)
    try:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        for step_id in ("hello", "feel", "check", "bye"):
            store.mark_step_done(course.id, "intro", step_id)
        for step_id in ("read", "many"):
            store.mark_step_done(course.id, "second", step_id)
        store.save_answer(course.id, "intro", "feel", "Where?", "Gentler: it's tight today")
        store.record_quiz_attempt(course.id, "intro", "check", "Q", [1], ["Right"], True)
        store.mark_lesson_done(course.id, "intro")
        store.mark_lesson_done(course.id, "second")
        store.set_position(course.id, "intro", "feel")
    finally:
        store.close()


class Terminal:
    """A tmux session running the app."""

    def __init__(self, data: Path, width: int = 80, height: int = 24) -> None:
        self.name = f"unclench-test-{uuid.uuid4().hex[:8]}"
        # The environment is spelled out in the command: a tmux server gives new sessions its own.
        variables = [f"UNCLENCH_DATA_DIR={data}", "TERM=xterm-256color"]
        if "PYTHONPATH" in os.environ:
            variables.append(f"PYTHONPATH={os.environ['PYTHONPATH']}")
        command = shlex.join(["env", *variables, sys.executable, "-m", "unclench", "--course", str(COURSE)])
        env = {key: value for key, value in os.environ.items() if key != "TMUX"}
        # A server of its own (-L), so that no other tmux session is touched.
        self.tmux = ["tmux", "-L", self.name]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command],
            check=True,
            env=env,
        )

    def screen(self) -> str:
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=False
        )
        return result.stdout

    def alive(self) -> bool:
        found = subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True, check=False)
        return found.returncode == 0

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, pause: float = 0.35) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(pause)

    def wait_closed(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return
            time.sleep(0.2)
        raise AssertionError(f"the app did not quit; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        if self.alive():
            subprocess.run([*self.tmux, "kill-server"], capture_output=True, check=False)


def test_paging_over_answered_prompts_leaves_the_record_byte_identical(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed(data)
    before = exported_without_places(data)
    terminal = Terminal(data)
    try:
        terminal.wait_for("Gentler: it's tight today")  # resumed on the answered prompt
        terminal.keys("n", "p", "p", "n", "Right", "Left", "c", "j", "t", "Home", "End")
        terminal.wait_for("Gentler: it's tight today")
        terminal.keys("n", "n", "n", "p", "p", "p", "Left", "Right", "j", "c", "t", "n", "p")
        shown = terminal.wait_for("Gentler: it's tight today")
        assert "Gentler: it's tight todayn" not in shown and "todayp" not in shown
        terminal.keys("Escape")  # the course map
        terminal.wait_for("Overall")
        terminal.keys("c")  # Continue: back on the prompt, the keys still not in the editor
        terminal.wait_for("Gentler: it's tight today")
        terminal.keys("j", "c", "t", "n", "p", "Escape")
        terminal.wait_for("Overall")
        terminal.keys("j")  # the journal, then back
        terminal.wait_for("Gentler: it's tight today")
        terminal.keys("Escape", "t", "Escape", "q")
        terminal.wait_closed()
    finally:
        terminal.close()
    assert exported_without_places(data) == before


def test_text_typed_in_the_same_burst_as_ctrl_q_is_saved(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed(data)
    terminal = Terminal(data)
    try:
        terminal.wait_for("Gentler: it's tight today")
        terminal.keys("e")  # start writing, at the end of the answer
        # One send-keys: the text and the quit key reach the app in one read.
        subprocess.run([*terminal.tmux, "send-keys", "-t", terminal.name, " and calmer now", "C-q"], check=True)
        terminal.wait_closed()
    finally:
        terminal.close()
    store = ProgressStore.open(data)
    try:
        entry = store.answer("mini", "intro", "feel")
    finally:
        store.close()
    assert entry is not None and entry.answer == "Gentler: it's tight today and calmer now"


def test_escape_and_q_in_one_burst_leave_writing_then_quit_with_the_answer_as_typed(tmp_path: Path) -> None:
    """A stranger sent Escape and q at once while writing: "…knottedq" was saved and the box stayed open.

    The terminal sends the two as one sequence (ESC q), which reads like alt+q.
    """
    data = tmp_path / "data"
    seed(data)
    terminal = Terminal(data)
    try:
        terminal.wait_for("Gentler: it's tight today")
        terminal.keys("e")
        terminal.keys(", knotted")
        terminal.wait_for("today, knotted")
        subprocess.run([*terminal.tmux, "send-keys", "-t", terminal.name, "Escape", "q"], check=True)
        terminal.wait_closed()  # q quit, as it does a moment after Escape
    finally:
        terminal.close()
    store = ProgressStore.open(data)
    try:
        entry = store.answer("mini", "intro", "feel")
    finally:
        store.close()
    assert entry is not None and entry.answer == "Gentler: it's tight today, knotted"
