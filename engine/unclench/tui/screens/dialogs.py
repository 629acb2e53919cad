"""Modal screens: the safety gate, guidance (grounding, support, notices) and quitting unsaved."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Static

from unclench.imitation import SAFETY_CONFIRMATION
from unclench.practice import SafetyGate
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.screens.styled_as_mounted import StylesKept
from unclench.tui.stopping import END_UNDERNEATH, RESUME_EXERCISE, covered_words, stop_keys
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.read_through import ReadThrough, acknowledgement_hint, scroll, scroll_bindings, scrolls

if TYPE_CHECKING:
    from unclench.tui.widgets.autosave import AutosaveEditor

#: Said under the gate's title, before the notes: the stop key the notes promise, named before the eyes close.
GATE_STOP_KEYS = "The stop key: during the exercise, press {keys} to end it at once."
#: The label of the button that passes the gate (the same however the gate opened).
GATE_PASS = "Continue"


#: What the scroll keys do anywhere in the safety gate, and Space until its notes are read.
SCROLL_NOTES = "Scroll the notes, wherever the focus is in the gate (on a button too)"
SPACE_NOTES = "Until the notes are read to the end: page them down, wherever the focus is in the gate"

#: The name the safety gate's screen is kept under between two gates (:func:`open_safety_gate`).
SAFETY_GATE_SCREEN = "safety-gate"


def open_safety_gate(app: App[object], gate: SafetyGate, callback: Callable[[bool | None], None]) -> None:
    """Show ``gate`` over the current screen; ``callback`` gets whether it was passed.

    The gate opens on the way into every tremor exercise, and a new screen of
    notes, checkbox and buttons costs Textual a compose, styles for each widget
    and a first layout: several frames' time on each of those step changes.
    So the app keeps the last gate's screen (installed, hidden while off the
    stack) and shows the next gate in it (:meth:`SafetyGateScreen.show_gate`),
    exactly as a new screen would: its notes, unread, the box unticked and
    disabled, "Continue" disabled, the notes focused and scrolled to their top.
    A gate whose notes the kept screen cannot show (another number of notes,
    Markdown only Textual's widget draws) gets a new screen, kept instead.
    """
    kept = app.get_screen(SAFETY_GATE_SCREEN) if app.is_screen_installed(SAFETY_GATE_SCREEN) else None
    if isinstance(kept, SafetyGateScreen) and kept not in app.screen_stack:
        if kept.show_gate(gate):
            app.push_screen(kept, callback)
            return
        app.uninstall_screen(kept)
        kept.remove()
    screen = SafetyGateScreen(gate)
    if not app.is_screen_installed(SAFETY_GATE_SCREEN):  # else the kept one is on screen: this one is not kept
        app.install_screen(screen, SAFETY_GATE_SCREEN)
    app.push_screen(screen, callback)


class SafetyGateScreen(UnclenchModal[bool]):
    """The safety notes shown before every tremor exercise.

    The notes have the focus, so the keys scroll them (Enter does nothing
    there). The checkbox can only be ticked once the notes have been on
    screen to their end; passing then needs two deliberate actions: ticking
    it (Space, Enter or a click; Enter only ticks, never unticks) and pressing "Continue",
    which is disabled until the box is ticked. Dismisses with True when
    passed, False when declined. One screen can show gate after gate
    (:meth:`show_gate`, see :func:`open_safety_gate`).

    Args:
        gate: The safety gate (its notes).
    """

    DEFAULT_CSS = """
    SafetyGateScreen #gate-notes {
        height: 1fr;
        margin-top: 1;
    }
    SafetyGateScreen .note-title {
        text-style: bold;
    }
    SafetyGateScreen .note-text {
        margin: 0;
    }
    """

    HELP_PLACE = "safety gate"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "decline", "Not now", id="gate_decline", tooltip="Not now: back to the lesson"),
        # The hint's keys scroll the notes wherever the focus is in the gate (a stranger at 60x20 found them dead).
        *scroll_bindings("gate", SCROLL_NOTES, SPACE_NOTES),
    ]

    def __init__(self, gate: SafetyGate) -> None:
        super().__init__(classes="dialog-screen")
        self.gate = gate
        self._styles_kept = StylesKept()

    def post_message(self, message: Message) -> bool:
        """Shown again (kept between gates), the screen is not styled all over again unless the app changed.

        Textual restyles every widget of a screen each time it is shown (about 14 ms of a gate's
        press on the heavy benchmark); a kept gate's own widgets were restyled as they changed.
        """
        self._styles_kept.note(self, message)
        return super().post_message(message)

    def compose(self) -> ComposeResult:
        """The notes, the checkbox and the two buttons."""
        from unclench.tui.widgets.markdown_text import markdown_body

        with Vertical(id="gate", classes="dialog"):
            yield Static("Before you begin: safety notes", classes="dialog-title")
            yield Static(GATE_STOP_KEYS.format(keys=stop_keys()), id="gate-stop-keys", markup=False)
            with ReadThrough(id="gate-notes"):
                for note in self.gate.notes:
                    yield Static(note.title, classes="note-title", markup=False)
                    yield markdown_body(note.text.strip(), classes="note-text")
            # Enter ticks it, as on the disclaimer: a stranger's Tab, Enter did nothing here, and the next Enter
            # (on "Not now") closed the notes. Ticking never starts anything: Continue still has to be pressed.
            yield DeliberateCheckbox(Content(SAFETY_CONFIRMATION), id="gate-confirm", disabled=True, enter_ticks=True)
            yield Static(acknowledgement_hint(read=False, ticked=False), id="gate-hint", classes="hint")
            with Horizontal(classes="buttons"):
                # The way on first, as on the disclaimer: after ticking, Tab reaches it (a stranger's Tab,
                # Enter reached "Not now" and closed the notes without a word).
                yield MarkedButton(GATE_PASS, id="gate-begin", variant="warning", disabled=True)
                yield MarkedButton("Not now", id="gate-decline")

    def on_mount(self) -> None:
        """Start on the notes, so the keys scroll them from their beginning."""
        self.query_one("#gate-notes").focus()

    def show_gate(self, gate: SafetyGate) -> bool:
        """Show ``gate`` here as a new screen would show it (off the screen stack only).

        Returns:
            Whether it could: False when its notes need other widgets than the ones here.
        """
        from unclench.tui.widgets.markdown_text import MarkdownText, parse

        if not self.is_mounted:
            return False
        titles = list(self.query(".note-title").results(Static))
        bodies = list(self.query(".note-text"))
        blocks = [parse(note.text.strip()) for note in gate.notes]
        if len(titles) != len(gate.notes) or len(bodies) != len(gate.notes):
            return False
        if any(
            parsed is None or not isinstance(body, MarkdownText) for parsed, body in zip(blocks, bodies, strict=True)
        ):
            return False
        self.gate = gate
        for note, title, body, parsed in zip(gate.notes, titles, bodies, blocks, strict=True):
            assert isinstance(body, MarkdownText) and parsed is not None
            title.update(note.title)
            body.update(parsed)
        # Nothing of the last gate stays: unread, unticked, nothing to press but "Not now".
        checkbox = self.query_one("#gate-confirm", DeliberateCheckbox)
        with checkbox.prevent(Checkbox.Changed):
            checkbox.value = False
        checkbox.disabled = True
        self.query_one("#gate-begin", Button).disabled = True
        self.query_one("#gate-hint", Static).update(acknowledgement_hint(read=False, ticked=False))
        notes = self.query_one("#gate-notes", ReadThrough)
        notes.restart()
        self.set_focus(notes, scroll_visible=False)
        return True

    def on_read_through_read(self, event: ReadThrough.Read) -> None:
        """Read to the end: the box can be ticked now."""
        if not event.read_through.read:
            return  # read before the notes were replaced (show_gate): these are unread
        self.query_one("#gate-confirm").disabled = False
        self.query_one("#gate-hint", Static).update(acknowledgement_hint(read=True, ticked=False))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Enable "Continue" only while the box is ticked, and say what is left to do."""
        # The box's value now, not the message's: a tick from before show_gate must not enable "Continue".
        ticked = self.query_one("#gate-confirm", DeliberateCheckbox).value
        self.query_one("#gate-begin", Button).disabled = not ticked
        self.query_one("#gate-hint", Static).update(acknowledgement_hint(read=True, ticked=ticked))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Pass or decline."""
        event.stop()
        if event.button.id == "gate-begin" and self.query_one("#gate-confirm", DeliberateCheckbox).value:
            self.dismiss(True)
        elif event.button.id == "gate-decline":
            self.dismiss(False)

    def action_decline(self) -> None:
        """Back to the lesson without starting."""
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space pages the notes down only until they are read (then the hint no longer says it does)."""
        if action == "scroll_read_through":
            return scrolls(self.query_one("#gate-notes", ReadThrough), parameters)
        return True

    def action_scroll_read_through(self, key: str) -> None:
        """Scroll the notes as ``key`` scrolls them with the focus on them."""
        scroll(self.query_one("#gate-notes", ReadThrough), key)


