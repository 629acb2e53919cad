"""The stop key of a running exercise: one binding, named wherever the learner is told how to stop."""

from __future__ import annotations

from textual.binding import Binding

#: Ends the running exercise at once (bound by the lesson player; live only while an exercise runs).
STOP_EXERCISE = Binding(
    "s,escape", "stop_exercise", "Stop exercise", id="stop_exercise", tooltip="End the running exercise at once"
)


def stop_keys() -> str:
    """The stop keys as a learner reads them, from :data:`STOP_EXERCISE`: ``s or Escape``.

    Named before the exercise starts too (the safety gate, the exercise's own screen): the
    safety notes promise a stop key, and a learner about to close their eyes should know it.
    """
    keys = (key.strip() for key in STOP_EXERCISE.key.split(","))
    return " or ".join(key if len(key) == 1 else key.capitalize() for key in keys)


def stop_now() -> str:
    """The app's own stop line while an exercise runs (the stop panel, the cue sign), from :data:`STOP_EXERCISE`.

    Shown first and whole wherever it is: no course text may hide it (see
    :class:`~unclench.tui.widgets.stop_words.StopWords`).
    """
    return f"Press {stop_keys()} to end the exercise now."
