"""Where the learner is in a course, and where they can go next.

This module is the domain logic behind the course map and the lesson player.
It never imports Textual and never writes anything: it reads a
:class:`Progress` snapshot (taken from the progress store with
:meth:`Progress.read`) and answers questions about it. The TUI records what
happens through the store, takes a fresh snapshot and asks again.

Places
    A learner is always at a :class:`Place`: a lesson and an index into its
    steps. The index ``len(lesson.steps)`` is the lesson's *summary*, shown
    after the last step. Moving on from a summary leads to the first step of
    the next lesson in course order; moving back from a lesson's first step
    leads to the previous lesson's summary. In the store a place is a
    ``(lesson_id, step_id)`` pair, where the summary is :data:`SUMMARY_STEP_ID`
    (a value no author can use as a step id, since ids start with a letter or
    digit).

Required and optional steps
    Pages are *required*: a lesson is read by reading them. Prompts, quizzes
    and exercises are *optional*: writing, answering and practising are the
    learner's choice, never a condition for going on (see :func:`is_required`).

When a step is complete
    * ``page``: once the learner moves on from it (next step).
    * ``prompt``: once it has a saved, non-empty answer. Moving on from an
      empty or blank answer completes nothing and stores nothing.
    * ``quiz``: once it has been answered correctly, at least once.
    * ``exercise``: once its timer has run out or the learner ended it
      (ending early counts: stopping is always allowed).

    Any step the store records as done is complete, whatever its kind.
    :func:`completes_on_moving_on` says which kinds the view marks done when
    the learner moves forward from them.

When a lesson is done
    When every one of its required steps is complete (optional steps never
    hold it open), or the store recorded the lesson as done (so a learner who
    finished a lesson keeps it finished when an author later adds a step). A
    lesson without required steps is done when all its steps are complete,
    or once the learner moved on past its last step (the player records it).
    A lesson is *in progress* when it is not done but some step is complete,
    a prompt has an answer, or the learner has opened it; otherwise it is
    *not started*.

Progress as a number
    One definition, used by the course map, the lesson summary, ``unclench
    status`` (text and JSON) and the export: the share of *lessons* done,
    overall and per module (:class:`Tally`). A percentage is always printed
    beside the count it is made of ("3 of 16 lessons, 19%"), rounded half up
    by :func:`percent`. Inside a lesson the steps done are counted, never
    turned into a percentage.

Where "Continue" leads
    See :meth:`Journey.continue_place`: the exact stored step, except that the
    summary of a finished lesson leads on to the next unfinished lesson.

Recommended order
    A lesson may name lessons it builds on (``builds_on``). Entering it from
    outside (the map, Continue, the palette, paging in) while some of them are
    not done is *early*: :meth:`Journey.recommended_order` says which ones,
    why, and where "Go there" leads. Nothing is locked and no progress
    changes; a learner who chooses to continue anyway is not asked again for
    that lesson (the choice is a per-learner setting, :func:`order_setting`,
    holding :attr:`RecommendedOrder.text`; not part of the course record).

What must be acknowledged before a step opens
    The course disclaimer, when it has not been acknowledged with its current
    text (the app asks before any lesson opens); before every tremor exercise,
    every time it is opened or started, its safety notes
    (:mod:`unclench.practice`, which holds the policy of safe practice).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import field, replace
from typing import TYPE_CHECKING, Protocol

from unclench.course import Course, ExerciseStep, Lesson, PromptStep, QuizStep, Step
from unclench.frozen import frozen_record
from unclench.places import SUMMARY_STEP_ID as SUMMARY_STEP_ID  # re-exported: where it was

if TYPE_CHECKING:
    from unclench.store.rows import CourseRecord, QuizAttempt

#: Acknowledgement kinds, as stored with :meth:`ProgressStore.acknowledge`.
DISCLAIMER_KIND = "disclaimer"
#: The subject id under which the course disclaimer is acknowledged.
DISCLAIMER_SUBJECT = "course"


class LessonState(enum.Enum):
    """How far the learner has got with a lesson."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


