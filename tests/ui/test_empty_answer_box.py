"""An empty reflection's answer box is drawn without the editor until the learner starts writing.

Textual's ``TextArea`` (the answer editor) was about a tenth of a returning
learner's start on a reflection. With nothing written yet, the step shows an
:class:`EmptyAnswerBox` in its place, and the editor is made when the learner
starts writing. The learner must not be able to tell: the screen before
writing and after writing then stopping (the editor made, empty, unfocused)
is the same, cell for cell and colour for colour, in every theme and size;
and writing starts the same ways (``e``, a click on the box), with the keys
typed straight after ``e`` in the answer, in order.
"""

from __future__ import annotations

import html
import re
import sys

import pytest
from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.themes import HIGH_CONTRAST
from unclench.tui.widgets.empty_answer_box import EmptyAnswerBox
from unclench.tui.widgets.prompt_view import PromptView

from .conftest import AppFactory
from .helpers import click, settle, sync, type_at_once

PROMPT = Place("intro", 1)


_RECT = re.compile(r'<rect fill="([^"]+)" x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)"')
_TEXT = re.compile(r'<text class="[^"]*-(r\d+)" x="([0-9.]+)" y="([0-9.]+)"[^>]*>([^<]*)</text>')
_STYLE = re.compile(r"\.terminal-\d+-(r\d+) \{([^}]*)\}")
#: The size of a cell in Rich's SVG export (its font size 20, lines 1.22 apart).
_CELL = (12.2, 24.4)


def drawn(app: UnclenchApp) -> dict[tuple[int, int], tuple[str, str, str]]:
    """Each cell of the screen: its background, character and text style (from the app's SVG screenshot).

    Cell by cell, since Rich splits the same picture into runs of text and rectangles in more than one way.
    """
    svg = app.export_screenshot()
    styles = dict(_STYLE.findall(svg))
    cells: dict[tuple[int, int], tuple[str, str, str]] = {}
    for fill, x, y, width in _RECT.findall(svg):
        row, column = round(float(y) / _CELL[1]), round(float(x) / _CELL[0])
        for cell in range(column, column + round(float(width) / _CELL[0])):
            cells[row, cell] = (fill, " ", "")
    for style, x, y, text in _TEXT.findall(svg):
        row, column = round(float(y) / _CELL[1]) - 1, round(float(x) / _CELL[0])
        for offset, character in enumerate(html.unescape(text)):
            fill = cells.get((row, column + offset), ("", "", ""))[0]
            cells[row, column + offset] = (fill, character, styles.get(style, "").strip())
    return cells


def prompt_view(screen: object) -> PromptView:
    assert isinstance(screen, PlayerScreen)
    view = screen.view
    assert isinstance(view, PromptView)
    return view


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark", HIGH_CONTRAST.name])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@sync
async def test_the_empty_box_looks_exactly_as_the_empty_editor(
    make_app: AppFactory, mini: Course, theme: str, size: tuple[int, int]
) -> None:
    app = make_app(mini)
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await settle(pilot)
        await app.open_place(PROMPT)
        await settle(pilot, 2)
        view = prompt_view(app.screen)
        assert view.query(EmptyAnswerBox) and not view.query(TextArea)
        before = drawn(app)
        await pilot.press("e")
        await settle(pilot)
        assert view.writing and isinstance(app.focused, TextArea)
        await pilot.press("escape")
        await settle(pilot, 2)
        assert not view.writing and view.query_one("#answer", TextArea).text == ""
        assert drawn(app) == before


@sync
async def test_a_reflection_with_nothing_written_does_not_load_the_editor_until_writing(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    app.store.set_position(mini.id, PROMPT.lesson_id, "feel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        view = prompt_view(app.screen)
        assert not view.query(TextArea)
        loaded = "textual.widgets._text_area" in sys.modules  # another test in this process may have loaded it
        type_at_once(app, "eMy jaw\b\b\bneck, mostly")
        await settle(pilot, 3)
        assert view.writing and view.editor.text == "My neck, mostly"
        assert "textual.widgets._text_area" in sys.modules or loaded
        await pilot.press("escape", "ctrl+n")
        await settle(pilot)
    entry = app.store.answer(mini.id, "intro", "feel")
    assert entry is not None and entry.answer == "My neck, mostly"


@sync
async def test_a_click_on_the_empty_box_starts_writing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(PROMPT)
        await settle(pilot)
        view = prompt_view(app.screen)
        await click(pilot, "#answer-box")
        await settle(pilot)
        assert view.writing and isinstance(app.focused, TextArea)
        await pilot.press(*"Jaw")
        await pilot.press("escape", "ctrl+n")
        await settle(pilot)
    entry = app.store.answer(mini.id, "intro", "feel")
    assert entry is not None and entry.answer == "Jaw"


@sync
async def test_a_saved_answer_is_shown_in_the_editor_as_before(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(PROMPT)
        await settle(pilot)
        view = prompt_view(app.screen)
        assert not view.query(EmptyAnswerBox)
        assert view.query_one("#answer", TextArea).text == "Shoulders" and not view.writing