#: Under the buttons of a box with no default answer ("Take a moment"): the focus is on its text, Enter answers
#: nothing, and Escape pressed again and again does not close it (``escape_after``), so the ways out are said.
NO_DEFAULT_HINT = "Tab to an answer, then Enter (or click it). Escape, pressed once, closes this without one."


class GuidanceScreen(UnclenchModal[str | None]):
    """A text to read, closed with one of its buttons: grounding, support guidance, or a notice.

    Dismisses with the id of the button pressed (``ok`` for the single
    button), or None on Escape. The first button has the focus, so the
    default is always the gentle choice: authors of the choices put it first.
    Where no choice is gentle enough to be a default (how someone is after
    stopping early), ``choose_first=False`` focuses the text instead: an
    Enter pressed by habit answers nothing, and Tab reaches the buttons.

    Args:
        title: The heading.
        text: The text, in Markdown (shown as text, never as console markup).
        button: The label of the closing button (when there are no ``choices``).
        kind: ``info``, ``notice``, ``grounding`` or ``support`` (the border's colour).
        choices: ``(id, label)`` of each button, in order; the first is focused.
        choose_first: Focus the first button (else the text).
        escape_after: Seconds of quiet before Escape closes it: since the box opened, and since the Escape before
            it. Sooner, an Escape is of the burst of keys that opened it (a stranger's second Escape of the stop
            closed "Take a moment" unanswered), or one of a run of them pressed by habit (the third closed it, a
            moment after it opened), and it restarts the wait: Escape pressed again and again never closes the
            box; one Escape, after a pause, does, and the buttons always do.
        press_after: Seconds after opening before Enter presses the focused button: sooner, it is of the burst
            of keys that opened the box, and would close it unread (a click always counts).
    """

    HELP_PLACE = "grounding and notices"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="guidance_close", tooltip="Close the box"),
    ]

    def __init__(
        self,
        title: str,
        text: str,
        *,
        button: str = "OK",
        kind: str = "info",
        choices: Sequence[tuple[str, str]] = (),
        choose_first: bool = True,
        escape_after: float = 0.0,
        press_after: float = 0.0,
    ) -> None:
        super().__init__(classes=f"dialog-screen -{kind}")
        self.title_text = title
        self.text = text
        self.choices = tuple(choices) or (("ok", button),)
        self.choose_first = choose_first
        self.escape_after = escape_after
        self.press_after = press_after
        self._opened_at = time.monotonic()
        self._quiet_since = self._opened_at
        """When the box opened, or the last Escape came: an Escape closes it only ``escape_after`` later."""

    def compose(self) -> ComposeResult:
        """The heading, the text and the buttons."""
        from unclench.tui.widgets.markdown_text import markdown_body

        with Vertical(classes="dialog guidance"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="guidance-text", can_focus=True):
                yield markdown_body(self.text.strip(), classes="guidance-body")
            with Horizontal(classes="buttons"):
                for index, (choice_id, label) in enumerate(self.choices):
                    yield MarkedButton(
                        Content(label),
                        id=f"guidance-{choice_id}",
                        name=choice_id,
                        # No default, no look of one: a highlighted "I'm OK" read as already chosen.
                        variant="primary" if index == 0 and self.choose_first else "default",
                    )
            if not self.choose_first:  # nothing focused to press: how to answer, and how to leave, on screen
                yield Static(NO_DEFAULT_HINT, classes="hint guidance-hint", markup=False)

    def on_mount(self) -> None:
        """Focus the first button, or the text when no answer should be a default."""
        if self.choose_first:
            self.query(Button).first().focus()
        else:
            self.query_one(".guidance-text").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close with the button's choice."""
        event.stop()
        self.dismiss(event.button.name)

    def on_key(self, event: events.Key) -> None:
        """An Enter in the burst of keys that opened the box does nothing (the bindings never see it)."""
        if event.key == "enter" and time.monotonic() - self._opened_at < self.press_after:
            event.stop()
            event.prevent_default()

    def action_close(self) -> None:
        """Close (unanswered), unless Escape came in the burst that opened the box, or in a run of Escapes."""
        now = time.monotonic()
        quiet, self._quiet_since = now - self._quiet_since, now
        if quiet < self.escape_after:
            return
        self.dismiss(None)


