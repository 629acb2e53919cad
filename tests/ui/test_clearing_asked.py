"""An answer that had text is never stored empty unasked: Backspace held down, then Escape, asks first.

A stranger held Backspace in an answer until the box was empty, pressed Escape, and the text was gone for good:
no question, no undo. Now the answer stays stored as it was until the learner chooses "Clear it" (the default is
"Keep my answer"); leaving or quitting with the box empty keeps it too.
"""

from __future__ import annotations

import pytest

from unclench.course import Course
from unclench.tui.screens.dialogs import CLEAR_TITLE, GuidanceScreen
from unclench.tui.widgets.autosave import CLEAR_HELD

from .conftest import AppFactory
from .helpers import click, press, screen_text, settle, sync
from .test_deliberate_writing import journal, on_the_reflection
from .test_journal_trends import journal as journal_screen
from .test_journal_trends import open_journal

TEXT = "My jaw, and my shoulders"


def stored(app: object) -> str | None:
    from unclench.tui.app import UnclenchApp

    assert isinstance(app, UnclenchApp)
    return journal(app).get(("intro", "feel"))


async def rub_out(pilot: object, *, pause: float = 1.2) -> None:
    """Start writing, hold Backspace until the box is empty (saves come and go meanwhile)."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await press(pilot, "e")
    await pilot.pause(0.4)
    for _ in range(len(TEXT) + 3):
        await pilot.press("backspace")
    await pilot.pause(pause)  # longer than the autosave waits
    await settle(pilot)


def said(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return " ".join(screen_text(app).replace("┃", " ").replace("│", " ").split())


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_emptied_then_escape_asks_and_keeps_the_answer_by_default(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", TEXT)
    async with on_the_reflection(app) as (pilot, view):
        await pilot.resize_terminal(*size)
        await rub_out(pilot)
        assert view.editor.text == ""
        assert stored(app) == TEXT  # the autosave did not write the empty box meanwhile
        assert CLEAR_HELD in said(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == CLEAR_TITLE
        assert "Keep my answer" in said(app) and "Clear it" in said(app)
        assert stored(app) == TEXT
        await press(pilot, "enter")  # the default: keep
        assert not isinstance(app.screen, GuidanceScreen)
        assert view.editor.text == TEXT and stored(app) == TEXT
        before = app.store.answer(mini.id, "intro", "feel")
        # Asked again, Escape (a habit) keeps it too.
        await rub_out(pilot)
        await press(pilot, "escape")
        await press(pilot, "escape")
        assert view.editor.text == TEXT and app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_clear_it_clears_the_answer_on_purpose(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", TEXT)
    async with on_the_reflection(app) as (pilot, view):
        await rub_out(pilot)
        await press(pilot, "escape")
        await click(pilot, "#guidance-clear")
        await settle(pilot)
        assert stored(app) == ""  # stored empty: the journal says "(cleared: empty)"
        assert view.editor.text == ""
        await press(pilot, "e", "escape")  # emptied again, nothing more to ask
        assert not isinstance(app.screen, GuidanceScreen)


@pytest.mark.parametrize("leave", ["ctrl+q", "ctrl+n"])
@sync
async def test_quitting_or_moving_on_with_the_box_empty_keeps_the_answer(
    make_app: AppFactory, mini: Course, leave: str
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", TEXT)
    async with on_the_reflection(app, notifications=True) as (pilot, _view):
        await rub_out(pilot, pause=0.1)  # quit before the autosave would have written
        assert "leaving or quitting keeps it" in CLEAR_HELD
        await pilot.press(leave)
        await settle(pilot)
    assert stored(app) == TEXT


@sync
async def test_in_the_journal_escape_asks_too_and_clear_it_shows_cleared(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        journal_screen(app).entries[0].focus()
        await press(pilot, "e", "end", *["backspace"] * len(TEXT))
        await pilot.pause(1.2)
        await press(pilot, "escape")
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == CLEAR_TITLE
        assert stored(app) == TEXT
        await press(pilot, "escape")  # keep
        assert stored(app) == TEXT and TEXT in said(app)
        assert journal_screen(app).editing is None  # done editing, the answer shown as it was
        await press(pilot, "e", "end", *["backspace"] * len(TEXT), "escape")
        await click(pilot, "#guidance-clear")
        await settle(pilot, 2)
        assert stored(app) == ""
        assert "(cleared: empty)" in said(app)
