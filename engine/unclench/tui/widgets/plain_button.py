"""What Unclench's light buttons share: one plain widget, its state in words, pressed by Enter or a click."""

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


class PlainButton(Widget, can_focus=True):
    """A button that acts like Textual's compact ``Button`` without its weight: the base of the light buttons.

    Textual's Button carries styles for every variant and look, parsed at
    every start that shows one and matched at every restyle; a start that
    shows a few buttons (the course map's Continue, the lesson player's
    Previous and Next) pays noticeably for them. A plain button has no styles
    of its own: each subclass carries the rules of the look it needs
    (``DEFAULT_CSS``), a copy of the compact Button's.

    Like :class:`~unclench.tui.widgets.marked_button.MarkedButton`, it shows
    ``▶`` before its label while focused (in the blank otherwise there, so
    nothing moves) and, while disabled, why in brackets: both read without
    colour. Enter or a click presses it (with the compact Button's short
    "pressed" look) and it posts its class's ``Pressed``.

    Args:
        label: What the button says (plain text, never markup).
        unavailable: Said in brackets while it is disabled ("" for nothing).
        disabled: Whether it starts disabled.
        id: The widget's id.
        classes: CSS classes.
    """

    HELP_PLACE = "everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "press",
            "Press button",
            id="plain_button_press",
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

        def __init__(self, button: PlainButton) -> None:
            super().__init__()
            self.button = button
            """The button pressed."""

    def __init__(
        self,
        label: Content | str,
        *,
        unavailable: str = "",
        disabled: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self.unavailable = unavailable
        self.set_reactive(PlainButton.label, Content(label) if isinstance(label, str) else label)

    def _shown_label(self) -> Content:
        if self.disabled and self.unavailable:
            return Content.assemble(self.label, f" ({self.unavailable})")
        return self.label

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((cell_len(line) for line in self._shown_label().plain.splitlines()), default=0) + 2

    def render(self) -> Content:
        """`` label `` or ``▶ label`` (when focused), then why it is not available (when disabled)."""
        return Content.assemble(
            f"{FOCUS_MARKER} " if self.has_focus else " ", self._shown_label(), "" if self.has_focus else " "
        )

    def watch_disabled(self, disabled: bool) -> None:
        """The label grows or shrinks by the note."""
        super().watch_disabled(disabled)
        self.refresh(layout=True)

    def press(self) -> None:
        """Show the press, and post :class:`Pressed` (not while disabled or hidden)."""
        if self.disabled or not self.display:
            return
        self.add_class("-active")
        self.set_timer(self.ACTIVE_SECONDS, lambda: self.remove_class("-active"))
        self.post_message(self.Pressed(self))

    def action_press(self) -> None:
        """Press the button (unless it is showing a press already)."""
        if not self.has_class("-active"):
            self.press()

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()
