"""The course map: modules, lessons and their state, progress, and "Continue"."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from unclench.journey import Journey, LessonState
from unclench.text import excerpt, flattened, visible
from unclench.tui.screens.styled_as_mounted import StyledAsMountedScreen
from unclench.tui.session import Session
from unclench.tui.widgets.clamped_text import ClampedText
from unclench.tui.widgets.continue_button import ContinueButton
from unclench.tui.widgets.footer import KeyFooter
from unclench.tui.widgets.lesson_list import FIRST_OR_LAST, MOVE_BETWEEN_LESSONS, LessonList, overall_content

#: The most lines the course's title takes above the map (cut with "…"), and the most characters of a lesson's
#: title in the Continue button: a 300-character title left the list of lessons two rows at 60x20.
TITLE_LINES = 2
CONTINUE_TITLE_LENGTH = 80


def continue_label(journey: Journey) -> Content:
    """The label of the Continue button: where it leads."""
    place = journey.continue_place()
    if place is None:
        return Content("This course has no lessons yet")
    lesson = journey.lesson(place.lesson_id)
    # "Start" only for a lesson not begun: after a reset that kept the journal, its answered lessons are in progress.
    begun = (
        journey.progress.position is not None or journey.lesson_state(place.lesson_id) is not LessonState.NOT_STARTED
    )
    verb = "Continue" if begun else "Start"
    title, cut = excerpt(flattened(lesson.title), CONTINUE_TITLE_LENGTH)
    return Content(f"{verb}: {title.rstrip()}{'…' if cut else ''} · {journey.step_label(place)}")


class CourseMapScreen(StyledAsMountedScreen[None]):
    """Every module with its progress bar and lessons; "Continue" resumes at the exact step.

    A handful of widgets whatever the size of the course: the title and overall
    progress, the Continue button, one virtualised list of modules and lessons
    (:class:`LessonList`) and the footer.

    When the app starts on another screen over the map (the disclaimer, or a
    returning learner's step), the map is ``deferred``: its content is built
    the first time it is shown, not on the way to the learner's first frame.

    Args:
        session: The learner's session.
        deferred: Build the content only when the map is first shown.
    """

    HELP_PLACE = "course map"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue", id="continue", tooltip="Continue where you left off"),
        Binding("j", "app.journal", "Journal", id="journal", tooltip="Journal: every answer you wrote"),
        Binding("t", "app.trends", "Trends", id="trends", tooltip="Check-in trends"),
        Binding(
            "p",
            "app.practice",
            "Practice",
            id="practice",
            tooltip="Practice: every exercise you have met, on its own, with your history",
        ),
        Binding("down", "next_lesson", "Next lesson", id="map_down", show=False, tooltip=MOVE_BETWEEN_LESSONS),
        Binding("up", "previous_lesson", "Previous lesson", id="map_up", show=False, tooltip=MOVE_BETWEEN_LESSONS),
        # From the Continue button too (a stranger's Home did nothing there, and Down then opened another lesson).
        Binding("home", "end_of_list(False)", "First lesson", id="map_home", show=False, tooltip=FIRST_OR_LAST),
        Binding("end", "end_of_list(True)", "Last lesson", id="map_end", show=False, tooltip=FIRST_OR_LAST),
        Binding("pageup", "page(False)", "Page up", id="map_page_up", show=False, tooltip=FIRST_OR_LAST),
        Binding("pagedown", "page(True)", "Page down", id="map_page_down", show=False, tooltip=FIRST_OR_LAST),
    ]

    class OpenLesson(Message):
        """The learner chose a lesson (or "Continue"): the app opens the player."""

        def __init__(self, lesson_id: str | None) -> None:
            super().__init__()
            self.lesson_id = lesson_id
            """The lesson to open; None means the continue point."""

    def __init__(self, session: Session, *, deferred: bool = False) -> None:
        super().__init__()
        self.session = session
        self._fresh = True
        self._built = not deferred
        """Whether the map's content is on it (a map under the learner's first screen waits until shown)."""

    def compose(self) -> ComposeResult:
        """Title and overall progress, Continue, then every module and its lessons in one list."""
        if self._built:
            yield from self._content()
        yield KeyFooter()

    def _content(self) -> list[Widget]:
        journey = self.session.refresh()
        return [
            ClampedText(journey.course.title, max_lines=TITLE_LINES, id="map-title"),
            Static(overall_content(journey), id="map-summary"),
            ContinueButton(continue_label(journey), id="continue"),
            LessonList(self.session.course, journey, id="map-list"),
            Static(id="map-about"),
        ]

    async def build(self) -> None:
        """Put the map's content on it, when it was deferred (the first time the map is shown)."""
        if self._built:
            return
        self._built = True
        await self.mount_all(self._content(), before=self.query_one(KeyFooter))
        self.set_focus(self.query_one("#continue"))

    def on_mount(self) -> None:
        """Focus Continue: enter goes on where the learner left off; down goes into the lessons."""
        if self._built:
            self.set_focus(self.query_one("#continue"))  # at once: a key typed ahead must not undo it later

    def on_screen_resume(self) -> None:
        """Progress may have changed in the lesson player: show it (compose has just shown it the first time).

        A deferred map is built the first time it is shown after the app's start.
        """
        if not self._built:
            # At the start another screen is about to cover the map: build only if it is still on top.
            self._fresh = False
            self.call_later(self._build_if_shown)
            return
        if self._fresh:
            self._fresh = False
            return
        self.refresh_progress()

    async def _build_if_shown(self) -> None:
        if self.app.screen is self:
            await self.build()

    @property
    def lesson_list(self) -> LessonList:
        """The list of modules and lessons."""
        return self.query_one("#map-list", LessonList)

    def refresh_progress(self) -> None:
        """Update every state and progress bar, the Continue button, and highlight the lesson to continue."""
        journey = self.session.refresh()
        self.query_one("#map-summary", Static).update(overall_content(journey))
        self.query_one("#continue", ContinueButton).label = continue_label(journey)
        lessons = self.lesson_list
        lessons.update_progress(journey)
        lessons.highlight_lesson(journey)

    def on_continue_button_pressed(self, event: ContinueButton.Pressed) -> None:
        """Continue."""
        event.stop()
        self.action_continue()

    def on_lesson_list_opened(self, event: LessonList.Opened) -> None:
        """Open the chosen lesson."""
        event.stop()
        self.post_message(self.OpenLesson(event.lesson_id))

    def on_option_list_option_highlighted(self, event: LessonList.OptionHighlighted) -> None:
        """Say what the highlighted lesson is about (its author's summary), below the list."""
        event.stop()
        lesson_id = self.lesson_list.highlighted_lesson
        lesson = self.session.course.lessons.get(lesson_id) if lesson_id else None
        about = self.query_one("#map-about", Static)
        about.update(Content(visible(flattened(lesson.summary.strip()))) if lesson is not None else "")
        about.display = lesson is not None and bool(lesson.summary.strip())

    def action_continue(self) -> None:
        """Go to the exact step where the learner left off."""
        self.post_message(self.OpenLesson(None))

    def action_next_lesson(self) -> None:
        """From the Continue button, down goes into the lessons (at the highlighted one).

        At once, not later as ``focus()`` would: keys typed ahead then go to the list.
        """
        self.set_focus(self.lesson_list)

    def action_end_of_list(self, last: bool) -> None:
        """Go into the lessons, at the first or the last one."""
        self.set_focus(self.lesson_list)
        if last:
            self.lesson_list.action_last()
        else:
            self.lesson_list.action_first()

    def action_page(self, down: bool) -> None:
        """Go into the lessons a page down or up (from the Continue button, as in the list)."""
        self.set_focus(self.lesson_list)
        if down:
            self.lesson_list.action_page_down()
        else:
            self.lesson_list.action_page_up()

    def action_previous_lesson(self) -> None:
        """From the Continue button, up goes into the lessons at the one before the highlighted one.

        Up did nothing there: a stranger pressed Up to reach the lesson above the one highlighted, then Enter,
        and Continue opened the lesson they had not meant to start.
        """
        self.set_focus(self.lesson_list)
        self.lesson_list.highlight_previous()  # at the first lesson already: into the list at it


def map_letters() -> frozenset[str]:
    """The course map's letter keys ("c", "j", "t"…), which a learner may press by habit where they do nothing."""
    bindings = [binding for binding in CourseMapScreen.BINDINGS if isinstance(binding, Binding)]
    keys = (key for binding in bindings for key in binding.key.split(","))
    return frozenset(key for key in keys if len(key) == 1)
