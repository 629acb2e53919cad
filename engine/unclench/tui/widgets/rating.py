"""A 0-10 rating scale for check-ins."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from unclench.course import CheckinMeasure
from unclench.tui.widgets.marked_button import FOCUS_MARKER

#: Width of one number on the scale, in cells.
CELL = 4
#: Seconds within which ``1`` then ``0`` is read as 10 (as people type it), not as 1 changed to 0.
TEN_WITHIN = 1.5
#: Where ``-`` and ``+`` count from on a scale not rated yet.
MIDDLE = 5
_NEIGHBOUR = "To the scale below or above (past the last or first one, the page scrolls)"


class RatingScale(Widget, can_focus=True):
    """A row of the numbers 0 to 10; the learner picks one.

    Digits set the value directly (0-9, and 10 typed as 1 then 0), - and + move it by one (from the
    middle, 5, when none is picked yet: - gives 4, + gives 6), and a
    click on a number picks it. Left and right are not the scale's: everywhere in a
    lesson they move between steps, and a learner pressing them by habit must not
    record a rating they never chose. Down and up move to the next or previous scale on
    screen (as Tab does; strangers expected it); past the last or first one, and Home, End,
    Page Up and Page Down, are left to the page, which scrolls: no key that moves ever
    records a rating. The measure's question
    and the meaning of both ends are shown with the scale.

    Args:
        measure: The check-in measure being rated.
        id: The widget id.
    """

    HELP_PLACE = "rating scales"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "minus",
            "nudge(-1)",
            "Lower",
            id="rating_lower",
            show=False,
            tooltip="One lower (not rated yet: 4, one below the middle)",
        ),
        Binding(
            "plus,equals_sign",
            "nudge(1)",
            "Higher",
            id="rating_higher",
            show=False,
            tooltip="One higher (not rated yet: 6, one above the middle; 10 is one above 9)",
        ),
        Binding("down", "neighbour(1)", "Next scale", id="rating_next", show=False, tooltip=_NEIGHBOUR),
        Binding("up", "neighbour(-1)", "Previous scale", id="rating_previous", show=False, tooltip=_NEIGHBOUR),
        *(
            Binding(
                str(d),
                f"pick({d})",
                f"Rate {d}",
                id=f"rating_{d}",
                show=False,
                tooltip="Pick that rating (type 10 for 10)",
            )
            for d in range(10)
        ),
    ]

    value: reactive[int | None] = reactive(None)
    """The rating picked, or None when none is picked yet."""

    class Changed(Message):
        """The learner picked a rating."""

        def __init__(self, scale: RatingScale, value: int) -> None:
            super().__init__()
            self.scale = scale
            """The scale that changed."""
            self.value = value
            """The new rating."""

        @property
        def control(self) -> RatingScale:
            """The scale that changed."""
            return self.scale

    def __init__(self, measure: CheckinMeasure, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.measure = measure
        self._one_typed_at: float | None = None

    def watch_value(self, value: int | None) -> None:
        """Tell the parent about a new rating."""
        if value is not None:
            self.post_message(self.Changed(self, value))

    def action_nudge(self, delta: int) -> None:
        """Move the rating by ``delta``; when none is picked, from the middle (``-`` gives 4, ``+`` 6).

        A stranger pressed ``-`` on a scale not rated yet and got 5, "one lower" than nothing: the key
        does what it says from where the scale's middle is, as if 5 had been picked.
        """
        current = MIDDLE if self.value is None else self.value
        self.value = max(0, min(10, current + delta))
        self.scroll_visible()  # a rating is never set out of sight

    def action_neighbour(self, offset: int) -> None:
        """Focus the scale ``offset`` away on this screen; past either end the key goes on to the page."""
        scales = [widget for widget in self.screen.focus_chain if isinstance(widget, RatingScale)]  # shown ones
        index = scales.index(self) + offset if self in scales else -1
        if not 0 <= index < len(scales):
            raise SkipAction()
        # At once, not after the keys already waiting (as focus() does): a rating typed straight after the
        # arrow is checked against the focus when its turn comes, and a stranger's "down 3" rated the scale above.
        self.screen.set_focus(scales[index])

    def action_pick(self, value: int) -> None:
        """Pick ``value``; ``1`` then ``0`` typed within :data:`TEN_WITHIN` seconds is 10.

        A stranger typed "10" for their distress and the scale recorded 0: low enough to skip the
        check that asks a learner at their worst to ground themselves before starting.
        """
        now = time.monotonic()
        typed_ten = value == 0 and self._one_typed_at is not None and now - self._one_typed_at <= TEN_WITHIN
        self._one_typed_at = now if value == 1 else None
        self.value = 10 if typed_ten else max(0, min(10, value))
        self.scroll_visible()  # a rating is never set out of sight

    def on_click(self, event: events.Click) -> None:
        """Pick by mouse."""
        number = (event.x - self.gutter.left) // CELL
        if 0 <= number <= 10:
            self.value = number

    def render(self) -> Content:
        """The question (``▶`` before it while focused), the numbers (the picked one in brackets) and the ends."""
        cells: list[str | tuple[str, str]] = []
        for number in range(11):
            if number == self.value:  # in brackets as well as highlighted: it reads without colour
                cells.append((f"[{number}]".center(CELL), "reverse bold"))
            else:
                cells.append(f"{number:^{CELL - 1}} ")
        picked = "not rated yet" if self.value is None else f"{self.value} of 10"
        return Content.assemble(
            FOCUS_MARKER + " " if self.has_focus else "  ",
            (self.measure.question, "bold"),
            " ",
            (f"({picked})", "dim"),
            "\n",
            *cells,
            "\n",
            ("0", "bold"),
            " = ",
            self.measure.low,
            " · ",
            ("10", "bold"),
            " = ",
            self.measure.high,
        )
