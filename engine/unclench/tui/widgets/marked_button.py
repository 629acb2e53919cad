"""A button whose focus and availability read in text, not only in colour."""

from __future__ import annotations

from typing import Literal

from rich.cells import cell_len
from textual.content import Content, ContentText
from textual.css.types import CSSLocation
from textual.geometry import Size
from textual.widgets import Button

#: Drawn before the label of the focused button.
FOCUS_MARKER = "▶"
#: Said after the label of a disabled button, unless it says something more useful.
NOT_AVAILABLE = "not available yet"

#: The variants a marked button comes in (Textual's, but for "success", which Unclench has no use for).
MarkedVariant = Literal["default", "primary", "warning", "error"]


#: The look of Textual's compact Button in its default and primary variants, in every state and theme: the
#: body of a rule, nested under the type that wears it (see :func:`compact_button_css`). The one place a
#: button's look is written: :class:`MarkedButton` adds its other variants, and the lesson player's
#: :class:`~unclench.tui.widgets.nav_button.NavButton` (a plain widget) wears it as it is.
COMPACT_BUTTON_LOOK = """
        width: auto;
        min-width: 16;
        height: auto;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        &:disabled {
            text-opacity: 0.6;
            pointer: not-allowed;
        }
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $surface-darken-1;
        }
        &.-active {
            background: $surface;
            tint: $background 30%;
        }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            &:hover { background: $primary-darken-2; }
            &.-active { background: $primary; }
        }
        &:ansi {
            background: ansi_default;
            &:disabled {
                text-opacity: 1;
                text-style: bold dim;
                border: tall $border-blurred;
                background: ansi_default !important;
                pointer: not-allowed;
            }
            &:hover { background: $ansi-background; }
            &.-active {
                background: $ansi-background !important;
                border: blank $background;
                tint: transparent;
            }
            &.-primary {
                color: $primary;
                background: ansi_default;
                &:hover { background: $ansi-background; }
            }
        }
"""


def compact_button_css(type_name: str, more: str = "") -> str:
    """``DEFAULT_CSS`` for ``type_name``: :data:`COMPACT_BUTTON_LOOK`, then ``more`` (its own rules), under it."""
    return f"{type_name} {{{COMPACT_BUTTON_LOOK}{more}}}\n"


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

    # Textual's Button styles every variant in both of its looks (about 60 rules, parsed at start-up
    # and matched against each button every time it is styled). A marked button is always compact and
    # never flat: these are the rules of Button.DEFAULT_CSS that apply to it, with the same values,
    # but for borders, which a compact button has none of (``border: none !important``) except in an
    # ANSI theme when disabled or pressed. tests/ui/test_marked_button_css.py compares the styles with
    # a compact Button's in every variant, state and theme.
    DEFAULT_CSS = compact_button_css(
        "MarkedButton",
        """
        line-pad: 1;
        border: none;
        &.-warning {
            color: $button-color-foreground;
            background: $warning;
            &:hover { background: $warning-darken-2; }
            &.-active { background: $warning; }
        }
        &.-error {
            color: $button-color-foreground;
            background: $error;
            &:hover { background: $error-darken-1; }
            &.-active { background: $error; }
        }
        &:ansi {
            &.-warning { color: $warning; }
            &.-error { color: $error; }
            &.-warning, &.-error {
                background: ansi_default;
                &:hover { background: $ansi-background; }
            }
        }
        """,
    )

    def __init__(
        self,
        label: ContentText,
        variant: MarkedVariant = "default",
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

    def update_node_styles(self, animate: bool = True) -> None:
        """Restyle the button, once it is in the DOM.

        Button's ``__init__`` sets its variant, flat and compact classes one by one, and each
        restyled a button that is not mounted yet (Textual styles it when it is mounted):
        three useless passes over its rules per button at every screen's start.
        """
        if self.parent is None:
            return
        super().update_node_styles(animate)

    def _get_default_css(self) -> list[tuple[CSSLocation, str, int, str]]:
        """This class's default styles, and its bases' but for Button's (see :attr:`DEFAULT_CSS`)."""
        return [source for source in super()._get_default_css() if source[0][1] != "Button.DEFAULT_CSS"]

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
