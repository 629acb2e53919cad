"""SVG snapshots of the screens most at risk of being cut, at 60x20, 80x24 and 160x50, in colour and monochrome.

Grouped by feature: the disclaimer and the safety gate (safety text seen
before it is acknowledged), the recommended order before the tremor practice,
a quiz with long choices (nothing cut), the course map and help. Each at three sizes, and each again with ``NO_COLOR``
set (Textual then draws in greys only), where every state must still read
in text and shape: ``[x]``/``[ ]``, ``(•)``, ``›`` and ``▶``, "more below ↓",
"(not available yet)".

The disclaimer, the gate, the map and help show the bundled course: after a
change to its content, regenerate with ``pytest tests/ui/test_snapshots_sizes.py
--snapshot-update`` and look at the SVGs under ``__snapshots__`` before committing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from unclench.course import Course, ExerciseStep, QuizStep
from unclench.journey import Place
from unclench.tui.app import UnclenchApp

from .conftest import AppFactory
from .helpers import settle

Snap = Callable[..., bool]
SIZES = {"60x20": (60, 20), "80x24": (80, 24), "160x50": (160, 50)}
#: The data path the help screen shows, the same on every machine.
SHOWN_PATH = Path("/home/learner/.local/share/unclench/progress.sqlite3")


@pytest.fixture(params=["colour", "mono"])
def colours(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each snapshot twice: in colour, and with NO_COLOR set (read when the app is made)."""
    if request.param == "mono":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    return str(request.param)


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return SIZES[str(request.param)]


def first_tremor_exercise(course: Course) -> Place:
    for lesson in course.ordered_lessons():
        for index, step in enumerate(lesson.steps):
            if isinstance(step, ExerciseStep) and step.tremor:
                return Place(lesson.id, index)
    raise AssertionError("the bundled course has no tremor exercise")


def at(place: Place, *, asked: bool = True) -> Callable[[Pilot[Any]], Any]:
    """Open ``place``; ``asked``: past the recommended order (continue anyway), else showing it."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, UnclenchApp)
        await app.open_place(place, asked=asked)
        await settle(pilot, 3)

    return run_before


async def settled(pilot: Pilot[Any]) -> None:
    await settle(pilot, 3)


# -- safety text ---------------------------------------------------------------------------------


def test_disclaimer(
    snap_compare: Snap, make_app: AppFactory, bundled: Course, size: tuple[int, int], colours: str
) -> None:
    assert snap_compare(make_app(bundled, acknowledged=False), terminal_size=size, run_before=settled)


def test_safety_gate(
    snap_compare: Snap, make_app: AppFactory, bundled: Course, size: tuple[int, int], colours: str
) -> None:
    app = make_app(bundled)
    assert snap_compare(app, terminal_size=size, run_before=at(first_tremor_exercise(bundled)))


def test_recommended_order(
    snap_compare: Snap, make_app: AppFactory, bundled: Course, size: tuple[int, int], colours: str
) -> None:
    """The tremor practice opened before the safety lessons: which ones, why, and the three choices."""
    app = make_app(bundled)
    assert snap_compare(app, terminal_size=size, run_before=at(first_tremor_exercise(bundled), asked=False))


# -- nothing cut ---------------------------------------------------------------------------------


def long_choice_course(mini: Course) -> Course:
    """The mini course with its single-answer quiz's choices made long enough to wrap at 80 columns."""
    lesson = mini.lessons["intro"]
    quiz = lesson.steps[2]
    assert isinstance(quiz, QuizStep)
    texts = [
        "When the stress hormones have done their work and the body has had the time it needs to rebalance itself",
        "Only after you have finished every lesson of the course, including the ones about anxiety and addiction",
        "At any moment, for any reason at all, and without having to explain it to anyone, yourself included",
    ]
    choices = tuple(dataclasses.replace(choice, text=texts[i % len(texts)]) for i, choice in enumerate(quiz.choices))
    steps = (*lesson.steps[:2], dataclasses.replace(quiz, choices=choices), *lesson.steps[3:])
    return dataclasses.replace(mini, lessons={**mini.lessons, "intro": dataclasses.replace(lesson, steps=steps)})


def test_quiz_with_long_choices(
    snap_compare: Snap, make_app: AppFactory, mini: Course, size: tuple[int, int], colours: str
) -> None:
    async def pick(pilot: Pilot[Any]) -> None:
        await at(Place("intro", 2))(pilot)
        await pilot.press("down", "space")  # the second choice picked (not checked), the highlight on it
        await settle(pilot)

    assert snap_compare(make_app(long_choice_course(mini)), terminal_size=size, run_before=pick)


# -- the map and help ------------------------------------------------------------------------------


def test_course_map(
    snap_compare: Snap, make_app: AppFactory, bundled: Course, size: tuple[int, int], colours: str
) -> None:
    app = make_app(bundled)
    lessons = bundled.ordered_lessons()
    for step in lessons[0].steps:
        app.store.mark_step_done(bundled.id, lessons[0].id, step.id)
    app.store.mark_lesson_done(bundled.id, lessons[0].id)

    async def highlight_second(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("down", "down")  # from Continue into the list, then to the next lesson
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=highlight_second)


def test_help(
    snap_compare: Snap,
    make_app: AppFactory,
    bundled: Course,
    size: tuple[int, int],
    colours: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(bundled)
    monkeypatch.setattr(app.store, "path", SHOWN_PATH)

    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_help)
