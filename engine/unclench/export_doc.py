"""The pydantic models that validate an ``unclench.export/1`` document being imported.

Split from :mod:`unclench.export` so that exporting and ``unclench status``
do not import pydantic; only :func:`unclench.export.parse_document` uses these.

An import is hostile until checked: every field has its type (no coercion),
ids follow the course format's id rules (:data:`unclench.model.ID_PATTERN`),
numbers are in range and times are real UTC times from 1970 to now (give or
take :data:`CLOCK_SKEW`: nothing in a record can have been saved later). Free
text (questions, answers, titles) is kept exactly as it is, control
characters included: it is shown through :func:`unclench.text.visible`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from unclench.model import ID_PATTERN
from unclench.store.rows import MAX_ANSWER_CHARS, MAX_RUN_SECONDS

#: The earliest year a stored time may have: nothing was saved before Unix time began.
MIN_YEAR = 1970
#: How far in the future a stored time may be and still have been saved, and how far before its start a practice run
#: may end. The app records times by the computer's clock, which may be wrong and be put right (by hand, or by the
#: network's time) between the record and the import, or during a run; a day covers a clock set to the wrong time
#: zone. Further off, the row cannot have been saved: a stranger's run of 31 Dec 9999 showed as the learner's latest
#: practice, "under way", one that ended six years before it started as stopped early, and an answer "written" in
#: 9999 sorted after every answer the learner wrote.
CLOCK_SKEW = timedelta(days=1)
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
#: The validation context's key for the time an import is checked against (see :func:`_real_time`).
NOW = "now"


def import_context(now: datetime | None = None) -> dict[str, datetime]:
    """The context :class:`ExportDoc` is validated with: one ``now`` (UTC) for every time in the document."""
    moment = now if now is not None else datetime.now(timezone.utc)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return {NOW: moment}


def _real_time(stamp: str, info: ValidationInfo) -> str:
    """A real UTC time, from :data:`MIN_YEAR` to now (give or take :data:`CLOCK_SKEW`): every time of an import.

    The one place the future is refused, for every dated row an export carries (answers, check-ins, quiz
    attempts, steps and lessons done, places, practice runs, acknowledgements, screening answers, contacts).
    """
    shown = stamp if len(stamp) <= 40 else stamp[:40] + "…"
    try:
        if not stamp.isascii():  # strptime takes any script's digits; stored times are ASCII
            raise ValueError(stamp)
        moment = datetime.strptime(stamp, STAMP_FORMAT)
    except ValueError:
        raise PydanticCustomError(
            "not_a_time", "not a date: {shown} (expected a UTC time like 2026-11-21T23:40:05Z)", {"shown": repr(shown)}
        ) from None
    if moment.year < MIN_YEAR:
        raise PydanticCustomError(
            "time_out_of_range", "the date {shown} is before {min_year}", {"shown": repr(shown), "min_year": MIN_YEAR}
        )
    context = info.context if isinstance(info.context, dict) else None
    now = context[NOW] if context is not None and NOW in context else import_context()[NOW]
    if moment > now + CLOCK_SKEW:
        raise PydanticCustomError(
            "time_in_future",
            "{shown} is more than a day in the future (it is {now} now): nothing can have been saved then",
            {"shown": repr(shown), "now": now.strftime(STAMP_FORMAT)},
        )
    return stamp


Stamp = Annotated[str, StringConstraints(max_length=20), AfterValidator(_real_time)]
Key = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
#: A step id: a course id, or an engine pseudo-step such as ``~summary`` (the end of a lesson).
StepKey = Annotated[str, StringConstraints(pattern=r"^~?[a-z0-9][a-z0-9-]*$", max_length=64)]
#: What an acknowledgement is of: the course (its disclaimer), or a tremor exercise's notes as ``lesson:step``.
SubjectKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9-]*)?$", max_length=129)]
#: What groups the ratings of one exercise run; the app writes a UUID, only its length is bounded.
Token = Annotated[str, StringConstraints(max_length=200)]
#: Free text the learner wrote that must not be empty (a contact's name, how to reach them).
Label = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Answer = Annotated[str, StringConstraints(max_length=MAX_ANSWER_CHARS)]
#: A course's text as the learner saw it (a question, a choice): as long as a course may make it.
CourseText = Annotated[str, StringConstraints(max_length=200_000)]


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CourseDoc(Doc):
    id: Key
    title: CourseText


class PositionDoc(Doc):
    lesson_id: Key
    step_id: StepKey
    updated_at: Stamp


class LessonDoneDoc(Doc):
    lesson_id: Key
    done_at: Stamp


class StepDoneDoc(Doc):
    lesson_id: Key
    step_id: StepKey
    done_at: Stamp


class JournalDoc(Doc):
    lesson_id: Key
    step_id: StepKey
    question: CourseText
    answer: Answer
    created_at: Stamp
    updated_at: Stamp

    @model_validator(mode="after")
    def _changed_after_written(self) -> JournalDoc:
        """Not changed before it was written, more than :data:`CLOCK_SKEW` off: the app sets both, in that order."""
        if _moment(self.updated_at) < _moment(self.created_at) - CLOCK_SKEW:
            raise PydanticCustomError(
                "changed_before_written",
                "the answer was changed before it was written: updated_at {updated} is more than a day before "
                "created_at {created}",
                {"updated": repr(self.updated_at), "created": repr(self.created_at)},
            )
        return self


class QuizDoc(Doc):
    lesson_id: Key
    step_id: StepKey
    question: CourseText
    chosen: list[Annotated[int, Field(ge=0, le=10_000)]] = Field(max_length=10_000)
    chosen_texts: list[CourseText] = Field(max_length=10_000)
    correct: bool
    at: Stamp

    @model_validator(mode="after")
    def _one_text_per_choice(self) -> QuizDoc:
        """Each choice at most once, each with the text it read: a stranger's ``[0, 0, 0]`` imported as three."""
        if len(set(self.chosen)) != len(self.chosen):
            raise PydanticCustomError("choice_twice", "a choice is chosen twice: {chosen}", {"chosen": self.chosen})
        if len(self.chosen_texts) != len(self.chosen):
            raise PydanticCustomError(
                "texts_unmatched",
                "{texts} chosen_texts for {indexes} chosen choices (one text for each choice)",
                {"texts": len(self.chosen_texts), "indexes": len(self.chosen)},
            )
        return self


