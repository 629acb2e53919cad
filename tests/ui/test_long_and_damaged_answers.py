"""The journal with a very long answer, and with answers damaged outside Unclench."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from unclench.course import Course
from unclench.tui.screens.journal import JOURNAL_SHOWN_CHARS, JournalScreen

from .conftest import AppFactory
from .helpers import settle, sync

pytestmark = pytest.mark.usefixtures("utc_local_time")


def _answer_shown(app: object) -> str:
    from unclench.tui.app import UnclenchApp

    assert isinstance(app, UnclenchApp) and isinstance(app.screen, JournalScreen)
    return str(app.screen.query_one(".journal-answer", Static).render())


@sync
async def test_a_very_long_answer_is_cut_in_the_list_and_whole_in_the_editor(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    long_answer = "a" * JOURNAL_SHOWN_CHARS + "TAIL-MARK" + "b" * 20_000
    app = make_app(mini, data_dir=tmp_path / "d")
    app.store.save_answer(mini.id, "intro", "feel", "Where?", long_answer)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        shown = _answer_shown(app)
        assert "TAIL-MARK" not in shown and shown.startswith("a" * 100)
        assert "20,009 more characters: press e to open the whole answer." in shown
        await pilot.press("e")
        await settle(pilot)
        editor = app.focused
        assert isinstance(editor, TextArea) and editor.text == long_answer
        await pilot.press("escape")
        await settle(pilot)
        assert "TAIL-MARK" not in _answer_shown(app)
    entry = app.store.answer(mini.id, "intro", "feel")
    assert entry is not None and entry.answer == long_answer


@sync
async def test_a_bytes_answer_shows_literally_and_is_not_rewritten_by_opening_the_journal(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "x")
    conn = sqlite3.connect(data / "progress.sqlite3")
    conn.execute("UPDATE journal SET answer = x'ff00fe1b5b33316d'")
    conn.commit()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert _answer_shown(app) == "\ufffd␀\ufffd␛[31m"
        await pilot.press("down", "up", "j", "q")
        await settle(pilot)
    assert conn.execute("SELECT typeof(answer), hex(answer) FROM journal").fetchall() == [("blob", "FF00FE1B5B33316D")]
    conn.close()