class LeavingExerciseScreen(GuidanceScreen):
    """Asked when the learner quits during an exercise (paused, and left paused unless they quit): grounding
    first, then stay or go.

    Dismisses with ``quit``, ``stay`` (the default), ``end`` (the stop key: end the exercise now), or None on
    Escape (stay).

    Args:
        grounding: The course's grounding guidance.
    """

    HELP_PLACE = "grounding and notices"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            END_UNDERNEATH.key,
            "end_exercise",
            "End exercise",
            id="leaving_end_exercise",
            tooltip='At "Before you go" during an exercise: end the exercise now',
        ),
    ]

    def __init__(self, grounding: str) -> None:
        where = covered_words(goes_on=False) + f" Stay does the same; then {RESUME_EXERCISE.key} goes on with it."
        super().__init__(
            "Before you go",
            f"{where}\n\nBefore you close Unclench, take a moment: come out of the practice slowly.\n\n"
            + grounding.strip(),
            kind="grounding",
            choices=[("stay", "Stay"), ("quit", "Quit Unclench")],
        )

    def action_end_exercise(self) -> None:
        """End the exercise now (its stop key), instead of staying or quitting."""
        self.dismiss("end")


class UnsavedQuitScreen(UnclenchModal[bool]):
    """Asked when quitting while a journal answer could not be saved.

    Dismisses with True to quit anyway, False to stay (the default).

    Args:
        reason: Why the answer could not be saved.
    """

    HELP_PLACE = "quitting with unsaved text"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", "Stay", id="unsaved_stay", tooltip="Stay, with the answer still on screen"),
    ]

    def __init__(self, reason: str) -> None:
        super().__init__(classes="dialog-screen")
        self.reason = reason

    def compose(self) -> ComposeResult:
        """The problem and the choice."""
        with Vertical(classes="dialog"):
            yield Static("Your answer is not saved", classes="dialog-title")
            yield Static(
                Content.assemble(
                    "Your latest journal text could not be saved: ",
                    self.reason,
                    "\n\nIt is still on screen. If you quit now, the unsaved part is lost.",
                )
            )
            with Horizontal(classes="buttons"):
                yield MarkedButton("Stay", id="unsaved-stay", variant="primary")
                yield MarkedButton("Quit anyway", id="unsaved-quit", variant="error")

    def on_mount(self) -> None:
        """Start on "Stay"."""
        self.query_one("#unsaved-stay").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Stay or quit."""
        event.stop()
        self.dismiss(event.button.id == "unsaved-quit")

    def action_stay(self) -> None:
        """Stay."""
        self.dismiss(False)


#: The question before an answer that had text is stored empty, and its choices ("Keep my answer" the default).
CLEAR_TITLE = "Clear your answer?"
CLEAR_TEXT = (
    "The box is empty, but your answer is still saved as it was. Keep it, and it is back in the box. "
    "Clear it, and it is stored empty: the journal then shows it as cleared, and the text is gone."
)
CLEAR_CHOICES = (("keep", "Keep my answer"), ("clear", "Clear it"))


def ask_before_clearing(app: App[object], editor: AutosaveEditor, then: Callable[[], object] | None = None) -> None:
    """Ask before ``editor``'s answer, emptied, is stored empty; keep it unless the learner chooses to clear it.

    A stranger held Backspace until the box was empty, pressed Escape, and their answer was gone for good,
    unasked. Escape, or Enter on the default, keeps it. ``then`` follows either way.
    """
    from unclench.tui.widgets.autosave import notify_not_saved

    def chosen(choice: str | None) -> None:
        if choice == "clear":
            error = editor.clear()
            if error is not None:
                notify_not_saved(editor, error)
        else:
            editor.keep()
        if then is not None:
            then()

    app.push_screen(GuidanceScreen(CLEAR_TITLE, CLEAR_TEXT, kind="notice", choices=CLEAR_CHOICES), chosen)
