"""A quiz's choices: wrapped in full, answered in one key, their state shown in text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList

#: The most choices that can be picked with a number key (1-9).
NUMBER_KEYS = 9
#: Drawn before the highlighted choice (and the same width of blank before the others).
HIGHLIGHT_MARKER = "›"


def choice_box(chosen: bool, *, multiple: bool) -> str:
    """A tick box (several answers) or a radio button (one answer), readable without colour."""
    if multiple:
        return "[x]" if chosen else "[ ]"
    return "(•)" if chosen else "( )"


_MOVE = "Move between the choices"
_NUMBER = "One answer: pick that choice and check it; several: tick it (once answered right: nothing)"


class ChoiceList(OptionList, inherit_bindings=False):
    """The choices of a quiz, each wrapped in full (never cut off), numbered for one-key answers.

    With one right answer, a number key or Enter (on the highlighted
    choice) picks it and asks for it to be checked (:class:`Submitted`);
    Space picks without checking. With several, a number key or Space ticks
    or unticks, and Enter asks for the ticks to be checked. Up and down stop
    at the first and last choice; Home, End, Page Up and Page Down are left
    to the page, which scrolls. A click picks or ticks, like Space.

    Each choice shows its state in text: ``›`` on the highlighted one, and
    ``(•)``/``( )`` or ``[x]``/``[ ]``.

    Args:
        texts: The choices, in the order shown (plain text, never markup).
        multiple: Whether several choices may be ticked.
        chosen: The positions (in ``texts``) chosen to begin with.
        id: The widget's id.
    """

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        border: none;
        padding: 0;
        background: transparent;
        &:focus {
            border: none;
            background-tint: $foreground 0%;
        }
        & > .option-list--option {
            padding: 0;
        }
        & > .option-list--option-highlighted {
            background: $primary 15%;
            text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            background: $primary 35%;
            text-style: bold;
        }
    }
    """

    HELP_PLACE = "quiz"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next choice", id="choice_next", show=False, tooltip=_MOVE),
        Binding("up", "move(-1)", "Previous choice", id="choice_previous", show=False, tooltip=_MOVE),
        Binding(
            "space",
            "choose",
            "Choose",
            id="choice_toggle",
            show=False,
            tooltip="Pick (one answer) or tick (several) the highlighted choice",
        ),
        Binding(
            "enter",
            "submit",
            "Check answer",
            id="choice_submit",
            show=False,
            tooltip=(
                "Check the answer (one answer: the highlighted choice; once answered right, another takes Enter twice)"
            ),
        ),
        *(
            Binding(str(n), f"number({n})", f"Choice {n}", id=f"choice_{n}", show=False, tooltip=_NUMBER)
            for n in range(1, NUMBER_KEYS + 1)
        ),
    ]

    class Changed(Message):
        """The learner changed what is chosen."""

        def __init__(self, choice_list: ChoiceList) -> None:
            super().__init__()
            self.choice_list = choice_list
            """The list that changed."""

        @property
        def control(self) -> ChoiceList:
            """The list that changed."""
            return self.choice_list

    class Submitted(Message):
        """The learner asked for the answer to be checked."""

        def __init__(self, choice_list: ChoiceList, *, by_number: bool = False) -> None:
            super().__init__()
            self.choice_list = choice_list
            """The list whose answer is to be checked."""
            self.by_number = by_number
            """Whether a number key asked (it picks and checks in one press), not Enter or a button."""

        @property
        def control(self) -> ChoiceList:
            """The list whose answer is to be checked."""
            return self.choice_list

    def __init__(
        self, texts: Sequence[str], *, multiple: bool, chosen: Iterable[int] = (), id: str | None = None
    ) -> None:
        self.texts = list(texts)
        self.multiple = multiple
        self._chosen = {position for position in chosen if 0 <= position < len(self.texts)}
        if not multiple and len(self._chosen) > 1:
            self._chosen = {min(self._chosen)}
        super().__init__(*(self._prompt(position, False) for position in range(len(self.texts))), id=id)
        # OptionList highlights its first option; here nothing is highlighted until the learner moves or picks.
        self.highlighted = min(self._chosen) if self._chosen else None
        self.numbers_pick = True
        """Whether a number key picks (or ticks) its choice; when not, it only asks (:class:`Submitted`)."""

    @property
    def chosen(self) -> frozenset[int]:
        """The positions of the chosen choices."""
        return frozenset(self._chosen)

    def _prompt(self, position: int, highlighted: bool) -> Table:
        """One choice: the marker, its number, its box, then its text wrapped under itself."""
        marker = HIGHLIGHT_MARKER if highlighted else " "
        number = f"{position + 1}." if position < NUMBER_KEYS else "  "
        box = choice_box(position in self._chosen, multiple=self.multiple)
        row = Table.grid(padding=(0, 1))
        row.add_column(no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(Text(f"{marker} {number} {box}"), Text(self.texts[position]))
        return row

    def _redraw(self) -> None:
        for position in range(len(self.texts)):
            self.replace_option_prompt_at_index(position, self._prompt(position, position == self.highlighted))

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Move the marker with the highlight."""
        super().watch_highlighted(highlighted)
        self._redraw()

    def on_focus(self) -> None:
        """Highlight the chosen choice, if any; with none, nothing: an Enter pressed by habit on arrival
        must not check (and record) the first choice. Up, down or a number start the choosing."""
        if self.highlighted is None and self._chosen:
            self.highlighted = min(self._chosen)

    def action_move(self, step: int) -> None:
        """Move the highlight, stopping at either end."""
        if not self.texts:
            return
        current = self.highlighted
        self.highlighted = 0 if current is None else max(0, min(len(self.texts) - 1, current + step))

    def _choose(self, position: int) -> None:
        if self.multiple:
            self._chosen ^= {position}
        else:
            self._chosen = {position}
        self.highlighted = position
        self._redraw()
        self.post_message(self.Changed(self))

    def action_choose(self) -> None:
        """Pick or tick the highlighted choice (the first, when none is highlighted yet)."""
        if self.highlighted is None and self.texts:
            self.highlighted = 0
        if self.highlighted is not None:
            self._choose(self.highlighted)

    def action_select(self) -> None:
        """A click: like Space on the clicked choice."""
        self.action_choose()

    def action_submit(self) -> None:
        """Check the answer (one answer: pick the highlighted choice first)."""
        if not self.multiple and self.highlighted is not None and self.highlighted not in self._chosen:
            self._choose(self.highlighted)
        self.post_message(self.Submitted(self))

    def action_number(self, number: int) -> None:
        """Pick (and check) or tick the choice with that number."""
        position = number - 1
        if position >= len(self.texts):
            return
        if not self.numbers_pick:
            self.post_message(self.Submitted(self, by_number=True))
            return
        self._choose(position)
        if not self.multiple:
            self.post_message(self.Submitted(self, by_number=True))
