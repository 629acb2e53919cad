"""The first screen: a welcome and the course disclaimer, acknowledged deliberately."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Static

from unclench.imitation import DISCLAIMER_CONFIRMATION
from unclench.journey import DISCLAIMER_KIND
from unclench.store.errors import StoreError
from unclench.text import visible
from unclench.tui.screens.styled_as_mounted import StyledAsMountedScreen
from unclench.tui.session import Session
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.clamped_text import ClampedText
from unclench.tui.widgets.footer import KeyFooter
from unclench.tui.widgets.markdown_text import markdown_body
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.read_through import ReadThrough, acknowledgement_hint, scroll, scroll_bindings, scrolls


class DisclaimerScreen(StyledAsMountedScreen[bool]):
    """Welcome and disclaimer; shown on first run and whenever the disclaimer text changes.

    The text has the focus, so the keys scroll it. The box "I have read
    this" can only be ticked once the text has been on screen to its end,
    and "Continue" is disabled until the learner ticks it (Space, Enter or a
    click, once it can be ticked). Continuing stores an acknowledgement
    with the hash of the disclaimer's text, then dismisses with True. When it
    cannot be stored the learner stays here, with the error shown, and can
    try again or quit (never a course map that refuses every lesson).

    Args:
        session: The learner's session.
    """

    HELP_PLACE = "safety text"
    BINDINGS: ClassVar[list[BindingType]] = scroll_bindings(
        "disclaimer",
        "On the disclaimer: scroll it, wherever the focus is (on a button too)",
        "On the disclaimer, until it is read to the end: page it down, wherever the focus is",
    )

    NOTICE_CHANGED = "The disclaimer has changed since you last read it. Please read it again."
    NOTICE_IMPORTED = "Your imported record says this was read before. Please read it here before you go on."

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        try:
            self.imported = session.learner.disclaimer_read_only_in_a_file()
            self.changed = not self.imported and any(
                a.kind == DISCLAIMER_KIND for a in session.learner.acknowledgements()
            )
        except StoreError:
            self.imported = self.changed = False

    def compose(self) -> ComposeResult:
        """Welcome, summary, the disclaimer, the checkbox and the buttons."""
        course = self.session.course
        with Vertical(id="disclaimer", classes="page"):
            # At most two lines: a title that grew with its text pushed the disclaimer and its buttons off the screen.
            yield ClampedText(f"Welcome to {course.title}", max_lines=2, classes="screen-title")
            with ReadThrough(id="disclaimer-text"):
                if self.changed or self.imported:
                    yield Static(
                        Content.styled(self.NOTICE_IMPORTED if self.imported else self.NOTICE_CHANGED, "bold"),
                        classes="notice",
                    )
                if course.summary:
                    yield Static(course.summary.strip(), classes="summary", markup=False)
                yield Static("Please read this first", classes="section-title")
                yield markdown_body(course.disclaimer.strip(), "disclaimer-body", id="disclaimer-body")
            yield DeliberateCheckbox(
                Content(DISCLAIMER_CONFIRMATION), id="disclaimer-confirm", disabled=True, enter_ticks=True
            )
            yield Static(acknowledgement_hint(read=False, ticked=False), id="disclaimer-hint", classes="hint")
            yield Static(id="disclaimer-error")
            with Horizontal(classes="buttons"):
                yield MarkedButton("Continue", id="disclaimer-continue", variant="primary", disabled=True)
                yield MarkedButton("Quit", id="disclaimer-quit")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start on the text, so the keys scroll it from its beginning."""
        self.query_one("#disclaimer-text").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space pages the text down only until it is read (then the hint no longer says it does)."""
        if action == "scroll_read_through":
            return scrolls(self.query_one("#disclaimer-text", ReadThrough), parameters)
        return True

    def action_scroll_read_through(self, key: str) -> None:
        """Scroll the text as ``key`` scrolls it with the focus on it (the hint's keys, from the buttons too)."""
        scroll(self.query_one("#disclaimer-text", ReadThrough), key)

    def on_read_through_read(self, event: ReadThrough.Read) -> None:
        """Read to the end: the box can be ticked now."""
        self.query_one("#disclaimer-confirm").disabled = False
        self.query_one("#disclaimer-hint", Static).update(acknowledgement_hint(read=True, ticked=False))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Enable "Continue" only while the box is ticked, and say what is left to do."""
        self.query_one("#disclaimer-continue", Button).disabled = not event.value
        self.query_one("#disclaimer-hint", Static).update(acknowledgement_hint(read=True, ticked=event.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Acknowledge and continue, or quit."""
        event.stop()
        if event.button.id == "disclaimer-quit":
            self.app.exit()
        elif event.button.id == "disclaimer-continue" and self.query_one("#disclaimer-confirm", Checkbox).value:
            error_line = self.query_one("#disclaimer-error", Static)
            try:
                self.session.acknowledge_disclaimer()
            except StoreError as error:
                error_line.update(
                    Content.assemble(
                        ("Could not save that you read this: ", "bold $error"),
                        visible(error.explained),
                        " Choose Continue to try again, or Quit.",
                    )
                )
                error_line.display = True
                return
            self.dismiss(True)
