"""A prompt step: a reflective question and an editor whose text autosaves."""

from __future__ import annotations

import threading
from typing import Literal

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static, TextArea

from unclench.course import Lesson, PromptStep
from unclench.journey import Place
from unclench.progress import StoreError
from unclench.tui.session import Session
from unclench.tui.widgets.step_base import StepView, step_title

SaveState = Literal["empty", "saved", "saving", "error"]


class PromptView(StepView):
    """Shows a question and a multi-line editor for the learner's journal answer.

    The answer autosaves while the learner types: :data:`DEBOUNCE` seconds
    after the last key, and never later than :data:`MAX_WAIT` seconds after
    the first unsaved key. Saving runs in a worker thread, so typing is never
    blocked; :meth:`flush` saves synchronously when the learner leaves the
    step or quits. When a save fails the text stays in the editor and the
    error is shown under it.
    """

    DEBOUNCE = 0.5
    """Seconds of quiet after the last change before saving."""
    MAX_WAIT = 1.0
    """Longest time, in seconds, a change waits unsaved while the learner keeps typing."""

    save_state: reactive[SaveState] = reactive[SaveState]("empty")
    """Whether the answer on screen is saved, being saved, or could not be saved."""

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

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        step = self.session.journey.step_at(self.place)
        assert isinstance(step, PromptStep)
        self.step = step
        self._pending: str | None = None
        self._seq = 0
        self._written_seq = 0
        self._write_lock = threading.Lock()
        self._quiet_timer: Timer | None = None
        self._max_timer: Timer | None = None
        self._error: str = ""
        self._initial = ""
        self._load_error: str | None = None
        try:
            entry = self.session.store.answer(self.session.course.id, self.lesson.id, step.id)
        except StoreError as error:
            entry = None
            self._load_error = str(error)
        if entry is not None:
            self._initial = entry.answer

    @property
    def editor(self) -> TextArea:
        """The answer editor."""
        return self.query_one("#answer", TextArea)

    def compose(self) -> ComposeResult:
        """The question, its hint, the editor and the save indicator."""
        yield self.heading(step_title(self.step))
        yield Static(self.step.question, classes="question", markup=False)
        if self.step.hint:
            yield Static(self.step.hint, classes="hint", markup=False)
        editor = TextArea(self._initial, id="answer", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        editor.cursor_blink = self.session.cursor_blink
        editor.border_title = "Your answer (private)"
        yield editor
        yield Static(id="save-status", markup=False)

    def on_mount(self) -> None:
        """Show the saved state of the answer loaded from the store."""
        if self._load_error is not None:
            self._error = self._load_error
            self.save_state = "error"
        else:
            self.save_state = "saved" if self._initial else "empty"
        self._show_status(self.save_state)

    def focus_first(self) -> None:
        """Start in the editor, at the end of the text."""
        self.editor.focus()
        self.editor.move_cursor(self.editor.document.end)

    def watch_save_state(self, state: SaveState) -> None:
        """Update the save indicator."""
        if self.is_mounted:
            self._show_status(state)

    def _show_status(self, state: SaveState) -> None:
        status = self.query_one("#save-status", Static)
        messages: dict[SaveState, Content] = {
            "empty": Content.styled("Your answer saves as you type. Ctrl+N moves on.", "dim"),
            "saved": Content.styled("✓ Saved", "$success"),
            "saving": Content.styled("Saving…", "dim"),
            "error": Content.assemble(
                ("Not saved: ", "bold $error"),
                self._error,
                " Your text is still here; it is saved again as you type.",
            ),
        }
        status.update(messages[state])
        status.set_class(state == "error", "-error")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Schedule a save of the new text."""
        event.stop()
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
        self._save_in_background(text, self._seq)

    @work(thread=True, exclusive=True, group="autosave", exit_on_error=False)
    def _save_in_background(self, text: str, seq: int) -> None:
        """Save ``text`` off the UI thread and report back with :class:`Saved`."""
        error = self._write(text, seq)
        self.post_message(self.Saved(seq, text, error))

    def _write(self, text: str, seq: int) -> StoreError | None:
        """Write ``text`` unless a newer text was written already (any thread)."""
        with self._write_lock:
            if seq <= self._written_seq:
                return None
            try:
                self.session.store.save_answer(
                    self.session.course.id, self.lesson.id, self.step.id, self.step.question, text
                )
            except StoreError as error:
                return error
            self._written_seq = seq
            return None

    def on_prompt_view_saved(self, message: Saved) -> None:
        """Show the outcome of a background save."""
        message.stop()
        self._after_write(message.seq, message.text, message.error)

    def _after_write(self, seq: int, text: str, error: StoreError | None) -> None:
        if error is not None:
            self._error = str(error)
            if self._pending is None:
                self._pending = self.editor.text if self.is_mounted else text
            self.save_state = "error"
            return
        if seq < self._seq:
            return
        self._initial = text
        if self._pending is None:
            self.save_state = "saved" if text else "empty"
        if text.strip():
            self.post_message(self.Completed(self.place))

    def flush(self) -> StoreError | None:
        """Save the editor's text now if anything is unsaved.

        Returns:
            The error when it could not be saved; the text stays in the editor.
        """
        self._stop_timers()
        if self._pending is None and self.save_state != "error":
            return None
        text = self.editor.text if self.is_mounted else (self._pending or "")
        self._pending = None
        self._seq += 1
        error = self._write(text, self._seq)
        self._after_write(self._seq, text, error)
        return error

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds text that is not saved yet."""
        return self._pending is not None or self.save_state == "error"
