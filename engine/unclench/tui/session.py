"""What every screen of the app shares: the course, the learner's record and the journey.

The screens and widgets read and write the learner's record only through
:attr:`Session.learner` (:class:`unclench.learner.Learner`, the application
layer), and report a failed write with :meth:`Session.write`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.widget import Widget

from unclench.course import Course, ExerciseStep
from unclench.journey import Journey, Place, RecommendedOrder
from unclench.learner import Learner
from unclench.store.errors import StoreError
from unclench.text import visible

if TYPE_CHECKING:
    from unclench.practice import Closed, Screening
    from unclench.store import ProgressStore


class Session:
    """The learner's session: the course, the learner's record and a fresh view of the journey.

    Args:
        course: The course being taken.
        store: The open progress store (only :attr:`learner` uses it).
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
        self.learner = Learner(course, store)
        """Every read and write of the learner's record goes through it."""
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.unsaved_screening: dict[str, bool] = {}
        """Screening answers picked but left with "Not now", by question id: filled in again the next
        time the questions open, never stored (the record changes only with "Save my answers")."""

    @property
    def course(self) -> Course:
        """The course being taken."""
        return self.learner.course

    @property
    def journey(self) -> Journey:
        """The journey as of the last :meth:`refresh`."""
        return self.learner.journey

    def refresh(self, lesson_ids: Iterable[str] | None = None) -> Journey:
        """Read the learner's progress again and return the new journey (see :meth:`Learner.refresh`)."""
        return self.learner.refresh(lesson_ids)

    def revision(self, *, wait: bool = True) -> tuple[int, int, int] | None:
        """Where the course and the record stand (see :meth:`Learner.revision`); None when that cannot be told.

        Args:
            wait: Wait for a save under way in a worker thread; False (a look in passing): None then.
        """
        return self.learner.revision(wait=wait)

    def disclaimer_acknowledged(self) -> bool:
        """Whether the current disclaimer text has been acknowledged (no, when that cannot be read)."""
        return self.learner.disclaimer_acknowledged()

    def acknowledge_disclaimer(self) -> None:
        """Store the learner's acknowledgement of the current disclaimer.

        Raises:
            StoreError: It could not be stored; the disclaimer still stands.
        """
        self.learner.acknowledge_disclaimer()

    def write(self, node: Widget, action: Callable[[], object], what: str) -> bool:
        """Run a write of the learner's record; on failure tell the learner (as plain text) and return False.

        Args:
            node: The widget or screen to notify from.
            action: The write, e.g. ``lambda: session.learner.mark_step_done(...)``.
            what: What was being saved, for the message title ("your position").

        Returns:
            Whether the write succeeded.
        """
        try:
            action()
        except StoreError as error:
            node.notify(
                visible(error.explained), title=f"Could not save {what}", severity="error", timeout=10, markup=False
            )
            return False
        return True

    def recommended_order(self, target: Place, current: Place | None) -> RecommendedOrder | None:
        """Whether to name the lessons ``target``'s lesson builds on before going there (None: go straight on).

        See :meth:`Learner.recommended_order`.
        """
        return self.learner.recommended_order(target, current)

    def continue_anyway(self, node: Widget, order: RecommendedOrder) -> None:
        """Remember that the learner chose to continue into the lesson anyway (no progress changes)."""
        self.write(node, lambda: self.learner.continue_anyway(order), "your choice")

    def practice_block(self, lesson_id: str, step: ExerciseStep) -> Closed | None:
        """Why the exercise may not start now, or None (see :meth:`Learner.practice_block`)."""
        return self.learner.practice_block(lesson_id, step)

    def screening(self, step: ExerciseStep) -> Screening:
        """Where the learner stands with the exercise's screening questions."""
        return self.learner.screening(step)