# ---------------------------------------------------------------------------
# Reading the store
# ---------------------------------------------------------------------------


class PositionLike(Protocol):
    """A stored position: what :meth:`ProgressStore.position` returns."""

    @property
    def lesson_id(self) -> str: ...  # pragma: no cover

    @property
    def step_id(self) -> str: ...  # pragma: no cover


class ProgressReader(Protocol):
    """The part of the progress store a :class:`Progress` snapshot is read from.

    Every method but :meth:`position` takes an optional lesson id that narrows
    it to that lesson, so that a step change reads one lesson, not the record.
    """

    def position(self, course_id: str) -> PositionLike | None: ...  # pragma: no cover

    def lesson_positions(
        self, course_id: str, lesson_id: str | None = None
    ) -> Mapping[str, str]: ...  # pragma: no cover

    def completed_steps(
        self, course_id: str, lesson_id: str | None = None
    ) -> Mapping[str, AbstractSet[str]]: ...  # pragma: no cover

    def completed_lessons(
        self, course_id: str, lesson_id: str | None = None
    ) -> AbstractSet[str]: ...  # pragma: no cover

    def answered_steps(
        self, course_id: str, lesson_id: str | None = None
    ) -> Mapping[str, AbstractSet[str]]: ...  # pragma: no cover

    def quiz_results(
        self, course_id: str, lesson_id: str | None = None
    ) -> Mapping[tuple[str, str], Sequence[bool]]: ...  # pragma: no cover


