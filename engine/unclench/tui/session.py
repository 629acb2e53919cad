"""What every screen of the app shares: the course, the store and the journey."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable

from textual.widget import Widget

from unclench.course import Course, ExerciseStep
from unclench.journey import DISCLAIMER_KIND, DISCLAIMER_SUBJECT, Journey, Progress
from unclench.practice import Closed, Screening
from unclench.store import ProgressStore
from unclench.store.errors import StoreError
from unclench.text import visible


class Session:
    """The learner's session: the course, the progress store and a fresh view of the journey.

    Args:
        course: The course being taken.
        store: The open progress store.
        clock: A monotonic clock in seconds, for exercise timers (tests freeze it).
        cursor_blink: Whether text cursors blink (snapshot tests turn it off).
    """

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        cursor_blink: bool = True,
    ) -> None:
        self.course = course
        self.store = store
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.journey = Journey(course)
        """The journey as of the last :meth:`refresh`."""
        self._stale = True  # nothing read yet: the first refresh reads everything

    def refresh(self, lesson_ids: Iterable[str] | None = None) -> Journey:
        """Read the learner's progress again and return the new journey.

        Args:
            lesson_ids: Only these lessons changed (and the position): read
                just them, so a step change costs the same on any course and
                any record. None reads everything again (a screen opening,
                after the journal may have changed answers).

        When the store cannot be read, the previous journey is kept.
        """
        with contextlib.suppress(StoreError):
            if lesson_ids is None or self._stale:
                progress = Progress.read(self.store, self.course)
            else:
                progress = self.journey.progress.reread(self.store, self.course, lesson_ids)
            self.journey = Journey(self.course, progress)
            self._stale = False
        return self.journey

    def disclaimer_acknowledged(self) -> bool:
        """Whether the current disclaimer text has been acknowledged.

        When the store cannot be read the answer is no: nothing opens on an
        acknowledgement that cannot be confirmed.
        """
        try:
            return self.store.is_acknowledged(
                self.course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, self.course.disclaimer
            )
        except StoreError:
            return False

    def acknowledge_disclaimer(self) -> None:
        """Store the learner's acknowledgement of the current disclaimer, with the hash of its text.

        Raises:
            StoreError: It could not be stored; the disclaimer still stands.
        """
        self.store.acknowledge(self.course.id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, self.course.disclaimer)

    def write(self, node: Widget, action: Callable[[], object], what: str) -> bool:
        """Run a store write; on failure tell the learner (as plain text) and return False.

        Args:
            node: The widget or screen to notify from.
            action: The write, e.g. ``lambda: store.mark_step_done(...)``.
            what: What was being saved, for the message title ("your position").

        Returns:
            Whether the write succeeded.
        """
        try:
            action()
        except StoreError as error:
            node.notify(visible(str(error)), title=f"Could not save {what}", severity="error", timeout=10, markup=False)
            return False
        return True

    def practice_block(self, lesson_id: str, step: ExerciseStep) -> Closed | None:
        """Why the exercise may not start now (see :func:`unclench.practice.practice_block`), or None."""
        from unclench.practice import practice_block

        try:
            runs = self.store.runs(self.course.id)
            now = self.store.now()
        except StoreError:
            return None  # the safety gate and the check-ins still apply; an unreadable history locks no one out
        return practice_block(lesson_id, step, runs, now)

    def screening(self, step: ExerciseStep) -> Screening:
        """Where the learner stands with the exercise's screening questions."""
        from unclench.practice import screening_for

        try:
            answers = {a.question_id: a.answer for a in self.store.screening_answers(self.course.id)}
        except StoreError:
            answers = {}
        return screening_for(self.course, step, answers)
