"""The pydantic models that validate an ``unclench.export/1`` document being imported.

Split from :mod:`unclench.export` so that exporting and ``unclench status``
do not import pydantic; only :func:`unclench.export.parse_document` uses these.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Stamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
Key = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CourseDoc(Doc):
    id: Key
    title: str


class PositionDoc(Doc):
    lesson_id: Key
    step_id: Key
    updated_at: Stamp


class LessonDoneDoc(Doc):
    lesson_id: Key
    done_at: Stamp


class StepDoneDoc(Doc):
    lesson_id: Key
    step_id: Key
    done_at: Stamp


class JournalDoc(Doc):
    lesson_id: Key
    step_id: Key
    question: str
    answer: str
    created_at: Stamp
    updated_at: Stamp


class QuizDoc(Doc):
    lesson_id: Key
    step_id: Key
    question: str
    chosen: list[Annotated[int, Field(ge=0, le=10_000)]]
    chosen_texts: list[str]
    correct: bool
    at: Stamp


class CheckinDoc(Doc):
    lesson_id: Key
    step_id: Key
    measure_id: Key
    phase: Literal["before", "after"]
    rating: Annotated[int, Field(ge=0, le=10)]
    session_id: str
    at: Stamp


class AckDoc(Doc):
    kind: Literal["disclaimer", "safety"]
    subject_id: str
    text_hash: str
    at: Stamp


class RunDoc(Doc):
    lesson_id: Key
    step_id: Key
    session_id: Key
    started_at: Stamp
    ended_at: Stamp | None
    seconds: Annotated[int, Field(ge=0, le=10_000_000)]
    outcome: Literal["running", "finished", "ended", "interrupted"]
    follow_up: bool
    noticed: bool


class ScreeningDoc(Doc):
    question_id: Key
    answer: bool
    at: Stamp


class ContactDoc(Doc):
    name: Key
    reach: Key
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
