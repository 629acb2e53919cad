"""SVG snapshots of every screen and step kind at 80x24 (pytest-textual-snapshot).

Regenerate with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and
look at the SVGs under ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import SafetyGateScreen

from .conftest import AppFactory
from .helpers import click, read_and_tick, settle

Snap = Callable[..., bool]
SIZE = (80, 24)
#: The data path the help screen shows, the same on every machine.
SHOWN_PATH = Path("/home/learner/.local/share/unclench/progress.sqlite3")


def at(place: Place, then: Callable[[Pilot[Any]], Awaitable[None]] | None = None) -> Callable[[Pilot[Any]], Any]:
    """A ``run_before`` that opens the player at ``place`` (then does ``then``)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, UnclenchApp)
        await app.open_place(place)
        await settle(pilot)
        if then is not None:
            await then(pilot)
        await settle(pilot)

    return run_before


async def pass_gate(pilot: Pilot[Any]) -> None:
    gate = pilot.app.screen
    assert isinstance(gate, SafetyGateScreen)
    await read_and_tick(pilot, "#gate-notes", "#gate-confirm")
    await click(pilot, "#gate-begin")
    await settle(pilot)


def test_disclaimer(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    assert snap_compare(make_app(mini, acknowledged=False), terminal_size=SIZE, run_before=settle)


def test_course_map(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    store = app.store
    for step in ("hello", "feel", "check", "bye"):
        store.mark_step_done(mini.id, "intro", step)
    store.mark_lesson_done(mini.id, "intro")
    store.mark_step_done(mini.id, "second", "read")
    store.set_position(mini.id, "second", "many")

    async def to_map(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("escape")  # the learner resumed in the player; back to the map
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=to_map)


def test_page(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=at(Place("intro", 0)))


def test_prompt_with_saved_answer(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(
        mini.id, "intro", "feel", "Where do you hold tension?", "My shoulders, and my [bold]jaw[/] at night."
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=at(Place("intro", 1)))


def test_quiz_after_answering(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    async def answer(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "down", "down", "space")  # Adrenaline and Water: one missed, one wrong
        await click(pilot, "#check")

    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=at(Place("second", 1), answer))


def test_exercise(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=at(Place("shake", 1), pass_gate))


def test_exercise_running_with_stop_panel(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    async def start(pilot: Pilot[Any]) -> None:
        await pass_gate(pilot)
        await click(pilot, "#start")

    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=at(Place("shake", 1), start))


def test_safety_gate(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=at(Place("shake", 1)))


def test_lesson_summary(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.mark_step_done(mini.id, "intro", "hello")
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Neck")
    assert snap_compare(app, terminal_size=SIZE, run_before=at(Place("intro", 4)))


def test_help(snap_compare: Snap, make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(mini)
    monkeypatch.setattr(app.store, "path", SHOWN_PATH)

    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_prompt_at_60x20(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    assert snap_compare(app, terminal_size=(60, 20), run_before=at(Place("intro", 1)))
