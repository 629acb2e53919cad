"""Keys, help, the command palette, notices, the disclaimer's return and renamed lessons."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import ClassVar

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.store import ProgressStore
from unclench.tui import keys
from unclench.tui.app import UnclenchApp
from unclench.tui.keys import key_rows
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen, UnsavedQuitScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.screens.help import HelpScreen
from unclench.tui.screens.interrupted import InterruptedRunScreen
from unclench.tui.screens.journal import JournalEntryView, JournalScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.support import SupportScreen
from unclench.tui.screens.trends import TrendsScreen
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.choice_list import ChoiceList
from unclench.tui.widgets.continue_button import ContinueButton
from unclench.tui.widgets.lesson_list import LessonList
from unclench.tui.widgets.prompt_view import PromptView
from unclench.tui.widgets.rating import RatingScale
from unclench.tui.widgets.read_through import ReadThrough

from .conftest import FIXED_NOW, AppFactory
from .helpers import keys_at_once, screen_text, settle, sync

OUR_CLASSES = [
    UnclenchApp,
    CourseMapScreen,
    PlayerScreen,
    DisclaimerScreen,
    HelpScreen,
    SafetyGateScreen,
    GuidanceScreen,
    UnsavedQuitScreen,
    JournalScreen,
    JournalEntryView,
    TrendsScreen,
    LessonList,
    PromptView,
    ContinueButton,
    RatingScale,
    ChoiceList,
    ReadThrough,
    DeliberateCheckbox,
    SupportScreen,
    InterruptedRunScreen,
]


def own_bindings(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def test_every_binding_has_an_id_and_a_description() -> None:
    for cls in OUR_CLASSES:
        for binding in own_bindings(cls):
            assert binding.id, (cls.__name__, binding.key)
            assert binding.description, (cls.__name__, binding.key)


def test_the_key_table_lists_every_bound_key_where_its_class_works() -> None:
    """Generated from the bindings: every key of every class is in a row of that class's place."""
    rows = key_rows()
    for cls in OUR_CLASSES:
        for binding in own_bindings(cls):
            where = cls.__dict__.get("HELP_PLACES", {}).get(binding.id, cls.__dict__["HELP_PLACE"])
            for key in binding.key.split(","):
                assert any(key in row.keys and row.where == where for row in rows), (cls.__name__, key)
    # The rating scale's -, + and = were nowhere in the hand-written table.
    assert "| `-` | rating scales | One lower (not rated yet: 4, one below the middle) |" in keys.markdown_table()
    assert "| `+`, `=` | rating scales |" in keys.markdown_table()
    assert "| `0-9` | rating scales | Pick that rating (type 10 for 10) |" in keys.markdown_table()
    assert UnclenchApp.COMMAND_PALETTE_BINDING == "ctrl+k"
    assert any(row.keys == ("ctrl+k",) for row in rows)


def test_a_class_with_bindings_must_say_where_they_work() -> None:
    from textual.widget import Widget

    class Nameless(Widget):
        BINDINGS = [Binding("x", "noop", "Do", id="noop")]  # noqa: RUF012 - the test's own class

    with pytest.raises(keys.UndocumentedKeys, match="HELP_PLACE"):
        keys.rows_of(Nameless)

    class Placed(Widget):
        HELP_PLACE = "journal"
        HELP_PLACES: ClassVar[dict[str, str]] = {"noop": "nowhere"}
        BINDINGS = [Binding("x", "noop", "Do", id="noop")]  # noqa: RUF012 - the test's own class

    with pytest.raises(keys.UndocumentedKeys, match="nowhere"):
        keys.rows_of(Placed)


def test_every_box_over_a_screen_keeps_question_mark_for_help() -> None:
    """Textual stops the app's ordinary keys at a modal screen: each box must bind `?` again (UnclenchModal)."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import ModalScreen

    import unclench.tui
    from unclench.tui.screens.help import HelpScreen
    from unclench.tui.screens.modal import UnclenchModal
    from unclench.tui.screens.palette import StayingPalette

    modals = [
        cls
        for info in pkgutil.walk_packages(unclench.tui.__path__, "unclench.tui.")
        for _, cls in inspect.getmembers(importlib.import_module(info.name), inspect.isclass)
        if issubclass(cls, ModalScreen) and cls.__module__.startswith("unclench.")
    ]
    # The palette is Textual's search box, where ? is typed into the search (f1 still opens help).
    boxes = [cls for cls in modals if cls not in (HelpScreen, UnclenchModal, StayingPalette)]
    assert len(boxes) >= 7  # gate, guidance, unsaved quit, interrupted run, order, screening, support
    assert [cls.__name__ for cls in boxes if not issubclass(cls, UnclenchModal)] == []


def test_every_class_with_bindings_in_the_app_is_found() -> None:
    """A new screen's keys reach the help without being registered anywhere."""
    found = set(keys._classes_with_bindings())
    assert {cls for cls in OUR_CLASSES if own_bindings(cls)} <= found
    assert all(keys.rows_of(cls) for cls in found)