class CheckinDoc(Doc):
    lesson_id: Key
    step_id: StepKey
    measure_id: Key
    phase: Literal["before", "after"]
    rating: Annotated[int, Field(ge=0, le=10)]
    session_id: Token
    at: Stamp


class AckDoc(Doc):
    kind: Literal["disclaimer", "safety"]
    subject_id: SubjectKey
    text_hash: Hash
    at: Stamp


class RunDoc(Doc):
    lesson_id: Key
    step_id: StepKey
    session_id: Token
    started_at: Stamp
    ended_at: Stamp | None
    seconds: Annotated[int, Field(ge=0, le=MAX_RUN_SECONDS)]
    outcome: Literal["running", "finished", "ended", "interrupted"]
    follow_up: bool
    noticed: bool

    @model_validator(mode="after")
    def _could_have_happened(self) -> RunDoc:
        """Not ended before it started, more than :data:`CLOCK_SKEW` off (its times are not in the future: Stamp)."""
        if self.ended_at is not None and _moment(self.ended_at) < _moment(self.started_at) - CLOCK_SKEW:
            raise PydanticCustomError(
                "run_ends_before_start",
                "the run ended before it started: ended_at {ended} is more than a day before started_at {started}",
                {"ended": repr(self.ended_at), "started": repr(self.started_at)},
            )
        return self


def _moment(stamp: str) -> datetime:
    """The time of a stamp :func:`_real_time` has accepted (UTC, without a time zone)."""
    return datetime.strptime(stamp, STAMP_FORMAT)


class ScreeningDoc(Doc):
    question_id: Key
    answer: bool
    at: Stamp


class ContactDoc(Doc):
    name: Label
    reach: Label
    added_at: Stamp


class ExportDoc(Doc):
    schema_: Literal["unclench.export/1"] = Field(alias="schema")
    course: CourseDoc
    position: PositionDoc | None
    lesson_positions: list[PositionDoc]
    lessons_done: list[LessonDoneDoc]
    steps_done: list[StepDoneDoc]
    journal: list[JournalDoc]
    quiz_attempts: list[QuizDoc]
    checkins: list[CheckinDoc]
    acknowledgements: list[AckDoc]
    runs: list[RunDoc] = []
    screening: list[ScreeningDoc] = []
    contacts: list[ContactDoc] = []
    damaged: list[Annotated[str, StringConstraints(max_length=2_000)]] = Field(default=[], max_length=100_000)
    """Notes on rows found damaged in the store when exporting (read, never imported into the store)."""
