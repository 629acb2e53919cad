"""The course map's "Continue" button."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from unclench.tui.widgets.marked_button import FOCUS_MARKER


class ContinueButton(Widget, can_focus=True):
    """A button that looks and acts like Textual's compact primary ``Button``, with a fraction of its CSS.

    Textual's Button carries styles for every variant and look, and parsing
    them is a noticeable part of the course map's start-up; this button has
    only the one look it needs. Enter or a click presses it (with the same
    short "pressed" flash) and it posts :class:`ContinueButton.Pressed`.

    Args:
        label: What the button says (plain text, never markup).
        id: The widget's id.
    """

    DEFAULT_CSS = """
    ContinueButton {
        width: auto;
        min-width: 16;
        max-width: 100%;
        height: auto;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-color-foreground;
        background: $primary;
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $primary-darken-2;
        }
        &.-active {
            background: $primary;
            tint: $background 30%;
        }
    }
    """

    HELP_PLACE = "everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "press",
            "Continue where you left off",
            id="continue_press",
            show=False,
            tooltip="Press the highlighted button",
        ),
    ]

    label: reactive[Content] = reactive(Content(), layout=True)
    """What the button says."""

    ACTIVE_SECONDS = 0.2
    """How long the button shows it was pressed."""

    class Pressed(Message):
        """The button was pressed."""

    def __init__(self, label: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ContinueButton.label, label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((cell_len(line) for line in self.label.plain.splitlines()), default=0) + 2

    def render(self) -> Content:
        """The label, with ``▶`` before it while focused (in the blank otherwise there: nothing moves)."""
        return Content.assemble(
            f"{FOCUS_MARKER} " if self.has_focus else " ", self.label, "" if self.has_focus else " "
        )

    def press(self) -> None:
        """Show the press, and post :class:`Pressed`."""
        if self.disabled or not self.display:
            return
        self.add_class("-active")
        self.set_timer(self.ACTIVE_SECONDS, lambda: self.remove_class("-active"))
        self.post_message(self.Pressed())

    def action_press(self) -> None:
        """Press the button (unless it is showing a press already)."""
        if not self.has_class("-active"):
            self.press()

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()
