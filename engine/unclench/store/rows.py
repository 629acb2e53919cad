"""The learner's record as plain data: what the store reads and writes, row by row.

Frozen dataclasses and the values their fields may take, with no database
behind them (this module does not import :mod:`sqlite3`): the journey, status,
export and the TUI read these, and :class:`unclench.store.ProgressStore`
returns and takes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any, Literal, TypeAlias, TypeVar

from unclench.frozen import frozen_record

_Row = TypeVar("_Row")

#: The acknowledgement kinds the store knows.
ACK_KINDS: tuple[str, ...] = ("disclaimer", "safety")

#: The check-in phases the store knows.
PHASES: tuple[str, ...] = ("before", "after")

Phase: TypeAlias = Literal["before", "after"]

#: How an exercise run ended (``running`` while it runs; a run left ``running`` by a process that
#: died is marked ``interrupted`` when the app next starts).
RUN_OUTCOMES: tuple[str, ...] = ("running", "finished", "ended", "interrupted")

#: The most seconds one run can hold (an import takes up to this, some 115 days; an exercise's timer is at most an
#: hour). More, fewer than none, or not a whole number is a damaged value (:func:`possible_seconds`).
MAX_RUN_SECONDS = 10_000_000

#: The lowest and the highest check-in rating.
RATING_SCALE = (0, 10)


def possible_seconds(seconds: object) -> bool:
    """Whether ``seconds`` can be a run's time practised: a whole number from 0 to :data:`MAX_RUN_SECONDS`.

    A tampered database can hold anything (1e300, a negative time): such a value is shown as damaged, never as a
    figure, and it is never added to a total.
    """
    return type(seconds) is int and 0 <= seconds <= MAX_RUN_SECONDS


def possible_rating(rating: object) -> bool:
    """Whether ``rating`` is a check-in rating: a whole number from 0 to 10 (else it is shown as damaged)."""
    return type(rating) is int and RATING_SCALE[0] <= rating <= RATING_SCALE[1]


#: The longest journal answer, in characters, that the store saves and an import takes: a million
#: characters is some 500 pages, and an answer of 60 MB once froze the journal for a minute. One
#: limit for both, so that every answer the app saved can be exported and imported back.
MAX_ANSWER_CHARS = 1_000_000


@frozen_record
class JournalEntry:
    """A journal answer to a prompt step."""

    course_id: str
    lesson_id: str
    step_id: str
    question: str
    """The question as it read when the learner answered it."""
    answer: str
    created_at: str
    updated_at: str

    @property
    def cleared(self) -> bool:
        """Whether the stored answer is blank (empty, or white space only): the learner cleared it.

        The one definition of "not an answer": a cleared row stays in the record exactly as
        stored, but nothing counts it, lists it as writing or marks its step done by it.
        (:meth:`ProgressStore.answered_steps` asks the same of SQLite, with the characters
        ``str.strip`` strips.)
        """
        return not self.answer.strip()


@frozen_record
class RatedRun:
    """One run of an exercise as its check-ins rate it: the ratings sharing a lesson, a step and a session id.

    When a measure was rated twice in the same phase of a run, the later rating counts.
    """

    lesson_id: str
    step_id: str
    session_id: str
    at: str
    """When the run's first rating was given."""
    before: dict[str, int]
    """Measure id -> rating before the run."""
    after: dict[str, int]
    """Measure id -> rating after the run."""


@frozen_record
class NewestRatedRuns:
    """The newest runs of a course's check-ins (:meth:`ProgressStore.newest_rated_runs`)."""

    runs: list[RatedRun]
    """Oldest run first, in the order of their first rating."""
    complete: bool
    """Whether these are all the course's runs (nothing older was left unread)."""


@frozen_record
class QuizAttempt:
    """One answer to a quiz step."""

    course_id: str
    lesson_id: str
    step_id: str
    question: str
    chosen: tuple[int, ...]
    """Indexes of the chosen choices."""
    chosen_texts: tuple[str, ...]
    """The chosen choices' texts as they read when chosen."""
    correct: bool
    at: str


@frozen_record
class CheckinRecord:
    """One 0-10 rating given before or after an exercise."""

    course_id: str
    lesson_id: str
    step_id: str
    measure_id: str
    phase: Phase
    rating: int
    session_id: str
    """Groups the before and after ratings of one run of an exercise."""
    at: str