@frozen_record
class Progress:
    """A snapshot of one learner's stored progress in one course.

    Attributes:
        position: The stored ``(lesson_id, step_id)`` where the learner was, if any.
        lesson_positions: For each lesson the learner opened, the step id they were last at.
        completed_steps: Lesson id -> ids of the steps recorded as done.
        completed_lessons: Ids of the lessons recorded as done.
        answered: Lesson id -> ids of the prompts with a saved non-empty answer.
        quiz_results: ``(lesson_id, step_id)`` -> whether each attempt was right, oldest first.
    """

    position: tuple[str, str] | None = None
    lesson_positions: Mapping[str, str] = field(default_factory=dict)
    completed_steps: Mapping[str, frozenset[str]] = field(default_factory=dict)
    completed_lessons: frozenset[str] = frozenset()
    answered: Mapping[str, frozenset[str]] = field(default_factory=dict)
    quiz_results: Mapping[tuple[str, str], tuple[bool, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, store: ProgressReader, course: Course) -> Progress:
        """Take a snapshot of ``course``'s progress from ``store``.

        A handful of queries whatever the size of the course; answers are
        read as ids (whether each is blank), never as texts.

        Args:
            store: The progress store (or anything with the same reading methods).
            course: The course whose progress to read.

        Returns:
            The snapshot.
        """
        stored = store.position(course.id)
        positions = store.lesson_positions(course.id)
        return cls(
            position=(stored.lesson_id, stored.step_id) if stored is not None else None,
            lesson_positions={k: v for k, v in positions.items() if k in course.lessons},
            completed_steps={k: frozenset(v) for k, v in store.completed_steps(course.id).items()},
            completed_lessons=frozenset(store.completed_lessons(course.id)),
            answered={k: frozenset(v) for k, v in store.answered_steps(course.id).items()},
            quiz_results={k: tuple(v) for k, v in store.quiz_results(course.id).items()},
        )

    @classmethod
    def from_record(cls, record: CourseRecord, course: Course) -> Progress:
        """A snapshot of an exported or stored :class:`CourseRecord`, for ``status`` and the export.

        Progress saved under a lesson's ``previous_ids`` counts as that lesson's
        (in memory only: nothing is written), as the app counts it after
        adopting the renames.

        Args:
            record: Everything saved about the course.
            course: The course as it is now.

        Returns:
            The snapshot.
        """
        renamed = course.renamed_lessons()

        def current(lesson_id: str) -> str:
            return lesson_id if lesson_id in course.lessons else renamed.get(lesson_id, lesson_id)

        lesson_positions: dict[str, str] = {}
        for saved in sorted(record.lesson_positions, key=lambda p: p.updated_at):
            lesson_positions[current(saved.lesson_id)] = saved.step_id
        steps: dict[str, set[str]] = {}
        for step in record.steps_done:
            steps.setdefault(current(step.lesson_id), set()).add(step.step_id)
        answered: dict[str, set[str]] = {}
        for entry in record.journal:
            if not entry.cleared:
                answered.setdefault(current(entry.lesson_id), set()).add(entry.step_id)
        quiz: dict[tuple[str, str], list[bool]] = {}
        for attempt in record.quiz_attempts:
            quiz.setdefault((current(attempt.lesson_id), attempt.step_id), []).append(attempt.correct)
        position = record.position
        return cls(
            position=(current(position.lesson_id), position.step_id) if position is not None else None,
            lesson_positions=lesson_positions,
            completed_steps={k: frozenset(v) for k, v in steps.items()},
            completed_lessons=frozenset(current(done.lesson_id) for done in record.lessons_done),
            answered={k: frozenset(v) for k, v in answered.items()},
            quiz_results={k: tuple(v) for k, v in quiz.items()},
        )

    def reread(self, store: ProgressReader, course: Course, lesson_ids: Iterable[str]) -> Progress:
        """This snapshot with the position and the progress of ``lesson_ids`` read again from ``store``.

        What a step change needs: it touches the position and the lessons
        left and entered, and nothing else of the record, so the work does
        not grow with the course or the learner's history. The result equals
        a fresh :meth:`read` as long as nothing else changed since this
        snapshot was taken.

        Args:
            store: The progress store.
            course: The course.
            lesson_ids: The lessons whose progress may have changed.

        Returns:
            The new snapshot.
        """
        stored = store.position(course.id)
        lesson_positions = dict(self.lesson_positions)
        completed_steps = dict(self.completed_steps)
        completed_lessons = set(self.completed_lessons)
        answered = dict(self.answered)
        quiz_results = dict(self.quiz_results)
        for lesson_id in set(lesson_ids):
            step_id = store.lesson_positions(course.id, lesson_id).get(lesson_id)
            if step_id is not None and lesson_id in course.lessons:
                lesson_positions[lesson_id] = step_id
            else:
                lesson_positions.pop(lesson_id, None)
            _replace(completed_steps, lesson_id, store.completed_steps(course.id, lesson_id).get(lesson_id))
            _replace(answered, lesson_id, store.answered_steps(course.id, lesson_id).get(lesson_id))
            completed_lessons.discard(lesson_id)
            completed_lessons |= store.completed_lessons(course.id, lesson_id)
            for key in [key for key in quiz_results if key[0] == lesson_id]:
                del quiz_results[key]
            quiz_results.update((k, tuple(v)) for k, v in store.quiz_results(course.id, lesson_id).items())
        return Progress(
            position=(stored.lesson_id, stored.step_id) if stored is not None else None,
            lesson_positions=lesson_positions,
            completed_steps=completed_steps,
            completed_lessons=frozenset(completed_lessons),
            answered=answered,
            quiz_results=quiz_results,
        )


def _replace(by_lesson: dict[str, frozenset[str]], lesson_id: str, ids: AbstractSet[str] | None) -> None:
    if ids:
        by_lesson[lesson_id] = frozenset(ids)
    else:
        by_lesson.pop(lesson_id, None)


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------


@frozen_record(order=True)
class Place:
    """Where the learner is: a lesson and a step index (``len(steps)`` is the summary)."""

    lesson_id: str
    index: int


def is_required(step: Step) -> bool:
    """Whether a lesson is done only once ``step`` is complete: pages; prompts, quizzes and exercises are optional."""
    return step.kind == "page"


def completes_on_moving_on(step: Step) -> bool:
    """Whether moving forward from ``step`` completes it (only pages do).

    Args:
        step: The step the learner leaves by going to the next step.

    Returns:
        True for ``page`` steps. A prompt needs a written answer, a quiz a
        right answer, an exercise to be finished or ended.
    """
    return step.kind == "page"


def percent(done: int, total: int) -> int:
    """``done`` of ``total`` as a whole percentage, rounded half up (0 when ``total`` is 0).

    The one rounding rule of every percentage shown beside a count.
    """
    return (200 * done + total) // (2 * total) if total > 0 else 0


@frozen_record
class Tally:
    """How many of something are done, out of how many: the one shape of progress shown as a number."""

    done: int
    total: int

    @property
    def fraction(self) -> float:
        """``done / total``, 0..1 (0 when there is nothing to do)."""
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """The whole percentage (see :func:`percent`)."""
        return percent(self.done, self.total)


def restorable_choices(step: QuizStep, chosen: Sequence[int], chosen_texts: Sequence[str]) -> frozenset[int]:
    """The choices of a saved quiz attempt that still mean what they meant, or none at all.

    Attempts store choice indexes and texts. After an author edits the choices,
    an index may point at a different answer; then the old attempt is not
    shown as if it had been given to the new question.
    """
    if len(chosen) != len(chosen_texts):
        return frozenset()
    for index, text in zip(chosen, chosen_texts, strict=True):
        if not 0 <= index < len(step.choices) or step.choices[index].text != text:
            return frozenset()
    return frozenset(chosen)


def marked_by_the_course(course: Course, attempts: Iterable[QuizAttempt]) -> tuple[list[QuizAttempt], int]:
    """``attempts`` each marked right or wrong as ``course`` marks it, where it can; and how many that changed.

    The app marks an answer by the course: a saved answer it shows again (:func:`restorable_choices`) comes
    with the course's verdict (✗ Not quite). An imported file says whether each answer was right, and a
    hand-edited or forged one can say "right" of a wrong choice: the export then said “No”, right and
    counted the quiz done while the app said ✗ Not quite. So an answer the quiz as it is now can show again
    takes the course's verdict; one to a quiz the course no longer has, or whose choices have changed since
    (an index that is not there, or that reads another text), keeps the file's word: nothing else tells.
    """
    renamed = course.renamed_lessons()
    marked: list[QuizAttempt] = []
    changed = 0
    for attempt in attempts:
        lesson = course.lessons.get(attempt.lesson_id) or course.lessons.get(renamed.get(attempt.lesson_id, ""))
        index = lesson.step_index(attempt.step_id) if lesson is not None else None
        step = lesson.steps[index] if lesson is not None and index is not None else None
        shown_again = isinstance(step, QuizStep) and len(
            restorable_choices(step, attempt.chosen, attempt.chosen_texts)
        ) == len(attempt.chosen)
        if isinstance(step, QuizStep) and shown_again:
            correct = step.is_correct(frozenset(attempt.chosen))
            if correct != attempt.correct:
                attempt = replace(attempt, correct=correct)
                changed += 1
        marked.append(attempt)
    return marked, changed


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------


@frozen_record
class LessonSummary:
    """What the learner did in a lesson, for the summary shown after its last step.

    Attributes:
        lesson: The lesson.
        steps_done: How many of its steps are complete.
        steps_total: How many steps it has.
        answers: How many of its prompts have a non-empty answer.
        prompts: How many prompts it has.
        quizzes: How many quizzes it has.
        quizzes_correct: How many of them were answered correctly (at some attempt).
        exercises: How many exercises it has.
        exercises_done: How many of them were finished or ended.
        incomplete: The steps not complete yet, in order, as places.
        state: The lesson's state (the same as on the course map).
    """

    lesson: Lesson
    steps_done: int
    steps_total: int
    answers: int
    prompts: int
    quizzes: int
    quizzes_correct: int
    exercises: int
    exercises_done: int
    incomplete: tuple[Place, ...]
    state: LessonState

    @property
    def done(self) -> bool:
        """Whether the lesson is done (its required steps complete; optional ones may be left)."""
        return self.state is LessonState.DONE


@frozen_record
class ModuleProgress:
    """A module's completion: its lessons done, out of its lessons."""

    module_id: str
    title: str
    lessons_done: int
    lessons_total: int

    @property
    def tally(self) -> Tally:
        """Lessons done out of lessons."""
        return Tally(self.lessons_done, self.lessons_total)

    @property
    def fraction(self) -> float:
        """The share of the module's lessons done, 0..1."""
        return self.tally.fraction


@frozen_record
class RecommendedOrder:
    """A lesson entered before the lessons it builds on are done.

    Attributes:
        lesson: The lesson being entered.
        waiting: The lessons it builds on that are not done yet, in course order.
        reason: Why they come first, in the author's words ("" when not given).
        go_to: Where "Go there" leads: into the first lesson to do first (one
            whose own recommended order is met, so that going there asks nothing).
    """

    lesson: Lesson
    waiting: tuple[Lesson, ...]
    reason: str
    go_to: Place

    @property
    def text(self) -> str:
        """What continuing anyway is stored as: the ids of the lessons it builds on, sorted."""
        return " ".join(sorted(set(self.lesson.builds_on)))

    def continued(self, stored: str | None) -> bool:
        """Whether a stored :attr:`text` covers this order (an author adding a lesson to it asks again)."""
        return stored is not None and set(self.lesson.builds_on) <= set(stored.split())


def order_setting(course_id: str, lesson_id: str) -> str:
    """The setting key remembering that the learner chose to continue anyway into ``lesson_id`` (ids hold no ``/``)."""
    return f"order-continued/{course_id}/{lesson_id}"


# ---------------------------------------------------------------------------
# The journey
# ---------------------------------------------------------------------------


class Journey:
    """A learner's way through a course: states, fractions and navigation.

    Args:
        course: The course.
        progress: A snapshot of the learner's stored progress.
    """

    def __init__(self, course: Course, progress: Progress | None = None) -> None:
        self.course = course
        self.progress = progress if progress is not None else Progress()
        self.lessons: list[Lesson] = course.ordered_lessons()
        self._order = {lesson.id: i for i, lesson in enumerate(self.lessons)}
        # The course and the snapshot do not change: each lesson's figures are worked out once.
        self._steps_done: dict[str, int] = {}
        self._states: dict[str, LessonState] = {}
        self._touched: set[str] | None = None

    # -- steps and lessons -------------------------------------------------

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with ``lesson_id`` (KeyError when there is none)."""
        return self.course.lessons[lesson_id]

    def step_at(self, place: Place) -> Step | None:
        """The step at ``place``, or None for a summary."""
        steps = self.lesson(place.lesson_id).steps
        return steps[place.index] if 0 <= place.index < len(steps) else None

    def is_summary(self, place: Place) -> bool:
        """Whether ``place`` is a lesson's summary."""
        return place.index >= len(self.lesson(place.lesson_id).steps)

    def step_done(self, lesson_id: str, step: Step) -> bool:
        """Whether ``step`` of lesson ``lesson_id`` is complete (see the module docstring)."""
        if step.id in self.progress.completed_steps.get(lesson_id, frozenset()):
            return True
        if isinstance(step, PromptStep):
            return step.id in self.progress.answered.get(lesson_id, frozenset())
        if isinstance(step, QuizStep):
            return any(self.progress.quiz_results.get((lesson_id, step.id), ()))
        return False

    def _untouched(self, lesson_id: str) -> bool:
        """Whether the record has no step of the lesson done, answered or tried: none of its steps is done.

        Most lessons of a large course, on its map: they are told apart without looking at each step.
        """
        touched = self._touched
        if touched is None:
            progress = self.progress
            quizzed = (lesson for lesson, _ in progress.quiz_results)
            touched = self._touched = {*progress.completed_steps, *progress.answered, *quizzed}
        return lesson_id not in touched

    def steps_done(self, lesson_id: str) -> int:
        """How many steps of the lesson are complete (required and optional)."""
        done = self._steps_done.get(lesson_id)
        if done is None:
            steps = () if self._untouched(lesson_id) else self.lesson(lesson_id).steps
            done = sum(self.step_done(lesson_id, step) for step in steps)
            self._steps_done[lesson_id] = done
        return done

    def lesson_complete(self, lesson_id: str) -> bool:
        """Whether the lesson's required steps are complete (all its steps, when none is required)."""
        steps = self.lesson(lesson_id).steps
        if self._untouched(lesson_id):
            return not steps
        required = [step for step in steps if is_required(step)] or list(steps)
        return all(self.step_done(lesson_id, step) for step in required)

    def lesson_state(self, lesson_id: str) -> LessonState:
        """Whether the lesson is not started, in progress or done."""
        state = self._states.get(lesson_id)
        if state is None:
            state = self._states[lesson_id] = self._lesson_state(lesson_id)
        return state

    def _lesson_state(self, lesson_id: str) -> LessonState:
        if lesson_id in self.progress.completed_lessons or self.lesson_complete(lesson_id):
            return LessonState.DONE
        started = (
            self.steps_done(lesson_id) > 0
            or lesson_id in self.progress.lesson_positions
            or (self.progress.position is not None and self.progress.position[0] == lesson_id)
        )
        return LessonState.IN_PROGRESS if started else LessonState.NOT_STARTED

    def lesson_tally(self, lesson_id: str) -> Tally:
        """The lesson's steps complete, out of its steps (what its summary and the player's bar show)."""
        return Tally(self.steps_done(lesson_id), len(self.lesson(lesson_id).steps))

    def tally(self, lesson_ids: Iterable[str]) -> Tally:
        """How many of ``lesson_ids`` (those the course has) are done."""
        ids = [i for i in lesson_ids if i in self.course.lessons]
        return Tally(sum(self.lesson_state(i) is LessonState.DONE for i in ids), len(ids))

    def module_progress(self) -> list[ModuleProgress]:
        """Every module's lessons done, in course order."""
        out = []
        for module in self.course.modules:
            counted = self.tally(module.lesson_ids)
            out.append(ModuleProgress(module.id, module.title, counted.done, counted.total))
        return out

    def overall(self) -> Tally:
        """The course's lessons done, out of its lessons: *the* progress figure."""
        return self.tally(lesson.id for lesson in self.lessons)

    def lessons_done(self) -> int:
        """How many lessons are done."""
        return self.overall().done

    def next_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson after ``lesson_id`` in course order, or None after the last."""
        index = self._order.get(lesson_id)
        if index is None or index + 1 >= len(self.lessons):
            return None
        return self.lessons[index + 1]

    def previous_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson before ``lesson_id`` in course order, or None before the first."""
        index = self._order.get(lesson_id)
        if index is None or index == 0:
            return None
        return self.lessons[index - 1]

    def first_unfinished_lesson(self, after: str | None = None) -> Lesson | None:
        """The first lesson (after ``after``, if given) that is not done, in course order."""
        start = 0 if after is None else self._order.get(after, -1) + 1
        for lesson in self.lessons[start:]:
            if self.lesson_state(lesson.id) is not LessonState.DONE:
                return lesson
        return None

    # -- recommended order -------------------------------------------------

    def waiting_for(self, lesson_id: str) -> tuple[Lesson, ...]:
        """The lessons ``lesson_id`` builds on that are not done yet, in course order."""
        wanted = set(self.lesson(lesson_id).builds_on) - {lesson_id}
        # By their place in the course, not by going through it: the map asks this of every lesson.
        places = sorted(self._order[wanted_id] for wanted_id in wanted if wanted_id in self._order)
        return tuple(
            lesson
            for lesson in (self.lessons[place] for place in places)
            if self.lesson_state(lesson.id) is not LessonState.DONE
        )

    def recommended_order(self, target: Place, current: Place | None = None) -> RecommendedOrder | None:
        """Whether going from ``current`` to ``target`` enters a lesson early (see the module docstring).

        Args:
            target: Where the learner is going.
            current: Where they are (None: not in a lesson, e.g. on the course map).

        Returns:
            None when the move stays inside a lesson, or every lesson the
            target builds on is done; else which ones are waiting and where
            "Go there" leads.
        """
        if current is not None and current.lesson_id == target.lesson_id:
            return None
        waiting = self.waiting_for(target.lesson_id)
        if not waiting:
            return None
        first = waiting[0]
        seen = {target.lesson_id}
        # Follow the first waiting lesson down to one whose own order is met (``check`` forbids circles;
        # ``seen`` keeps a course built in code from looping).
        while (deeper := self.waiting_for(first.id)) and deeper[0].id not in seen:
            seen.add(first.id)
            first = deeper[0]
        return RecommendedOrder(
            self.lesson(target.lesson_id),
            waiting,
            self.lesson(target.lesson_id).builds_on_reason,
            self.entry_place(first.id),
        )

    # -- places ------------------------------------------------------------

    def first_incomplete(self, lesson_id: str) -> Place:
        """The lesson's first incomplete step, or its summary when all are complete."""
        lesson = self.lesson(lesson_id)
        for index, step in enumerate(lesson.steps):
            if not self.step_done(lesson_id, step):
                return Place(lesson_id, index)
        return Place(lesson_id, len(lesson.steps))

    def place_of(self, lesson_id: str, step_id: str) -> Place | None:
        """The place of a stored ``(lesson_id, step_id)``; None if the lesson or step no longer exists."""
        lesson = self.course.lessons.get(lesson_id)
        if lesson is None or lesson_id not in self._order:
            return None
        if step_id == SUMMARY_STEP_ID:
            return Place(lesson_id, len(lesson.steps))
        index = lesson.step_index(step_id)
        return Place(lesson_id, index) if index is not None else None

    def stored_step_id(self, place: Place) -> str:
        """The step id to store for ``place`` (:data:`SUMMARY_STEP_ID` for a summary)."""
        step = self.step_at(place)
        return step.id if step is not None else SUMMARY_STEP_ID

    def next_place(self, place: Place) -> Place | None:
        """The place after ``place``: the next step, the summary, or the next lesson's first step.

        Returns:
            None after the last lesson's summary.
        """
        lesson = self.lesson(place.lesson_id)
        if place.index < len(lesson.steps):
            return Place(place.lesson_id, place.index + 1)
        following = self.next_lesson(place.lesson_id)
        return Place(following.id, 0) if following is not None else None

    def previous_place(self, place: Place) -> Place | None:
        """The place before ``place``: the previous step, or the previous lesson's summary.

        Returns:
            None at the first lesson's first step.
        """
        if place.index > 0:
            return Place(place.lesson_id, min(place.index, len(self.lesson(place.lesson_id).steps)) - 1)
        before = self.previous_lesson(place.lesson_id)
        return Place(before.id, len(before.steps)) if before is not None else None

    def start_of_next(self, lesson_id: str) -> Place | None:
        """Where to go on from a lesson's summary: the next lesson's entry place, if any."""
        following = self.next_lesson(lesson_id)
        return self.entry_place(following.id) if following is not None else None

    def entry_place(self, lesson_id: str) -> Place:
        """Where opening a lesson from the course map leads.

        The step the learner was last at in that lesson, if it still exists
        and the lesson is not done; a done lesson opens at its first step for
        review; otherwise the lesson's first incomplete step.
        """
        lesson = self.lesson(lesson_id)
        if self.lesson_state(lesson_id) is LessonState.DONE:
            return Place(lesson_id, 0)
        stored = self.progress.lesson_positions.get(lesson_id)
        if stored is not None:
            place = self.place_of(lesson_id, stored)
            if place is not None and place.index < len(lesson.steps):
                return place
        return self.first_incomplete(lesson_id)

    def moves_course_place(self, place: Place) -> bool:
        """Whether arriving at ``place`` moves the learner's place in the course (what Continue leads to).

        A lesson not done yet moves it there, as moving on always did. A lesson already done is being read
        again: the place stays where it was, so that Continue, ``status`` and the app reopening still lead on
        from where the learner really is. Except within the lesson the place is in (Continue leads into it):
        a lesson finished on its last page, before a reflection, still carries the place on to its summary.
        """
        if self.lesson_state(place.lesson_id) is not LessonState.DONE:
            return True
        here = self.continue_place() if self.progress.position is not None else None
        return here is not None and here.lesson_id == place.lesson_id

    def continue_place(self) -> Place | None:
        """The place to continue from ("Continue" on the course map, ``status``, the export).

        * The stored position, exactly, when its lesson and step still exist;
          except a finished lesson's summary, which leads on to the next
          unfinished lesson (the first one after it, else the first one).
        * When the stored step no longer exists (removed, or renamed by the
          author): the same lesson's first incomplete step, even in a lesson
          done (a renamed reflection is such a step); when every step there is
          complete, the next unfinished lesson.
        * When the stored lesson no longer exists, or nothing is stored: the
          first unfinished lesson in course order.
        * When every lesson is done: the stored place, or the last lesson's summary.

        An unfinished lesson is entered where :meth:`entry_place` says.

        Returns:
            None only for a course without lessons.
        """
        if not self.lessons:
            return None
        stored = self.progress.position
        if stored is not None and stored[0] in self._order:
            lesson_id, step_id = stored
            place = self.place_of(lesson_id, step_id)
            done = self.lesson_state(lesson_id) is LessonState.DONE
            if place is not None and not (done and self.is_summary(place)):
                return place
            if place is None:
                nearest = self.first_incomplete(lesson_id)
                if not self.is_summary(nearest):
                    return nearest
            following = self.first_unfinished_lesson(after=lesson_id) or self.first_unfinished_lesson()
            if following is not None:
                return self.entry_place(following.id)
            return place if place is not None else Place(lesson_id, len(self.lesson(lesson_id).steps))
        following = self.first_unfinished_lesson()
        if following is not None:
            return self.entry_place(following.id)
        last = self.lessons[-1]
        return Place(last.id, len(last.steps))

    def step_label(self, place: Place) -> str:
        """``Step 3 of 9``, or ``Summary`` for a lesson's summary."""
        total = len(self.lesson(place.lesson_id).steps)
        if place.index >= total:
            return "Summary"
        return f"Step {place.index + 1} of {total}"

    def summary(self, lesson_id: str) -> LessonSummary:
        """What the learner did in the lesson (see :class:`LessonSummary`)."""
        lesson = self.lesson(lesson_id)
        prompts = [s for s in lesson.steps if isinstance(s, PromptStep)]
        quizzes = [s for s in lesson.steps if isinstance(s, QuizStep)]
        exercises = [s for s in lesson.steps if isinstance(s, ExerciseStep)]
        answered = self.progress.answered.get(lesson_id, frozenset())
        return LessonSummary(
            lesson=lesson,
            steps_done=self.steps_done(lesson_id),
            steps_total=len(lesson.steps),
            answers=sum(p.id in answered for p in prompts),
            prompts=len(prompts),
            quizzes=len(quizzes),
            quizzes_correct=sum(self.step_done(lesson_id, q) for q in quizzes),
            exercises=len(exercises),
            exercises_done=sum(self.step_done(lesson_id, e) for e in exercises),
            incomplete=tuple(
                Place(lesson_id, i) for i, s in enumerate(lesson.steps) if not self.step_done(lesson_id, s)
            ),
            state=self.lesson_state(lesson_id),
        )

    def source_titles(self, lesson_id: str) -> list[str]:
        """The titles of the sources a lesson draws on (unknown ids are skipped)."""
        titles = self._source_titles
        return [titles[i] for i in self.lesson(lesson_id).source_ids if i in titles]

    @functools.cached_property
    def _source_titles(self) -> dict[str, str]:
        """Each source's title by its id (the first of an id used twice, as :meth:`Course.source` finds).

        The map asks for the sources of every lesson of the course.
        """
        titles: dict[str, str] = {}
        for source in self.course.sources:
            titles.setdefault(source.id, source.title)
        return titles
