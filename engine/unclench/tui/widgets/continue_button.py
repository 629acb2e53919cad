"""The course map's "Continue" button."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size

from unclench.tui.widgets.plain_button import PlainButton


class ContinueButton(PlainButton):
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

    class Pressed(PlainButton.Pressed):
        """The button was pressed."""

    def __init__(self, label: Content, *, id: str | None = None) -> None:
        super().__init__(label, id=id)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the label, but never past the right edge when offset in from the left.

        The map sets the button in by an offset, not a margin (a margin would narrow every widget of the
        screen by it), and ``max-width: 100%`` does not count an offset: a long label reached one column past
        the screen and lost a word there ("Step 4 of 8" read "Step of 8" at 60 columns).
        """
        room = container.width - self.styles.offset.resolve(container, viewport).x
        return max(1, min(super().get_content_width(container, viewport), room))