@frozen_record
class RunRecord:
    """One run of an exercise: when, for how long, and how it ended."""

    course_id: str
    lesson_id: str
    step_id: str
    session_id: str
    """The same as the check-ins' ``session_id`` of this run."""
    started_at: str
    ended_at: str | None
    """None while the run is under way."""
    seconds: int
    """Seconds actually practised (pauses not counted)."""
    outcome: str
    """``running``, ``finished`` (time up), ``ended`` (stopped early) or ``interrupted`` (quit, crash)."""
    follow_up: bool
    """The run led to the follow-up (grounding, the support card, no more practice that day)."""
    noticed: bool
    """For an interrupted run: the learner was told about it afterwards."""


@frozen_record
class ScreeningAnswer:
    """The learner's answer to one of the course's screening questions."""

    course_id: str
    question_id: str
    answer: bool
    at: str


@frozen_record
class SupportContact:
    """Someone the learner added to their support card."""

    course_id: str
    name: str
    reach: str
    """How to reach them (a number, an address), as the learner typed it."""
    added_at: str
    contact_id: int = 0
    """The store's row id (0 in a record read from an export)."""


@frozen_record
class Acknowledgement:
    """The learner acknowledged a text (the disclaimer, a safety note)."""

    course_id: str
    kind: str
    """``"disclaimer"`` or ``"safety"``."""
    subject_id: str
    """What was acknowledged, e.g. a safety note id or an exercise step id."""
    text_hash: str
    """:meth:`ProgressStore.text_hash` of the text acknowledged."""
    at: str


@frozen_record
class Position:
    """Where the learner is in a course."""

    lesson_id: str
    step_id: str


@frozen_record
class SavedPosition:
    """A position with the time it was saved (the course's or one lesson's)."""

    lesson_id: str
    step_id: str
    updated_at: str


@frozen_record
class LessonDone:
    """A lesson marked done, and when (the first time)."""

    lesson_id: str
    done_at: str


@frozen_record
class StepDone:
    """A step marked done, and when (the first time)."""

    lesson_id: str
    step_id: str
    done_at: str


@frozen_record
class CourseRecord:
    """Everything the store holds about one course, with the original timestamps.

    What :meth:`ProgressStore.record` returns and :meth:`ProgressStore.import_record`
    takes; :mod:`unclench.export` turns it into JSON or Markdown and back.
    Logs (quiz attempts, check-ins, acknowledgements) are oldest first; the
    other sections are sorted by their ids. Settings are per user, not part
    of a course's record.
    """

    course_id: str
    position: SavedPosition | None = None
    """The course-wide "continue" point."""
    lesson_positions: tuple[SavedPosition, ...] = ()
    lessons_done: tuple[LessonDone, ...] = ()
    steps_done: tuple[StepDone, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    quiz_attempts: tuple[QuizAttempt, ...] = ()
    checkins: tuple[CheckinRecord, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    runs: tuple[RunRecord, ...] = ()
    screening: tuple[ScreeningAnswer, ...] = ()
    contacts: tuple[SupportContact, ...] = ()
    damaged: tuple[str, ...] = ()
    """What was found damaged when the record was read from the store: one note a row, hostile text
    (see :mod:`unclench.store.salvage`); the rows themselves carry what could be read."""

    @property
    def journal_answers(self) -> int:
        """How many journal answers there are (cleared ones are not answers: see :attr:`JournalEntry.cleared`)."""
        return len(self.journal) - self.journal_cleared

    @property
    def journal_cleared(self) -> int:
        """How many journal answers the learner cleared (kept in the record as stored)."""
        return sum(entry.cleared for entry in self.journal)

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all is recorded."""
        return self.position is None and not any(
            (
                self.lesson_positions,
                self.lessons_done,
                self.steps_done,
                self.journal,
                self.quiz_attempts,
                self.checkins,
                self.acknowledgements,
                self.runs,
                self.screening,
                self.contacts,
            )
        )


def from_rows(row_type: type[_Row], rows: Iterable[tuple[Any, ...]]) -> list[_Row]:
    """``[row_type(*row) for row in rows]``, three times as fast for a record of years.

    A frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``; these types have no ``__post_init__``, so filling
    the instance's ``__dict__`` at once makes equal objects (a test compares).
    """
    names = [field.name for field in fields(row_type)]  # type: ignore[arg-type]
    new = object.__new__
    made: list[_Row] = []
    append = made.append
    for row in rows:
        instance = new(row_type)
        instance.__dict__.update(zip(names, row, strict=True))
        append(instance)
    return made
