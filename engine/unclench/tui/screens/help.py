"""The help screen: every key, what the course is, where the data is stored."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from unclench.text import visible
from unclench.tui.keys import KEY_HELP
from unclench.tui.session import Session
from unclench.tui.widgets.marked_button import MarkedButton


class HelpScreen(ModalScreen[None]):
    """Help: the keys, the course and its sources, and where progress is stored.

    Args:
        session: The learner's session.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close help", id="help_close"),
    ]
    """| Key | Description |
    | :- | :- |
    | escape, ? | Close help. |
    """

    def __init__(self, session: Session) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session

    def compose(self) -> ComposeResult:
        """Keys, course and data."""
        course = self.session.course
        with Vertical(id="help", classes="dialog"):
            yield Static("Help", classes="dialog-title")
            with VerticalScroll(id="help-body", can_focus=True):
                yield Static("Keys", classes="section-title")
                with Grid(id="help-keys"):
                    for keys, where, what in KEY_HELP:
                        yield Static(Content.styled(keys, "bold"), classes="help-key")
                        yield Static(Content.assemble(what, (f" ({where})", "dim") if where else ""))
                yield Static("This course", classes="section-title")
                about = [Content.styled(course.title, "bold")]
                if course.summary:
                    about.append(Content(course.summary.strip()))
                if course.sources:
                    about.append(Content("Its ideas come from:"))
                    about.extend(Content(f"• {s.title}, by {s.author}") for s in course.sources)
                about.append(Content("It is self-help for general education, not medical advice."))
                yield Static(Content("\n").join(about), id="help-course")
                yield Static("Your data", classes="section-title")
                yield Static(
                    Content.assemble(
                        "Your progress and journal answers are stored only on this computer, in\n",
                        (visible(str(self.session.store.path)), "bold"),
                        "\nSet UNCLENCH_DATA_DIR to keep them somewhere else.",
                    ),
                    id="help-data",
                )
            with Horizontal(classes="buttons"):
                yield MarkedButton("Close", id="help-ok", variant="primary")

    def on_mount(self) -> None:
        """Focus the text so it scrolls with the arrow keys."""
        self.query_one("#help-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close."""
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
