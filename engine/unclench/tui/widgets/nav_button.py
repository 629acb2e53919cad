"""The lesson player's "Previous" and "Next" buttons."""

from __future__ import annotations

from unclench.tui.widgets.marked_button import compact_button_css
from unclench.tui.widgets.plain_button import PlainButton


class NavButton(PlainButton):
    """A button of the lesson player's navigation: a :class:`MarkedButton`'s look, as one plain widget.

    Every start that reopens a step draws two of them; as marked buttons
    (Textual's Button underneath) they were about a tenth of a returning
    learner's start above the bare app. Its styles are the ones
    :class:`~unclench.tui.widgets.marked_button.MarkedButton` is built from
    (:data:`~unclench.tui.widgets.marked_button.COMPACT_BUTTON_LOOK`, its
    default and primary variants), written once there
    (``tests/ui/test_nav_button.py`` draws both and compares).

    Args:
        label: What the button says (plain text, never markup).
        unavailable: Said in brackets while it is disabled.
        primary: Whether it has the primary look (the way on).
        id: The widget's id.
    """

    DEFAULT_CSS = compact_button_css("NavButton")

    class Pressed(PlainButton.Pressed):
        """The button was pressed."""

    def __init__(self, label: str, *, unavailable: str, primary: bool = False, id: str | None = None) -> None:
        super().__init__(label, unavailable=unavailable, id=id, classes="-primary" if primary else None)
