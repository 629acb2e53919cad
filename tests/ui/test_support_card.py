"""The support card: one key (f2) from every screen, the course's helplines, the learner's own people."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from unclench.course import Course
from unclench.export import render_json
from unclench.folders import bundled_course_root
from unclench.journey import Place
from unclench.loader import load_course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.support import SupportScreen
from unclench.tui.typed_words import WORD_AFTER_E
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS

from .conftest import AppFactory, FakeClock
from .helpers import click, keys_at_once, screen_text, settle, sync, type_at_once
from .practising import pass_gate

Opener = Callable[[UnclenchApp, Pilot[None]], Awaitable[None]]


async def on_map(app: UnclenchApp, pilot: Pilot[None]) -> None:
    pass


async def on_page(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await app.open_place(Place("intro", 0))


async def in_the_editor(app: UnclenchApp, pilot: Pilot[None]) -> None:
    from textual.widgets import TextArea

    await app.open_place(Place("intro", 1))
    await settle(pilot)
    await pilot.press("e")  # the empty answer's editor is made when the learner starts writing
    await settle(pilot)
    await pilot.pause(WORD_AFTER_E)  # a look at the box: a letter straight after e goes on a word begun with it
    assert isinstance(app.focused, TextArea)


async def on_the_gate(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await app.open_place(Place("shake", 1))


async def during_a_run(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await app.open_place(Place("shake", 1))
    await settle(pilot)
    await pass_gate(app, pilot)
    await click(pilot, "#start")


async def in_the_journal(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await pilot.press("j")


async def in_trends(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await pilot.press("t")


async def in_help(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def on_a_dialog(app: UnclenchApp, pilot: Pilot[None]) -> None:
    await app.open_place(Place("shake", 2))
    await settle(pilot)
    await click(pilot, "#start")
    await pilot.press("s")  # the grounding box


@pytest.mark.parametrize(
    "arrive",
    [on_map, on_page, in_the_editor, on_the_gate, during_a_run, in_the_journal, in_trends, in_help, on_a_dialog],
)
@sync
async def test_f2_opens_the_card_from_every_screen_and_escape_returns(
    make_app: AppFactory, mini: Course, arrive: Opener
) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await arrive(app, pilot)
        await settle(pilot)
        under = app.screen
        before = app.store.record(mini.id)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        assert "call your local emergency number" in screen_text(app)
        await pilot.press("f2")  # twice: still one card
        await settle(pilot)
        assert sum(isinstance(s, SupportScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is under
        after = app.store.record(mini.id)
        assert after.journal == before.journal  # the key never typed anything


@sync
async def test_f2_on_the_disclaimer(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)


@sync
async def test_the_bundled_card_lists_helplines_with_sources_and_dates(make_app: AppFactory) -> None:
    course = load_course(bundled_course_root())
    app = make_app(course)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(app)
        for expected in ("988", "Samaritans", "116 123", "13 11 14", "9-8-8", "findahelpline.com", "2026-11-30"):
            assert expected in text, expected
        assert "numbers and services change" in text.lower()


@sync
async def test_the_palette_opens_the_card(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"support card")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)


@sync
async def test_own_contacts_are_added_exactly_shown_literally_exported_and_removable(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    name = "Mum [bold]not bold[/bold]"
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter", "down", "enter")  # Enter on the card's text: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen) and app.store.contacts(mini.id) == []
        # Where the contacts go, exactly: the JSON export has them, the Markdown one does not (a stranger read
        # "in your exports" and looked in the Markdown one).
        hints = " ".join(str(hint.render()) for hint in app.screen.query(".hint").results(Static))
        assert "in your exports" not in hints and "unclench export --format json" in hints
        app.screen.query_one("#contact-name", Input).focus()
        await pilot.press(*name)
        await pilot.press("enter")  # moves on to "how to reach"
        await pilot.press(*"07700 900123", "enter")
        await settle(pilot)
        (contact,) = app.store.contacts(mini.id)
        assert (contact.name, contact.reach) == (name, "07700 900123")
        assert "Mum [bold]not bold[/bold]: 07700 900123" in screen_text(app)
        exported = json.loads(render_json(app.store.record(mini.id)))
        assert exported["contacts"][0]["name"] == name
        # Both fields are needed.
        app.screen.query_one("#contact-name", Input).value = "Only a name"
        await click(pilot, "#contact-add")
        await settle(pilot)
        assert len(app.store.contacts(mini.id)) == 1
        await click(pilot, ".contact-remove")
        await settle(pilot)
        assert len(app.store.contacts(mini.id)) == 1  # asked first, "Keep" the default
        await click(pilot, "#guidance-remove")
        await settle(pilot)
        assert app.store.contacts(mini.id) == []


@sync
async def test_a_contact_with_control_characters_is_shown_as_symbols(make_app: AppFactory, mini: Course) -> None:
    """An imported backup's contact is free text: escape sequences in it must never reach the terminal."""
    app = make_app(mini)
    hostile = "N\x1b]52;c;SGFja2Vk\x1b\\\x9b31m"
    app.store.add_contact(mini.id, hostile, "R\x1b[2J")
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x9b" not in shown
        assert "N␛]52;c;SGFja2Vk␛\\⟨U+009B⟩31m: R␛[2J" in shown
        (contact,) = app.store.contacts(mini.id)
        assert contact.name == hostile  # stored exactly


