"""Hostile text in the real app: stored control characters are shown as symbols, never sent raw.

Issue 11 item 2: every string the app renders from the database (journal
answers, questions, stored ids of removed lessons) reaches the terminal as
visible symbols; an imported answer with control characters shows them in the
prompt editor too, read-only, and the stored text never changes.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT, Place
from unclench.store import ProgressStore
from unclench.store.rows import CheckinRecord, CourseRecord, JournalEntry
from unclench.tui.app import UnclenchApp
from unclench.tui.widgets.autosave import LOCKED_TEXT

from .conftest import AppFactory
from .helpers import screen_text, settle, sync

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE = "calm \x1b]52;c;aGk=\x07 then \x1b[2J and \x9b31m end\x7f"


def raw_screen(app: UnclenchApp) -> str:
    """Every character the screen shows (Textual's public screenshot): only text can hold a control now.

    The SVG carries each shown character as it is (XML-escaping only ``&<>``), so a control
    character that reached the screen would be in it.
    """
    return app.export_screenshot()


@sync
async def test_an_answer_with_control_characters_is_shown_as_symbols_and_never_rewritten(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", HOSTILE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 1))
        await settle(pilot)
        editor = app.screen.query_one("#answer", TextArea)
        assert editor.text == "calm ␛]52;c;aGk=␇ then ␛[2J and ⟨U+009B⟩31m end␡"
        assert editor.read_only
        assert RAW_CONTROL.search(raw_screen(app)) is None
        assert "control characters" in screen_text(app)
        await pilot.press("end", "x", "backspace", "backspace", "enter", "y")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+q")
    stored = app.store.answer(mini.id, "intro", "feel")
    assert stored is not None and stored.answer == HOSTILE
    assert LOCKED_TEXT.startswith("This answer holds control characters")


@sync
async def test_journal_and_trends_show_stored_controls_and_ids_as_symbols(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Q \x1b[8m hidden?", HOSTILE)
    app.store.save_answer(mini.id, "gone\x1b]0;title\x07", "s\x1b", "Old \x9b question", "old \x1b answer")
    for phase in ("before", "after"):
        app.store.record_checkin(mini.id, "gone\x1b[2J", "ex\x07", "tension", phase, 5, "run\x1b")
        app.store.record_checkin(mini.id, "shake", "tremor", "made-up\x1b[2J", phase, 3, "run2")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot, 3)
        journal = raw_screen(app)
        assert RAW_CONTROL.search(journal) is None
        assert "␛" in journal
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot, 3)
        trends = raw_screen(app)
        assert RAW_CONTROL.search(trends) is None
        assert "␛" in trends


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-13-45T25:61:61Z"])
@sync
async def test_journal_and_trends_open_with_any_stored_date_in_any_zone(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch, zone: str, stamp: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        app = make_app(mini)
        app.store.restore(
            CourseRecord(
                mini.id,
                journal=(JournalEntry(mini.id, "intro", "feel", "Q?", "an answer", stamp, stamp),),
                checkins=(
                    CheckinRecord(mini.id, "shake", "tremor", "tension", "before", 4, "run", stamp),
                    CheckinRecord(mini.id, "shake", "tremor", "tension", "after", 2, "run", stamp),
                ),
            )
        )
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot, 3)
            assert "an answer" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, 3)
            assert "Gentle tremor" in screen_text(app)
        assert app.return_code in (None, 0)
    finally:
        monkeypatch.undo()
        time.tzset()


CONTROLS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(CONTROLS), min_size=1, max_size=30))
def test_property_no_stored_text_reaches_the_terminal_raw_from_any_view(text: str, mini: Course) -> None:
    """Arbitrary stored text and ids, shown by the map, the prompt step, the journal and the trends."""

    async def scenario(app: UnclenchApp) -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert RAW_CONTROL.search(raw_screen(app)) is None
            await app.open_place(Place("intro", 1))
            await settle(pilot)
            assert RAW_CONTROL.search(raw_screen(app)) is None
            await pilot.press("escape")
            await settle(pilot)
            for key in ("j", "t"):
                await pilot.press(key)
                await settle(pilot, 3)
                assert RAW_CONTROL.search(raw_screen(app)) is None
                await pilot.press("escape")
                await settle(pilot)

    with tempfile.TemporaryDirectory() as temp, ProgressStore.open(Path(temp)) as store:
        store.acknowledge(mini.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, mini.disclaimer)
        store.save_answer(mini.id, "intro", "feel", text, text + "\x1b[2J")
        store.save_answer(mini.id, text, text, text, text or "x")
        for phase in ("before", "after"):
            store.record_checkin(mini.id, text, text, text, phase, 5, text)
            store.record_checkin(mini.id, "shake", "tremor", "tension", phase, 4, text)
        asyncio.run(scenario(UnclenchApp(mini, store, cursor_blink=False)))
        stored = store.answer(mini.id, "intro", "feel")
        assert stored is not None and stored.answer == text + "\x1b[2J"


@sync
async def test_a_data_folder_name_with_controls_is_shown_as_symbols_in_help(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    app = make_app(mini, data_dir=tmp_path / "da\x1b]0;x\x07ta")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot, 2)
        data = app.screen.query_one("#help-data")
        data.scroll_visible(animate=False, immediate=True)
        await settle(pilot, 2)
        shown = str(data.render())
        assert "da␛]0;x␇ta" in shown and RAW_CONTROL.search(shown) is None
        assert RAW_CONTROL.search(raw_screen(app)) is None


#: A stored time that is not one: an imported or hand-edited record can hold any text where a time belongs.
HOSTILE_STAMP = "2026\x1b]52;c;aGk=\x07-11\x1b[2J"


@sync
async def test_stored_times_that_are_not_times_reach_no_screen_raw(make_app: AppFactory, mini: Course) -> None:
    """Every screen that shows a stored time: the interrupted-run box, the journal, trends, practice, the summary."""
    from unclench.store.rows import RunRecord
    from unclench.tui.screens.interrupted import InterruptedRunScreen

    app = make_app(mini)
    app.store.restore(
        CourseRecord(
            mini.id,
            journal=(JournalEntry(mini.id, "intro", "feel", "Q?", "an answer", HOSTILE_STAMP, HOSTILE_STAMP),),
            checkins=(
                CheckinRecord(mini.id, "shake", "tremor", "distress", "before", 6, "done", HOSTILE_STAMP),
                CheckinRecord(mini.id, "shake", "tremor", "distress", "after", 3, "done", HOSTILE_STAMP),
            ),
            runs=(
                RunRecord(mini.id, "shake", "tremor", "done", HOSTILE_STAMP, HOSTILE_STAMP, 75, "ended", False, True),
                RunRecord(mini.id, "shake", "tremor", "cut", HOSTILE_STAMP, None, 10, "running", False, False),
            ),
        )
    )
    shown_as = "2026␛]52;c;aGk=␇-11␛[2J"

    async def check(place: str) -> None:
        screen = raw_screen(app)
        assert RAW_CONTROL.search(screen) is None, place
        assert shown_as in screen_text(app), place

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        assert isinstance(app.screen, InterruptedRunScreen)
        await check("the interrupted-run box")
        await pilot.press("escape")
        await settle(pilot)
        for key, place in (("j", "the journal"), ("p", "the practice list")):
            await pilot.press(key)
            await settle(pilot, 3)
            await check(place)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("t")
        await settle(pilot, 3)
        assert RAW_CONTROL.search(raw_screen(app)) is None  # trends show dates only, the stamp's first part
        await pilot.press("escape")
        await settle(pilot)
        await app.open_place(app.session.journey.place_of("shake", "~summary"))
        await settle(pilot)
        await check("the lesson summary")
    record = app.store.record(mini.id)
    assert {entry.updated_at for entry in record.journal} == {HOSTILE_STAMP}  # shown as symbols, stored as it was
