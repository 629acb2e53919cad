"""The base of every Unclench box over a screen: help stays one key away."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")

#: What the help keys do (one text, so the key table lists `?` and `f1` as one row).
HELP_TOOLTIP = "Help: the keys, the course, where your data is"
#: What the quit keys do (one text, so the key table lists `ctrl+q` and `q` as one row).
QUIT_TOOLTIP = "Quit (your work is saved first); q only outside the editor"


class UnclenchModal(ModalScreen[ResultType]):
    """A modal screen on which `?` still opens help and `q` still quits.

    Textual stops the app's ordinary bindings at a modal screen; the app's
    priority keys (f1, f2, ctrl+q) pass anyway, but `?`, the help key people
    learn first, would do nothing in a safety gate or a notice, nor `q`, which
    help lists as quitting everywhere outside the editor (a stranger pressed it
    on the safety notes, and nothing happened). So they are bound again here,
    for every box at once; a text box on one still takes the letter as typed.
    """

    HELP_PLACE = "everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "Help", id="modal_help", show=False, tooltip=HELP_TOOLTIP),
        Binding("q", "app.quit", "Quit", id="modal_quit", show=False, tooltip=QUIT_TOOLTIP),
    ]
