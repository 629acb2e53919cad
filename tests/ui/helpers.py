"""Helpers for the UI tests."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot

from unclench.journey import Place
from unclench.store.rows import JournalEntry
from unclench.tui.app import UnclenchApp
from unclench.tui.themes import HIGH_CONTRAST

#: One drawn run of text in Rich's SVG export: its line (from the clip path), column offset and characters.
_SVG_TEXT = re.compile(r'<text [^>]*\bx="([0-9.]+)"[^>]*clip-path="url\(#[^"]*-line-(\d+)\)"[^>]*>([^<]*)</text>')
#: Rich draws a cell ``0.61 * 20`` pixels wide in its SVG export.
_CELL_WIDTH = 12.2


def screen_text(app: App[Any]) -> str:
    """The text on the terminal right now, as plain text (what the learner reads).

    Read from :meth:`App.export_screenshot` (the public way to see what Textual drew, the same
    picture the snapshot tests compare), not from the screen's private compositor.
    """
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, drawn in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(drawn).replace("\xa0", " ").rstrip("\n")  # each line ends with a drawn "\n"
        if not text:
            continue
        row, column = rows[int(line)], round(float(x) / _CELL_WIDTH)
        # A run takes the cells Rich measured for it (wide characters take two), so it fills its first cell.
        row[column : column + cell_len(text)] = [text] + [""] * (cell_len(text) - 1)
    return "\n".join("".join(row) for row in rows)


async def settle(pilot: Pilot[Any], times: int = 1) -> None:
    """Let messages, mounts and Markdown rendering finish."""
    for _ in range(times):
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def settle_until(pilot: Pilot[Any], done: Any, tries: int = 200) -> None:
    """Let the app work until ``done()`` holds (a busy machine may need more than a few pauses); bounded."""
    for _ in range(tries):
        if done():
            break
        await pilot.pause(0.02)
    if pilot.app.is_running:
        await settle(pilot)


#: Marks an async test to run on its own event loop (pytest-asyncio's marker, under the short name
#: the tests were written with).
sync = pytest.mark.asyncio


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press each key in turn, the app settled after each (a learner pressing them one by one)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def open_at(pilot: Pilot[Any], place: Place, *, settles: int = 1, asked: bool = False) -> None:
    """Let the app start, then open ``place`` (:meth:`UnclenchApp.open_place`) and let it settle ``settles`` times."""
    app = pilot.app
    assert isinstance(app, UnclenchApp)
    await settle(pilot)
    await app.open_place(place, asked=asked)
    await settle(pilot, settles)


async def click(pilot: Pilot[Any], selector: str) -> None:
    """Scroll a widget into view, then click it (as a learner with a mouse would)."""
    screen = pilot.app.screen
    widget = screen.query_one(selector)
    # A busy machine may lay the screen out again (a step built, a rating saved) between the scroll and
    # the click: scroll until the widget's top-left cell, where the click lands, is on screen.
    for _ in range(100):
        widget.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        if widget.region.offset in screen.size.region:
            break
        await pilot.pause(0.02)
    await pilot.click(widget)
    await pilot.pause()


async def read_and_tick(pilot: Pilot[Any], text: str, box: str) -> None:
    """Read a safety text to its end (End key on the text), then tick its box with Space, as a learner would."""
    screen = pilot.app.screen
    screen.query_one(text).focus()
    await pilot.press("end")
    await settle(pilot)
    screen.query_one(box).focus()
    await pilot.press("space")
    await pilot.pause()


def type_at_once(app: App[Any], text: str) -> None:
    """Send keys the way a fast typist does: all queued before the app handles the first ("\\b" is Backspace)."""
    driver = app._driver
    assert driver is not None
    for character in text:
        # "\b" stands for Backspace (a bound key in an editor, not a character it inserts).
        event = (
            events.Key("backspace", None) if character == "\b" else events.Key(_character_to_key(character), character)
        )
        event.set_sender(app)
        driver.send_message(event)


def answer_writes(app: UnclenchApp) -> list[str]:
    """Every write of an answer to ``app``'s store from now on (saved, or put back as it was), as the store is asked.

    What a learner's record holds is checked by what was written to it, not only by the text it ends with.
    """
    written: list[str] = []
    store = app.store
    save, put_back = store.save_answer, store.put_back_answer

    def spy_save(course_id: str, lesson_id: str, step_id: str, question: str, answer: str) -> None:
        written.append(f"save {lesson_id}/{step_id}: {answer!r}")
        save(course_id, lesson_id, step_id, question, answer)

    def spy_put_back(course_id: str, lesson_id: str, step_id: str, before: JournalEntry | None) -> None:
        written.append(f"put back {lesson_id}/{step_id}: {before!r}")
        put_back(course_id, lesson_id, step_id, before)

    store.save_answer = spy_save  # type: ignore[method-assign]
    store.put_back_answer = spy_put_back  # type: ignore[method-assign]
    return written


def keys_at_once(app: App[Any], *keys: str) -> None:
    """Send named keys (``down``, ``plus``, ``3``) all queued at once, as a burst from the terminal does."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        character = key if len(key) == 1 else {"plus": "+", "minus": "-", "space": " "}.get(key)
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)


#: The themes a button's look is compared in (test_nav_button.py, test_marked_button_css.py).
BUTTON_THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light", HIGH_CONTRAST.name)
#: The states a button's look is compared in: (focused, hovered, pressed, disabled).
BUTTON_STATES = [
    (False, False, False, False),
    (True, False, False, False),
    (False, True, False, False),
    (True, True, False, False),
    (False, False, True, False),
    (True, True, True, False),
    (False, False, False, True),
    (False, True, False, True),
]


def keys_stamped(app: UnclenchApp, *keys: tuple[str, float]) -> None:
    """Send ``(key, time)`` pairs as the terminal would, each stamped with its own time (the clock keys carry)."""
    driver = app._driver
    assert driver is not None
    for key, time in keys:
        event = events.Key(key, " " if key == "space" else key if len(key) == 1 else None)
        event.time = time
        event.set_sender(app)
        driver.send_message(event)
