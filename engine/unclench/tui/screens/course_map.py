"""The course map: modules, lessons and their state, progress, and "Continue"."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, ProgressBar, Static

from unclench.journey import Journey
from unclench.tui.session import Session
from unclench.tui.widgets.lesson_item import LessonItem


def continue_label(journey: Journey) -> Content:
    """The label of the Continue button: where it leads."""
    place = journey.continue_place()
    if place is None:
        return Content("This course has no lessons yet")
    lesson = journey.lesson(place.lesson_id)
    verb = "Start" if journey.progress.position is None else "Continue"
    return Content(f"{verb}: {lesson.title} · {journey.step_label(place)}")


class CourseMapScreen(Screen[None]):
    """Every module with its progress bar and lessons; "Continue" resumes at the exact step.

    Args:
        session: The learner's session.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue", id="continue"),
        Binding("j", "app.journal", "Journal", id="journal"),
        Binding("t", "app.trends", "Trends", id="trends"),
        Binding("down", "app.focus_next", "Next lesson", id="map_down", show=False),
        Binding("up", "app.focus_previous", "Previous lesson", id="map_up", show=False),
    ]
    """| Key | Description |
    | :- | :- |
    | c | Continue where you left off. |
    | j | Journal: every answer written. |
    | t | Check-in trends. |
    | up / down | Move between lessons. |
    """

    class OpenLesson(Message):
        """The learner chose a lesson (or "Continue"): the app opens the player."""

        def __init__(self, lesson_id: str | None) -> None:
            super().__init__()
            self.lesson_id = lesson_id
            """The lesson to open; None means the continue point."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """Title, overall progress, Continue, then each module and its lessons."""
        journey = self.session.refresh()
        course = self.session.course
        with Vertical(id="map-head"):
            yield Static(Content(course.title), classes="screen-title")
            with Horizontal(classes="progress-row"):
                yield Static("Overall", classes="progress-label")
                yield ProgressBar(total=100, show_eta=False, id="overall-progress")
                yield Static(id="overall-count", markup=False)
            yield Button(continue_label(journey), id="continue", variant="primary", compact=True)
        with VerticalScroll(id="map-list", can_focus=False):
            for module in course.modules:
                with Vertical(classes="module", id=f"module-{module.id}"):
                    with Horizontal(classes="progress-row module-head"):
                        yield Static(Content(module.title), classes="module-title")
                        yield ProgressBar(total=100, show_eta=False, classes="module-progress")
                        yield Static(classes="module-count", markup=False)
                    for lesson_id in module.lesson_ids:
                        if lesson_id in course.lessons:
                            yield LessonItem(
                                course.lessons[lesson_id],
                                journey.source_titles(lesson_id),
                                journey.lesson_state(lesson_id),
                            )
        yield Footer()

    def on_mount(self) -> None:
        """Fill in the progress and focus Continue."""
        self.refresh_progress()
        self.query_one("#continue").focus()

    def on_screen_resume(self) -> None:
        """Progress may have changed in the lesson player: show it."""
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Update every state, progress bar, count and the Continue button."""
        journey = self.session.refresh()
        self.query_one("#overall-progress", ProgressBar).update(progress=round(journey.overall_fraction() * 100))
        self.query_one("#overall-count", Static).update(f"{journey.lessons_done()} of {len(journey.lessons)} lessons")
        button = self.query_one("#continue", Button)
        button.label = continue_label(journey)
        button.refresh(layout=True)
        for progress in journey.module_progress():
            module = self.query_one(f"#module-{progress.module_id}")
            module.query_one(".module-progress", ProgressBar).update(progress=round(progress.fraction * 100))
            module.query_one(".module-count", Static).update(f"{progress.lessons_done}/{progress.lessons_total}")
        for item in self.query(LessonItem):
            item.state = journey.lesson_state(item.lesson.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Continue."""
        if event.button.id == "continue":
            event.stop()
            self.action_continue()

    def on_lesson_item_opened(self, event: LessonItem.Opened) -> None:
        """Open the chosen lesson."""
        event.stop()
        self.post_message(self.OpenLesson(event.lesson_id))

    def action_continue(self) -> None:
        """Go to the exact step where the learner left off."""
        self.post_message(self.OpenLesson(None))
