"""A prompt step: a reflective question and an editor whose text autosaves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from unclench.course import Lesson, PromptStep
from unclench.journey import Place
from unclench.progress import StoreError
from unclench.tui.session import Session
from unclench.tui.widgets.autosave import AutosaveEditor
from unclench.tui.widgets.step_base import StepView, step_title


class PromptView(StepView):
    """Shows a question and a multi-line editor for the learner's journal answer.

    The answer autosaves while the learner types (see :class:`AutosaveEditor`:
    debounced, in a worker thread, flushed when the learner leaves the step or
    quits). When a save fails the text stays in the editor and the error is
    shown under it.
    """

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        step = self.session.journey.step_at(self.place)
        assert isinstance(step, PromptStep)
        self.step = step
        load_error: str | None = None
        try:
            entry = self.session.store.answer(self.session.course.id, self.lesson.id, step.id)
        except StoreError as error:
            entry = None
            load_error = str(error)
        self._autosave = AutosaveEditor(
            entry.answer if entry is not None else "",
            self._save,
            stored=self._stored,
            hint="Your answer saves as you type. Ctrl+N moves on.",
            load_error=load_error,
            cursor_blink=self.session.cursor_blink,
            classes="prompt-editor",
        )

    @property
    def autosave(self) -> AutosaveEditor:
        """The editor and its save indicator."""
        return self._autosave

    @property
    def editor(self) -> TextArea:
        """The answer editor."""
        return self.autosave.editor

    def compose(self) -> ComposeResult:
        """The question, its hint, the editor and the save indicator."""
        yield self.heading(step_title(self.step))
        yield Static(self.step.question, classes="question", markup=False)
        if self.step.hint:
            yield Static(self.step.hint, classes="hint", markup=False)
        yield self._autosave

    def _save(self, text: str) -> None:
        """Store the answer (runs in a worker thread)."""
        self.session.store.save_answer(self.session.course.id, self.lesson.id, self.step.id, self.step.question, text)

    def _stored(self, text: str) -> None:
        """A written answer completes the step."""
        if text.strip():
            self.post_message(self.Completed(self.place))

    def focus_first(self) -> None:
        """Start in the editor, at the end of the text."""
        self.autosave.focus_end()

    def flush(self) -> StoreError | None:
        """Save the editor's text now if anything is unsaved.

        Returns:
            The error when it could not be saved; the text stays in the editor.
        """
        return self.autosave.flush()

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds text that is not saved yet."""
        return self.autosave.unsaved
