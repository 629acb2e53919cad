"""The Practice list: every exercise the learner has met, to practise on its own, with its history."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from unclench.journey import Place
from unclench.practice import duration_text
from unclench.records import PracticeItem, history_lines, practice_items, total_text
from unclench.store.errors import StoreError
from unclench.text import visible
from unclench.tui.screens.player import PRACTICE_BACK, BackTo
from unclench.tui.screens.record import RecordScreen
from unclench.tui.session import Session
from unclench.tui.widgets.footer import KeyFooter
from unclench.tui.widgets.marked_button import MarkedButton

#: How many runs of an exercise the list shows (the latest); the rest are counted.
HISTORY_SHOWN = 8
#: Said when the learner has met no exercise yet.
NONE_MET = (
    "You have not met an exercise yet. Exercises are part of the lessons: once you reach one in its "
    "lesson, you can practise it here on its own."
)
#: What up and down do on the list.
_MOVE = "Move between the exercises (enter opens one to practise it)"
#: Said above the exercises not met yet.
NOT_MET_NOTE = "You will meet these in their lessons first (the lessons prepare you for them):"


class PracticeScreen(RecordScreen):
    """Every exercise the learner has met, each to practise on its own, with its practice history.

    Practising from here opens the exercise in the lesson player on its own
    (:class:`~unclench.tui.screens.player.PlayerScreen` with ``practice``):
    the same safety gate, screening questions, dose limits and check-ins as
    in the lesson, and the learner's place in the course does not move.
    Exercises not met yet are named, with the lesson where they come.

    Nothing has the focus on arrival, so that a habitual Enter opens nothing;
    down (or Tab) goes to the first exercise.

    Args:
        session: The learner's session.
    """

    DEFAULT_CSS = """
    PracticeScreen #practice-head {
        height: auto;
        padding: 0 1;
        margin-bottom: 1;
    }
    PracticeScreen #practice-body {
        height: 1fr;
        padding: 0 1;
    }
    PracticeScreen .practice-item {
        height: auto;
        margin-bottom: 1;
    }
    PracticeScreen .practice-title {
        text-style: bold;
    }
    PracticeScreen .practice-closed {
        color: $warning;
    }
    PracticeScreen .practice-history {
        padding-left: 2;
    }
    PracticeScreen #practice-not-met {
        height: auto;
    }
    """

    AUTO_FOCUS = ""
    HELP_PLACE = "practice"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the list's own scrolling would take up and down from a focused button.
        Binding("down", "next_exercise", "Choose", id="practice_down", priority=True, tooltip=_MOVE),
        Binding("up", "previous_exercise", "Previous", id="practice_up", show=False, priority=True, tooltip=_MOVE),
        Binding("escape", "back", "Back", id="practice_back", tooltip=PRACTICE_BACK),
    ]

    class Open(Message):
        """The learner chose an exercise to practise on its own."""

        def __init__(self, place: Place, back_to: BackTo | None = None) -> None:
            super().__init__()
            self.place = place
            """The exercise: its lesson and step index."""
            self.back_to = back_to
            """Opened from a lesson's step (grounding, at a high rating): that step, where Escape goes back to."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.items: list[PracticeItem] = []
        self.load_error: str | None = None
        self._fresh = True
        self._read()

    def _read(self) -> None:
        try:
            history = self.session.learner.practice_history()
            self.load_error = None
        except StoreError as error:
            history = {}
            self.load_error = str(error)
        self.items = practice_items(self.session.refresh(), history)

    @property
    def met(self) -> list[PracticeItem]:
        """The exercises the learner has met, in course order."""
        return [item for item in self.items if item.met]

    def compose(self) -> ComposeResult:
        """The title, each exercise met with its button and history, then those not met yet."""
        with Vertical(id="practice-head"):
            yield Static("Practice", classes="screen-title")
            yield Static(
                "Each exercise you have met, to practise on its own: the same safety notes, questions, "
                "limits and check-ins as in its lesson. Your place in the course stays where it is.",
                classes="hint",
            )
        with VerticalScroll(id="practice-body"):
            yield from self._content()
        yield KeyFooter()

    def _content(self) -> list[Widget]:
        widgets: list[Widget] = []
        if self.load_error is not None:
            widgets.append(
                Static(
                    Content.assemble(("Your practice history could not be read: ", "bold $error"), self.load_error),
                    id="practice-error",
                )
            )
        met = self.met
        if not met:
            widgets.append(Static(NONE_MET, id="practice-none", classes="hint", markup=False))
        for number, item in enumerate(met):
            widgets.append(self._item(number, item))
        not_met = [item for item in self.items if not item.met]
        if not_met:
            lines = "\n".join(
                f"· {visible(item.title)} (in the lesson {visible(item.lesson.title)})" for item in not_met
            )
            widgets.append(
                Vertical(
                    Static("Not met yet", classes="section-title"),
                    Static(NOT_MET_NOTE, classes="hint", markup=False),
                    Static(Content(lines), id="practice-not-met-list"),
                    id="practice-not-met",
                )
            )
        return widgets

    def _item(self, number: int, item: PracticeItem) -> Vertical:
        measures = [(m.id, m.label) for m in (self.session.course.checkin(i) for i in item.step.checkin_ids) if m]
        details = f"In the lesson {item.lesson.title} · {duration_text(item.step.seconds)}"
        closed = self.session.practice_block(item.lesson.id, item.step)
        children: list[Widget] = [
            Static(Content(visible(item.title)), classes="practice-title"),
            Static(Content(visible(details)), classes="hint"),
        ]
        if closed is not None:
            children.append(Static(Content(f"{closed.label}: open it to read why."), classes="practice-closed"))
        children.append(MarkedButton(Content(f"Practise: {visible(item.title)}"), id=f"practise-{number}"))
        lines = [total_text(item.history), *history_lines(item.history, measures, HISTORY_SHOWN)]
        children.append(Static(Content(visible("\n".join(lines))), classes="practice-history"))
        return Vertical(*children, classes="practice-item")

    async def on_screen_resume(self) -> None:
        """Back from a practice: read the history again (the focus stays on the same exercise)."""
        if self._fresh:  # just composed from a fresh read
            self._fresh = False
            return
        focused = self.focused.id if self.focused is not None else None
        self._read()
        body = self.query_one("#practice-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self._content())
        if focused is not None:
            again = self.query(f"#{focused}")
            if again:
                self.set_focus(again.first())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Practise the chosen exercise."""
        button_id = event.button.id or ""
        if button_id.startswith("practise-"):
            event.stop()
            item = self.met[int(button_id.removeprefix("practise-"))]
            self.practise(Place(item.lesson.id, item.index))

    def practise(self, place: Place, back_to: BackTo | None = None) -> None:
        """Practise the exercise at ``place`` on its own (its button, or the command palette); one not met is named.

        The one way in, so an exercise chosen in the palette is opened just as the list's own buttons open it.
        ``back_to``: opened from that step of a lesson, where Escape goes back to.
        """
        item = next((item for item in self.items if Place(item.lesson.id, item.index) == place), None)
        if item is None:
            return
        if item.met:
            self.post_message(self.Open(place, back_to))
            return
        # After a refresh: a notice given while the list is still being put on screen was never shown.
        self.call_after_refresh(
            self.notify,
            f"You will meet {visible(item.title)} in the lesson {visible(item.lesson.title)}, which prepares you "
            "for it: the course map opens the lesson. After that you can practise it here on its own.",
            title="Not met yet",
            markup=False,
        )

    def _buttons(self) -> list[Button]:
        return list(self.query("#practice-body Button").results(Button))

    def _move(self, step: int) -> None:
        buttons = self._buttons()
        if not buttons:
            return
        focused = self.focused
        index = buttons.index(focused) if isinstance(focused, Button) and focused in buttons else None
        target = (0 if step > 0 else len(buttons) - 1) if index is None else max(0, min(len(buttons) - 1, index + step))
        buttons[target].focus()

    def action_next_exercise(self) -> None:
        """Down: the next exercise (the first, when none has the focus)."""
        self._move(1)

    def action_previous_exercise(self) -> None:
        """Up: the previous exercise."""
        self._move(-1)
