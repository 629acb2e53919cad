"""Invisible characters that hide or reorder text reach the terminal only as symbols (see test_invisible_chars).

A course cannot hold them (``check`` and the app refuse it); an imported record
or the database can. The journal and the prompt editor show them as symbols, the
editor read-only, and the stored text never changes. A right-to-left answer keeps
its marks: there they do their proper work.
"""

from __future__ import annotations

import re

from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place

from .conftest import AppFactory
from .helpers import screen_text, settle, sync

#: What must never reach the screen raw from a left-to-right text.
HIDING = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029\u200e\u200f\u061c\U000e0000-\U000e007f]")
SMUGGLED = "call \u200f911 / 112\u200f, ok\U000e0069\U000e0067\U000e006e\u2028end"
HEBREW = "שלום\u200f 112"


@sync
async def test_an_imported_answer_with_hiding_characters_shows_them_as_symbols_and_is_kept(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", SMUGGLED)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 1))
        await settle(pilot)
        editor = app.screen.query_one("#answer", TextArea)
        assert editor.read_only
        assert editor.text == "call ⟨U+200F⟩911 / 112⟨U+200F⟩, ok⟨U+E0069⟩⟨U+E0067⟩⟨U+E006E⟩⟨U+2028⟩end"
        assert HIDING.search(app.export_screenshot()) is None
        await pilot.press("escape", "j")
        await settle(pilot)
        shown = screen_text(app)
        assert "call ⟨U+200F⟩911 / 112⟨U+200F⟩" in shown and "⟨U+E0069⟩" in shown
        assert HIDING.search(app.export_screenshot()) is None
        await pilot.press("ctrl+q")
    stored = app.store.answer(mini.id, "intro", "feel")
    assert stored is not None and stored.answer == SMUGGLED


@sync
async def test_a_right_to_left_answer_keeps_its_marks_and_stays_editable(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", HEBREW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 1))
        await settle(pilot)
        editor = app.screen.query_one("#answer", TextArea)
        assert not editor.read_only and editor.text == HEBREW
        await pilot.press("ctrl+q")
    stored = app.store.answer(mini.id, "intro", "feel")
    assert stored is not None and stored.answer == HEBREW


@sync
async def test_a_byte_order_mark_inside_an_answer_shows_as_a_symbol_in_the_journal_and_is_kept(
    make_app: AppFactory, mini: Course
) -> None:
    """A journal showed U+FEFF inside an answer raw, where the word looked whole (other invisibles showed)."""
    answer = "my jaw\ufeff clenches, tre\u2060mor"
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", answer)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        shown = screen_text(app)
        assert "my jaw⟨U+FEFF⟩ clenches, tre⟨U+2060⟩mor" in shown
        assert "\ufeff" not in app.export_screenshot() and "\u2060" not in app.export_screenshot()
        await pilot.press("ctrl+q")
    stored = app.store.answer(mini.id, "intro", "feel")
    assert stored is not None and stored.answer == answer
