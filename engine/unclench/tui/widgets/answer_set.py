"""A yes/no answer that only changes when the learner picks it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import RadioSet


class AnswerSet(RadioSet, inherit_bindings=False):
    """Textual's :class:`~textual.widgets.RadioSet` without Enter: space or a click picks an answer.

    A screening answer is a health answer (pregnancy, heart trouble). In
    Textual's set Enter presses the highlighted button, which on arrival is
    the first: a stranger pressing Enter by habit turned "No" into "Yes".
    Here Enter does nothing; the arrows move the highlight, which the
    buttons mark with ``›`` so it reads without colour, and stop at either
    end (Textual's wrap took a Right past "No" back to "Yes").
    """

    HELP_PLACE = "screening questions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "next_button", "Next answer", id="answer_next", show=False, tooltip="Next answer"),
        Binding(
            "up,left", "previous_button", "Previous answer", id="answer_previous", show=False, tooltip="Previous answer"
        ),
        Binding(
            "space",
            "toggle_button",
            "Pick",
            id="answer_pick",
            show=False,
            tooltip="Pick the highlighted answer (Enter does not: it is too easy to press by habit)",
        ),
    ]

    def action_next_button(self) -> None:
        """Highlight the next answer; at the last one, stay (no wrap: a stranger's Right on "No" landed on "Yes")."""
        if self._selected is None or self._selected < len(self.children) - 1:
            super().action_next_button()

    def action_previous_button(self) -> None:
        """Highlight the previous answer; at the first one, stay."""
        if self._selected is None or self._selected > 0:
            super().action_previous_button()

    def on_focus(self) -> None:
        """Mark the highlighted answer: only the set with the focus shows ``›``."""
        for button in self.children:
            button.refresh()

    def on_blur(self) -> None:
        """Unmark the highlight."""
        for button in self.children:
            button.refresh()
