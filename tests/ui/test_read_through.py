"""Safety text is seen before it is acknowledged: the disclaimer and the safety gate."""

from __future__ import annotations

import dataclasses

from textual.widgets import Button

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.screens.dialogs import SafetyGateScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.read_through import MORE_BELOW, READ_FIRST_HINT, TICK_HINT, TICKED_HINT, ReadThrough

from .conftest import AppFactory
from .helpers import screen_text, settle, sync

#: A disclaimer that cannot fit on a small screen; its last line must be seen before ticking.
LONG_DISCLAIMER = "\n\n".join([*(f"Paragraph {n} of it." for n in range(1, 30)), "LAST LINE: stop any time."])


@sync
async def test_a_long_disclaimer_must_be_scrolled_to_its_end_before_the_box_ticks(
    make_app: AppFactory, mini: Course
) -> None:
    course = dataclasses.replace(mini, disclaimer=LONG_DISCLAIMER)
    app = make_app(course, acknowledged=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen)
        text = screen.query_one("#disclaimer-text", ReadThrough)
        box = screen.query_one("#disclaimer-confirm", DeliberateCheckbox)
        # The focus is on the text, from its start; the marker says there is more.
        assert app.focused is text and text.scroll_y == 0
        shown = screen_text(app)
        assert MORE_BELOW.strip() in shown and "LAST LINE" not in shown
        assert box.disabled and not text.read
        # Habitual keys do not tick the box while the text is unread (Tab skips the disabled box).
        await pilot.press("enter", "enter", "tab", "space")
        await settle(pilot)
        assert not box.value and screen.query_one("#disclaimer-continue", Button).disabled
        assert not app.store.is_acknowledged(course.id, "disclaimer", "course", course.disclaimer)
        # Back on the text, Page Down until the end: the marker goes, the box can be ticked.
        text.focus()
        await pilot.press("home")
        await settle(pilot)
        for _ in range(40):
            if text.read:
                break
            await pilot.press("pagedown")
            await settle(pilot)
        assert "LAST LINE" in screen_text(app)
        assert MORE_BELOW.strip() not in screen_text(app)
        assert not box.disabled
        # Scrolling back up does not take the reading away.
        await pilot.press("home")
        await settle(pilot)
        assert not box.disabled and text.read
        assert MORE_BELOW.strip() in screen_text(app)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value and not screen.query_one("#disclaimer-continue", Button).disabled


@sync
async def test_a_disclaimer_that_fits_can_be_ticked_at_once(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen)
        assert screen.query_one("#disclaimer-text", ReadThrough).read
        assert not screen.query_one("#disclaimer-confirm").disabled
        assert MORE_BELOW.strip() not in screen_text(app)


@sync
async def test_safety_notes_below_the_fold_must_be_read_before_the_gate_passes(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(pilot)
        await app.open_place(Place("shake", 1))
        await settle(pilot, 3)
        gate = app.screen
        assert isinstance(gate, SafetyGateScreen)
        notes = gate.query_one("#gate-notes", ReadThrough)
        box = gate.query_one("#gate-confirm", DeliberateCheckbox)
        assert app.focused is notes
        assert MORE_BELOW.strip() in screen_text(app)
        assert box.disabled
        # Enter does nothing on the notes; Tab skips the disabled box.
        await pilot.press("enter", "tab")
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen) and app.focused is not box
        notes.focus()
        await pilot.press("down")
        await settle(pilot)
        assert notes.scroll_y > 0  # the keys scroll the notes from the start
        await pilot.press("end")
        await settle(pilot)
        assert notes.read and not box.disabled
        assert "Straighten your legs" in screen_text(app)  # the last note is on screen


@sync
async def test_the_hint_follows_reading_and_ticking_on_the_disclaimer_and_the_gate(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger ticked the box and still read "Now Tab to the box": the hint says what is left to do."""
    app = make_app(dataclasses.replace(mini, disclaimer=LONG_DISCLAIMER), acknowledged=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen)
        assert READ_FIRST_HINT in screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        assert TICK_HINT in screen_text(app)
        box = screen.query_one("#disclaimer-confirm", DeliberateCheckbox)
        box.focus()
        await pilot.press("space")
        await settle(pilot)
        assert box.value and TICKED_HINT in screen_text(app) and TICK_HINT not in screen_text(app)
        await pilot.press("space")  # unticked: back to what is needed
        await settle(pilot)
        assert not box.value and TICK_HINT in screen_text(app)

    app = make_app(mini)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await app.open_place(Place("shake", 1))
        await settle(pilot, 3)
        gate = app.screen
        assert isinstance(gate, SafetyGateScreen)
        await pilot.press("end")
        await settle(pilot)
        box = gate.query_one("#gate-confirm", DeliberateCheckbox)
        assert TICK_HINT in screen_text(app)
        box.focus()
        await pilot.press("space")
        await settle(pilot)
        assert box.value and TICKED_HINT in screen_text(app)


@sync
async def test_enter_ticks_the_disclaimer_box_once_the_text_is_read(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Enter on the disclaimer's box and nothing happened (only Space ticked it)."""
    course = dataclasses.replace(mini, disclaimer=LONG_DISCLAIMER)
    app = make_app(course, acknowledged=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, DisclaimerScreen)
        text = screen.query_one("#disclaimer-text", ReadThrough)
        box = screen.query_one("#disclaimer-confirm", DeliberateCheckbox)
        box.focus()  # unread, the box is disabled: it cannot have the focus, and Enter ticks nothing
        await pilot.press("enter")
        await settle(pilot)
        assert not box.value and not box.has_focus
        text.focus()
        await pilot.press("end")
        await settle(pilot)
        assert text.read
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert box.has_focus and box.value and TICKED_HINT in screen_text(app)
        # Another stranger's habit Enter unticked it, and the Tab after it reached Quit: Enter only ticks.
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert box.value and not screen.query_one("#disclaimer-continue", Button).disabled
        await pilot.press("space")  # Space unticks
        await settle(pilot)
        assert not box.value and screen.query_one("#disclaimer-continue", Button).disabled
        await pilot.press("enter", "tab", "enter")
        await settle(pilot)
    assert app.store.is_acknowledged(course.id, "disclaimer", "course", course.disclaimer)


#: Texts Markdown draws as nothing (`check` refuses them): a stranger's disclaimer and safety note drew as empty
#: boxes, and both were ticked.
BLANK_DISCLAIMER = "[](https://example.org)&#32;"
BLANK_NOTE = '[w]: <https://example.org> "Tremor practice can trigger seizures. Stop if dizzy."'


@sync
async def test_a_disclaimer_markdown_draws_as_nothing_is_shown_as_written(make_app: AppFactory, mini: Course) -> None:
    course = dataclasses.replace(mini, disclaimer=BLANK_DISCLAIMER)
    app = make_app(course, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        assert isinstance(app.screen, DisclaimerScreen)
        assert BLANK_DISCLAIMER in screen_text(app)


@sync
async def test_a_safety_note_markdown_draws_as_nothing_is_shown_as_written(make_app: AppFactory, mini: Course) -> None:
    notes = tuple(dataclasses.replace(note, text=BLANK_NOTE) for note in mini.safety)
    app = make_app(dataclasses.replace(mini, safety=notes))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.open_place(Place("shake", 1))
        await settle(pilot, 3)
        assert isinstance(app.screen, SafetyGateScreen)
        assert screen_text(app).count('[w]: <https://example.org> "Tremor practice can trigger seizures.') == 2
