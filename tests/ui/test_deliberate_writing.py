"""Text changes only when the learner means to write.

Arriving on a prompt step (n, p, Continue, resume, a click on the map) never
puts the keys in the editor; ``e``, Tab or a click starts writing. While the
editor has focus keys are text; ctrl+n / ctrl+p / escape leave it. An empty or
unchanged answer is never saved.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual._time import get_time
from textual.pilot import Pilot
from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import GLUED_AFTER_E, TYPED_ON_WITHIN, TYPING_PAUSE, WORD_AFTER_E
from unclench.tui.widgets.autosave import as_saved
from unclench.tui.widgets.prompt_view import PromptView

from .conftest import AppFactory
from .helpers import (
    answer_writes,
    click,
    keys_at_once,
    keys_stamped,
    open_at,
    press,
    screen_text,
    settle,
    settle_until,
    sync,
    type_at_once,
)

PROMPT = Place("intro", 1)
#: Another day than the app's clock: an answer saved then shows any later write in its time.
EARLIER = datetime(2026, 11, 21, 23, 40, tzinfo=timezone.utc)


def journal(app: UnclenchApp) -> dict[tuple[str, str], str]:
    return {(e.lesson_id, e.step_id): e.answer for e in app.store.answers(app.course.id)}


def prompt_view(app: UnclenchApp) -> PromptView:
    player = app.screen
    assert isinstance(player, PlayerScreen)
    view = player.view
    assert isinstance(view, PromptView), f"not on a prompt step but at {player.place}"
    return view


def player_place(app: UnclenchApp) -> Place:
    assert isinstance(app.screen, PlayerScreen)
    return app.screen.place


@contextlib.asynccontextmanager
async def on_the_reflection(
    app: UnclenchApp, *, notifications: bool = False
) -> AsyncIterator[tuple[Pilot[None], PromptView]]:
    """The app running at 80x24 on the mini course's reflection, not writing yet."""
    async with app.run_test(size=(80, 24), notifications=notifications) as pilot:
        await open_at(pilot, PROMPT)
        yield pilot, prompt_view(app)