@sync
async def test_help_shows_keys_course_and_data_path(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys here" in text and "Continue where you left off" in text
        listed = [str(key.render()) for key in app.screen.query("#help-keys .help-key")]
        assert "ctrl+n" in listed  # further down the list (the keys of where you are come first)
        assert listed == [row.shown for row in keys.rows_in_mode(preview=False)]
        # Only the keys of this mode: the author's preview has keys of its own, which do nothing here.
        assert "Quit the preview" not in str(app.screen.query_one("#help-keys").render())
        assert all(" (preview)" not in str(cell.render()) for cell in app.screen.query("#help-keys Static"))
        # Opened from the map: its keys come first, and no lesson-only key is among them.
        here = [str(key.render()) for key in app.screen.query("#help-keys-here .help-key")]
        assert "c" in here and "j" in here and "ctrl+n" not in here
        await pilot.press("end")  # the help scrolls: the course and the data folder are below the keys
        await settle(pilot)
        text = screen_text(app)
        assert "Mini course" in text and "“An Article”, by someone" in text
        # The modules' summaries: an author found theirs shown nowhere.
        assert "• Basics: The first steps." in text and "• Practice: Exercises." in text
        assert str(app.store.path) in str(app.screen.query_one("#help-data").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        # f1 opens help even from the journal editor.
        await app.open_place(Place("intro", 1))
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.focused, TextArea)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        # From a reflection step, its keys and the lesson's come first; the map's do not.
        here = [str(key.render()) for key in app.screen.query("#help-keys-here .help-key")]
        # Built from the live bindings: while writing, e (start writing) does nothing and is not listed.
        assert "ctrl+n" in here and "escape" in here and "e" not in here and "j" not in here


@sync
async def test_command_palette_offers_the_main_actions(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 0))
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in (
            "Continue",
            "Course map",
            "Next step",
            "Previous step",
            "Journal",
            "Check-in trends",
            "Help",
            "Support card",
            "Quit",
        ):
            assert title in titles
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"next step")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is player
        assert player.place == Place("intro", 1)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press(*"course map")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


