"""The stop key of a running exercise (and the key that resumes a paused one): one binding each, named wherever the
learner is told how to stop or go on."""

from __future__ import annotations

from textual.binding import Binding

#: Ends the running exercise at once (bound by the lesson player; live only while an exercise runs).
STOP_EXERCISE = Binding(
    "s,escape", "stop_exercise", "Stop exercise", id="stop_exercise", tooltip="End the running exercise at once"
)

#: Resumes a paused exercise (bound by the lesson player; live, and in the footer, only while an exercise is paused).
RESUME_EXERCISE = Binding("r", "resume_exercise", "Resume", id="resume_exercise", tooltip="Resume a paused exercise")


def _keys_read(binding: Binding) -> str:
    """A binding's keys as a learner reads them: ``s or Escape``."""
    keys = (key.strip() for key in binding.key.split(","))
    return " or ".join(key if len(key) == 1 else key.capitalize() for key in keys)


def stop_keys() -> str:
    """The stop keys as a learner reads them, from :data:`STOP_EXERCISE`: ``s or Escape``.

    Named before the exercise starts too (the safety gate, the exercise's own screen): the
    safety notes promise a stop key, and a learner about to close their eyes should know it.
    """
    return _keys_read(STOP_EXERCISE)


def paused_words() -> str:
    """What a paused exercise says under its buttons: that it is paused, the keys that resume it and those that end it.

    A stranger pressed Enter during a run, and the timer stopped: the clock said "Paused", but nothing said how to
    go on (Enter again, on Resume, which keeps the focus) nor that the stop keys still end it.
    """
    return f"Paused. To go on, press {_keys_read(RESUME_EXERCISE)} (or Enter on Resume); to end, {stop_keys()}."


def stop_now() -> str:
    """The app's own stop line while an exercise runs (the stop panel, the cue sign), from :data:`STOP_EXERCISE`.

    Shown first and whole wherever it is: no course text may hide it (see
    :class:`~unclench.tui.widgets.stop_words.StopWords`).
    """
    return f"Press {stop_keys()} to end the exercise now."


#: Ends the exercise under help or the support card (bound by those boxes; live only while one runs or is paused
#: under them). The stop key without Escape, which closes the box; in the support card's boxes ``s`` is typed.
END_UNDERNEATH = Binding(
    STOP_EXERCISE.key.split(",")[0].strip(),
    "end_exercise",
    "End exercise",
    id="end_exercise_under",
    show=False,
    tooltip="Over an exercise under way: end the exercise at once",
)


def covered_words(*, goes_on: bool, typing: bool = False) -> str:
    """What help or the support card says over an exercise under way: that it is paused, and how to end it.

    A stranger opened help during a run: it covered the screen, no stop key in sight, ``s`` did nothing,
    and the timer stopped unsaid.

    Args:
        goes_on: The timer goes on once the box is closed (it was running; else it stays paused).
        typing: The box has fields to type in, where the key is text.
    """
    key = _keys_read(END_UNDERNEATH)
    where = " (outside the boxes you type in)" if typing else ""
    then = "and the timer goes on" if goes_on else "and it stays paused"
    return f"The exercise is paused. To end it now, press {key}{where}. Escape closes this, {then}."


#: Said in help or the support card once the exercise under it was ended from there.
ENDED_UNDERNEATH = "The exercise has ended. Escape closes this."
