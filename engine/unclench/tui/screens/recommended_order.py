"""Shown when a lesson is opened before the lessons it builds on are done: which ones, why, and a way there."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from unclench.journey import RecommendedOrder
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.widgets.marked_button import MarkedButton

#: What the screen dismisses with.
GO_THERE = "go"
CONTINUE_ANYWAY = "anyway"


class RecommendedOrderScreen(UnclenchModal[str | None]):
    """Names the lessons a lesson builds on that are not done yet, and why; nothing is locked.

    "Go there" has the focus, so Enter (however often) leads to the first
    lesson to do first. "Continue anyway" is last, never focused on opening:
    reaching it takes Tab or the mouse. Escape and "Not now" stay where the
    learner was. Dismisses with :data:`GO_THERE`, :data:`CONTINUE_ANYWAY` or None.

    Args:
        order: The lesson, the lessons it waits for, the reason and where "Go there" leads.
        go_title: The title of the lesson "Go there" opens.
    """

    DEFAULT_CSS = """
    RecommendedOrderScreen .order-lessons {
        height: auto;
        max-height: 70vh;
        margin-top: 1;
    }
    RecommendedOrderScreen .order-lesson {
        padding-left: 2;
    }
    RecommendedOrderScreen .order-reason, RecommendedOrderScreen .order-note {
        margin-top: 1;
    }
    RecommendedOrderScreen .order-note {
        color: $text-muted;
    }
    """

    HELP_PLACE = "grounding and notices"
    BINDINGS: ClassVar[list[BindingType]] = [
        # "Close", as on every notice: the learner stays where they were.
        Binding("escape", "not_now", "Close", id="order_not_now", tooltip="Close the box"),
    ]
    """| Key | Description |
    | :- | :- |
    | escape | Close (not now): stay where you were. |
    """

    def __init__(self, order: RecommendedOrder, go_title: str) -> None:
        super().__init__(classes="dialog-screen")
        self.order = order
        self.go_title = go_title

    def compose(self) -> ComposeResult:
        """The lesson, the lessons it builds on that are not done, the reason, and the three buttons."""
        order = self.order
        some = "this lesson" if len(order.waiting) == 1 else "these lessons"
        with Vertical(classes="dialog order"):
            yield Static("Before this lesson", classes="dialog-title")
            with VerticalScroll(classes="order-lessons", can_focus=True):  # the keys scroll it, when it must
                intro = Content.assemble("“", order.lesson.title, f"” builds on {some}, not done yet:")
                yield Static(intro, classes="order-intro")
                for lesson in order.waiting:
                    yield Static(Content.assemble("• ", lesson.title), classes="order-lesson")
                if order.reason.strip():
                    yield Static(Content(order.reason.strip()), classes="order-reason")
                yield Static(
                    Content.assemble(
                        "Go there opens “",
                        self.go_title,
                        "”. You can also continue anyway; you will not be asked again for this lesson.",
                    ),
                    classes="order-note",
                )
            with Horizontal(classes="buttons"):
                yield MarkedButton("Go there", id="order-go", variant="primary")
                yield MarkedButton("Not now", id="order-not-now")
                yield MarkedButton("Continue anyway", id="order-anyway")

    def on_mount(self) -> None:
        """ "Go there" is the default."""
        self.query_one("#order-go").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Go there, not now, or continue anyway."""
        event.stop()
        choice = {"order-go": GO_THERE, "order-anyway": CONTINUE_ANYWAY}.get(event.button.id or "")
        self.dismiss(choice)

    def action_not_now(self) -> None:
        """Stay where the learner was."""
        self.dismiss(None)