@sync
async def test_step_keys_on_pages_and_the_map(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("escape")  # nothing to go back to: stays
        assert isinstance(app.screen, CourseMapScreen)
        # down/up move between lessons; enter opens one.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.place == Place("second", 0)
        await pilot.press("right")
        await settle(pilot)
        assert player.place == Place("second", 1)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("left")  # across the lesson boundary: the previous lesson's summary
        await settle(pilot)
        assert player.place == Place("intro", 4)
        assert "Summary" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert player.place == Place("second", 0)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        # The second lesson was done once its page was read: going on into it from the first lesson's summary
        # reads it again, and the place stays in the first lesson, not done yet.
        assert "Continue: Introduction · Summary" in screen_text(app)
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running


@sync
async def test_enter_on_a_page_says_which_keys_move_and_moves_nothing(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Enter on a page again and again and wondered whether the app had stopped: once, the app
    says which keys turn the page; on the Next button, Enter presses it and says nothing."""
    from unclench.tui.screens.player import ENTER_ON_A_PAGE, ENTER_ON_A_PAGE_SECONDS

    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("second", 0))
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert player.place == Place("second", 0)
        said = [notice for notice in app._notifications if notice.message == ENTER_ON_A_PAGE]
        assert len(said) == 1
        assert said[0].timeout == ENTER_ON_A_PAGE_SECONDS  # brief: it covers the foot of the page (a safety line)
        app.clear_notifications()
        await pilot.press("tab", "enter")  # Tab reaches Next first
        await settle(pilot)
        assert player.place == Place("second", 1)
        assert ENTER_ON_A_PAGE not in [notice.message for notice in app._notifications]


@sync
async def test_summary_leads_on_to_the_next_lesson(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("second", 0))
        await settle(pilot)
        await pilot.press("n")  # past the page (done)
        await settle(pilot)
        await pilot.press("n")  # past the quiz, not answered
        await settle(pilot)
        text = screen_text(app)
        assert "Lesson complete: Second lesson" in text  # its page read: a skipped quiz never holds it open
        assert "Steps done: 1 of 2" in text
        # The bar of steps is half full: the words say what is left (a stranger read "complete" as "all done").
        assert "Optional steps still open: 1 quiz not answered yet." in text
        assert "optional, come back any time" in text
        assert "Step 2: Pick all" in text  # not finished yet
        assert "Next lesson: Shaking practice" in text
        await pilot.press("enter")  # the focus starts on "Next lesson"
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen) or app.screen.place == Place("shake", 0)  # type: ignore[attr-defined]
        player = app.player()
        assert player is not None and player.place == Place("shake", 0)


@sync
async def test_notice_is_shown_once_at_start(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.notice = "Your progress file could not be read; it was moved to /x/old [0]."
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        assert "it was moved to /x/old [0]." in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


@sync
async def test_disclaimer_returns_when_its_text_changes(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)  # acknowledged as it reads now
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
    changed = dataclasses.replace(mini, disclaimer=mini.disclaimer + "\nA new sentence.")
    again = make_app(changed, data_dir=data, acknowledged=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, DisclaimerScreen)
        assert "The disclaimer has changed" in screen_text(again)
        # The palette cannot be used to skip it.
        await again.action_continue()
        await settle(pilot)
        assert isinstance(again.screen, DisclaimerScreen)


@sync
async def test_progress_follows_a_renamed_lesson(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: FIXED_NOW) as store:
        store.set_position(mini.id, "old-intro", "check")
        store.mark_step_done(mini.id, "old-intro", "hello")
    intro = dataclasses.replace(mini.lessons["intro"], previous_ids=("old-intro",))
    renamed = dataclasses.replace(mini, lessons={**mini.lessons, "intro": intro})
    app = make_app(renamed, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.place == Place("intro", 2)
        assert "hello" in app.store.completed_steps(mini.id)["intro"]


@sync
@pytest.mark.parametrize("keys", ["cj", "cp", "ct", "jc", "pj", "pc", "tc", "jp", "cjp"])
async def test_keys_that_open_screens_pressed_at_once_leave_one_screen_over_the_map(
    make_app: AppFactory, mini: Course, keys: str
) -> None:
    """A stranger typed "cj" on the map: the lesson opened over the journal, so Escape ("esc Map") went to the
    journal, and their next keys edited an old answer. What shows is all there is, and Escape goes to the map."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "world")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        keys_at_once(app, *keys)
        await settle(pilot, 5)
        assert len(app.screen_stack) == 2, app.screen_stack
        if isinstance(app.screen, PlayerScreen):
            assert "esc Map" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, 2)
        assert app.screen_stack == [app.screen] and isinstance(app.screen, CourseMapScreen)
    assert app.store.answer(mini.id, "intro", "feel") is not None
    assert app.store.answer(mini.id, "intro", "feel").answer == "world"  # type: ignore[union-attr]


@sync
async def test_a_key_pressed_with_the_choice_in_the_before_this_lesson_box_opens_one_screen(
    make_app: AppFactory, mini: Course
) -> None:
    """The box's choice opens the lesson a moment later: a journal opened in between is not covered by it."""
    shake = dataclasses.replace(mini.lessons["shake"], builds_on=("intro",), builds_on_reason="It says how to stop.")
    app = make_app(dataclasses.replace(mini, lessons={**mini.lessons, "shake": shake}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lessons = app.screen.query_one(LessonList)
        lessons.focus()
        lessons.highlighted = lessons.get_option_index("lesson-shake")
        await pilot.press("enter")
        await settle(pilot, 3)
        assert not isinstance(app.screen, (CourseMapScreen, PlayerScreen)), "the box before the lesson"
        keys_at_once(app, "enter", "j")
        await settle(pilot, 5)
        assert len(app.screen_stack) == 2, app.screen_stack
        await pilot.press("escape")
        await settle(pilot, 2)
        assert isinstance(app.screen, CourseMapScreen) and len(app.screen_stack) == 1


@sync
async def test_q_quits_from_a_box_over_the_screen_as_help_says(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed q on the safety notes, which help lists as quitting there: nothing happened."""
    from .practising import TREMOR

    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(TREMOR)
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)
        await pilot.press("q")
        await settle(pilot)
        assert app.return_code == 0  # quit, the way q quits elsewhere
    assert [a for a in app.store.acknowledgements(mini.id) if a.kind == "safety"] == []  # nothing ticked for them


@sync
async def test_q_in_a_box_s_text_field_is_typed_not_quitting(make_app: AppFactory, mini: Course) -> None:
    """The support card's contact name takes "q" as a letter (Quentin), as the editor does."""
    from textual.widgets import Input

    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        app.screen.query_one("#contact-name", Input).focus()
        await pilot.press("Q", "u", "i", "q")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen) and app.return_code is None
        assert app.screen.query_one("#contact-name", Input).value == "Quiq"
