"""The safety gate's screen is kept between gates: the next gate in it looks and behaves as a new screen.

Opening a tremor exercise opens its gate, and a new gate screen costs several
frames' time, so the app keeps the last one and shows the next gate's notes in
it (``open_safety_gate``). Nothing of the last gate may stay: not its notes,
not "read", not a tick, not an enabled "Continue", not the focus or the scroll.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static

from unclench.course import Course
from unclench.journey import Place
from unclench.loader import load_course
from unclench.practice import safety_gate
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import SAFETY_GATE_SCREEN, SafetyGateScreen
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.read_through import READ_FIRST_HINT, ReadThrough

from .conftest import FIXTURES, AppFactory
from .helpers import click, open_at, press, read_and_tick, settle, sync

#: A note too long for the gate at 80x24: read only once scrolled to its end.
LONG_NOTE = " ".join(f"Long note sentence {n}: take your time and go gently." for n in range(40))

SHORT, LONG, THREE = Place("shake", 1), Place("shake", 3), Place("shake", 4)
"""Tremor exercises whose gates hold two short notes, two notes one of them long, and three notes."""

MORE_EXERCISES = """
[[steps]]
kind = "exercise"
id = "tremor-long"
title = "Gentle tremor, longer notes"
tremor = true
safety = ["long-note"]
minutes = 2
body = "Lie on your back."

[steps.limits]
minutes_per_run = 15
hours_between = 0
runs_per_week = 100

[[steps]]
kind = "exercise"
id = "tremor-three"
title = "Gentle tremor, three notes"
tremor = true
safety = ["doctor-first", "long-note"]
minutes = 2
body = "Lie on your side."

