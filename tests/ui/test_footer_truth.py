"""The footer and help list only keys that act where they are shown, and say what they do there.

A stranger role-playing a learner found ``^n Next`` in the footer during an exercise (it only said the
exercise was still running), ``/ Search`` while writing in the journal (``/`` typed a slash), ``esc
Back`` in a search with text (Escape cleared the search), and the journal's Escape under "Keys here"
in the help opened from Trends.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from unclench.course import Course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.help import HelpScreen
from unclench.tui.screens.journal import JournalScreen
from unclench.tui.screens.trends import TrendsScreen
from unclench.tui.widgets.footer import KeyFooter

from .conftest import AppFactory
from .helpers import screen_text, settle, sync
from .practising import close_take_a_moment, start_breathing


def footer(app: UnclenchApp) -> dict[str, str]:
    """The keys the footer shows: description by key."""
    keys, _palette = app.screen.query_one(KeyFooter)._keys()
    return {key.key: key.description for key in keys if key.enabled}


async def keys_here(app: UnclenchApp, pilot: object) -> list[tuple[str, str, str]]:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("f1")
    await settle(pilot)
    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    rows = [(row.shown, row.where, row.what) for row in help_screen.rows_here]
    await pilot.press("escape")
    await settle(pilot)
    return rows


@sync
async def test_no_next_or_previous_key_while_an_exercise_runs(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        view = await start_breathing(app, pilot)
        assert view.phase == "running"
        shown = footer(app)
        assert "ctrl+n" not in shown and "ctrl+p" not in shown
        assert not [row for row in await keys_here(app, pilot) if "ctrl+n" in row[0] or "ctrl+p" in row[0]]
        place = app.screen.place  # type: ignore[attr-defined]
        await pilot.press("ctrl+n", "n")
        await settle(pilot)
        assert app.screen.place == place and view.phase == "running"  # type: ignore[attr-defined]
        assert any("still running" in str(n.message) for n in app._notifications)  # n still says why
        await pilot.press("s")
        await settle(pilot)
        await close_take_a_moment(pilot)  # the box after stopping (Escapes pressed on and on keep it)
        await settle(pilot)
        assert hasattr(app.screen, "place")
        assert footer(app).get("ctrl+n") == "Next"  # ended: it acts again


@sync
async def test_no_search_key_while_writing_in_the_journal(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert footer(app).get("slash") == "Search"
        app.screen.entries[0].focus()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        assert "slash" not in footer(app)
        assert not [row for row in await keys_here(app, pilot) if row[0] == "/"]


@sync
async def test_escape_in_a_search_with_text_is_called_clear_search(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert footer(app)["escape"] == "Back"  # nothing to clear: Escape goes back
        await pilot.press(*"shoul")
        await settle(pilot)
        assert footer(app)["escape"] == "Clear search"
        assert "esc Clear search" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert isinstance(app.focused, Input) and app.focused.value == ""
        assert footer(app)["escape"] == "Back"


@sync
async def test_help_from_trends_lists_only_the_keys_of_trends(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
        rows = await keys_here(app, pilot)
        assert ("escape", "trends", "Back to where you were") in rows
        assert [row for row in rows if row[1] not in ("everywhere", "trends")] == []


@sync
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_while_writing_the_footer_still_shows_how_to_quit_and_get_help(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    """A stranger writing at 80 columns saw only "esc Stop writing ^n Next ^p Previous f2 Support": q and ? are
    letters there, and their other keys (ctrl+q, f1) were never shown. They are now, at every width."""
    from unclench.journey import Place

    from .helpers import open_at

    app = make_app(mini)
    async with app.run_test(size=size) as pilot:
        await open_at(pilot, Place("intro", 1))
        await pilot.press("e")
        await settle(pilot)
        shown = footer(app)
        assert shown.get("ctrl+q") == "Quit" and shown.get("f1") == "Help" and "q" not in shown
        bottom = screen_text(app).splitlines()[-1]
        assert "^q Quit" in bottom and "f1 Help" in bottom and "f2 Support" in bottom


@sync
async def test_on_a_step_the_footer_shows_n_and_p_and_while_writing_ctrl_n_and_ctrl_p(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger read "^n Next  ^p Previous" on pages, where n and p are the keys a learner presses. Both work
    there; while writing only ctrl+n and ctrl+p do (n and p are letters), and the footer shows those then."""
    from unclench.journey import Place

    from .helpers import open_at

    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("intro", 1))
        bottom = screen_text(app).splitlines()[-1]
        assert bottom.startswith(" n Next  p Previous ") and "^n" not in bottom, bottom
        await pilot.press("e")
        await settle(pilot)
        bottom = screen_text(app).splitlines()[-1]
        assert "^n Next  ^p Previous" in bottom, bottom
        await pilot.press("escape")
        await settle(pilot)
        assert screen_text(app).splitlines()[-1].startswith(" n Next  p Previous ")
        await pilot.click(KeyFooter, offset=(2, 0))  # a click on "n Next" moves on, as n does
        await settle(pilot)
        assert app.screen.place == Place("intro", 2)  # type: ignore[attr-defined]
