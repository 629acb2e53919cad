"""Journal answers autosave while typing, off the UI thread, and are never lost."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.store.errors import StoreWriteError
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import UnsavedQuitScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import WORD_AFTER_E
from unclench.tui.widgets.prompt_view import PromptView

from .conftest import AppFactory
from .helpers import click, screen_text, settle, sync

PROMPT = Place("intro", 1)


def saved(app: UnclenchApp) -> str | None:
    entry = app.store.answer(app.course.id, "intro", "feel")
    return entry.answer if entry is not None else None


async def open_prompt(app: UnclenchApp, pilot: object, *, write: bool = True) -> PromptView:
    """Open the prompt step and (by default) start writing with ``e``."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await settle(pilot)
    await app.open_place(PROMPT)
    await settle(pilot)
    player = app.screen
    assert isinstance(player, PlayerScreen)
    view = player.view
    assert isinstance(view, PromptView)
    assert not view.writing  # arriving never puts the keys in the editor
    if write:
        await pilot.press("e")
        assert view.writing
        await pilot.pause(WORD_AFTER_E)  # a look at the box: a letter straight after e goes on a word begun with it
    return view


@sync
async def test_saves_after_a_pause_and_while_typing_in_a_thread(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mini)
    threads: list[str] = []
    original = app.store.save_answer

    def spy(*args: str) -> None:
        threads.append(threading.current_thread().name)
        original(*args)

    monkeypatch.setattr(app.store, "save_answer", spy)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_prompt(app, pilot)
        await pilot.press("a")
        assert saved(app) is None  # not on every key
        assert "Saving" in screen_text(app)
        await pilot.pause(0.8)
        assert saved(app) == "a"
        assert "✓ Saved" in screen_text(app)
        assert threads and threads[-1] != threading.main_thread().name  # saved off the UI thread

        # Typing without pause: saved within about a second anyway.
        started, presses = time.monotonic(), 0
        while time.monotonic() - started < 1.6 or presses < 12:  # on a busy machine a press can take longer
            await pilot.press("b")
            await pilot.pause(0.1)
            presses += 1
        assert saved(app) is not None and saved(app).startswith("abbbbbb")  # type: ignore[union-attr]
        assert view.editor.text.startswith(saved(app) or "")


@sync
async def test_quitting_flushes_the_pending_save(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    app = make_app(mini, data_dir=tmp_path / "d")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_prompt(app, pilot)
        await pilot.press(*"quick")
        await pilot.press("ctrl+q")  # before the debounce fires
        await settle(pilot)
    assert saved(app) == "quick"


@sync
async def test_leaving_the_step_flushes(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_prompt(app, pilot)
        await pilot.press(*"x y")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert saved(app) == "x y"
        assert app.screen.place == Place("intro", 0)  # type: ignore[attr-defined]


@sync
async def test_a_failed_save_keeps_the_text_and_says_so(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mini)
    original = app.store.save_answer
    broken = {"on": True}

    def flaky(*args: str) -> None:
        if broken["on"]:
            raise StoreWriteError("The disk is full [bold]now[/] [0].")
        original(*args)

    monkeypatch.setattr(app.store, "save_answer", flaky)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_prompt(app, pilot)
        await pilot.press(*"precious [b]words[/b]")
        await pilot.pause(0.8)
        await settle(pilot)
        text = screen_text(app)
        assert "Not saved: The disk is full [bold]now[/] [0]." in text
        assert view.editor.text == "precious [b]words[/b]"
        assert view.unsaved

        # Leaving the step is refused while the text cannot be saved.
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.place == PROMPT  # type: ignore[attr-defined]
        assert view.editor.text == "precious [b]words[/b]"

        # Quitting asks first; "Stay" keeps everything.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedQuitScreen)
        assert "[bold]now[/] [0]." in screen_text(app)
        await pilot.press("enter")  # "Stay" has the focus
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.is_running

        # The disk recovers: the next keystroke saves everything.
        broken["on"] = False
        view.editor.focus()
        await pilot.press("!")
        await pilot.pause(0.8)
        await settle(pilot)
        assert saved(app) == "precious [b]words[/b]!"
        assert "✓ Saved" in screen_text(app)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running


@sync
async def test_quit_anyway_after_a_failed_save(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mini)

    def broken(*args: str) -> None:
        raise StoreWriteError("Read-only.")

    monkeypatch.setattr(app.store, "save_answer", broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_prompt(app, pilot)
        await pilot.press("z")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedQuitScreen)
        await click(pilot, "#unsaved-quit")
        await settle(pilot)
    assert not app.is_running


def test_editor_cursor_does_not_blink_in_tests(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    assert app.session.cursor_blink is False
    assert TextArea("").cursor_blink  # Textual's default, which the app turns off when asked


@sync
async def test_closing_the_app_any_way_saves_the_pending_text(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.set_position(mini.id, "intro", "feel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause(WORD_AFTER_E)
        await pilot.press(*"closing")
        # No pause for the debounce and no quit key: the app is simply torn down.
    entry = app.store.answer(mini.id, "intro", "feel")
    assert entry is not None and entry.answer == "closing"