def _notices(app: UnclenchApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


@pytest.mark.parametrize("leave", ["escape", "close-button"])
@sync
async def test_leaving_with_a_contact_typed_but_not_added_says_so_once(
    make_app: AppFactory, mini: Course, leave: str
) -> None:
    """A stranger typed "Anna (sister)", pressed Escape, and on reopening the field was empty: lost without a word.

    As with ratings picked after a run: the first try to leave says it and puts the focus on "Add to my
    card"; a second try in the same burst stays; once the notice has been on screen a moment, leaving
    lets the text go (nothing was added).
    """
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, SupportScreen)
        card.query_one("#contact-name", Input).focus()
        await pilot.press(*"Anna (sister)")
        await settle(pilot)

        async def try_to_leave() -> None:
            if leave == "escape":
                await pilot.press("escape")
            else:
                await pilot.pause(0.3)  # a second click sooner is on a button still shown as pressed
                await click(pilot, "#support-close")
            await settle(pilot)

        await try_to_leave()
        assert app.screen is card
        assert card.query_one("#contact-name", Input).value == "Anna (sister)"
        assert _notices(app).count(SupportScreen.UNSAVED_CONTACT) == 1
        assert app.focused is not card.query_one("#contact-add")  # a space typed next would press it
        await try_to_leave()  # the same moment: a habit, not a choice
        assert app.screen is card and _notices(app).count(SupportScreen.UNSAVED_CONTACT) == 1
        clock.advance(WARNING_READ_SECONDS)
        await try_to_leave()
        assert not isinstance(app.screen, SupportScreen)
        assert SupportScreen.UNSAVED_CONTACT not in _notices(app)  # the notice goes with its state
    assert app.store.contacts(mini.id) == []


@sync
async def test_leaving_with_nothing_typed_closes_at_once(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#contact-name", Input).focus()
        await pilot.press("space", "space")  # only spaces: nothing to keep
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SupportScreen)


@pytest.mark.parametrize("move_on", ["tab", "enter"])
@sync
async def test_keys_typed_right_after_tab_go_to_the_next_field(
    make_app: AppFactory, mini: Course, move_on: str
) -> None:
    """A stranger typed the name, Tab and the number in one burst: the number went into the name."""
    app = make_app(mini)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        card = app.screen
        card.query_one("#contact-name", Input).focus()
        await settle(pilot)
        type_at_once(app, "Anna (sisterr\b)")
        keys_at_once(app, move_on)
        type_at_once(app, "+44 7700 90012x\b3")
        keys_at_once(app, "enter")
        await settle(pilot, 4)
        (contact,) = app.store.contacts(mini.id)
        assert (contact.name, contact.reach) == ("Anna (sister)", "+44 7700 900123")


@sync
async def test_quitting_with_a_contact_typed_but_not_added_says_so_first(make_app: AppFactory, mini: Course) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#contact-reach", Input).focus()
        await pilot.press(*"07700 900123", "ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, SupportScreen)
        assert SupportScreen.UNSAVED_CONTACT in _notices(app)
        clock.advance(WARNING_READ_SECONDS)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


@sync
async def test_tab_then_enter_by_habit_removes_no_contact(make_app: AppFactory, mini: Course) -> None:
    """A stranger's f2, Tab, Enter removed their only contact at once: no question, no message, no undo."""
    app = make_app(mini)
    app.store.add_contact(mini.id, "Sam", "0123")
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("tab", "enter", "enter", "enter")
        await settle(pilot)
        assert [c.name for c in app.store.contacts(mini.id)] == ["Sam"]
        card = app.screen
        if not isinstance(card, SupportScreen):  # the Remove box came up: Enter keeps (its default)
            await pilot.press("enter")
            await settle(pilot)
        assert [c.name for c in app.store.contacts(mini.id)] == ["Sam"]


@sync
async def test_typing_after_the_unsaved_warning_does_not_add_the_contact_let_go(
    make_app: AppFactory, mini: Course
) -> None:
    """After the warning the focus was on "Add to my card": the space in the next name typed pressed it."""
    app = make_app(mini)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, SupportScreen)
        card.query_one("#contact-name", Input).focus()
        await pilot.press("A", "tab", "B", "escape")
        await settle(pilot)
        assert SupportScreen.UNSAVED_CONTACT in _notices(app)
        await pilot.press(*"Dr Patel (GP)")
        await settle(pilot)
        assert app.store.contacts(mini.id) == []


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_a_contact_just_added_is_scrolled_into_view(
    make_app: AppFactory, mini: Course, size: tuple[int, int]
) -> None:
    """A stranger added a second contact and did not see it (saved, but below the card's edge) until Tab."""
    app = make_app(mini)
    app.store.add_contact(mini.id, "Anna (sister)", "07700 900111")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#contact-name", Input).focus()
        await pilot.press(*"Ben", "enter", *"07700 900222", "enter")
        await settle(pilot, 2)
        assert [contact.name for contact in app.store.contacts(mini.id)] == ["Anna (sister)", "Ben"]
        assert "Ben: 07700 900222" in screen_text(app)
        assert app.focused is not None and app.focused.id == "contact-reach"  # still where the learner typed
        assert app.screen.region.contains_region(app.focused.region)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@sync
