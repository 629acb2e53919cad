"""How the UI tests go through an exercise of the mini course, as a learner does: shared by the practice tests.

Opening the tremor exercise (its safety gate passed the deliberate way), rating
on a scale, starting and stopping, and coming back after a run the app never
saw end. Each step is what a learner does, with the app settled after it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from unclench.course import Course, DoseLimits, ExerciseStep
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS, ExerciseView
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory
from .helpers import click, open_at, read_and_tick, settle, settle_until

TREMOR = Place("shake", 1)
"""The mini course's tremor exercise: a safety gate before it."""
BREATHING = Place("shake", 2)
"""The mini course's timed breathing exercise: not a tremor exercise, so no gate before it."""


def exercise(app: UnclenchApp) -> ExerciseView:
    """The exercise on screen (asserting there is one)."""
    player = app.player()
    assert player is not None
    view = player.view
    assert isinstance(view, ExerciseView)
    return view


async def pass_gate(app: UnclenchApp, pilot: Pilot[Any]) -> None:
    """Pass the gate the deliberate way: tick the box with Space, then press the button."""
    gate = app.screen
    assert isinstance(gate, SafetyGateScreen)
    await read_and_tick(pilot, "#gate-notes", "#gate-confirm")
    await click(pilot, "#gate-begin")
    await settle(pilot)


async def open_tremor(app: UnclenchApp, pilot: Pilot[Any]) -> ExerciseView:
    """Open the tremor exercise and pass its gate: the exercise, ready to start."""
    await open_at(pilot, TREMOR)
    await pass_gate(app, pilot)
    return exercise(app)


async def start_tremor(app: UnclenchApp, pilot: Pilot[Any], *, settles: int = 1) -> ExerciseView:
    """Open the tremor exercise, pass its gate and press Start: the exercise, running."""
    view = await open_tremor(app, pilot)
    await click(pilot, "#start")
    await settle(pilot, settles)
    return view


async def start(pilot: Pilot[Any]) -> None:
    """Press the exercise's Start button (or "Practise again") with the mouse."""
    await click(pilot, "#start")
    await settle(pilot)


async def start_rated(pilot: Pilot[Any], view: ExerciseView, distress: str) -> None:
    """Rate distress before the exercise (``distress``: the key pressed on the scale), then press Start."""
    await rate(pilot, view, "before-distress", distress)
    await start(pilot)


async def save_after(pilot: Pilot[Any]) -> None:
    """Press "Save ratings" under the check-in after a run, with the mouse."""
    await click(pilot, "#save-after")
    await settle(pilot)


async def start_breathing(app: UnclenchApp, pilot: Pilot[Any]) -> ExerciseView:
    """Open the breathing exercise and start its timer."""
    await open_at(pilot, BREATHING)
    view = exercise(app)
    await click(pilot, "#start")
    return view


async def rate(pilot: Pilot[Any], view: ExerciseView, scale_id: str, keys: str) -> None:
    """Rate on the scale ``scale_id`` (``before-distress``...) by pressing ``keys`` on it."""
    view.query_one(f"#{scale_id}", RatingScale).focus()
    await pilot.press(*keys)


async def start_then_stop_early(pilot: Pilot[Any]) -> None:
    """Start the exercise on screen, stop it at once with s, and say "I'm OK" to the grounding after it."""
    await start(pilot)
    app = pilot.app
    # A busy machine may take longer than one settle to start the run and to open the box after it.
    await settle_until(pilot, lambda: isinstance(app.screen, PlayerScreen) and app.screen.exercise_running)
    await pilot.press("s")
    await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
    await click(pilot, "#guidance-ok")
    await settle(pilot)


def after_a_crash_mid_run(make_app: AppFactory, course: Course, data: Path) -> UnclenchApp:
    """An app on the data folder ``data`` where the last one died while the tremor exercise ran."""
    make_app(course, data_dir=data).store.start_run(course.id, "shake", "tremor", "crashed-run")
    return make_app(course, data_dir=data)


async def rate_interrupted_run(pilot: Pilot[Any], scale_id: str, key: str) -> None:
    """On the screen about a run the app never saw end: rate ``scale_id`` with ``key`` and save."""
    pilot.app.screen.query_one(f"#{scale_id}", RatingScale).focus()
    await pilot.press(key)
    await click(pilot, "#interrupted-save")
    await settle(pilot, 2)


def with_tremor(course: Course, **changes: object) -> Course:
    """``course`` with its tremor exercise changed."""
    lesson = course.lessons["shake"]
    step = lesson.steps[1]
    assert isinstance(step, ExerciseStep)
    steps = (lesson.steps[0], dataclasses.replace(step, **changes), *lesson.steps[2:])  # type: ignore[arg-type]
    lessons = {**course.lessons, "shake": dataclasses.replace(lesson, steps=steps)}
    return dataclasses.replace(course, lessons=lessons)


def allowing_start_anyway(course: Course) -> Course:
    """``course`` whose tremor exercise may be started anyway after a high distress rating."""
    return with_tremor(course, start_anyway=True)


def resting(course: Course) -> Course:
    """``course`` whose tremor exercise rests a day after each run."""
    return with_tremor(course, limits=DoseLimits(minutes_per_run=15, hours_between=24, runs_per_week=3))


async def close_take_a_moment(pilot: Pilot[Any]) -> None:
    """Close the "Take a moment" box after an early stop with Escape, once it has been on screen a moment.

    Sooner, an Escape is of the burst that stopped the exercise, and the box stays (a stranger's second Escape
    closed it unanswered).
    """
    await pilot.pause(WARNING_READ_SECONDS + 0.05)
    await pilot.press("escape")
