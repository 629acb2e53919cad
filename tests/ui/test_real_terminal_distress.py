"""A whole practice run with a high distress rating, in a real terminal (tmux), and the record it leaves.

Reopened where the learner left off, at the bundled tremor practice (past
its recommended order, the safety notes read to their end and acknowledged),
a rating of 9 before the run leads to the grounding suggestion, not to the
timer nor to the health questions: the bundled practice allows no "start
anyway", so the learner grounds, rates again, starts, and answers the
screening questions. They stop early, say "I'm not
OK", and the follow-up leads to the support card; the check-in after the run
is offered, and left. The exported record then holds what happened and
nothing else. Skipped when tmux is not installed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from unclench.folders import bundled_course_root
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT
from unclench.loader import load_course
from unclench.practice import safety_subject
from unclench.store import ProgressStore
from unclench.tui.widgets.exercise_view import AFTER_HARD_RUN_TITLE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

LESSON = "first-tremor-practice"
EXERCISE = "gentle-tremor"


class Terminal:
    """The app on the bundled course, in a tmux server of its own."""

    def __init__(self, data: Path, width: int = 80, height: int = 24) -> None:
        self.name = f"unclench-distress-{uuid.uuid4().hex[:8]}"
        variables = [f"UNCLENCH_DATA_DIR={data}", "TERM=xterm-256color"]
        if "PYTHONPATH" in os.environ:
            variables.append(f"PYTHONPATH={os.environ['PYTHONPATH']}")
        command = shlex.join(["env", *variables, sys.executable, "-m", "unclench"])
        env = {key: value for key, value in os.environ.items() if key != "TMUX"}
        self.tmux = ["tmux", "-L", self.name]
        size = ["-x", str(width), "-y", str(height)]
        subprocess.run([*self.tmux, "new-session", "-d", "-s", self.name, *size, command], check=True, env=env)

    def screen(self) -> str:
        shown = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return shown.stdout

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, pause: float = 0.4) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(pause)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)
        time.sleep(0.5)

    def alive(self) -> bool:
        found = subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True, check=False)
        return found.returncode == 0

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


def exported(data: Path) -> dict[str, Any]:
    """The record as ``unclench export --format json`` writes it."""
    env = {**os.environ, "UNCLENCH_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "unclench", "export", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_a_whole_practice_run_with_high_distress(tmp_path: Path) -> None:
    data = tmp_path / "data"
    course = load_course(bundled_course_root())
    store = ProgressStore.open(data)
    try:
        store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
        store.set_position(course.id, LESSON, EXERCISE)  # the learner left off at the exercise, in its lesson
    finally:
        store.close()
    terminal = Terminal(data)
    try:
        # The app reopens there; the safety lessons are not done: the recommended order names them first.
        # Continue anyway, deliberately.
        shown = terminal.wait_for("Before this lesson")
        assert "Not every tremor is a release" in shown and "Continue anyway" in shown
        terminal.keys("Tab", "Tab", "Enter")
        # The safety notes, read to their end, the box ticked with Space, then Continue.
        terminal.wait_for("Before you begin: safety notes")
        terminal.keys("End")
        terminal.wait_for("Tab to the box: Space or Enter ticks it")
        terminal.keys("Tab", "Space")
        terminal.wait_for("[x]")
        terminal.keys("Tab", "Enter")  # the way on comes first, then "Not now"
        # The exercise opens at its heading and instructions; the first scale has the focus.
        terminal.wait_for("Gentle tremor practice")
        terminal.keys("5")  # tension 5: its scale comes into view
        terminal.wait_for("Before you start: how are you right now?")
        # Calm 6, distress 9; then Start.
        terminal.keys("Tab", "6", "Tab", "9", "Tab", "Enter")
        # Distress 9 is at the alert level: grounding instead of the timer, before any health question
        # (a stranger at 9 was asked six of them first), and no "Start anyway" here.
        shown = terminal.wait_for("Ground yourself first")
        assert "distress rating is high" in shown and "Start anyway" not in shown
        assert "left of 3:00" not in shown and "A few questions first" not in shown
        terminal.keys("Enter")  # Ground first
        shown = terminal.wait_for("3:00 to practise")
        # Grounded, the learner rates distress again (4) and starts: the notes were read moments ago.
        terminal.keys("BTab", "4", "Tab", "Enter")
        # Then the screening questions (a first run): "No" to each, then save. Saving starts nothing: the learner
        # may still have to lie down. Start has the focus; Enter on it starts the run.
        terminal.wait_for("A few questions first")
        for _ in range(6):
            terminal.keys("Right", "Space", "Tab")
        terminal.keys("Enter")
        shown = terminal.wait_for("has not started")
        assert "left of 3:00" not in shown
        terminal.keys("Enter")
        terminal.wait_for("left of 3:00")
        terminal.wait_for("How to stop")
        terminal.keys("s")  # stop early
        shown = terminal.wait_for("Take a moment")
        assert "I'm OK" in shown and "I'm not OK" in shown
        terminal.keys("Enter")  # by habit: neither answer is a default, the box stays
        terminal.keys("Tab", "Tab", "Enter")  # I'm not OK
        terminal.wait_for("Please take care of yourself")
        terminal.keys("Enter")  # Open the support card
        terminal.wait_for("If you are in danger")
        terminal.keys("Escape")
        # Back on the exercise: closed for today, and the check-in after the run in view, offered gently.
        shown = terminal.wait_for("stay closed until tomorrow")  # (its "Closed for today" button is above, scrolled)
        assert AFTER_HARD_RUN_TITLE in shown
        terminal.keys("q")  # leave the check-in after the run unanswered
        terminal.wait_closed()
    finally:
        terminal.close()

    record = exported(data)
    subject = safety_subject(LESSON, EXERCISE)
    assert [(a["kind"], a["subject_id"]) for a in record["acknowledgements"]] == [
        ("disclaimer", "course"),
        ("safety", subject),
    ]
    assert [(s["question_id"], s["answer"]) for s in record["screening"]] == sorted(
        (question_id, False)
        for question_id in (
            "pregnancy",
            "injury-or-surgery",
            "heart",
            "seizures",
            "mental-health",
            "balance-or-awareness",
        )
    )
    [run] = record["runs"]
    assert (run["lesson_id"], run["step_id"], run["outcome"], run["follow_up"]) == (LESSON, EXERCISE, "ended", True)
    assert run["seconds"] < 180 and run["ended_at"] is not None
    checkins = [
        (c["session_id"] == run["session_id"], c["measure_id"], c["phase"], c["rating"]) for c in record["checkins"]
    ]
    assert checkins == [
        # The attempt grounding stopped: its ratings are kept, under no run.
        (False, "tension", "before", 5),
        (False, "calm", "before", 6),
        (False, "distress", "before", 9),
        # The run itself; nothing after (the learner left that check-in).
        (True, "tension", "before", 5),
        (True, "calm", "before", 6),
        (True, "distress", "before", 4),
    ]
    assert {c["session_id"] for c in record["checkins"]} - {run["session_id"]} != set()
    assert [(s["lesson_id"], s["step_id"]) for s in record["steps_done"]] == [(LESSON, EXERCISE)]  # ending counts
    assert record["lessons_done"] == [] and record["journal"] == [] and record["quiz_attempts"] == []
    assert record["contacts"] == []
    assert record["position"]["lesson_id"] == LESSON and record["position"]["step_id"] == EXERCISE
