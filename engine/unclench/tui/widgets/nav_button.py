"""The lesson player's "Previous" and "Next" buttons."""

from __future__ import annotations

from unclench.tui.widgets.plain_button import PlainButton


class NavButton(PlainButton):
    """A button of the lesson player's navigation: a :class:`MarkedButton`'s look, as one plain widget.

    Every start that reopens a step draws two of them; as marked buttons
    (Textual's Button underneath) they were about a tenth of a returning
    learner's start above the bare app. The styles are
    :class:`~unclench.tui.widgets.marked_button.MarkedButton`'s for its
    default and primary variants, with the same values, in every state and
    theme (``tests/ui/test_nav_button.py`` draws both and compares).

    Args:
        label: What the button says (plain text, never markup).
        unavailable: Said in brackets while it is disabled.
        primary: Whether it has the primary look (the way on).
        id: The widget's id.
    """

    DEFAULT_CSS = """
    NavButton {
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
    }
    """

    class Pressed(PlainButton.Pressed):
        """The button was pressed."""

    def __init__(self, label: str, *, unavailable: str, primary: bool = False, id: str | None = None) -> None:
        super().__init__(label, unavailable=unavailable, id=id, classes="-primary" if primary else None)
