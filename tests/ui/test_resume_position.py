"""A returning learner's position is saved again once their step is on screen, never out of order.

Reopening the app at the step the record holds saves that position again
(renewing the time it was saved at), but only after the step's first frame:
the committed write does not delay it. Whatever happens first (moving on,
quitting) saves it first, so the record ends as it would have.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from unclench.course import Course
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT, Place
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen

from .conftest import FakeClock
from .helpers import settle, sync

BEFORE = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
REOPENED = BEFORE + timedelta(days=3)


def reopened_app(course: Course, data: Path, step_id: str = "feel") -> tuple[UnclenchApp, ProgressStore]:
    """An app over a record whose position is ``intro``/``step_id``, saved at BEFORE; the clock now says REOPENED."""
    now = [BEFORE]
    store = ProgressStore.open(data, now=lambda: now[0])
    store.acknowledge(course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, course.disclaimer)
    store.set_position(course.id, "intro", step_id)
    now[0] = REOPENED
    return UnclenchApp(course, store, clock=FakeClock(), cursor_blink=False), store


def position_writes(store: ProgressStore, monkeypatch: pytest.MonkeyPatch, frames: list[str]) -> list[tuple[str, ...]]:
    """Each position the app saves, with how many frames had been drawn then."""
    writes: list[tuple[str, ...]] = []
    save = store.set_position

    def set_position(
        course_id: str, lesson_id: str, step_id: str, *, done: tuple[str, str] | None = None, course_wide: bool = True
    ) -> None:
        writes.append((lesson_id, step_id, str(len(frames))))
        save(course_id, lesson_id, step_id, done=done, course_wide=course_wide)

    monkeypatch.setattr(store, "set_position", set_position)
    return writes


def count_frames(app: UnclenchApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screens of the frames the app draws (outside batches), in order."""
    frames: list[str] = []
    display = App._display

    def counted(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            frames.append(type(screen).__name__)

    monkeypatch.setattr(UnclenchApp, "_display", counted)
    return frames


def hold_deferred_saves(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], object]]:
    """Keep the player's deferred position save from running, so that what comes first can be tried."""
    held: list[Callable[[], object]] = []
    original = PlayerScreen.call_after_refresh

    def call_after_refresh(self: PlayerScreen, callback: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        if getattr(callback, "__name__", "") == "_save_position":
            held.append(callback)
            return True
        return original(self, callback, *args, **kwargs)

    monkeypatch.setattr(PlayerScreen, "call_after_refresh", call_after_refresh)
    return held


@sync
async def test_the_position_is_saved_again_after_the_steps_first_frame(
    mini: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store = reopened_app(mini, tmp_path / "data")
    frames = count_frames(app, monkeypatch)
    writes = position_writes(store, monkeypatch, frames)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 2)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place.index == 1
            assert len(writes) == 1
            lesson_id, step_id, drawn = writes[0]
            assert (lesson_id, step_id) == ("intro", "feel")
            assert "PlayerScreen" in frames[: int(drawn)]  # the step was on screen before the write
            assert saved_position(store, mini) == ("intro", "feel", stamp(REOPENED))
    finally:
        store.close()


@sync
async def test_moving_on_first_saves_the_reopened_position_first(
    mini: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store = reopened_app(mini, tmp_path / "data")
    held = hold_deferred_saves(monkeypatch)
    writes = position_writes(store, monkeypatch, [])
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 2)
            assert writes == [] and held  # the renewed save waits
            await pilot.press("ctrl+n")
            await settle(pilot, 2)
            assert [w[:2] for w in writes] == [("intro", "feel"), ("intro", "check")]
            for callback in held:  # running late changes nothing: it was saved already
                callback()
            assert [w[:2] for w in writes] == [("intro", "feel"), ("intro", "check")]
            saved = store.position(mini.id)
            assert saved is not None and (saved.lesson_id, saved.step_id) == ("intro", "check")
    finally:
        store.close()


@sync
async def test_quitting_first_saves_the_reopened_position(
    mini: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store = reopened_app(mini, tmp_path / "data")
    hold_deferred_saves(monkeypatch)
    writes = position_writes(store, monkeypatch, [])
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 2)
            assert writes == []
            await pilot.press("ctrl+q")
            await settle(pilot, 2)
        assert not app.is_running
        assert [w[:2] for w in writes] == [("intro", "feel")]
        assert saved_position(store, mini) == ("intro", "feel", stamp(REOPENED))
    finally:
        store.close()


@sync
async def test_opening_another_step_saves_it_before_it_is_drawn(
    mini: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a reopening the record already agrees with waits: a new place is saved as it opens."""
    app, store = reopened_app(mini, tmp_path / "data")
    held = hold_deferred_saves(monkeypatch)
    frames = count_frames(app, monkeypatch)
    writes = position_writes(store, monkeypatch, frames)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, 2)
            await pilot.press("escape")  # to the map: the reopened position is saved on the way
            await settle(pilot, 2)
            assert [w[:2] for w in writes] == [("intro", "feel")]
            opened = len(frames)
            await app.open_place(Place("intro", 3))
            await settle(pilot, 2)
            assert isinstance(app.screen, PlayerScreen) and app.screen.place == Place("intro", 3)
            assert [w[:2] for w in writes] == [("intro", "feel"), ("intro", "bye")]
            assert "PlayerScreen" not in frames[opened : int(writes[1][2])]  # saved before it was drawn
            assert len(held) == 1  # only the reopening at start-up waited
    finally:
        store.close()


def saved_position(store: ProgressStore, course: Course) -> tuple[str, str, str] | None:
    """The course-wide position in the record, with the time it was saved."""
    position = store.record(course.id).position
    return None if position is None else (position.lesson_id, position.step_id, position.updated_at)


def stamp(moment: datetime) -> str:
    """How the store writes a time (the position's ``updated_at``)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
