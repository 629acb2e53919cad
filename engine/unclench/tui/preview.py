"""``unclench preview``: the app on one lesson, reloaded whenever the course's files are saved.

The author edits a course in their editor; the preview looks at the files a
few times a second (:mod:`unclench.watch`) and, when they changed, loads the
course again in a worker thread. A course that loads is shown at the same
lesson and step (by step id; by position when that step is gone). A course
with problems shows them instead (the :class:`ProblemsScreen`), until a save
fixes them. The progress store is a throw-away one (the command line makes it
in a temporary folder): previews never touch the author's own record.

A safety gate or a "Before this lesson" box the author answered (passed or
closed) in this preview is not asked again when a save reloads the lesson: the
author stays on their step, and a gate passed but not used by a start yet still
lets the exercise start. Asked again only when what it says changed (other notes,
other lessons to do first, another reason), or when it was still open at the
reload, unanswered. Kept in memory, for this preview only.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from unclench import course as c
from unclench import loader, watch
from unclench.course import Course
from unclench.journey import Place, RecommendedOrder
from unclench.practice import Clearance, SafetyGate, safety_gate
from unclench.problems import Problem
from unclench.store.errors import StoreError
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.problems import ProblemsScreen

if TYPE_CHECKING:
    from unclench.store import ProgressStore

#: Seconds between looks at the course's files.
POLL_SECONDS = 0.4


def placeholder_course(root: Path) -> Course:
    """An empty course for the app to hold while the real one has problems."""
    from unclench import model as m

    guidance = c.Guidance(m.DEFAULT_STOP, m.DEFAULT_GROUNDING, m.DEFAULT_SUPPORT)
    return Course("preview", "Preview", "", c.FORMAT_VERSION, "", (), (), (), guidance, (), root=root)


class PreviewApp(UnclenchApp):
    """The app on one lesson of a course being written, reloaded on every save.

    Args:
        root: The course folder.
        course: The course as loaded, or None when it has problems.
        problems: Its problems (when ``course`` is None).
        store: A throw-away progress store.
        lesson_id: The lesson to show; None means the first one.
        kwargs: Passed to :class:`UnclenchApp` (``clock``, ``cursor_blink``).
    """

    PREVIEW = True

    class Reloaded(Message):
        """The course was loaded again after its files changed."""

        def __init__(self, course: Course | None, problems: list[Problem]) -> None:
            super().__init__()
            self.course = course
            """The course, or None when it has problems."""
            self.problems = problems

    def __init__(
        self,
        root: Path,
        course: Course | None,
        problems: list[Problem],
        store: ProgressStore,
        lesson_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(course or placeholder_course(root), store, **kwargs)
        self.root = root
        self.problems = problems
        self.lesson_id = lesson_id
        self.step_id: str | None = None
        self.index = 0
        self.lesson_path: Path | None = None
        """The file of the lesson shown: an author who changes its id (and the course's list) stays on it."""
        self._look = watch.look(root)
        self._map_of = self.course
        """The course the map at the bottom of the screen stack shows."""
        self.reloads = 0
        """How many times the course was loaded again after a change (tests wait on it)."""
        self._answered: set[tuple[object, ...]] = set()
        """What the author answered in this preview (:func:`asked_as`): not asked again after a reload."""
        self._clearance: Clearance | None = None
        """The clearance the exercise on screen held when the course was reloaded (its gate passed, no start yet)."""

    def on_mount(self) -> None:
        """Show the lesson (or the problems), then watch the files."""
        self.title = f"Preview: {self.course.title}"
        self._acknowledge()
        self.call_later(self._show)
        self.set_interval(POLL_SECONDS, self._poll)

    def _acknowledge(self) -> None:
        """The preview's own store has seen the disclaimer: the author sees the lesson at once."""
        with contextlib.suppress(StoreError):
            self.session.acknowledge_disclaimer()

    def _poll(self) -> None:
        now = watch.look(self.root)
        if now != self._look:
            self._look = now
            self.run_worker(self._load, thread=True, exclusive=True, group="reload")

    def _load(self) -> None:
        """Load the course again (in a worker thread) and hand the result to the app."""
        result = loader.check_course_and_id(self.root)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Reloaded(result.course, result.problems))

    async def on_preview_app_reloaded(self, message: Reloaded) -> None:
        """Show the course as it is now: the lesson at the same step, or its problems."""
        course, problems = message.course, message.problems
        self._remember_place()
        self.problems = problems if course is None else []
        if course is not None:
            self.session.learner.change_course(course)
            self.title = f"Preview: {course.title}"
            self._acknowledge()
            # As the app does at start: a lesson renamed with previous_ids keeps its progress and place.
            self.adopt_renamed_lessons()
            self.lesson_id = course.renamed_lessons().get(self.lesson_id or "", self.lesson_id)
        self.reloads += 1
        await self._show(reloaded=True)

    def answered(self, asked: SafetyGate | RecommendedOrder) -> None:
        """Remember what the author answered, with what it said: a reload does not ask it again."""
        self._answered.add(asked_as(asked))

    def _remember_place(self) -> None:
        """Where the author is: the lesson, and the step by id and by position."""
        player = self.player()
        if player is None:
            return
        place = player.place
        self.lesson_id, self.index = place.lesson_id, place.index
        self.lesson_path = self.session.journey.lesson(place.lesson_id).path
        step = self.session.journey.step_at(place)
        self.step_id = step.id if step is not None else None
        view = player.exercise_view
        self._clearance = view.clearance if view is not None else None

    async def _show(self, *, reloaded: bool = False) -> None:
        """The problems, or the lesson at the remembered step, on a fresh stack over the course map.

        After a reload, a safety gate or a "Before this lesson" box the author answered, saying the same, is not
        asked again; one not answered yet is (at the start, the app asks, as for a learner resuming).
        """
        base = self.screen_stack[0]
        if self._map_of is not self.course and isinstance(base, CourseMapScreen):
            await base.recompose()  # the map of the course as it is now, before it is shown again
            self._map_of = self.course
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if self.problems:
            await self.push_screen(ProblemsScreen(self.problems, self.root))
            return
        place = self._place()
        if place is None:
            self.notify("This course has no lessons yet.", markup=False)
            return
        from unclench.tui.screens.player import PlayerScreen

        lesson = self.course.lessons[place.lesson_id]
        gate = safety_gate(
            self.course, place.lesson_id, lesson.steps[place.index] if place.index < len(lesson.steps) else None
        )
        answered = reloaded and gate is not None and asked_as(gate) in self._answered
        clearance, self._clearance = (self._clearance if answered else None), None
        await self.push_screen(PlayerScreen(self.session, place, gate_answered=answered, clearance=clearance))
        if not reloaded:
            return
        self.session.refresh()
        order = self.session.recommended_order(place, None)
        if order is not None and asked_as(order) not in self._answered:
            self.ask_recommended_order(place, None, functools.partial(self.open_place, asked=True))

    def _place(self) -> Place | None:
        lessons = self.course.ordered_lessons()
        if not lessons:
            return None
        same_file = [lesson for lesson in lessons if self.lesson_path is not None and lesson.path == self.lesson_path]
        lesson = self.course.lessons.get(self.lesson_id or "") or next(iter(same_file), None) or lessons[0]
        ids = [step.id for step in lesson.steps]
        index = ids.index(self.step_id) if self.step_id in ids else min(self.index, len(ids))
        if lesson.id != self.lesson_id and lesson not in same_file:
            index = 0
        self.lesson_id = lesson.id
        return Place(lesson.id, index)


def asked_as(asked: SafetyGate | RecommendedOrder) -> tuple[object, ...]:
    """A safety gate or a "Before this lesson" box as the author read it: where it is asked, and all it says."""
    if isinstance(asked, SafetyGate):
        return ("gate", asked.subject_id, asked.text)
    lessons = tuple((lesson.id, lesson.title) for lesson in asked.waiting)
    return ("order", asked.lesson.id, asked.lesson.title, lessons, asked.reason, asked.go_to.lesson_id)
