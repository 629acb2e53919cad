"""The base of every Unclench box over a screen: help stays one key away."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")

#: What the help keys do (one text, so the key table lists `?` and `f1` as one row).
HELP_TOOLTIP = "Help: the keys, the course, where your data is"


class UnclenchModal(ModalScreen[ResultType]):
    """A modal screen on which `?` still opens help.

    Textual stops the app's ordinary bindings at a modal screen; the app's
    priority keys (f1, f2, ctrl+q) pass anyway, but `?`, the help key people
    learn first, would do nothing in a safety gate or a notice. So it is bound
    again here, for every box at once.
    """

    HELP_PLACE = "everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "Help", id="modal_help", show=False, tooltip=HELP_TOOLTIP),
    ]
