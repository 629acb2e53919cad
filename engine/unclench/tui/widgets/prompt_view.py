"""A prompt step: a reflective question and an editor whose text autosaves."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from unclench.course import Lesson, PromptStep
from unclench.journey import Place
from unclench.store.errors import StoreError
from unclench.text import visible
from unclench.tui.session import Session
from unclench.tui.typed_words import TypedWords, say_when_typed
from unclench.tui.widgets.autosave import KEPT_NOT_CLEARED, AutosaveEditor
from unclench.tui.widgets.step_base import StepView, step_title

if TYPE_CHECKING:
    from unclench.tui.widgets.deliberate_text_area import DeliberateTextArea


class PromptView(StepView):
    """Shows a question and a multi-line editor for the learner's journal answer.

    The answer autosaves while the learner types (see :class:`AutosaveEditor`:
    debounced, in a worker thread, flushed when the learner leaves the step or
    quits). When a save fails the text stays in the editor and the error is
    shown under it.

    Arriving on the step never puts typing focus in the editor: ``n``, ``p``
    and every other key do what they do on any step. Writing starts with a
    deliberate action: ``e`` or a click in the editor (Tab passes it by). While the editor
    has focus every key is text (Tab types a tab); ctrl+n / ctrl+p move on or back (saving
    first) and escape leaves the editor (a second escape leaves the lesson).
    """

    HELP_PLACE = "reflection step"
    BUILT_AHEAD: ClassVar[bool] = True
    """It shows the question and the learner's answer to it (read as it is made); its editor saves only
    what is typed into it, and nothing reaches it until the learner starts writing."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "stop_writing",
            "Stop writing",
            id="stop_writing",
            tooltip="While writing: leave the editor, stay on the step",
        ),
    ]

    #: Shown under an empty editor: how to start, and that it saves itself.
    HINT = "Press e (or click the box) to write. It saves as you type; Esc stops writing."
    #: Shown under the empty editor once writing has started.
    WRITING_HINT = "Writing: it saves as you type. Tab types a tab; Esc stops writing."
    #: Said once when letters are typed before writing has started (they went nowhere).
    TYPED_BEFORE_WRITING = "Nothing was typed into your answer: press e first to start writing."

    class TypedBeforeWriting(Message):
        """Letters were typed before writing started (they went nowhere): the screen says so, for this step only."""

    class WritingStartedAfterLetters(Message):
        """``e`` started writing straight after letters that went nowhere: the screen names them.

        A stranger typed "tea and a warm shower" at the box: the "t" went nowhere, the "e"
        started writing, and "a and a warm shower" was saved under the notice "Nothing was
        typed into your answer". The notice now says which letters are not in the answer.
        """

        def __init__(self, letters: str) -> None:
            super().__init__()
            self.letters = letters
            """The letters typed just before, not in the answer."""

    class WritingStarted(Message):
        """``e`` started writing: what was said about keys typed here before is untrue now, and goes.

        A stranger read "“exit” was typed as a word, not into your answer" still on screen while the letters they
        typed after a new ``e`` went into the answer.
        """

    class WordTyped(Message):
        """A word begun with ``e`` was typed at the answer ("exit"): the ``e`` opened it, the rest went nowhere.

        See :meth:`TypedWords.rest_of_word`: the screen says so, and how to write.
        """

        def __init__(self, word: str) -> None:
            super().__init__()
            self.word = word
            """What was typed (the learner's input: shown as it is)."""

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        step = self.session.journey.step_at(self.place)
        assert isinstance(step, PromptStep)
        self.step = step
        self._told_how_to_write = False
        self._typed_words = TypedWords()
        """Letters typed at the box before ``e``: words typed in a burst are not keys."""
        load_error: str | None = None
        try:
            entry = self.session.learner.answer(self.lesson.id, step.id)
        except StoreError as error:
            entry = None
            load_error = error.explained
        self._answered_to = entry.question if entry is not None and entry.answer.strip() else step.question
        """The question as it was worded when the learner answered it (the journal keeps that wording)."""
        self._autosave = AutosaveEditor(
            entry.answer if entry is not None else "",
            self._save,
            read=lambda: self.session.learner.answer(self.lesson.id, step.id),
            put_back=lambda before: self.session.learner.put_back_answer(self.lesson.id, step.id, before),
            stored=self._stored,
            hint=self.HINT,
            writing_hint=self.WRITING_HINT,
            load_error=load_error,
            cursor_blink=self.session.cursor_blink,
            made_when_writing=True,
            classes="prompt-editor",
        )

    @property
    def autosave(self) -> AutosaveEditor:
        """The editor and its save indicator."""
        return self._autosave

    @property
    def editor(self) -> DeliberateTextArea:
        """The answer editor (made now if the learner has not started writing yet: see :class:`AutosaveEditor`)."""
        return self.autosave.editor

    def compose(self) -> ComposeResult:
        """The question, its hint, the editor and the save indicator."""
        yield self.heading(step_title(self.step))
        yield Static(self.step.question, classes="question", markup=False)
        if self._answered_to != self.step.question:
            # Reworded by the author since: an author saw the new wording above an answer given to the old one.
            yield Static(
                f"Your answer below was written to an earlier wording: “{visible(self._answered_to)}”",
                classes="hint earlier-wording",
                markup=False,
            )
        if self.step.hint:
            yield Static(self.step.hint, classes="hint", markup=False)
        yield self._autosave

    def _save(self, text: str) -> None:
        """Store the answer (runs in a worker thread)."""
        self.session.learner.save_answer(self.lesson.id, self.step.id, self.step.question, text)

    def _stored(self, text: str) -> None:
        """A written answer completes the step."""
        if text.strip():
            self.post_message(self.Completed(self.place))

    def focus_target(self) -> Widget:
        """Start on the step, not in the editor: no key reaches the answer until the learner starts writing."""
        return self

    @property
    def writing(self) -> bool:
        """Whether the editor has focus (keys are text)."""
        return self.is_mounted and self.autosave.writing

    def action_write(self) -> None:
        """Start writing: focus the editor, with the cursor at the end of the text.

        Keys typed straight after ``e`` that went to what had the focus (this step, or a button
        of the player) are typed into the answer after it, in order (see :meth:`DeliberateTextArea.take_focus_from`).
        """
        self.post_message(self.WritingStarted())
        self._write()

    def _write(self, since: float | None = None) -> None:
        rest_of_word = self._rest_of_word if since is not None else None
        self.autosave.focus_end(keys_from=self.screen.focused or self, since=since, rest_of_word=rest_of_word)

    def _rest_of_word(self, event: events.Key) -> bool:
        """Whether ``event``, the first key after the ``e`` that started writing, is the rest of a word (TypedWords).

        Then the writing ends at once, with the answer as it was (nothing is written), and the learner is told.
        """
        if not self._typed_words.rest_of_word(event, self.autosave.text):
            if self._typed_words.e_begins_answer:
                self.autosave.editor.insert("e")
            return False
        self.action_stop_writing()
        say_when_typed(self, self._typed_words, self._say_word_typed)
        return True

    def _say_word_typed(self, word: str) -> None:
        self.post_message(self.WordTyped(word))

    def take_key(self, event: events.Key, habit_letters: Collection[str] = ()) -> bool:
        """Whether this step takes a key pressed anywhere on the player (it then does nothing else).

        ``e`` starts writing here and now. Letters typed before it go nowhere, and the learner is
        told so (once). Words typed at the box are not keys: a stranger's "e" of "neck" started
        writing and saved "ck", and the "n" of "not" moved on. So words typed in a burst go nowhere,
        ``e``, ``n`` and ``q`` in them too (:class:`TypedWords`, the journal's rule as well), unless the
        letter before was one of ``habit_letters`` (the course map's keys, "c", "j"), pressed alone by
        habit: the ``e`` after one of those still writes. A word that begins with ``e`` ("exit") typed at an
        answer opens the editor, and the rest of it goes nowhere (:meth:`TypedWords.rest_of_word`).
        """
        if self.autosave.locked or self.autosave.keys_go_to_editor:
            return False  # a locked answer: the binding says why; while writing, the editor has the keys
        if self._typed_words.swallows(event):
            return True
        if event.key == "e":
            letters = self._typed_words.writing_started(event)
            self.post_message(self.WritingStartedAfterLetters(letters) if letters else self.WritingStarted())
            self._write(since=event.time)
            return True
        if event.is_printable and event.key not in self.screen.active_bindings:
            self._typed_words.went_nowhere(event, habit_letters)
            if not self._told_how_to_write:
                self._told_how_to_write = True
                self.post_message(self.TypedBeforeWriting())
        return False

    def action_stop_writing(self) -> None:
        """Leave the editor (the text is kept; it saves as it always does); keys already on their way are not text."""
        self.focus()
        self.editor.leave()
        # Emptied over an answer that had text: asked before it is stored empty. Else the box shows what is saved.
        if not self.autosave.ask_to_clear():
            self.autosave.show_as_saved()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape stops writing only inside the editor (outside, escape leaves the lesson)."""
        if action == "stop_writing":
            return self.writing
        return True

    def on_descendant_focus(self) -> None:
        """The keys on offer change when the editor takes the focus."""
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        """The keys on offer change when the editor gives up the focus."""
        self.refresh_bindings()

    def flush(self) -> StoreError | None:
        """Save the editor's text now if anything is unsaved.

        Returns:
            The error when it could not be saved; the text stays in the editor.
        """
        error = self.autosave.flush()
        if error is None and self.autosave.clear_held:
            self.notify(KEPT_NOT_CLEARED, markup=False)
        return error

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds text that is not saved yet."""
        return self.autosave.unsaved
