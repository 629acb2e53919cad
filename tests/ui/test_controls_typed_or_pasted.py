"""Control characters typed or pasted into an answer never reach the terminal, and never lock the answer.

A stranger pasted text holding U+202E (RLO): the editor drew it raw and the lines came out scrambled, and then
the journal locked the whole answer, saying it came "from an imported file". Such characters are left out of
the answer as it is typed, and the learner is told which and why; everything else is kept as typed, in order.
"""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input, TextArea

from unclench.course import Course
from unclench.tui.typed_words import WORD_AFTER_E

from .conftest import AppFactory
from .helpers import press, screen_text, settle, settle_until, sync, type_at_once
from .test_deliberate_writing import journal, on_the_reflection

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def notices(app: object) -> list[str]:
    return [str(notification.message) for notification in app._notifications]  # type: ignore[attr-defined]


@sync
async def test_a_pasted_bidi_override_is_left_out_with_a_notice_and_the_answer_stays_editable(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "e")
        type_at_once(app, "My ")
        await settle(pilot)
        app.post_message(events.Paste("jaw \u202eis tight\x1b[31m\r\nand\u200f my neck\x07"))
        await settle_until(pilot, lambda: bool(notices(app)))
        type_at_once(app, ".")
        await settle_until(pilot, lambda: view.editor.text.endswith("."))
        assert view.editor.text == "My jaw is tight[31m\nand my neck."
        assert RAW.search(app.export_screenshot()) is None
        told = notices(app)
        assert len(told) == 1
        for named in ("U+202E (RLO)", "U+001B (ESC)", "U+200F (RLM)", "U+0007 (BEL)"):
            assert named in told[0]
        await press(pilot, "escape", "ctrl+n", "escape", "j")
        assert "and my neck." in screen_text(app)
        assert "holds control characters" not in screen_text(app)  # nothing locked, nothing claimed about an import
    assert journal(app) == {("intro", "feel"): "My jaw is tight[31m\nand my neck."}


@sync
async def test_a_bidi_mark_in_a_right_to_left_answer_is_kept(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "e")
        app.post_message(events.Paste("שלום\u200f 42"))
        await settle_until(pilot, lambda: view.editor.text != "")
        app.post_message(events.Paste("\u200f!"))  # a mark alone, into an answer with right-to-left letters
        await settle_until(pilot, lambda: view.editor.text.endswith("!"))
        assert view.editor.text == "שלום\u200f 42\u200f!" and notices(app) == []
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "שלום\u200f 42\u200f!"}


@sync
async def test_a_skin_tone_typed_after_a_hand_is_kept_and_one_after_a_letter_left_out(
    make_app: AppFactory, mini: Course
) -> None:
    """A lone skin-tone modifier is drawn two columns wide where Rich counts none (see MISMEASURED)."""
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E)  # a look at the box: a letter straight after e goes on a word begun with it
        type_at_once(app, "hi \U0001f44b")
        await settle_until(pilot, lambda: view.editor.text.endswith("\U0001f44b"))
        app.post_message(events.Paste("\U0001f3fd"))  # the modifier on its own, right after the hand
        await settle_until(pilot, lambda: view.editor.text.endswith("\U0001f3fd"))
        assert notices(app) == []
        app.post_message(events.Paste("ok\U0001f3fb\u3164!"))
        await settle_until(pilot, lambda: bool(notices(app)))
        assert view.editor.text == "hi \U0001f44b\U0001f3fdok!"
        assert "U+1F3FB" in notices(app)[0] and "U+3164" in notices(app)[0]
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "hi \U0001f44b\U0001f3fdok!"}


@sync
async def test_a_control_character_alone_types_nothing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E)
        type_at_once(app, "ok")
        app.post_message(events.Paste("\u2066"))
        await settle_until(pilot, lambda: bool(notices(app)))
        assert view.editor.text == "ok" and isinstance(app.focused, TextArea)


@sync
async def test_a_paste_into_a_contact_box_leaves_control_characters_out_with_a_notice(
    make_app: AppFactory, mini: Course
) -> None:
    """A pasted ESC, kept in a one-line box, was drawn raw: the name after it came out in reverse video."""
    from textual.widgets import Input

    app = make_app(mini)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        name = app.screen.query_one("#contact-name", Input)
        name.focus()
        await settle(pilot)
        app.post_message(events.Paste("Ann \x1b[7mReyes\x1b[0m\u202e"))
        await settle_until(pilot, lambda: bool(notices(app)))
        assert name.value == "Ann [7mReyes[0m"
        (told,) = notices(app)
        assert "U+001B (ESC)" in told and "U+202E (RLO)" in told and "not put in this box" in told
        assert RAW.search(app.export_screenshot()) is None
        await pilot.press("enter", *"07700 900123", "enter")
        await settle(pilot)
        (contact,) = app.store.contacts(mini.id)
        assert (contact.name, contact.reach) == ("Ann [7mReyes[0m", "07700 900123")
        app.post_message(events.Paste("\x1b"))  # only a control character: nothing is pasted
        await settle_until(pilot, lambda: len(notices(app)) == 2)
        assert app.screen.query_one("#contact-name", Input).value == ""


@sync
async def test_a_paste_into_the_command_palette_leaves_control_characters_out(
    make_app: AppFactory, mini: Course
) -> None:
    from textual.command import CommandPalette
    from textual.widgets import Input

    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        app.post_message(events.Paste("sup\x1b[7mport"))
        await settle_until(pilot, lambda: bool(notices(app)))
        assert app.screen.query_one(Input).value == "sup[7mport"
        await settle(pilot)  # the palette's search of what was pasted ends before the app does
        await pilot.press("escape")
        await settle(pilot)


@sync
async def test_a_paste_where_nothing_takes_text_says_so_and_changes_nothing(make_app: AppFactory, mini: Course) -> None:
    """A stranger pasted on a reflection before pressing e: the words went nowhere, without a word."""
    from unclench.tui.app import PASTE_WENT_NOWHERE

    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        app.post_message(events.Paste("my pasted words"))
        await settle_until(pilot, lambda: bool(notices(app)))
        assert notices(app) == [PASTE_WENT_NOWHERE]
        assert view.editor.text == "" and not view.writing
        assert "my pasted words" not in screen_text(app)
    assert journal(app) == {}


@sync
async def test_a_joined_emoji_typed_key_by_key_keeps_its_joiner(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed 👩‍👧 (an emoji picker types it key by key): the joiner, which Textual does not count as
    printable, was left out with no word, and the answer held 👩👧. A joiner is text, in an answer and on the card."""
    family = "\U0001f469\u200d\U0001f467"
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(0.4)  # a look at the box
        type_at_once(app, f"Mamá {family} and ZWNJ: می\u200cخواهم")
        await settle(pilot, 3)
        assert view.editor.text == f"Mamá {family} and ZWNJ: می\u200cخواهم"
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): f"Mamá {family} and ZWNJ: می\u200cخواهم"}


@sync
async def test_a_joined_emoji_typed_in_a_contacts_name_keeps_its_joiner(make_app: AppFactory, mini: Course) -> None:
    family = "\U0001f469\u200d\U0001f467"
    app = make_app(mini)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#contact-name").focus()
        await settle(pilot)
        type_at_once(app, f"Mamá {family} Zoë")
        await settle(pilot, 3)
        assert app.screen.query_one("#contact-name", Input).value == f"Mamá {family} Zoë"
