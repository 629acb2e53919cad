"""The safety gate's keys do what its hint says wherever the focus is in it (a stranger at 60x20 found it frozen).

After Tab or shift+Tab onto the buttons, Space, Page Down and the arrows did nothing while the hint said
"Read to the end first: ↓, Space or Page Down scroll." And Enter on the box, once the text was read to its
end, ticks it, as the key table says.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.read_through import READ_FIRST_HINT, ReadThrough

from .conftest import AppFactory
from .helpers import open_at, screen_text, settle, sync

GENTLE_TREMOR = Place("first-tremor-practice", 4)


async def at_gate(app: UnclenchApp, pilot: Pilot[Any]) -> tuple[SafetyGateScreen, ReadThrough]:
    await open_at(pilot, GENTLE_TREMOR, asked=True, settles=3)
    gate = app.screen
    assert isinstance(gate, SafetyGateScreen)
    notes = gate.query_one("#gate-notes", ReadThrough)
    assert notes.max_scroll_y > 0 and not notes.read
    return gate, notes


@sync
async def test_scroll_keys_scroll_the_notes_from_the_buttons(make_app: AppFactory, bundled: Course) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(60, 20)) as pilot:
        gate, notes = await at_gate(app, pilot)
        assert READ_FIRST_HINT in " ".join(screen_text(app).split())
        for keys in (("tab",), ("shift+tab",)):
            notes.focus()
            await pilot.press(*keys)
            await settle(pilot)
            focused = app.focused
            assert focused is not None and focused is not notes
            for key, moves in (("down", True), ("pagedown", True), ("space", True), ("up", True), ("home", True)):
                before = notes.scroll_y
                await pilot.press(key)
                await settle(pilot)
                assert app.screen is gate, f"{key} on {focused} closed the gate"
                assert notes.scroll_y != before or not moves, f"{key} on {focused} did not scroll the notes"
            assert notes.scroll_y == 0  # home: back at the top
        notes.focus()
        await pilot.press("tab")
        await pilot.press("end")
        await settle(pilot)
        assert notes.read
        # Read: Space is the button's and the box's again, as the hint now says (Tab to the box, tick it).
        assert READ_FIRST_HINT not in " ".join(screen_text(app).split())


@sync
async def test_enter_on_the_box_ticks_it_once_the_notes_are_read(make_app: AppFactory, bundled: Course) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(60, 20)) as pilot:
        gate, notes = await at_gate(app, pilot)
        notes.focus()
        await pilot.press("end")
        await settle(pilot)
        assert notes.read
        # Enter on the notes is not the box's: the hint says where Enter ticks, as the key table does.
        await pilot.press("enter")
        await settle(pilot)
        assert "Tab to the box: Space or Enter ticks it." in " ".join(screen_text(app).split())
        box = gate.query_one("#gate-confirm", DeliberateCheckbox)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is box
        await pilot.press("enter")
        await settle(pilot)
        assert box.value and app.screen is gate  # ticked; nothing started


@sync
async def test_scroll_keys_scroll_the_disclaimer_from_its_buttons(make_app: AppFactory, bundled: Course) -> None:
    """The disclaimer's hint says the same: at 60x20, Tab reached Quit, and ↓, Space and Page Down did nothing."""
    from unclench.tui.screens.disclaimer import DisclaimerScreen

    app = make_app(bundled, acknowledged=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen)
        text = screen.query_one("#disclaimer-text", ReadThrough)
        assert text.max_scroll_y > 0 and not text.read
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not None and app.focused is not text
        for key in ("space", "down", "pagedown"):
            before = text.scroll_y
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen and app.is_running
            moved = text.scroll_y > before or before == text.max_scroll_y
            assert moved, f"{key} on {app.focused} did not scroll the disclaimer"
        assert text.read
