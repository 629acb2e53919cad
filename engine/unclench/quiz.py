"""Quizzes as the learner meets them: the order of the choices, and which feedback to show.

Authors tend to write the right answer first, so a learner could answer by
position alone. Choices are therefore shown in a shuffled order, unless the
quiz sets ``shuffle = false``. The order is a pure function of the course,
lesson and step ids: it is the same every time the quiz is shown (on resume,
on a retry, after a restart, after an export and import), it needs nothing
stored, and saved attempts keep using the authored indexes, so the record
never depends on what order a learner happened to see.

Feedback follows two rules. A wrong choice explains why it is wrong without
naming the right one, so that a second try still tests something. The right
answer's explanation is shown once the learner chooses it, or after a second
wrong try, so nobody is left stuck.

:func:`answer_position_warnings` is the author's side of the same concern:
``unclench check`` warns when the correct choices sit in the same authored
position in most quizzes, which shows wherever the authored order does
(``shuffle = false``, other tools, a printed copy).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from unclench.course import Course, Lesson, QuizStep
from unclench.frozen import frozen_record

if TYPE_CHECKING:
    from unclench.problems import Problem

#: After this many wrong tries at a quiz, its right answers are explained too.
REVEAL_AFTER_WRONG_TRIES = 2
#: Fewer quizzes than this say nothing about an author's habit: no warning.
MIN_QUIZZES_FOR_WARNING = 4


def display_order(course_id: str, lesson_id: str, step: QuizStep) -> tuple[int, ...]:
    """The authored indexes of ``step``'s choices in the order the learner sees them.

    Stable: the same ids always give the same order, on any machine and any
    Python version (it sorts by a SHA-256 of the ids, not by :mod:`random`).
    """
    indexes = range(len(step.choices))
    if not step.shuffle:
        return tuple(indexes)
    from unclench.digest import sha256  # here: ``check`` imports this module for its warnings, which need no hash

    seed = f"{course_id}\0{lesson_id}\0{step.id}\0"

    def rank(index: int) -> bytes:
        return sha256(f"{seed}{index}".encode())

    return tuple(sorted(indexes, key=rank))


@frozen_record
class Feedback:
    """What to show after the learner checks an answer."""

    correct: bool
    """Whether the chosen set is exactly the right one."""
    explained: tuple[int, ...]
    """The chosen choices, in the order shown: each one's own feedback is shown."""
    not_yet_chosen: int
    """How many right choices of a multiple-answer quiz are not chosen (0 when not told)."""
    revealed: tuple[int, ...]
    """Right choices not chosen whose explanation is now shown (after repeated wrong tries)."""


def feedback_for(step: QuizStep, chosen: Iterable[int], wrong_tries: int, order: Sequence[int]) -> Feedback:
    """The feedback for ``chosen`` (authored indexes), given how many wrong tries there have been.

    Args:
        step: The quiz.
        chosen: The authored indexes the learner chose.
        wrong_tries: Wrong attempts at this quiz so far, counting this one if it is wrong.
        order: The display order (:func:`display_order`), so feedback follows what is on screen.
    """
    picked = frozenset(chosen)
    correct = step.is_correct(picked)
    position = {index: shown for shown, index in enumerate(order)}

    def shown_order(indexes: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(indexes, key=lambda i: position.get(i, i)))

    missed = [i for i, choice in enumerate(step.choices) if choice.correct and i not in picked]
    reveal = not correct and wrong_tries >= REVEAL_AFTER_WRONG_TRIES
    return Feedback(
        correct=correct,
        explained=shown_order(picked),
        not_yet_chosen=len(missed) if step.multiple and not correct else 0,
        revealed=shown_order(missed) if reveal else (),
    )


def answer_position_warnings(course: Course) -> list[Problem]:
    """Warnings when a course's correct choices sit in the same authored position in most quizzes.

    One warning at each quiz that follows the habit, where its choices are written, so that an author can
    go to them (a stranger was told only "in 3 of 5 quizzes", at the top of course.toml).
    """
    singles: list[tuple[Lesson, int, int]] = []  # (lesson, step index, where its correct choice is)
    multiples: list[tuple[Lesson, int, bool]] = []  # ..., every right choice listed before every wrong one
    for lesson in course.ordered_lessons():
        for index, step in enumerate(lesson.steps):
            if not isinstance(step, QuizStep):
                continue
            flags = [choice.correct for choice in step.choices]
            if step.multiple:
                multiples.append((lesson, index, flags == sorted(flags, reverse=True) and not all(flags)))
            else:
                singles.append((lesson, index, flags.index(True)))
    places = _QuizPlaces(course)
    warnings = []
    if len(singles) >= MIN_QUIZZES_FOR_WARNING:
        position, count = Counter(first for _, _, first in singles).most_common(1)[0]
        if count * 2 > len(singles):
            warnings += [
                places.warning(
                    lesson,
                    ("steps", index, "choices", position),
                    f"the correct choice is listed {_ordinal(position)}, as in {count} of {len(singles)} "
                    "single-answer quizzes of the course; learners who see the authored order (shuffle = false, a "
                    "printed copy) can answer by position",
                    "move the correct choice to another position in this quiz or in some of the others warned about",
                )
                for lesson, index, first in singles
                if first == position
            ]
    if len(multiples) >= MIN_QUIZZES_FOR_WARNING:
        count = sum(ordered for _, _, ordered in multiples)
        if count * 2 > len(multiples):
            warnings += [
                places.warning(
                    lesson,
                    ("steps", index, "choices"),
                    f"every correct choice is listed before every wrong one, as in {count} of {len(multiples)} "
                    "multiple-answer quizzes of the course",
                    "mix the wrong choices in among the right ones, in this quiz or in some of the others warned about",
                )
                for lesson, index, ordered in multiples
                if ordered
            ]
    return warnings


class _QuizPlaces:
    """Where a course's quizzes are written, each lesson file read once, to place warnings on them."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self._positions: dict[Path, dict[tuple[str | int, ...], tuple[int, int]]] = {}

    def warning(self, lesson: Lesson, key: tuple[str | int, ...], message: str, fix: str) -> Problem:
        from unclench.folders import COURSE_INDEX
        from unclench.problems import Problem

        if lesson.path is None:  # a course not read from files: name the quiz instead
            where = Path(self.course.root or ".") / COURSE_INDEX
            step_id = lesson.steps[int(key[1])].id
            return Problem(where, 1, 1, "", f"quiz '{step_id}' of lesson '{lesson.id}': {message}", fix, "warning")
        line, col = self._positions_in(lesson.path).get(key, (1, 1))
        shown = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in key).lstrip(".")
        return Problem(lesson.path, line, col, shown, message, fix, "warning")

    def _positions_in(self, path: Path) -> dict[tuple[str | int, ...], tuple[int, int]]:
        if path not in self._positions:
            from unclench.tomlpos import key_positions

            try:
                self._positions[path] = key_positions(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeError, ValueError, RecursionError):
                self._positions[path] = {}  # changed since it was checked: the file's first line
        return self._positions[path]


def _ordinal(index: int) -> str:
    names = ("first", "second", "third", "fourth", "fifth")
    return names[index] if index < len(names) else f"in position {index + 1}"
