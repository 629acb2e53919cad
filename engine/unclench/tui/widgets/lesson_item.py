"""A lesson on the course map."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from unclench.course import Lesson
from unclench.journey import LessonState

#: How each state is marked on the map.
STATE_MARKS: dict[LessonState, str] = {
    LessonState.NOT_STARTED: "○",
    LessonState.IN_PROGRESS: "◐",
    LessonState.DONE: "●",
}


class LessonItem(Widget, can_focus=True):
    """One lesson on the course map: state, title, minutes and sources.

    Args:
        lesson: The lesson.
        sources: The titles of the sources it draws on.
        state: Its state.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "open", "Open lesson", id="open_lesson"),
        Binding("down", "app.focus_next", "Next lesson", id="lesson_down", show=False),
        Binding("up", "app.focus_previous", "Previous lesson", id="lesson_up", show=False),
    ]
    """| Key | Description |
    | :- | :- |
    | enter, space | Open the lesson. |
    | down / up | Move to the next / previous lesson (the list scrolls along). |
    """

    state: reactive[LessonState] = reactive(LessonState.NOT_STARTED)
    """Whether the lesson is not started, in progress or done."""

    class Opened(Message):
        """The learner asked to open the lesson."""

        def __init__(self, lesson_id: str) -> None:
            super().__init__()
            self.lesson_id = lesson_id
            """The lesson to open."""

    def __init__(self, lesson: Lesson, sources: list[str], state: LessonState) -> None:
        super().__init__(id=f"lesson-{lesson.id}")
        self.lesson = lesson
        self.sources = sources
        self.set_reactive(LessonItem.state, state)

    def watch_state(self, state: LessonState) -> None:
        """Style the item by its state."""
        for other in LessonState:
            self.set_class(other is state, f"-{other.name.lower().replace('_', '-')}")

    def action_open(self) -> None:
        """Open the lesson."""
        self.post_message(self.Opened(self.lesson.id))

    def on_click(self, event: events.Click) -> None:
        """Open the lesson on a click."""
        self.action_open()

    def render(self) -> Content:
        """Two lines: mark, title and state; minutes and sources."""
        details = f"{self.lesson.minutes} min"
        if self.sources:
            details += " · Sources: " + "; ".join(self.sources)
        return Content.assemble(
            (STATE_MARKS[self.state] + " ", "bold"),
            (self.lesson.title, "bold"),
            ("  ", ""),
            (self.state.value, "italic"),
            "\n  ",
            (details, "dim"),
        )
