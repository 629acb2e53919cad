"""What every step view of the lesson player has in common."""

from __future__ import annotations

from typing import ClassVar

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from unclench.course import Lesson, Step
from unclench.journey import Place
from unclench.store.errors import StoreError
from unclench.tui.session import Session

#: Headings for steps without a title, by kind.
KIND_NAMES = {"page": "Reading", "prompt": "Reflection", "quiz": "Quiz", "exercise": "Exercise"}


def step_title(step: Step) -> str:
    """The step's title, or a heading for its kind when it has none."""
    return step.title or KIND_NAMES[step.kind]


class StepView(VerticalScroll):
    """One step of a lesson, shown by the lesson player.

    The view itself takes the focus only where the step has nothing else to
    focus (a page), so that Tab never stops on an invisible container; its
    scroll keys (Home, End, Page Up, Page Down) work from anything inside it.
    Subclasses render a step kind; the player asks them to :meth:`flush`
    anything unsaved and whether anything :meth:`leave_blocker` keeps the
    learner on the step before it moves on.

    Args:
        session: The learner's session.
        lesson: The lesson the step belongs to.
        place: Where the step is.
    """

    REUSABLE: ClassVar[bool] = False
    """Whether the player keeps this view (hidden) while other kinds of step are shown, to reuse it.

    Only a view that holds nothing of the learner's (no answer, no choice, no
    run) and shows another step exactly as a new view would (:meth:`show_in_place`).
    """

    BUILT_AHEAD: ClassVar[bool] = False
    """Whether the player may build this view ahead, hidden, while the step before is on screen.

    Only a view that shows nothing but the course and the learner's record of its own step (not
    the position, not which steps are done: the step change writes those, so a view showing them
    fills them in when it is shown, in :meth:`arrive`), and whose building, mounting and sitting
    hidden only read: no write, no timer, no run, no cue, no notice, no focus. The player shows it
    only if neither the course nor the record changed since it was built.
    """

    SCROLL_TO_FOCUS: ClassVar[bool] = True
    """Whether the view scrolls to the widget it starts on (:meth:`focus_target`) when it is out of sight."""

    class Completed(Message):
        """The step became complete (a right answer, a saved answer, an exercise done)."""

        def __init__(self, place: Place) -> None:
            super().__init__()
            self.place = place
            """The completed step."""

    class GoTo(Message):
        """The learner asked to go to another place (from a summary, say)."""

        def __init__(self, place: Place | None) -> None:
            super().__init__()
            self.place = place
            """Where to go; None means the course map."""

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(classes="step-view")
        self.session = session
        self.lesson = lesson
        self.place = place

    def heading(self, text: str) -> Static:
        """A heading made from data (shown literally, never as markup)."""
        return Static(text, classes="step-title", markup=False)

    def can_show_in_place(self, place: Place) -> bool:
        """Whether :meth:`show_in_place` would show the step at ``place`` here (so no view need be built ahead)."""
        return False

    def show_in_place(self, lesson: Lesson, place: Place) -> bool:
        """Show the step at ``place`` in this view instead of a new one, if this view can.

        Returns:
            Whether it did (then it looks exactly as a new view of that step would, scrolled to the top).
        """
        return False

    def arrive(self) -> bool:
        """Bring a view built ahead up to date as the player shows it, after the step change's own writes.

        What the step change wrote (a step done, the lesson complete) and what moves without a write
        (the clock: a practice resting between runs) are read again here; the rest was read when the
        view was built, at the revision the player checked.

        Returns:
            Whether the view now looks exactly as a new view of its step would; False: a new one is built.
        """
        return True

    def flush(self) -> StoreError | None:
        """Save anything pending now, synchronously.

        Returns:
            The error when something could not be saved (the view keeps it on screen).
        """
        return None

    def leave_blocker(self) -> str | None:
        """Why the learner cannot leave this step right now, or None when they can."""
        return None

    def focus_target(self) -> Widget:
        """Where the learner starts on this step: the widget :meth:`focus_first` focuses."""
        return self

    def scrolls_to_focus(self) -> bool:
        """Whether the view scrolls to :meth:`focus_target` when it is out of sight (:attr:`SCROLL_TO_FOCUS`)."""
        return self.SCROLL_TO_FOCUS

    def focus_first(self) -> None:
        """Put the focus where the learner starts on this step."""
        self.focus_target().focus(scroll_visible=self.scrolls_to_focus())
