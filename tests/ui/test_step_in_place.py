"""A page shown in the view that showed the page before looks exactly as a new view of it would.

The lesson player keeps a page's view (hidden while other kinds of step are
shown) and shows the next page in it, for speed. These tests walk the same
course twice over copies of the same record, once with that reuse and once
with a new view for every step (as before), and compare every screen cell for
cell and colour for colour, where the focus is, and the record left behind.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from unclench.course import Course
from unclench.journey import Place
from unclench.store.opening import DB_FILENAME
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.page_view import PageView
from unclench.tui.widgets.step_base import StepView

from .conftest import AppFactory
from .helpers import settle, sync


def drawn(pilot: Pilot[Any]) -> str:
    """The whole screen as Textual draws it (the SVG, without its hash-based class names)."""
    return re.sub(r"terminal-\d+", "terminal", pilot.app.export_screenshot())


def focus_of(pilot: Pilot[Any]) -> str:
    focused = pilot.app.focused
    return "nothing" if focused is None else f"{type(focused).__name__}#{focused.id}"


async def walk(
    make_app: AppFactory, course: Course, data_dir: Path, size: tuple[int, int], start: str, presses: int
) -> tuple[list[tuple[str, str, str]], list[StepView]]:
    """Press ctrl+n ``presses`` times from the lesson ``start``, scrolling each page down first.

    Returns, per press, the place, the screen and the focus; and the page views shown (kept, so that
    a view removed is never taken for a new one made at the same address).
    """
    app = make_app(course, data_dir=data_dir)
    app.animation_level = "none"  # the progress bar at its new place at once (the same in both walks)
    seen: list[tuple[str, str, str]] = []
    pages: list[StepView] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.open_place(Place(start, 0), asked=True)
        await settle(pilot, 2)
        for _ in range(presses):
            screen = app.screen
            if not isinstance(screen, PlayerScreen):  # a safety gate or the recommended order: "Not now"
                seen.append((type(screen).__name__, drawn(pilot), focus_of(pilot)))
                await pilot.press("escape")
                await settle(pilot)
                continue
            view = screen.view
            if isinstance(view, PageView):
                pages.append(view)
                await pilot.press("end")  # read to the end: the next page must start at its top again
                await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot, 2)
            place = app.screen.place if isinstance(app.screen, PlayerScreen) else None
            seen.append((str(place), drawn(pilot), focus_of(pilot)))
    app.store.close()
    with contextlib.closing(sqlite3.connect(data_dir / DB_FILENAME)) as database:
        seen.append(("the record", "\n".join(database.iterdump()), ""))
    return seen, pages


def never_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step a new view and every safety gate a new screen, as the player did before views were reused."""
    monkeypatch.setattr(StepView, "show_in_place", lambda self, lesson, place: False)
    monkeypatch.setattr(PageView, "show_in_place", lambda self, lesson, place: False)
    monkeypatch.setattr(SafetyGateScreen, "show_gate", lambda self, gate: False)


@sync
@pytest.mark.parametrize(
    ("size", "start", "presses"),
    [
        pytest.param((80, 24), "welcome", 60, id="80x24"),
        pytest.param((60, 20), "welcome", 30, id="60x20"),
        # A page drawn by Textual's Markdown (a quote) between pages drawn by MarkdownText: new views there.
        pytest.param((160, 50), "talking-back-to-fear", 12, id="160x50-quote"),
    ],
)
async def test_pages_shown_in_place_look_exactly_as_new_views(
    make_app: AppFactory,
    bundled: Course,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    start: str,
    presses: int,
) -> None:
    first = tmp_path / "first"
    make_app(bundled, data_dir=first).store.close()  # a record with the disclaimer acknowledged
    for copy in ("reused", "new"):
        shutil.copytree(first, tmp_path / copy)
    reused, reused_pages = await walk(make_app, bundled, tmp_path / "reused", size, start, presses)
    never_in_place(monkeypatch)
    new, new_pages = await walk(make_app, bundled, tmp_path / "new", size, start, presses)
    # The walk went through pages one after another and after other steps, and reused their view.
    assert len(reused_pages) > 4 and len({id(view) for view in reused_pages}) <= len(reused_pages) / 2
    assert len({id(view) for view in new_pages}) == len(new_pages)
    assert len(reused) == len(new)
    for (place, screen, focus), (new_place, new_screen, new_focus) in zip(reused, new, strict=True):
        assert (place, focus) == (new_place, new_focus)
        assert screen == new_screen, place


@sync
async def test_the_focus_goes_straight_to_the_new_step_and_left_views_go(
    make_app: AppFactory, bundled: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving on from a reflection, a quiz or a summary never puts the focus on the Next button on the way.

    The player removed the step's view before the new one took the focus: Textual handed the focus to
    the Next button for a frame (restyled, with the footer's keys for it). The views left behind are
    removed once the new step is on screen: only the step shown, a kept page view and the next step's
    view built ahead stay.
    """
    from unclench.tui.widgets.nav_button import NavButton

    focused: list[str] = []
    original = NavButton._on_focus

    def noted(self: NavButton, event: Any) -> None:
        focused.append(str(self.id))
        original(self, event)

    monkeypatch.setattr(NavButton, "_on_focus", noted)
    app = make_app(bundled)
    kinds: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("welcome", 0), asked=True)
        await settle(pilot, 2)
        focused.clear()  # only the step changes below
        for _ in range(20):
            screen = app.screen
            if not isinstance(screen, PlayerScreen):
                await pilot.press("escape")
                await settle(pilot)
                continue
            await pilot.press("ctrl+n")
            await settle(pilot, 2)
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            view = screen.view
            assert view is not None
            kinds.add(type(view).__name__)
            assert app.focused is view.focus_target()
            views = [child for child in screen.query_one("#step-holder").children if isinstance(child, StepView)]
            assert view in views
            ahead = screen.built_ahead  # the next step's view, built ahead (hidden)
            assert ahead is None or (ahead in views and not ahead.display)
            others = [other for other in views if other not in (view, ahead)]
            assert all(isinstance(other, PageView) and not other.display for other in others)
            assert len(others) <= 1
    assert {"PromptView", "QuizView", "SummaryView", "PageView"} <= kinds
    assert focused == []