[steps.limits]
minutes_per_run = 15
hours_between = 0
runs_per_week = 100
"""

LONG_SAFETY = f'''
[[safety]]
id = "long-note"
title = "A longer note"
text = "{LONG_NOTE}"
'''


@pytest.fixture
def gates_course(tmp_path: Path) -> Course:
    """The mini course with two more tremor exercises after its breathing exercise."""
    root = tmp_path / "course-src"
    shutil.copytree(FIXTURES / "mini", root)
    shake = root / "lessons" / "shake.toml"
    shake.write_text(shake.read_text(encoding="utf-8") + MORE_EXERCISES, encoding="utf-8")
    course_file = root / "course" / "course.toml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("[[checkins]]", LONG_SAFETY + "\n[[checkins]]", 1), encoding="utf-8")
    return load_course(root)


def drawn(pilot: Pilot[Any]) -> str:
    """The whole screen as Textual draws it (the SVG, without its hash-based class names)."""
    return re.sub(r"terminal-\d+", "terminal", pilot.app.export_screenshot())


def gate_state(app: UnclenchApp) -> tuple[str, bool, bool, bool, str, str, float]:
    """What the learner meets on the gate: read?, ticked?, box usable?, Continue usable?, hint, focus, scroll."""
    gate = app.screen
    assert isinstance(gate, SafetyGateScreen)
    notes = gate.query_one("#gate-notes", ReadThrough)
    box = gate.query_one("#gate-confirm", DeliberateCheckbox)
    focused = app.focused
    return (
        "read" if notes.read else "unread",
        box.value,
        not box.disabled,
        not gate.query_one("#gate-begin", Button).disabled,
        str(gate.query_one("#gate-hint", Static).render()),
        "nothing" if focused is None else str(focused.id),
        notes.scroll_y,
    )


async def fresh_gate(make_app: AppFactory, course: Course, data_dir: Path, place: Place) -> tuple[str, Any]:
    """The gate at ``place`` as a new screen draws it (in an app that never showed a gate)."""
    app = make_app(course, data_dir=data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, place, settles=2, asked=True)
        return drawn(pilot), gate_state(app)


@sync
async def test_the_next_gate_in_a_kept_screen_is_exactly_a_new_gate(
    make_app: AppFactory, gates_course: Course, tmp_path: Path
) -> None:
    app = make_app(gates_course, data_dir=tmp_path / "walk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, SHORT, settles=2, asked=True)
        first = app.screen
        assert isinstance(first, SafetyGateScreen)
        # The short notes fit: read at once. Tick the box, then say "Not now" after all.
        await read_and_tick(pilot, "#gate-notes", "#gate-confirm")
        assert gate_state(app)[:4] == ("read", True, True, True)
        first.query_one("#gate-begin").focus()
        await pilot.press("escape")
        await open_at(pilot, LONG, settles=2, asked=True)
        assert app.screen is first  # the same screen, showing the next gate
        kept_screen, kept_state = drawn(pilot), gate_state(app)
        # Nothing of the first gate: the long notes unread (an old layout that fitted does not count), unticked.
        assert kept_state == ("unread", False, False, False, READ_FIRST_HINT, "gate-notes", 0)
        # Enter and Space by habit do not pass it; the box cannot be ticked before the end was on screen.
        first.query_one("#gate-confirm").focus()
        await pilot.press("space", "enter")
        await settle(pilot)
        assert gate_state(app)[:4] == ("unread", False, False, False)
        # Read to the end, tick, Continue: the acknowledgement is of the notes shown, the long ones.
        await read_and_tick(pilot, "#gate-notes", "#gate-confirm")
        await click(pilot, "#gate-begin")
        await settle(pilot)
        assert not isinstance(app.screen, SafetyGateScreen)
        acknowledged = [a for a in app.store.acknowledgements(gates_course.id) if a.kind == "safety"]
        gate = safety_gate(gates_course, LONG.lesson_id, app.session.journey.step_at(LONG))
        assert gate is not None and "Long note sentence 39" in gate.text
        assert [(a.subject_id, a.text_hash) for a in acknowledged] == [
            (gate.subject_id, ProgressStore.text_hash(gate.text))
        ]
    new_screen, new_state = await fresh_gate(make_app, gates_course, tmp_path / "fresh", LONG)
    assert (kept_screen, kept_state) == (new_screen, new_state)


@sync
async def test_a_gate_with_other_notes_gets_a_new_screen(
    make_app: AppFactory, gates_course: Course, tmp_path: Path
) -> None:
    app = make_app(gates_course, data_dir=tmp_path / "walk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, SHORT, settles=2, asked=True)
        first = app.screen
        await pilot.press("escape")
        await open_at(pilot, THREE, settles=2, asked=True)
        three = app.screen
        assert isinstance(three, SafetyGateScreen) and three is not first
        assert not first.is_attached  # the screen it replaced is gone, not kept beside it
        assert app.get_screen(SAFETY_GATE_SCREEN) is three  # and the new one is kept in its place
        assert len(three.query(".note-title")) == 3
        three_screen, three_state = drawn(pilot), gate_state(app)
        await pilot.press("escape")
        await open_at(pilot, SHORT, settles=2, asked=True)
        short_screen = drawn(pilot)
        again = app.screen
        assert isinstance(again, SafetyGateScreen) and again is not three and not three.is_attached
        assert app.get_screen(SAFETY_GATE_SCREEN) is again
    assert (three_screen, three_state) == await fresh_gate(make_app, gates_course, tmp_path / "three", THREE)
    assert short_screen == (await fresh_gate(make_app, gates_course, tmp_path / "short", SHORT))[0]


@sync
async def test_longer_notes_in_a_kept_screen_are_unread_until_laid_out_and_seen(
    make_app: AppFactory, gates_course: Course, tmp_path: Path
) -> None:
    app = make_app(gates_course, data_dir=tmp_path / "walk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, SHORT, settles=2, asked=True)
        kept = app.screen
        assert isinstance(kept, SafetyGateScreen)
        notes = kept.query_one("#gate-notes", ReadThrough)
        assert notes.read and not notes.max_scroll_y  # the short notes fit
        await press(pilot, "escape")
        longer = safety_gate(gates_course, LONG.lesson_id, app.session.journey.step_at(LONG))
        assert longer is not None and kept.show_gate(longer)
        # Textual still holds the short notes' sizes (they fitted): judged now, the long ones would count as read.
        notes._check()
        assert not notes.read
