"""A button whose focus and availability read in text, not only in colour."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content, ContentText
from textual.geometry import Size
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

#: Drawn before the label of the focused button.
FOCUS_MARKER = "▶"
#: Said after the label of a disabled button, unless it says something more useful.
NOT_AVAILABLE = "not available yet"


class MarkedButton(Button):
    """Textual's compact :class:`~textual.widgets.Button`, with its state in words and shapes.

    The focused button shows ``▶`` before its label (in the blank it
    otherwise leaves there, so nothing moves); a disabled one adds why in
    brackets, "(not available yet)" unless told better. Under a monochrome
    terminal or ``NO_COLOR`` both still show. It posts
    :class:`~textual.widgets.Button.Pressed` like any button.

    Args:
        label: What the button says.
        variant: Textual's button variant.
        name: The widget's name.
        id: The widget's id.
        classes: CSS classes.
        disabled: Whether it starts disabled.
        unavailable: Said in brackets while it is disabled ("" for nothing).
    """

    def __init__(
        self,
        label: ContentText,
        variant: ButtonVariant = "default",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        unavailable: str = NOT_AVAILABLE,
    ) -> None:
        super().__init__(label, variant, name=name, id=id, classes=classes, disabled=disabled, compact=True)
        self.unavailable = unavailable
        # The button draws its own blank (or marker) either side; CSS cannot say line-pad: 0.
        self.styles.line_pad = 0

    def _shown_label(self) -> Content:
        label = self.label
        assert isinstance(label, Content)
        if self.disabled and self.unavailable:
            return Content.assemble(label, f" ({self.unavailable})")
        return label

    def get_content_width(self, container: Size, viewport: Size) -> int:
        lines = self._shown_label().plain.splitlines() or [""]
        return max(cell_len(line) for line in lines) + 2

    def render(self) -> Content:
        """`` label `` or ``▶ label`` (when focused), then why it is not available (when disabled)."""
        lead = f"{FOCUS_MARKER} " if self.has_focus else " "
        return Content.assemble(lead, self._shown_label(), "" if self.has_focus else " ")

    def watch_disabled(self, disabled: bool) -> None:
        """The label grows or shrinks by the note."""
        super().watch_disabled(disabled)
        self.refresh(layout=True)
