"""An answer pasted in the app longer than an import takes is not saved, and nothing of it is lost.

The store refuses answers over :data:`MAX_ANSWER_CHARS` (the import's limit), so
that every saved answer can be exported and imported back. The editor keeps the
whole text, says plainly how much too long it is, and saves as soon as it fits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from unclench.course import Course
from unclench.store import ProgressStore
from unclench.store.errors import AnswerTooLongError
from unclench.store.rows import MAX_ANSWER_CHARS
from unclench.tui.screens.dialogs import UnsavedQuitScreen
from unclench.tui.screens.player import PlayerScreen

from .conftest import AppFactory
from .helpers import settle, sync

C, L, P = "unclench", "intro", "feel"


def test_the_store_refuses_an_answer_over_the_limit_and_writes_nothing(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "d") as store:
        store.save_answer(C, L, P, "Q?", "before")
        with pytest.raises(AnswerTooLongError) as refused:
            store.save_answer(C, L, P, "Q?", "x" * (MAX_ANSWER_CHARS + 1))
        assert refused.value.message == (
            "This answer is 1 character too long to save: it has 1,000,001, and an answer holds at most 1,000,000."
        )
        assert refused.value.hint == "Shorten it by 1 character or more; nothing was cut."
        entry = store.answer(C, L, P)
        assert entry is not None and entry.answer == "before"
        store.save_answer(C, L, P, "Q?", "é" * MAX_ANSWER_CHARS)  # the limit counts characters, not bytes
        entry = store.answer(C, L, P)
        assert entry is not None and entry.answer == "é" * MAX_ANSWER_CHARS


async def _until(pilot: Pilot[Any], done: Callable[[], bool], seconds: float = 60) -> None:
    """Let the app run until ``done()`` (a paste of a million characters and its save take long on a busy machine)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.1)


def _status(app: object) -> str:
    from unclench.tui.app import UnclenchApp

    assert isinstance(app, UnclenchApp)
    return str(app.screen.query_one("#save-status", Static).render())


@sync
async def test_a_pasted_answer_over_the_limit_stays_in_the_editor_with_how_much_to_cut(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    app = make_app(mini, data_dir=tmp_path / "d")
    app.store.set_position(mini.id, L, P)
    app.store.save_answer(mini.id, L, P, "Where do you hold tension?", "my shoulders")
    # Lines, as a long pasted document has: one line of a million characters is slow to lay out.
    pasted = ("a line of pasted text\n" * (MAX_ANSWER_CHARS // 22 + 100))[: MAX_ANSWER_CHARS + 20 - len("my shoulders")]
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        at_prompt = app.screen.place
        await pilot.press("e", "end")
        app.post_message(events.Paste(pasted))
        editor = app.focused
        assert isinstance(editor, TextArea)
        await _until(pilot, lambda: _status(app).startswith("Not saved"))
        assert len(editor.text) == MAX_ANSWER_CHARS + 20
        status = _status(app)
        assert status.startswith("Not saved: This answer is 20 characters too long to save: it has 1,000,020")
        assert "Shorten it by 20 characters or more; nothing was cut." in status
        assert editor.text == "my shoulders" + pasted  # nothing cut
        entry = app.store.answer(mini.id, L, P)
        assert entry is not None and entry.answer == "my shoulders"  # the saved answer is as it was

        # Moving on is refused (the text would be lost), with the same words.
        await pilot.press("ctrl+n")
        await _until(pilot, lambda: any("20 characters too long" in str(n.message) for n in app._notifications))
        assert any("20 characters too long" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, PlayerScreen) and app.screen.place == at_prompt

        # Quitting asks first.
        await pilot.press("ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, UnsavedQuitScreen))
        assert isinstance(app.screen, UnsavedQuitScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.focused is editor and editor.text == "my shoulders" + pasted

        # Cut the 20 characters over: the answer is saved, whole.
        editor.move_cursor(editor.document.end)
        for _ in range(20):
            await pilot.press("backspace")
        await _until(pilot, lambda: _status(app) == "✓ Saved")
        assert _status(app) == "✓ Saved"
    entry = app.store.answer(mini.id, L, P)
    # Saved whole, but for the line break it ends with (blank lines at an answer's end are never saved).
    kept = ("my shoulders" + pasted)[:MAX_ANSWER_CHARS]
    assert kept.endswith("\n") and entry is not None and entry.answer == kept.removesuffix("\n")