async def test_your_own_people_are_on_the_cards_first_screen_to_read(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    """A stranger, after a hard run, found their sister three screens down, beside a Remove button."""
    course = load_course(bundled_course_root())
    app = make_app(course)
    app.store.add_contact(course.id, "Sam (sister)", "+44 7700 900123")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(app)
        assert "Sam (sister): +44 7700 900123" in text  # seen without scrolling, the bundled card's helplines below
        row = next(line for line in text.splitlines() if "Sam (sister)" in line)
        assert "Remove" not in row  # to read: the Remove buttons are with the boxes at the card's end
        remove = app.screen.query_one(".contact-remove")
        assert not app.screen.query_one("#support-body").region.contains_region(remove.region)


@sync
async def test_the_focused_button_on_the_card_is_marked_in_text(make_app: AppFactory, mini: Course) -> None:
    """A stranger's Tabs reached "Add to my card" unseen (no ▶, and no focus at all without colour), and an Enter
    added a half-typed contact. Every button of the card marks its focus as every other box's do."""
    app = make_app(mini)
    app.store.add_contact(mini.id, "Sam", "0123")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        for selector, label in (
            ("#contact-add", "Add to my card"),
            (".contact-remove", "Remove"),
            ("#support-close", "Close"),
        ):
            app.screen.query_one(selector).focus()
            await settle(pilot)
            assert f"▶ {label}" in screen_text(app), label


@sync
async def test_a_courses_own_helplines_are_labelled_as_its_authors(make_app: AppFactory, tmp_path: Path) -> None:
    """An attacker's course put a "helpline" right under the app's emergency line, as if Unclench vouched for it:
    the card says who listed it, and in which folder that course is."""
    import shutil

    from .conftest import FIXTURES

    folder = tmp_path / "a course from the internet"
    shutil.copytree(FIXTURES / "mini", folder)
    index = folder / "course" / "course.toml"
    index.write_text(
        index.read_text(encoding="utf-8")
        + '\n[support]\nnote = "Call us."\ndirectory = "Nowhere."\n\n[[support.entries]]\n'
        'name = "Official Crisis Line"\nreach = "Call 0900 000 000."\nregion = "Everywhere"\n'
        'source = "us"\nchecked = "2026-11-30"\n',
        encoding="utf-8",
    )
    app = make_app(load_course(folder))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        text = screen_text(app)
        said = "Listed by this course's author, not by Unclench"
        assert said in text
        assert text.index("If you are in danger") < text.index(said) < text.index("Official Crisis Line")
        heading = str(app.screen.query_one("#support-from", Static).render())
        assert heading.endswith(f"\nFrom the course in {folder}: check a number before you rely on it.")
        # Each entry says so too, beside its number: at 80x24 the heading scrolls away above the second one.
        entry = str(app.screen.query_one(".support-entry", Static).render())
        assert entry.startswith("From this course: Official Crisis Line: Call 0900 000 000.\n")
        # So do the note and the directory the course wrote (a tester's note contradicted the heading above it).
        assert str(app.screen.query_one(".support-note", Static).render()) == "From this course: Call us."
        directory = str(app.screen.query_one("#support-directory", Static).render())
        assert directory == "From this course: Anywhere else: Nowhere."


@sync
async def test_the_bundled_courses_list_and_a_course_without_one_carry_no_authors_label(
    make_app: AppFactory, mini: Course
) -> None:
    for course, heading in (
        (load_course(bundled_course_root()), "Helplines, listed by the makers of Unclench"),
        (mini, None),
    ):
        app = make_app(course)
        async with app.run_test(size=(100, 60)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            assert "not by Unclench" not in screen_text(app)
            entries = [str(entry.render()) for entry in app.screen.query(".support-entry").results(Static)]
            assert len(entries) == (0 if heading is None else len(course.support.entries if course.support else ()))
            assert "From this course" not in screen_text(app)
            found = app.screen.query("#support-from")
            assert (str(found.first(Static).render()) if found else None) == heading
