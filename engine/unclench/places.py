"""Where saved progress belongs in a course now: the one rule of the journal, ``status``, ``export`` and
``check`` (its hint at ``--against-progress`` reads it on every run, so this module imports only the course).

Domain code: never imports Textual.
"""

from __future__ import annotations

from unclench.course import Course, Lesson, Step
from unclench.frozen import frozen_record

#: The stored step id of a lesson's summary (never a valid author step id).
SUMMARY_STEP_ID = "~summary"


def current_lesson(course: Course, lesson_id: str) -> Lesson | None:
    """The lesson of ``course`` that progress saved under ``lesson_id`` belongs to.

    ``lesson_id`` is the lesson's id or one of its ``previous_ids`` (the
    rename is applied in memory only; nothing is written).

    Returns:
        The lesson, or None when the course no longer has it.
    """
    if lesson_id in course.lessons:
        return course.lessons[lesson_id]
    new_id = course.renamed_lessons().get(lesson_id)
    return course.lessons.get(new_id) if new_id is not None else None


#: The kind of step each kind of saved work shows in: an answer in a reflection (``prompt``), a quiz answer
#: in a quiz, ratings and runs in an exercise. Saved under a step id that is now a step of another kind (an
#: author reused the id), it shows nowhere in its lesson: it is as much "no longer in the course" as a removed step.
WORK_STEP_KINDS = {"journal": "prompt", "quiz_attempt": "quiz", "checkin": "exercise", "run": "exercise"}
#: A step kind as said to a learner or author: "step 'q1' is now a quiz".
STEP_KIND_WORDS = {"page": "a page", "prompt": "a reflection", "quiz": "a quiz", "exercise": "an exercise"}


def shows_in(step: Step | None, what: str) -> bool:
    """Whether saved work of the kind ``what`` (as in ``status``'s ``orphaned``) shows in ``step``.

    ``step`` is the step of the saved id now (None: the lesson has none). Work of a kind tied to a
    step kind (:data:`WORK_STEP_KINDS`) shows only in a step of that kind; a place or a step done, in any.
    """
    if step is None:
        return False
    kind = WORK_STEP_KINDS.get(what)
    return kind is None or step.kind == kind


@frozen_record
class Orphan:
    """Why saved progress has no place in the course now."""

    lesson_in_course: bool
    """Whether its lesson is still there (then its step is gone, or now of another kind)."""
    step_kind_now: str | None = None
    """The kind of the step of that id now, when it is there but not of the kind the work shows in."""


def orphan_of(course: Course, lesson_id: str, step_id: str | None, what: str) -> Orphan | None:
    """Why progress saved as ``what`` under ``lesson_id`` and ``step_id`` has no place in ``course`` now.

    None when it has one. The one rule of the journal, ``status`` and ``check --against-progress``: the
    lesson is gone, the step is gone, or the step is now of another kind than the work shows in
    (:func:`shows_in`). A lesson's summary (``~summary``) and a lesson's own completion (no step) are places.
    """
    lesson = current_lesson(course, lesson_id)
    if lesson is None:
        return Orphan(lesson_in_course=False)
    if step_id is None or step_id == SUMMARY_STEP_ID:
        return None
    index = lesson.step_index(step_id)
    step = lesson.steps[index] if index is not None else None
    if shows_in(step, what):
        return None
    return Orphan(lesson_in_course=True, step_kind_now=step.kind if step is not None else None)