async def type_fast(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` as a fast typist does (every key queued at once, "\\b" for Backspace); let the app take it all."""
    type_at_once(pilot.app, text)
    await settle(pilot, 3)


@sync
async def test_n_and_p_page_over_a_prompt_without_typing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Gentler: it's tight today")
    before = journal(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")  # Continue: the first page
        assert player_place(app) == Place("intro", 0)
        await press(pilot, "n")  # onto the prompt
        view = prompt_view(app)
        assert not view.writing and not isinstance(app.focused, TextArea)
        assert "e Write" in screen_text(app)  # the footer says how to start writing
        await press(pilot, "n")  # n moves on: it is not typed
        assert player_place(app) == Place("intro", 2)
        await press(pilot, "p")  # back onto the prompt
        assert player_place(app) == PROMPT
        await press(pilot, "p")  # and p moves back
        assert player_place(app) == Place("intro", 0)
        await press(pilot, "right", "c", "j", "t", "x", "home", "end", "enter", "left", "left")
        assert player_place(app) == Place("intro", 0)
        await press(pilot, "right")
        assert prompt_view(app).editor.text == "Gentler: it's tight today"
    assert journal(app) == before


@sync
async def test_an_empty_prompt_paged_over_saves_nothing(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "n")
        assert player_place(app) == Place("intro", 2)
        await press(pilot, "p")
        await pilot.pause(TYPED_ON_WITHIN)  # a look at the reflection: e pressed straight after p is typing on
        await press(pilot, "e")  # start writing, write nothing, move on
        assert prompt_view(app).writing
        await press(pilot, "ctrl+n")
        await press(pilot, "ctrl+p", "e", "space", "enter", "ctrl+n")  # blank: not an answer
        assert player_place(app) == Place("intro", 2)
    assert journal(app) == {}


@sync
async def test_e_starts_writing_keys_are_text_and_escape_leaves_the_editor_first(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        assert view.writing
        text = screen_text(app)
        assert "esc Stop writing" in text and "e Write" not in text
        await pilot.pause(WORD_AFTER_E)  # a look at the box: a letter straight after e goes on a word begun with it
        await press(pilot, *"n p q j c t e")  # every key is text while writing
        assert view.editor.text == "n p q j c t e"
        assert player_place(app) == PROMPT
        await press(pilot, "escape")  # leaves the editor, not the lesson
        assert isinstance(app.screen, PlayerScreen) and not view.writing
        assert "e Write" in screen_text(app)
        await press(pilot, "n")  # now n moves on (the answer saved first)
        assert player_place(app) == Place("intro", 2)
        assert journal(app) == {("intro", "feel"): "n p q j c t e"}
        await press(pilot, "p", "escape")  # outside the editor escape leaves the lesson
        assert isinstance(app.screen, CourseMapScreen)


@sync
async def test_tab_passes_the_editor_by_and_a_click_or_e_starts_writing(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Tab to reach the buttons, then q: the q was saved as their answer. Tab is not writing."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        for _ in range(6):
            await press(pilot, "tab")
            assert not prompt_view(app).writing
        await press(pilot, "shift+tab", "shift+tab")
        assert not prompt_view(app).writing
        assert journal(app) == {}
        await press(pilot, "e")
        assert prompt_view(app).writing
        await pilot.pause(WORD_AFTER_E)  # a look at the box, then typing
        await press(pilot, *"typed")
        await press(pilot, "ctrl+p")  # leaves the editor and the step, saving first
        assert player_place(app) == Place("intro", 0)
        await press(pilot, "ctrl+n")
        view = prompt_view(app)
        assert not view.writing
        await click(pilot, "#answer")
        assert view.writing
        await press(pilot, "end", *" click")
        await press(pilot, "ctrl+n")
        assert player_place(app) == Place("intro", 2)
    assert journal(app) == {("intro", "feel"): "typed click"}


@sync
async def test_resume_and_continue_do_not_put_the_keys_in_the_editor(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Shoulders")
    app.store.set_position(mini.id, "intro", "feel")
    before = journal(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = prompt_view(app)  # resumed on the prompt
        assert not view.writing
        await press(pilot, "j")  # the map's journal key, typed by habit: nothing happens here
        assert player_place(app) == PROMPT
        await press(pilot, "escape")
        assert isinstance(app.screen, CourseMapScreen)
        await press(pilot, "c")  # Continue: back on the prompt
        assert not prompt_view(app).writing
        await press(pilot, "j", "c", "t")
        await press(pilot, "escape", "enter")  # open the highlighted lesson from the map
        assert player_place(app) == PROMPT
        assert not prompt_view(app).writing
        await press(pilot, "j")
    assert journal(app) == before


@sync
async def test_unchanged_text_is_not_written_again(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Neck")
    written: list[str] = []
    original = app.store.save_answer

    def spy(course_id: str, lesson_id: str, step_id: str, question: str, answer: str) -> None:
        written.append(answer)
        original(course_id, lesson_id, step_id, question, answer)

    app.store.save_answer = spy  # type: ignore[method-assign]
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E * 2)  # a look at the box: then "x" is writing, not the rest of a word
        await press(pilot, "x", "backspace")  # typed and taken back: unchanged
        await pilot.pause(1.2)
        await press(pilot, "ctrl+n", "ctrl+p", "e", "ctrl+n")
    assert written == []
    assert journal(app) == {("intro", "feel"): "Neck"}


@sync
async def test_clearing_a_saved_answer_on_purpose_is_kept(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "ab")
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "e", "backspace", "backspace", "ctrl+n")
        assert journal(app) == {("intro", "feel"): "ab"}  # asked first: "Clear it" is a choice made on purpose
        await click(pilot, "#guidance-clear")
        await settle(pilot, 2)
        assert player_place(app) == Place("intro", 2)  # and on, as ctrl+n asked
    assert journal(app) == {("intro", "feel"): ""}


@sync
async def test_enter_pressed_by_habit_after_starting_to_write_changes_nothing(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Neck")
    before = app.store.answer(mini.id, "intro", "feel")
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "enter", "e", "enter", "enter")  # only newlines at the end: no change
        await pilot.pause(1.2)
        await press(pilot, "ctrl+n")
        # The journal: enter opens the answer in the editor; more enters add only newlines at its end.
        await press(pilot, "escape", "j")
        await press(pilot, "enter", "enter", "enter", "escape")
    assert app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_keys_typed_right_after_e_go_into_the_answer(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed "My shoulders" at once: "rs" vanished; "My neck" moved on to the quiz (its n)."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        assert PromptView.HINT in screen_text(app)
        type_at_once(app, "e")
        await settle(pilot)
        # While writing the line under the empty box no longer says "Press e to write".
        assert view.writing and PromptView.HINT not in screen_text(app)
        assert PromptView.WRITING_HINT in screen_text(app)
        await press(pilot, "escape")
        assert PromptView.HINT in screen_text(app)
        await type_fast(pilot, "enqp")  # a word begun with e, typed at once into the empty box: kept whole
        assert player_place(app) == PROMPT and isinstance(app.screen, PlayerScreen)
        assert view.writing and view.editor.text == "enqp"
        await press(pilot, "escape")
        assert not view.writing
        await press(pilot, "ctrl+n")
    assert journal(app) == {("intro", "feel"): "enqp"}


@sync
async def test_letters_typed_before_e_are_said_to_go_nowhere_once(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed at the box without pressing e: the letters vanished and nothing said why."""
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "m", "y", "space", "s")
        told = [n for n in app._notifications if n.message == PromptView.TYPED_BEFORE_WRITING]
        assert len(told) == 1  # once, not a notice per letter
        assert not view.writing and player_place(app) == PROMPT
        # It is about this step's answer box: another stranger read it on the page before, after "p".
        await press(pilot, "ctrl+p")
        assert player_place(app) != PROMPT
        assert not [n for n in app._notifications if n.message == PromptView.TYPED_BEFORE_WRITING]
    assert journal(app) == {}


@sync
async def test_fast_backspaces_while_writing_apply_where_they_were_typed(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed "abcd", two backspaces and "XY" fast: the answer saved as "abcd" (the backspaces ate "XY").

    Letters go into the editor at once, but Backspace is a key binding, which Textual runs only once
    the key has gone up to the app: letters typed after it were in before it was applied.
    """
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E)
        await type_fast(pilot, "abcd\b\bXY the deadlne\b\b\bline.")
        assert view.editor.text == "abXY the deadline."
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "abXY the deadline."}


@sync
async def test_fast_typing_with_backspaces_straight_after_e_keeps_its_order(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await type_fast(pilot, "eAbcd\b\bXY, clenchign\b\bng it.")  # a capital: the e only opened the box
        assert view.writing and view.editor.text == "AbXY, clenching it."
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "AbXY, clenching it."}


@sync
async def test_words_typed_at_the_box_without_e_neither_write_nor_move_on(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed "my neck" at the box: the "e" of "neck" started writing and "ck" was saved.

    Words typed before ``e`` go nowhere until the typing pauses (the "n" and "q" in them too);
    after the pause ``e`` starts writing as always.
    """
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await type_fast(pilot, "my neck is not quite right")
        assert not view.writing and view.editor.text == ""
        assert player_place(app) == PROMPT and isinstance(app.screen, PlayerScreen)
        assert len([n for n in app._notifications if n.message == PromptView.TYPED_BEFORE_WRITING]) == 1
        await pilot.pause(TYPING_PAUSE + 0.2)
        await type_fast(pilot, "eMy neck")
        assert view.writing and view.editor.text == "My neck"
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "My neck"}


@sync
async def test_a_habit_key_then_e_still_starts_writing(make_app: AppFactory, mini: Course) -> None:
    """One letter that does nothing here (the map's "j" or "c", by habit) is not words: the "e" after it writes."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await type_fast(pilot, "jeTight jaw")
        assert view.writing and view.editor.text == "Tight jaw"
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "Tight jaw"}


@sync
async def test_letters_before_an_e_that_starts_writing_are_named_not_said_to_be_nothing(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger typed "tea and a warm shower": "t" went nowhere, "e" started writing, and the rest was saved
    under "Nothing was typed into your answer". The notice now names what is not in the answer."""
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await type_fast(pilot, "tea and a warm shower")
        assert view.writing and view.editor.text == "ea and a warm shower"  # the e is the word's, as typed
        said = [str(n.message) for n in app._notifications]
        assert PromptView.TYPED_BEFORE_WRITING not in said
        assert '"t", typed before writing started, is not in your answer.' in said
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "ea and a warm shower"}


@sync
async def test_keys_pressed_before_a_step_was_shown_do_nothing_on_it(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed "n 2 Enter" at once: the Enter reached the Next button before the quiz was drawn
    and pressed it again, so the quiz went by unseen (and the "2" was lost)."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("intro", 0))
        app.screen.query_one("#next").focus()
        await settle(pilot)
        keys_at_once(app, "n", "2", "enter", "enter")
        await settle(pilot, 3)
        assert player_place(app) == PROMPT  # moved once, to the reflection after the page
        assert journal(app) == {} and app.store.quiz_attempts(mini.id, "intro", "check") == []
        app.screen.query_one("#next").focus()
        await press(pilot, "enter")  # pressed once the step is on screen, Enter on Next works as ever
        assert player_place(app) == Place("intro", 2)


@sync
async def test_with_the_focus_on_a_button_words_still_go_nowhere_and_e_still_writes(
    make_app: AppFactory, mini: Course
) -> None:
    """After Tab (the focus on "← Previous") a stranger's "legs twitched" saved "gs twitched" (its "e"
    started writing), and "boys dont cry" moved on at the "n" of "dont"."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "shift+tab")  # Tab goes to Next first now, Shift+Tab to Previous
        assert app.focused is not None and app.focused.id == "prev"
        await type_fast(pilot, "legs twitched a little, boys dont cry")
        assert not view.writing and view.editor.text == "" and player_place(app) == PROMPT
        await pilot.pause(TYPING_PAUSE + 0.2)
        app.screen.query_one("#prev").focus()
        await settle(pilot)
        await type_fast(pilot, "eMy legs\b\b\b\bcalves twitched. Done")
        assert view.writing and view.editor.text == "My calves twitched. Done"
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "My calves twitched. Done"}


@sync
async def test_keys_in_the_same_burst_as_escape_are_not_typed_they_do_what_they_do_on_the_step(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger sent Escape and ``q`` in one burst: "…knottedq" was saved and the box stayed open.

    Keys pressed after Escape do what they would do pressed a moment later: here ``n`` moves on.
    """
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "e")
        type_at_once(app, "My jaw, knotted")
        keys_at_once(app, "escape", "n")
        await settle_until(pilot, lambda: player_place(app) != PROMPT)
        assert player_place(app) == Place("intro", 2)
    assert journal(app) == {("intro", "feel"): "My jaw, knotted"}


@sync
async def test_escape_and_q_in_one_burst_quit_with_the_answer_as_typed(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        type_at_once(app, "My jaw, knotted")
        keys_at_once(app, "escape", "q")
        await settle_until(pilot, lambda: app.return_code is not None)
        assert view.editor.text == "My jaw, knotted"
    assert journal(app) == {("intro", "feel"): "My jaw, knotted"}
    assert app.return_code == 0  # q quit, as it does a moment after Escape


@sync
async def test_a_key_that_does_not_leave_writing_keeps_the_keys_after_it_as_text(
    make_app: AppFactory, mini: Course
) -> None:
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        type_at_once(app, "Tight")
        keys_at_once(app, "f12", "space", "j", "a", "w")  # an unbound key in the middle of a burst
        await settle_until(pilot, lambda: view.editor.text == "Tight jaw")
        assert view.writing and view.editor.text == "Tight jaw"


@sync
async def test_escape_and_a_key_read_as_alt_and_the_key_are_escape_then_the_key(
    make_app: AppFactory, mini: Course
) -> None:
    """A terminal sends Escape and ``n`` pressed at once as one sequence, which reads as alt+n: never text."""
    from textual import events

    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "e")
        type_at_once(app, "My jaw, knotted")
        driver = app._driver
        assert driver is not None
        for key in (events.Key("alt+n", "n"), events.Key("o", "o")):
            key.set_sender(app)
            driver.send_message(key)
        await settle_until(pilot, lambda: player_place(app) != PROMPT)
        assert player_place(app) == Place("intro", 2)  # Escape left the writing, n moved on
    assert journal(app) == {("intro", "feel"): "My jaw, knotted"}


@sync
async def test_while_writing_tab_types_a_tab_and_the_letters_after_it_stay_text(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger typed "I feel", Tab, "pain now": Tab left the box, only "I feel" was saved and the "p" went back
    a step (a "q" would have quit). While writing every key is text: Tab types a tab, shift+Tab leaves nothing."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        await press(pilot, *"I feel")
        await press(pilot, "tab", *"pain now")
        assert view.writing and player_place(app) == PROMPT
        type_at_once(app, " q")
        keys_at_once(app, "tab", "q", "shift+tab", "n", "p")  # in one burst too
        await settle_until(pilot, lambda: view.editor.text.endswith("np"))
        assert view.writing and player_place(app) == PROMPT and app.return_code is None
        assert view.editor.text == "I feel\tpain now q\tqnp"
        await press(pilot, "escape")  # Escape still leaves the writing
        assert not view.writing and player_place(app) == PROMPT
        await press(pilot, "n")
        assert player_place(app) == Place("intro", 2)
    assert journal(app) == {("intro", "feel"): "I feel\tpain now q\tqnp"}


@sync
async def test_ctrl_c_while_writing_says_how_to_quit_in_unclench_words_once(make_app: AppFactory, mini: Course) -> None:
    """A stranger's ctrl+c while writing showed Textual's own "Press ctrl+q to quit the app"."""
    from unclench.tui.app import CTRL_C_WRITING

    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "e", *"Tight", "ctrl+c", "ctrl+c")
        told = [str(n.message) for n in app._notifications]
        assert told == [CTRL_C_WRITING]
        assert view.writing and view.editor.text == "Tight" and app.return_code is None


@sync
@pytest.mark.parametrize("leave", ["escape", "ctrl+n"])
async def test_enters_at_the_end_of_an_answer_written_on_this_visit_are_not_saved(
    make_app: AppFactory, mini: Course, leave: str
) -> None:
    """A stranger wrote "world", came back to it (e), pressed Enter twice by habit and left: "world\\n\\n" was
    saved with a new time, and "world\\n\\n\\n\\n" the next time. The README says such an answer is never saved."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E)
        await press(pilot, *"world", "escape")
        await pilot.pause(0.8)  # the autosave, off the UI thread
        await settle(pilot)
        before = app.store.answer(mini.id, "intro", "feel")
        assert before is not None and before.answer == "world"
        for _ in range(2):
            await press(pilot, "e", "enter", "enter", leave)
            await pilot.pause(0.8)
            await settle(pilot)
            if leave == "ctrl+n":
                await press(pilot, "ctrl+p")
            assert app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_an_edit_undone_leaves_the_answer_as_it_was_its_time_included(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    """A stranger's accidental edit, undone with ctrl+z, left the answer's "changed" time moved for good: to them
    it read as if their record had been tampered with. Taken back, the answer is exactly as it was."""
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: EARLIER) as earlier:
        earlier.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "world")
    app = make_app(mini, data_dir=data)  # its clock says another day: any write would show
    before = app.store.answer(mini.id, "intro", "feel")
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e", *" pain")
        await pilot.pause(0.8)  # the autosave wrote " pain"
        await settle(pilot)
        assert journal(app) == {("intro", "feel"): "world pain"}
        await press(pilot, "ctrl+z")
        assert view.editor.text == "world"
        await press(pilot, "escape")
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.store.answer(mini.id, "intro", "feel") == before
        # Written again and then rubbed out, with a habit Enter left at the end, before leaving at once.
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E * 2)  # a look at the box: then "x" is writing, not the rest of a word
        await press(pilot, "x", "backspace", "enter", "ctrl+n")
    assert app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_a_first_answer_typed_and_rubbed_out_leaves_no_answer(make_app: AppFactory, mini: Course) -> None:
    """Nothing was written before: a letter typed (and saved), then rubbed out, leaves no answer, not a cleared one."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E)  # a look at the box, then "x"
        await press(pilot, "x")
        await pilot.pause(0.8)
        await settle(pilot)
        assert journal(app) == {("intro", "feel"): "x"}
        await press(pilot, "backspace", "ctrl+n")
    assert journal(app) == {}


@sync
async def test_an_answer_to_an_earlier_wording_says_so_under_the_new_question(
    make_app: AppFactory, mini: Course
) -> None:
    """An author reworded a question: the step showed the new wording above the answer given to the old one."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where\x1b[2J is it tight?", "My jaw")
    async with on_the_reflection(app) as (_, view):
        text = " ".join(screen_text(app).split())
        assert "Where do you hold tension?" in text  # the question as the course words it now
        assert "Your answer below was written to an earlier wording: “Where␛[2J is it tight?”" in text
        assert view.editor.text == "My jaw"
    stored = app.store.answer(mini.id, "intro", "feel")
    assert stored is not None and stored.question == "Where\x1b[2J is it tight?"  # only shown, not changed


@sync
async def test_an_answer_to_the_same_wording_has_no_note(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "My jaw")
    async with on_the_reflection(app) as (_, view):
        assert not view.query(".earlier-wording")


def answered_earlier(mini: Course, data: Path, text: str) -> None:
    """Save ``text`` as the reflection's answer on another day than the app's clock (a write would show in its time)."""
    with ProgressStore.open(data, now=lambda: EARLIER) as earlier:
        earlier.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", text)


@sync
@pytest.mark.parametrize(
    ("keys", "word"),
    [
        (list("exit"), "exit"),
        ([*"exit", "enter"], "exit"),  # a shell habit: the Enter is no line in the answer either
        (list("evening pain"), "evening pain"),
        (list("edit"), "edit"),
        (list("ex[/]it"), "ex[/]it"),  # the learner's input, shown as it is: no markup
    ],
)
async def test_a_word_that_starts_with_e_typed_at_an_answer_changes_nothing(
    make_app: AppFactory, mini: Course, tmp_path: Path, keys: list[str], word: str
) -> None:
    """A stranger typed "exit" at a step they had answered: the "e" opened the editor and "Stayed with itxit" was
    saved within a second. The rest of a word begun with ``e`` goes nowhere, the editor closes, nothing is written
    (the answer's time included), and the learner is told what happened and how to edit."""
    data = tmp_path / "d"
    answered_earlier(mini, data, "Stayed with it")
    app = make_app(mini, data_dir=data)
    before = app.store.answer(mini.id, "intro", "feel")
    written = answer_writes(app)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        keys_at_once(app, *keys)
        await settle(pilot, 3)
        await pilot.pause(1.2)  # an autosave, had anything been typed; and the notice, once the word is typed
        await settle(pilot)
        assert not view.writing and view.editor.text == "Stayed with it"
        assert player_place(app) == PROMPT and isinstance(app.screen, PlayerScreen)
        said = [str(n.message) for n in app._notifications if not n.markup]
        assert said == [
            f"“{word}” was typed as {'words' if ' ' in word else 'a word'}, not into your answer. "
            "To change your answer, press e on its own, then type."
        ]
        assert "Nothing was typed" not in screen_text(app)
        await press(pilot, "ctrl+n")
    assert written == []
    assert app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_e_then_a_pause_then_letters_still_edits_an_answer(make_app: AppFactory, mini: Course) -> None:
    """Someone who presses e, sees the box open and then types is writing: "xit" goes in, as it always did (glued
    to the last word, after a look longer than the typing pause: a slower "exit" is still a word)."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Stayed with it")
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(GLUED_AFTER_E + 0.2)
        await type_fast(pilot, "xit")
        assert view.writing and view.editor.text == "Stayed with itxit"
        assert not app._notifications
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "Stayed with itxit"}


@sync
@pytest.mark.parametrize("pause", [0.0, WORD_AFTER_E * 2])
async def test_a_first_answer_typed_straight_after_e_or_after_a_pause_is_kept(
    make_app: AppFactory, mini: Course, pause: float
) -> None:
    """Into an empty box nothing can be lost: "exit" typed there at once is the answer, e first (a stranger's
    "evening walks help" was saved as "vening walks help"); "xit" typed after a look, once e opened the box."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        if pause:
            type_at_once(app, "e")
            await settle(pilot)
            await pilot.pause(pause)
            await type_fast(pilot, "xit")
        else:
            await type_fast(pilot, "exit")  # in one burst: the keys' times are a typist's, not the machine's
        typed = "xit" if pause else "exit"
        assert view.writing and view.editor.text == typed
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): typed}


@sync
async def test_after_a_word_that_starts_with_e_and_a_pause_e_still_edits(make_app: AppFactory, mini: Course) -> None:
    """The word went nowhere; then ``e`` on its own opens the answer, and what is typed after a look goes in."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Neck")
    async with on_the_reflection(app) as (pilot, view):
        await type_fast(pilot, "exit")
        assert not view.writing
        await pilot.pause(TYPING_PAUSE + 0.2)
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E * 2)
        await type_fast(pilot, " and jaw")
        assert view.writing and view.editor.text == "Neck and jaw"
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "Neck and jaw"}


@sync
async def test_a_first_answer_begun_with_e_typed_at_once_is_saved_as_typed(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed "evening walks help" at an empty reflection without pressing e first: the e opened the box
    and "vening walks help" was saved, with nothing said. The word keeps its e."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, view):
        await type_fast(pilot, "evening walks help")
        assert view.writing and view.editor.text == "evening walks help"
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "evening walks help"}


async def type_slowly(pilot: Pilot[None], keys: str, gap: float) -> None:
    """Type ``keys`` one at a time, ``gap`` seconds apart (by the keys' own times), as a slow typist does."""
    start = get_time()
    for number, key in enumerate(keys):
        await asyncio.sleep(max(0.0, start + number * gap - get_time()))
        type_at_once(pilot.app, key)
    await settle(pilot)


@sync
@pytest.mark.parametrize("gap", [0.4, 0.7, 1.2])  # 0.7: another stranger's "✨xit", past the half second glued once had
async def test_a_word_that_starts_with_e_typed_slowly_at_an_answer_changes_nothing(
    make_app: AppFactory, mini: Course, tmp_path: Path, gap: float
) -> None:
    """A stranger who types a letter every 0.4 s typed "exit" at an answer ending "para ✨": the e opened the box
    and "para ✨xit" was saved, under the notice "“exit” was typed as a word" from their try before, now untrue.
    A letter that would join the answer's last word before the typing pauses is the rest of that word."""
    data = tmp_path / "d"
    answered_earlier(mini, data, "third para ✨")
    app = make_app(mini, data_dir=data)
    before = app.store.answer(mini.id, "intro", "feel")
    written = answer_writes(app)
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await type_slowly(pilot, "exit", gap)
        await pilot.pause(TYPING_PAUSE + 0.3)
        await settle(pilot)
        assert not view.writing and view.editor.text == "third para ✨"
        said = [str(n.message) for n in app._notifications if not n.markup]
        assert said == [
            "“exit” was typed as a word, not into your answer. To change your answer, press e on its own, then type."
        ]
        await press(pilot, "ctrl+n")
    assert written == []
    assert app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_a_notice_about_a_word_typed_goes_once_writing_starts(make_app: AppFactory, mini: Course) -> None:
    """The notice "“exit” was typed as a word, not into your answer" stayed up while the letters typed after the
    next e (pressed on its own) went into the answer: it contradicted what was on screen."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Neck")
    async with on_the_reflection(app, notifications=True) as (pilot, view):
        await type_fast(pilot, "exit")
        await pilot.pause(TYPING_PAUSE + 0.3)
        await settle(pilot)
        assert [n for n in app._notifications if "was typed as a word" in str(n.message)]
        await pilot.pause(TYPING_PAUSE)
        await press(pilot, "e")
        await pilot.pause(0.6)
        await type_fast(pilot, " and jaw")
        assert view.writing and view.editor.text == "Neck and jaw"
        assert not [n for n in app._notifications if "was typed as a word" in str(n.message)]
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): "Neck and jaw"}


@sync
@pytest.mark.parametrize(
    ("answer", "look", "typed"),
    [
        ("Neck ", WORD_AFTER_E + 0.05, "jaw"),  # after a space the answer ends in: a new word, not the rest of e's
        ("My shoulder", TYPING_PAUSE + 0.2, "s"),  # glued to the last word, after a look longer than the typing pause
    ],
)
async def test_e_then_a_look_then_writing_on_an_answer_writes(
    make_app: AppFactory, mini: Course, answer: str, look: float, typed: str
) -> None:
    """Only a letter glued to the answer's last word waits for the longer look: a space a moment after e writes,
    and mending the last word ("shoulder" to "shoulders") once the typing has paused writes too."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", answer)
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(look)
        await type_fast(pilot, typed)
        assert view.writing and view.editor.text == answer + typed
        await press(pilot, "escape", "ctrl+n")
    assert journal(app) == {("intro", "feel"): answer + typed}


@sync
@pytest.mark.parametrize("wait", [0.0, 1.2])  # saved as it is left, or by the autosave before that
async def test_blank_lines_at_the_end_of_a_new_answer_are_not_saved(
    make_app: AppFactory, mini: Course, wait: float
) -> None:
    """A stranger typed "evening walk helped. Ещё 🙂", pressed Enter three times by habit and Escape: "…🙂\\n\\n\\n"
    was saved, where the README says blank lines at an answer's end are not. Only they go: the rest is as typed."""
    app = make_app(mini)
    written = answer_writes(app)
    typed = "  evening walk\n\n helped. \tЕщё 🙂"
    async with on_the_reflection(app) as (pilot, view):
        await press(pilot, "e")
        await pilot.pause(WORD_AFTER_E * 2)
        view.editor.insert(typed)
        await press(pilot, "enter", "enter", "space", "enter")
        assert view.editor.text == typed + "\n\n \n"  # on screen as typed, while writing
        await pilot.pause(wait)
        await settle(pilot)
        await press(pilot, "escape")
        await pilot.pause(0.8)
        await settle(pilot)
        assert view.editor.text == typed  # the box shows the answer as saved
        # Their next e writes after the answer, not three lines down: a slow "exit" is a word glued to it.
        await type_slowly(pilot, "exit", 0.4)
        await pilot.pause(1.0)
        await settle(pilot)
        assert not view.writing and view.editor.text == typed
        await press(pilot, "ctrl+n")
    assert journal(app) == {("intro", "feel"): typed}
    assert all(write.endswith(f"{typed!r}") for write in written), written


@pytest.mark.parametrize(
    ("text", "saved"),
    [
        ("a\n", "a"),
        ("a \n\t\n  \n", "a "),
        ("\n\n a\n\nb\n\n", "\n\n a\n\nb"),
        ("a\r\n\r\n", "a"),
        ("\n \n", ""),
        ("a", "a"),
        ("  ", "  "),
    ],
)
def test_as_saved_drops_only_the_blank_lines_at_the_end(text: str, saved: str) -> None:
    assert as_saved(text) == saved


@sync
@pytest.mark.parametrize("wait", [0.0, 1.2])  # Escape before the autosave ran, or after it
async def test_habit_enters_after_an_answer_come_back_out_of_the_box_before_a_slow_exit(
    make_app: AppFactory, mini: Course, tmp_path: Path, wait: float
) -> None:
    """A stranger at 60x20 opened their answer (e), went to its end (ctrl+End), pressed Enter twice by habit and
    Escape: nothing was saved, but the two blank lines stayed in the box. A slow "exit" then (0.35 s a letter) wrote
    "xit" two lines down, and "…首の痛み\\n\\nxit" was saved. The box shows the answer as saved once writing stops,
    so the x is glued to its last word and the word goes nowhere, as it does at an answer without the Enters."""
    data = tmp_path / "d"
    answered_earlier(mini, data, "肩と首の痛み")
    app = make_app(mini, data_dir=data)
    before = app.store.answer(mini.id, "intro", "feel")
    written = answer_writes(app)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await open_at(pilot, PROMPT)
        view = prompt_view(app)
        await press(pilot, "e", "ctrl+end", "enter", "enter")
        await pilot.pause(wait)
        await settle(pilot)
        await press(pilot, "escape")
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.store.answer(mini.id, "intro", "feel") == before
        assert not view.writing and view.editor.text == "肩と首の痛み"  # the box shows the answer as saved
        await type_slowly(pilot, "exit", 0.35)
        await pilot.pause(TYPING_PAUSE + 0.3)
        await settle(pilot)
        assert not view.writing and view.editor.text == "肩と首の痛み"
        said = [str(n.message) for n in app._notifications if not n.markup]
        assert said == [
            "“exit” was typed as a word, not into your answer. To change your answer, press e on its own, then type."
        ]
        await press(pilot, "ctrl+n")
    assert written == []
    assert app.store.answer(mini.id, "intro", "feel") == before


@sync
async def test_words_typed_on_after_n_turned_the_step_answer_nothing(make_app: AppFactory, mini: Course) -> None:
    """A stranger typed "no 3" at a reflection before pressing e, a key every third of a second: the "n" turned to
    the quiz and the "3" answered it (wrong, its explanation given away). Keys typed on go nowhere, and say so; a
    key after a pause is a key again."""
    app = make_app(mini)
    async with on_the_reflection(app, notifications=True) as (pilot, _view):
        await press(pilot, "n")  # onto the quiz
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.place == Place("intro", 2)
        # The learner's last key came as the quiz appeared (a slow machine may take longer to draw it than the
        # typing takes); then "o", a space and "2", each a third of a second after the one before.
        player._typing_on._last = start = player.step_shown_at
        keys_stamped(app, ("o", start + 0.3), ("space", start + 0.6), ("2", start + 0.9))
        await settle(pilot)
        assert player.place == Place("intro", 2)
        assert app.store.quiz_attempts(mini.id) == []
        said = [notice.message for notice in app._notifications if "turned the step" in notice.message]
        assert said == [  # one notice, grown with the words (a stranger saw three piled up)
            "“o 2” was typed just after n turned the step, so it went nowhere: nothing here was answered or changed."
        ]
        # After a pause, 2 is pressed at the quiz, and answers it.
        keys_stamped(app, ("2", start + 0.9 + TYPED_ON_WITHIN + 0.1))
        await settle(pilot)
        assert len(app.store.quiz_attempts(mini.id)) == 1


@sync
async def test_a_key_straight_after_ctrl_n_is_a_key_on_the_new_step(make_app: AppFactory, mini: Course) -> None:
    """ctrl+n types nothing: what follows it is no word typed on. It was taken as turned by the letter before it
    (ctrl+n never reaches the screen's key handler), and a quiz's answer pressed straight after went nowhere."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        player = app.screen
        assert isinstance(player, PlayerScreen)
        now = get_time()
        keys_stamped(app, ("x", now))  # typed at the reflection before writing: it goes nowhere
        await settle(pilot)
        keys_stamped(app, ("ctrl+n", now + 0.05))
        await settle_until(pilot, lambda: player.place == Place("intro", 2))
        keys_stamped(app, ("2", max(player.step_shown_at, now + 0.3)))
        await settle(pilot)
        assert len(app.store.quiz_attempts(mini.id)) == 1


@sync
async def test_n_pressed_again_and_again_still_turns_the_steps(make_app: AppFactory, mini: Course) -> None:
    """Only what is typed on after n goes nowhere: n again, before anything else, turns the next step too."""
    app = make_app(mini)
    async with on_the_reflection(app) as (pilot, _view):
        await press(pilot, "n")  # onto the quiz
        player = app.screen
        assert isinstance(player, PlayerScreen)
        player._typing_on._last = start = player.step_shown_at
        keys_stamped(app, ("n", start + 0.2))
        await settle(pilot)
        assert player.place == Place("intro", 3)


def test_typing_on_ends_at_a_pause_or_a_key_that_types_nothing() -> None:
    from textual import events

    from unclench.tui.typed_words import TypingOnAfterAMove

    def key(name: str, time: float, *, printable: bool = True) -> events.Key:
        event = events.Key(name, name if printable else None)
        event.time = time
        return event

    typing = TypingOnAfterAMove()
    typing.moved(key("n", 10.0))
    assert typing.swallows(key("o", 10.3)) and typing.swallows(key("n", 10.6))  # n inside words is a letter
    assert not typing.swallows(key("3", 10.6 + TYPED_ON_WITHIN + 0.01))  # after a pause: a key again
    typing.moved(key("p", 20.0))
    assert not typing.swallows(key("down", 20.1, printable=False))  # types nothing: the burst is over
    assert not typing.swallows(key("x", 20.2))
    typing.moved(key("right", 30.0, printable=False))  # turned by an arrow: nothing is being typed
    assert not typing.swallows(key("2", 30.1))
