"""An answer editor asked to draw after it was removed draws nothing, and the app goes on.

A stranger closed a journal edit with Escape and the app ended with a ``KeyError`` from Textual's
text-area theme: a removed widget has no component styles left, and a ``TextArea`` drawn then raised.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea

from unclench.course import Course
from unclench.tui.screens.journal import JournalScreen

from .conftest import AppFactory
from .helpers import settle, sync


@sync
async def test_a_journal_editor_drawn_after_it_closed_is_blank_and_the_app_goes_on(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("e", *" Z")
        await settle(pilot)
        editor = app.focused
        assert isinstance(editor, TextArea)
        assert editor.render_lines(Region(0, 0, 20, 2))  # drawn while open
        await pilot.press("escape")  # done: the editor is removed
        await settle(pilot)
        assert not editor.is_attached
        editor._rich_style_cache.clear()  # as after a theme change: its styles are looked up again
        assert editor.render_lines(Region(0, 0, 20, 2)) == [Strip.blank(20), Strip.blank(20)]
        assert isinstance(app.screen, JournalScreen) and app.is_running
        assert app.store.answer(mini.id, "intro", "feel").answer == "Shoulders Z"  # type: ignore[union-attr]
