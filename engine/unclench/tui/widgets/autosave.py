"""A journal editor whose text autosaves: used by prompt steps and by the journal screen."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from unclench.store.errors import StoreError
from unclench.text import has_controls, visible
from unclench.tui.widgets.empty_answer_box import EmptyAnswerBox

if TYPE_CHECKING:
    from textual import events
    from textual.widgets import TextArea

    from unclench.store.rows import JournalEntry
    from unclench.tui.widgets.deliberate_text_area import DeliberateTextArea

#: Under an answer that holds control characters: brought in by ``unclench import``, or pasted in with an Unclench
#: from before the editor left them out (see :meth:`DeliberateTextArea._replace_via_keyboard`).
LOCKED_TEXT = (
    "This answer holds control characters (from an import, or pasted in with an earlier Unclench), "
    "shown as symbols such as ␛ or ⟨U+202E⟩. "
    "It is kept exactly as it is and cannot be edited here; `unclench export --format json` has it in full."
)

#: Under a box emptied over an answer that had text: the empty box is not saved until the learner says so.
CLEAR_HELD = (
    "Empty, and not saved: your answer is kept as it was (leaving or quitting keeps it too). "
    "Escape asks whether to clear it."
)

#: Said when the learner leaves a box emptied over an answer without choosing to clear it.
KEPT_NOT_CLEARED = (
    "Your answer is kept as it was: an empty box is not saved over it. To clear it, empty the box and press "
    "Escape, then choose Clear it."
)

SaveState = Literal["empty", "saved", "saving", "error", "held"]

#: Blank lines (nothing but spaces or tabs, or nothing) at the end of a text, with the line break before each.
_BLANK_END = re.compile(r"(?:(?:\r\n|\r|\n)[^\S\r\n]*)+\Z")


def as_saved(text: str) -> str:
    """``text`` as an answer is saved: without the blank lines at its end (the line break that ends its last line too).

    A stranger typed "evening walk helped. Ещё 🙂" and pressed Enter three times by habit: "…🙂\n\n\n" was
    saved, where the README says blank lines at an answer's end are not. Everything else is kept exactly: the text's
    start, the spaces at the end of its last line, every line and blank line within it.
    """
    return _BLANK_END.sub("", text)


class AutosaveEditor(Vertical):
    """A multi-line editor for journal text, with a Saved / Saving / Not saved indicator under it.

    The text autosaves while the learner types: :data:`DEBOUNCE` seconds
    after the last key, and never later than :data:`MAX_WAIT` seconds after
    the first unsaved key. Each time the learner starts writing (:meth:`begin_writing`: ``e``, a click), the
    answer as stored then is what "unchanged" means: a text that differs from it only by whitespace at its
    end (blank where nothing is stored, or an Enter pressed by habit), or not at all, leaves the answer exactly
    as it was, the time it was last changed included; when an earlier save of the same writing changed it
    (a letter typed, then undone), ``put_back`` stores it again as it was. Opening, paging over or clearing
    an empty editor leaves the record as it was. Any other change is stored exactly, but for the blank lines at its
    end, never saved (:func:`as_saved`: an Enter pressed by habit); and a box emptied over an
    answer that had text (Backspace held down, say) is not: the answer stays as it was when the writing
    began (:attr:`clear_held`), leaving or quitting keeps it, and only :meth:`clear`, once the learner has
    said so (the host asks, on Escape), stores it empty.
    Saving runs ``save`` in a worker thread, so typing
    is never blocked; :meth:`flush` saves synchronously when the learner
    leaves (the step, the journal entry) or quits. When a save fails the text
    stays in the editor, the error is shown under it, and the next change or
    :meth:`flush` tries again.

    A saved text holding control characters (an imported record, or text pasted with an earlier Unclench:
    the editor now leaves them out) is
    shown with them as visible symbols (:func:`unclench.text.visible`) and
    cannot be edited here: typing into the symbols would replace the stored
    characters without the learner knowing. The stored text stays exactly as
    it is (the JSON export keeps it); the line under the editor says why.

    With ``made_when_writing``, an empty text is shown in an
    :class:`EmptyAnswerBox`, which looks the same, and the editor (Textual's
    ``TextArea``, slow to import and draw) is made only when the learner
    starts writing (:meth:`focus_end`, or a click on the box): a learner who
    reads the step and moves on never waits for it. Keys typed straight after
    the key that started the writing still reach the new editor, in order.

    Args:
        text: The text saved so far.
        save: Stores a text; raises :class:`StoreError` when it cannot.
            Called from a worker thread (and from the UI thread by :meth:`flush`).
        read: The answer as stored now (None: none), read when writing begins; called as ``save`` is.
        put_back: Stores an answer read by ``read`` back exactly as it was (None: removes it); called as ``save`` is.
        stored: Called on the UI thread after the newest text was stored.
        hint: Shown under the editor while it is empty.
        writing_hint: Shown instead while it is empty and has the focus (none: ``hint`` then too).
        load_error: Why the saved text could not be read, if it could not.
        cursor_blink: Whether the cursor blinks (snapshot tests turn it off).
        border_title: The editor's title.
        editor_id: The id of the :class:`TextArea`.
        made_when_writing: Whether an empty text's editor is made only when the learner starts writing.
        id: The widget id.
        classes: CSS classes.
    """

    DEBOUNCE = 0.5
    """Seconds of quiet after the last change before saving."""
    MAX_WAIT = 1.0
    """Longest time, in seconds, a change waits unsaved while the learner keeps typing."""

    save_state: reactive[SaveState] = reactive[SaveState]("empty")
    """Whether the text on screen is saved, being saved, or could not be saved."""

    class Saved(Message):
        """A background save finished (posted from the worker thread)."""

        def __init__(self, seq: int, text: str, error: StoreError | None) -> None:
            super().__init__()
            self.seq = seq
            """The number of the save."""
            self.text = text
            """The text saved (or not)."""
            self.error = error
            """Why it could not be saved, if it could not."""

    def __init__(
        self,
        text: str,
        save: Callable[[str], None],
        *,
        read: Callable[[], JournalEntry | None],
        put_back: Callable[[JournalEntry | None], None],
        stored: Callable[[str], None] | None = None,
        hint: Content | str = "",
        writing_hint: str = "",
        load_error: str | None = None,
        cursor_blink: bool = True,
        border_title: str = "Your answer (private)",
        editor_id: str = "answer",
        made_when_writing: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._save = save
        self._read = read
        self._put_back = put_back
        self._stored = stored
        self._hint = hint
        self._writing_hint = writing_hint
        self._initial = text
        self._stored_text = text
        """What the store holds (written under ``_write_lock``): a text equal to it is not written again."""
        self._writing_count = 0
        """How many times the learner has started writing here (see :meth:`begin_writing`)."""
        self._before: tuple[int, JournalEntry | None] | None = None
        """The answer as stored when the writing of that number began (read at its first write)."""
        self._load_error = load_error
        self._cursor_blink = cursor_blink
        self._editor_title = border_title
        self._editor_id = editor_id
        self._pending: str | None = None
        self._seq = 0
        self._written_seq = 0
        self._write_lock = threading.Lock()
        self._quiet_timer: Timer | None = None
        self._max_timer: Timer | None = None
        self._error = ""
        self._locked = has_controls(text)
        """The saved text holds control characters: shown as symbols, read-only, never rewritten."""
        self._made_when_writing = made_when_writing and not text
        """Whether the editor waits to be made until the learner starts writing (an empty text only)."""
        self._editor: DeliberateTextArea | None = None
        """The editor, once made."""
        self._clear_held = False
        """The box was emptied over an answer that had text: the answer is kept until :meth:`clear` (or text)."""

    class ClearAsked(Message):
        """The learner stopped writing with the box emptied over an answer that had text: ask before clearing it."""

        def __init__(self, editor: AutosaveEditor) -> None:
            super().__init__()
            self.editor = editor
            """The editor whose answer would be cleared."""

    @property
    def locked(self) -> bool:
        """Whether the text holds control characters (shown as symbols, read-only)."""
        return self._locked

    @property
    def editor(self) -> DeliberateTextArea:
        """The text editor (made now, if it waited to be made until the learner started writing)."""
        return self._editor or self._make_editor()

    @property
    def writing(self) -> bool:
        """Whether the editor has the focus (keys are text)."""
        return self._editor is not None and self._editor.has_focus

    @property
    def keys_go_to_editor(self) -> bool:
        """Whether the screen sends keys to the editor now (set the moment writing starts, before the editor hears)."""
        return self._editor is not None and self._editor.is_attached and self.screen.focused is self._editor

    def _new_editor(self) -> DeliberateTextArea:
        from unclench.tui.widgets.deliberate_text_area import DeliberateTextArea

        editor = DeliberateTextArea(
            visible(self._initial),
            id=self._editor_id,
            soft_wrap=True,
            show_line_numbers=False,
            # While writing every key is text, Tab too: a Tab that left the box turned the letters after it into
            # keys (a stranger's "I feel", Tab, "pain now" saved "I feel" and "p" went back a step). Escape leaves.
            tab_behavior="indent",
            read_only=self._locked,
        )
        editor.indent_type = "tabs"  # a Tab types one tab character, stored as typed
        editor.writing_begun = self.begin_writing
        editor.cursor_blink = self._cursor_blink
        editor.border_title = self._editor_title
        self._editor = editor
        return editor

    def _make_editor(self) -> DeliberateTextArea:
        """Put the editor in the empty box's place, at once (it is in the DOM, styled, and can take the focus)."""
        box = self.query_one(EmptyAnswerBox)
        editor = self._new_editor()
        self.mount(editor, before=box)
        box.display = False
        return editor

    def compose(self) -> ComposeResult:
        """The editor (or the empty box standing in for it) and the save indicator."""
        if self._made_when_writing:
            box = EmptyAnswerBox(id=f"{self._editor_id}-box")
            box.border_title = Content(self._editor_title)  # as it is: no markup to parse
            yield box
        else:
            yield self._new_editor()
        yield Static(id="save-status", markup=False)

    def on_empty_answer_box_clicked(self, message: EmptyAnswerBox.Clicked) -> None:
        """A click on the empty box starts writing, as a click on the editor does."""
        message.stop()
        self.editor.focus()

    def on_mount(self) -> None:
        """Show the saved state of the text loaded."""
        if self._load_error is not None:
            self._error = self._load_error
            self.save_state = "error"
        else:
            self.save_state = "saved" if self._initial.strip() else "empty"
        self._show_status(self.save_state)

    def begin_writing(self) -> None:
        """The learner starts writing (the editor takes the focus on purpose): the answer as stored now is the one
        an edit that changes nothing leaves as it was (read at this writing's first save)."""
        with self._write_lock:
            self._writing_count += 1

    def focus_end(
        self,
        keys_from: Widget,
        *,
        since: float | None = None,
        rest_of_word: Callable[[events.Key], bool] | None = None,
    ) -> None:
        """Focus the editor at once, the cursor at the end of the text.

        Args:
            keys_from: The widget that had the focus: keys typed straight after that are still waiting
                there go into the editor, in order (see :meth:`DeliberateTextArea.take_focus_from`).
            since: When the key that started the writing was pressed; None: now.
            rest_of_word: Whether the first key after that one is the rest of a word, not text (see
                :meth:`DeliberateTextArea.take_focus_from`).
        """
        editor = self.editor
        editor.take_focus_from(keys_from, since=since, rest_of_word=rest_of_word)
        if editor.selection.end != editor.document.end:  # a new editor's text is empty: its cursor is there
            editor.move_cursor(editor.document.end)

    def on_descendant_focus(self) -> None:
        """The line under an empty editor says what to do: start writing, or that writing has started."""
        self._show_status(self.save_state)

    def on_descendant_blur(self) -> None:
        """The line under an empty editor says what to do: start writing, or that writing has started."""
        self._show_status(self.save_state)

    def watch_save_state(self, state: SaveState) -> None:
        """Update the save indicator."""
        if self.is_mounted:
            self._show_status(state)

    def _empty_hint(self) -> Content:
        if self._writing_hint and self.writing:
            return Content.styled(self._writing_hint, "dim")
        return Content.styled(self._hint, "dim") if isinstance(self._hint, str) else self._hint

    def _show_status(self, state: SaveState) -> None:
        status = self.query_one("#save-status", Static)
        if self._locked and state != "error":
            status.update(Content.styled(LOCKED_TEXT, "$warning"))
            return
        messages: dict[SaveState, Content] = {
            "empty": self._empty_hint(),
            "saved": Content.styled("✓ Saved", "$success"),
            "saving": Content.styled("Saving…", "dim"),
            "held": Content.styled(CLEAR_HELD, "$warning"),
            "error": Content.assemble(
                ("Not saved: ", "bold $error"),
                visible(self._error),
                " Your text is still here; it is saved again as you type.",
            ),
        }
        status.update(messages[state])
        status.set_class(state == "error", "-error")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Schedule a save of the new text; keep the growing editor on screen (nobody types blind)."""
        event.stop()
        if self.writing:
            self.call_after_refresh(self.scroll_visible, animate=False)
        if self._locked:
            return  # read-only: only the symbols are on screen, never saved over the stored text
        text = event.text_area.text
        if self._pending is None and text == self._initial:
            return
        self._pending = text
        self.save_state = "saving" if self.save_state != "error" else "error"
        if self._quiet_timer is not None:
            self._quiet_timer.stop()
        self._quiet_timer = self.set_timer(self.DEBOUNCE, self._save_pending)
        if self._max_timer is None:
            self._max_timer = self.set_timer(self.MAX_WAIT, self._save_pending)

    def _stop_timers(self) -> None:
        for timer in (self._quiet_timer, self._max_timer):
            if timer is not None:
                timer.stop()
        self._quiet_timer = self._max_timer = None

    def _save_pending(self) -> None:
        self._stop_timers()
        if self._pending is None:
            return
        text, self._pending = self._pending, None
        self._seq += 1
        self._save_in_background(text, self._seq, self._writing_count)

    @work(thread=True, exclusive=True, group="autosave", exit_on_error=False)
    def _save_in_background(self, text: str, seq: int, writing: int) -> None:
        """Save ``text`` off the UI thread and report back with :class:`Saved`."""
        error = self._write(text, seq, writing)
        self.post_message(self.Saved(seq, text, error))

    def _write(self, text: str, seq: int, writing: int) -> StoreError | None:
        """Write ``text``, typed in the ``writing``-th writing, unless a newer text was written already (any thread).

        A text that is the answer as it was when that writing began, give or take whitespace at its end
        (an Enter pressed by habit), leaves the answer as it was, its time included: nothing is written, or
        what an earlier save of the same writing changed is put back.
        """
        text = as_saved(text)
        with self._write_lock:
            if seq <= self._written_seq:
                return None
            try:
                if self._before is None or self._before[0] != writing:
                    before = self._read()  # the first save of this writing: the store holds the answer as it was
                    self._before = (writing, before)
                    self._stored_text = before.answer if before is not None else ""
                before = self._before[1]
                before_text = before.answer if before is not None else ""
                emptied = not text.strip() and bool(before_text.strip())
                self._clear_held = emptied
                if text.rstrip() == before_text.rstrip() or emptied:
                    # Unchanged, or emptied over an answer that had text: the answer as it was (the empty box
                    # waits for the learner's word, and what saves on the way to it wrote is put back).
                    if self._stored_text != before_text:
                        self._put_back(before)
                        self._stored_text = before_text
                elif text != self._stored_text:
                    self._save(text)
                    self._stored_text = text
            except StoreError as error:
                return error
            self._written_seq = seq
            return None

    def on_autosave_editor_saved(self, message: Saved) -> None:
        """Show the outcome of a background save."""
        message.stop()
        self._after_write(message.seq, message.text, message.error)

    def _after_write(self, seq: int, text: str, error: StoreError | None) -> None:
        if error is not None:
            self._error = error.explained
            if self._pending is None:
                self._pending = self._text_shown(text)
            self.save_state = "error"
            return
        if seq < self._seq:
            return
        self._initial = text
        if self._pending is None:
            held = self._clear_held and not text.strip()
            self.save_state = "held" if held else "saved" if self._stored_text.strip() else "empty"
        if self._stored is not None:
            self._stored(self._stored_text)

    def flush(self) -> StoreError | None:
        """Save the editor's text now if anything is unsaved.

        Returns:
            The error when it could not be saved; the text stays in the editor.
        """
        self._stop_timers()
        if self._locked or (self._pending is None and self.save_state != "error"):
            return None
        text = self._text_shown(self._pending or "")
        self._pending = None
        self._seq += 1
        error = self._write(text, self._seq, self._writing_count)
        self._after_write(self._seq, text, error)
        return error

    def on_unmount(self) -> None:
        """Save what is pending however the editor goes away (the app closing included)."""
        if self._pending is not None:
            text, self._pending = self._pending, None
            self._stop_timers()
            self._seq += 1
            self._write(text, self._seq, self._writing_count)

    @property
    def text(self) -> str:
        """The text on screen (saved or not); for a read-only text with control characters, the stored text."""
        if self._locked:
            return self._initial
        return self._text_shown(self._pending or self._initial)

    def _text_shown(self, otherwise: str) -> str:
        """The editor's text, or ``otherwise`` without an editor (not mounted, or not made: the text is empty)."""
        editor = self._editor if self.is_mounted else None
        return editor.text if editor is not None else otherwise

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds text that is not saved yet."""
        return self._pending is not None or self.save_state == "error"

    @property
    def clear_held(self) -> bool:
        """Whether the box is empty over an answer that had text, which is kept until the learner says to clear it.

        Read after :meth:`flush` (the text typed last is then weighed).
        """
        return self._clear_held and not self._locked and not self._text_shown("").strip()

    def ask_to_clear(self) -> bool:
        """Save what is pending; when the box is emptied over an answer, ask the host to ask the learner.

        Returns:
            Whether the learner is asked (the host shows the question; :meth:`keep` or :meth:`clear` follows).
        """
        if self.flush() is not None or not self.clear_held:
            return False
        self.post_message(self.ClearAsked(self))
        return True

    def show_as_saved(self) -> None:
        """Writing has stopped: the box shows the text as it is saved, without the blank lines at its end.

        A stranger's three habit Enters stayed in the box after Escape (they were not saved): their next ``e`` wrote
        after them, where a slow "exit" was no longer taken for a word glued to the answer, and "xit" was saved
        three lines down.
        """
        editor = self._editor
        if editor is None or self._locked or not self.is_mounted:
            return
        text = editor.text
        saved = as_saved(text)
        if saved == text:
            return
        if self._pending is None:
            self._initial = saved  # the change below is the text as saved: nothing to save
        editor.load_text(saved)

    def keep(self) -> None:
        """The learner keeps their answer: it is back in the box as stored, nothing written."""
        self._stop_timers()
        self._pending = None
        self._clear_held = False
        text = self._stored_text
        self._initial = text  # the change below is the stored text: nothing to save
        if self._editor is not None and self._editor.text != text:
            self._editor.load_text(text)
        self.save_state = "saved" if text.strip() else "empty"

    def clear(self) -> StoreError | None:
        """The learner chose to clear their answer: the empty box is stored (the journal then says it is cleared).

        Returns:
            The error when it could not be stored (the answer stays as it was).
        """
        self._stop_timers()
        self._pending = None
        text = as_saved(self._text_shown(""))
        with self._write_lock:
            try:
                self._save(text)
                self._stored_text = text
                self._before = (self._writing_count, self._read())  # emptying it again asks nothing
            except StoreError as error:
                return error
            self._clear_held = False
            self._seq += 1
            self._written_seq = self._seq
        self._after_write(self._seq, text, None)
        return None


def notify_not_saved(node: Widget, error: StoreError) -> None:
    """Tell the learner, as plain text, that their answer could not be saved and is still on screen."""
    node.notify(
        f"{visible(error.message)} Your answer is still on screen; it was not saved."
        + (f"\n{visible(error.hint)}" if error.hint else ""),
        title="Could not save your answer",
        severity="error",
        timeout=10,
        markup=False,
    )
