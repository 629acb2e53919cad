"""Over an exercise under way (help, the support card): a line saying it is paused, and how to end it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.content import Content
from textual.widgets import Static

from unclench.tui.stopping import ENDED_UNDERNEATH, covered_words

if TYPE_CHECKING:
    from textual.screen import Screen

    from unclench.tui.app import UnclenchApp
    from unclench.tui.widgets.exercise_view import ExerciseView


def exercise_under(app: App[object]) -> ExerciseView | None:
    """The exercise under way (running or paused) in the lesson player under the boxes on screen, or None."""
    player = cast("UnclenchApp", app).player()
    view = player.exercise_view if player is not None else None
    return view if view is not None and view.running else None


class ExerciseUnder(Static):
    """Over an exercise under way, first under the box's title: it is paused, the key that ends it, what Escape does.

    Hidden when no exercise is under way. Once the exercise is ended from the box (:meth:`end`), it says so.

    Args:
        typing: The box has fields to type in (the stop key is text there: the line says so).
    """

    DEFAULT_CSS = """
    ExerciseUnder {
        height: auto;
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self, *, typing: bool = False, id: str | None = "exercise-under") -> None:
        super().__init__(id=id, markup=False)
        self.typing = typing
        self.display = False

    def on_mount(self) -> None:
        """Say it, when an exercise is under way under the box."""
        view = exercise_under(self.app)
        if view is None:
            return
        player = cast("UnclenchApp", self.app).player()
        # Running now, the player holds it while the box is up (and goes on when it closes); held already (a
        # box over a box), the same; paused by the learner, it stays so.
        goes_on = view.phase == "running" or (player is not None and player.holds(view))
        self.update(Content(covered_words(goes_on=goes_on, typing=self.typing)))
        self.display = True

    def end(self) -> None:
        """End the exercise under the box at once (its stop key there); the line says it has ended."""
        view = exercise_under(self.app)
        if view is None:
            return
        view.end_early()
        self.update(Content(ENDED_UNDERNEATH))
        self.display = True


class EndsExerciseUnder:
    """For a box over the lesson player (help, the support card), before its screen class: its stop key ends the
    exercise under way underneath, at once; the box stays, saying so (the grounding after a stop comes once it
    closes)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The stop key acts only over an exercise under way."""
        if action == "end_exercise":
            return exercise_under(cast("Screen[object]", self).app) is not None
        return True

    def action_end_exercise(self) -> None:
        """End the exercise under the box (see :meth:`ExerciseUnder.end`)."""
        cast("Screen[object]", self).query_one(ExerciseUnder).end()
