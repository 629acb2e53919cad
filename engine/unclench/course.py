"""Plain, typed objects describing a loaded course.

The pydantic models in :mod:`unclench.model` define what an author may write;
valid data becomes these frozen dataclasses (:func:`course_from_data`,
:func:`lesson_from_data`), which is all the rest of the engine (journey,
progress, export, the TUI) ever sees.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any, Literal, TypeAlias

from unclench.frozen import frozen_record

#: The newest ``format_version`` of course files this program understands.
FORMAT_VERSION = 1
#: A first tremor practice is short; published beginner guidance stays well under this.
MAX_TREMOR_MINUTES = 15
#: A quiz offers at least this many choices.
MIN_QUIZ_CHOICES = 2
#: A date's shape, in ASCII digits (``\d`` would take any script's digits); the loader checks it is a real day.
#: Here rather than in the models, so that checking a course's dates does not need pydantic.
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


@frozen_record
class Source:
    """A document the course's ideas come from, credited in the course index."""

    id: str
    title: str
    author: str
    description: str


@frozen_record
class SafetyNote:
    """A shared safety note, shown before the exercises that name it."""

    id: str
    title: str
    text: str
    always: bool
    """Shown before every tremor exercise, whether or not the exercise names it."""


@frozen_record
class CheckinMeasure:
    """Something the learner rates from 0 to 10 before and after an exercise."""

    id: str
    label: str
    question: str
    low: str
    high: str
    worse: Literal["high", "low"]
    """Which end of the scale means the learner is struggling."""
    alert_at: int | None
    """Ratings at or beyond this value (towards ``worse``) after an exercise show support guidance."""

    def is_alarming(self, rating: int) -> bool:
        """Whether ``rating`` on this measure calls for support guidance."""
        if self.alert_at is None:
            return False
        return rating >= self.alert_at if self.worse == "high" else rating <= self.alert_at


@frozen_record
class ScreeningQuestion:
    """A yes/no question asked before a learner's first run of the exercises that name it."""

    id: str
    question: str
    yes_means: Literal["advice", "professional", "not-alone"]
    advice: str
    source: str
    allow_proceed: bool
    """Whether a closing yes may be passed by a deliberate choice at each start."""

    @property
    def closes(self) -> bool:
        """Whether a yes keeps the exercise closed."""
        return self.yes_means != "advice"


@frozen_record
class Guidance:
    """Texts the engine shows around exercises; the course may word them itself."""

    stop: str
    """How to stop an exercise; always on screen while one runs."""
    grounding: str
    """Shown when an exercise is ended early."""
    support: str
    """Shown when a check-in after an exercise reports high distress."""


#: Shown on the support card when the course names no directory of its own.
DEFAULT_DIRECTORY = (
    "Find A Helpline (findahelpline.com) lists free, confidential helplines in many countries. "
    "If you are in danger right now, call your local emergency number."
)
#: Said above the support card's entries unless the course words it itself.
DEFAULT_SUPPORT_NOTE = (
    "Phone numbers and services change. Each entry says when it was last checked; if a number does "
    "not work, use the directory below or your local emergency number."
)


@frozen_record
class SupportEntry:
    """A service on the support card."""

    name: str
    reach: str
    """How to reach it (a number, a website)."""
    region: str
    source: str
    """Where the information came from."""
    checked: str
    """When it was last checked, ``YYYY-MM-DD``."""


@frozen_record
class SupportCard:
    """The course's support card: its services, a note that numbers change, and a directory."""

    entries: tuple[SupportEntry, ...]
    directory: str
    """The fallback for everywhere the entries do not cover."""
    note: str


@frozen_record
class Module:
    """A group of lessons, in the order the learner meets them."""

    id: str
    title: str
    summary: str
    lesson_ids: tuple[str, ...]


@frozen_record
class PageStep:
    """A page of Markdown text to read."""

    id: str
    title: str
    body: str
    kind: Literal["page"] = "page"


@frozen_record
class PromptStep:
    """A reflective question; the learner's answer is private journal text."""

    id: str
    title: str
    question: str
    hint: str
    kind: Literal["prompt"] = "prompt"


@frozen_record
class Choice:
    """One answer of a quiz, with the feedback that teaches why it is right or not."""

    text: str
    correct: bool
    feedback: str


@frozen_record
class QuizStep:
    """A question with choices; one correct (or several, when ``multiple``)."""

    id: str
    title: str
    question: str
    multiple: bool
    choices: tuple[Choice, ...]
    shuffle: bool = True
    """Whether the learner sees the choices in a shuffled (but stable) order; see :mod:`unclench.quiz`."""
    kind: Literal["quiz"] = "quiz"

    def is_correct(self, chosen: frozenset[int]) -> bool:
        """Whether the set of chosen choice indexes is exactly the correct set."""
        return chosen == frozenset(i for i, c in enumerate(self.choices) if c.correct)


@frozen_record
class DoseLimits:
    """How much of an exercise is advised (see :func:`unclench.practice.practice_block`)."""

    minutes_per_run: float
    hours_between: float
    runs_per_week: int


@frozen_record
class ExerciseStep:
    """A guided exercise with a timer, optional check-ins and, for tremor work, safety notes."""

    id: str
    title: str
    body: str
    minutes: float
    tremor: bool
    safety_ids: tuple[str, ...]
    checkin_ids: tuple[str, ...]
    start_anyway: bool = False
    """Whether a learner whose before-rating is at its alert level may still start, deliberately."""
    limits: DoseLimits | None = None
    screening_ids: tuple[str, ...] = ()
    grounding: bool = False
    """Whether the exercise is itself a way to ground: a before-rating at its alert level does not hold it back."""
    kind: Literal["exercise"] = "exercise"

    @property
    def seconds(self) -> int:
        """Length of the timer in whole seconds (never longer than the limit per run)."""
        minutes = self.minutes if self.limits is None else min(self.minutes, self.limits.minutes_per_run)
        return max(1, round(minutes * 60))


Step: TypeAlias = PageStep | PromptStep | QuizStep | ExerciseStep


@frozen_record
class Lesson:
    """One lesson: a sequence of steps, keyed by a stable id."""

    id: str
    title: str
    summary: str
    minutes: int
    source_ids: tuple[str, ...]
    previous_ids: tuple[str, ...]
    steps: tuple[Step, ...]
    path: Path | None = None
    builds_on: tuple[str, ...] = ()
    """Ids of the lessons best done before this one (the recommended order)."""
    builds_on_reason: str = ""
    """Why they come first, in the author's words ("" when not given)."""

    def step_index(self, step_id: str) -> int | None:
        """The position of the step with ``step_id``, or None when the lesson has no such step."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        return None


@frozen_record
class Course:
    """A whole course: its index and every lesson, in order."""

    id: str
    title: str
    summary: str
    format_version: int
    disclaimer: str
    sources: tuple[Source, ...]
    safety: tuple[SafetyNote, ...]
    checkins: tuple[CheckinMeasure, ...]
    guidance: Guidance
    modules: tuple[Module, ...]
    support: SupportCard | None = None
    screening: tuple[ScreeningQuestion, ...] = ()
    """None only for a course built in code without one (loaded courses always have the defaults)."""
    lessons: dict[str, Lesson] = field(default_factory=dict)
    root: Path | None = None

    def ordered_lessons(self) -> list[Lesson]:
        """Every lesson the modules list, in course order."""
        return [self.lessons[i] for m in self.modules for i in m.lesson_ids if i in self.lessons]

    def module_of(self, lesson_id: str) -> Module | None:
        """The module that lists ``lesson_id``."""
        return next((m for m in self.modules if lesson_id in m.lesson_ids), None)

    def safety_note(self, note_id: str) -> SafetyNote | None:
        """The safety note with ``note_id``."""
        return next((n for n in self.safety if n.id == note_id), None)

    def safety_notes_for(self, step: ExerciseStep) -> list[SafetyNote]:
        """The notes to show before ``step``: its own, then the course's always-shown ones."""
        named = [n for n in (self.safety_note(i) for i in step.safety_ids) if n is not None]
        always = [n for n in self.safety if n.always and n not in named]
        return named + always

    def screening_for(self, step: ExerciseStep) -> list[ScreeningQuestion]:
        """The screening questions ``step`` names, in the course's order."""
        return [q for q in self.screening if q.id in step.screening_ids]

    def checkin(self, measure_id: str) -> CheckinMeasure | None:
        """The check-in measure with ``measure_id``."""
        return next((c for c in self.checkins if c.id == measure_id), None)

    def source(self, source_id: str) -> Source | None:
        """The source document with ``source_id``."""
        return next((s for s in self.sources if s.id == source_id), None)

    @functools.cached_property
    def has_tremor_practice(self) -> bool:
        """Whether any exercise of the course is tremor practice (what a hard run's notice may name)."""
        return any(
            isinstance(step, ExerciseStep) and step.tremor for lesson in self.lessons.values() for step in lesson.steps
        )

    def renamed_lessons(self) -> dict[str, str]:
        """Old lesson id -> current id, from every lesson's ``previous_ids``."""
        return dict(self._renames)

    @functools.cached_property
    def _renames(self) -> dict[str, str]:
        # Worked out once: the journal and export ask for every stored answer of a record of years.
        return {old: lesson.id for lesson in self.lessons.values() for old in lesson.previous_ids}


# -- from validated data ---------------------------------------------------------------------------


def lessons_alone(lessons: Mapping[str, Lesson]) -> Course:
    """A stand-in course of ``lessons`` alone, in one module in their order, for a course whose index does not
    load: no id, no texts of its own and no folder, so that only what the lessons hold is looked at (``check``'s
    warnings about them, beside the index's problems)."""
    return Course(
        "",
        "",
        "",
        FORMAT_VERSION,
        "",
        (),
        (),
        (),
        Guidance("", "", ""),
        (Module("", "", "", tuple(lessons)),),
        lessons=dict(lessons),
    )


def course_from_data(data: Mapping[str, Any]) -> Course:
    """The plain form of a course index (without lessons) from its validated data.

    ``data`` is what :func:`unclench.validation.accepted` returns for the index:
    shaped like the authoring models, with every default filled in.
    """
    guidance = data["guidance"]
    return Course(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        format_version=data["format_version"],
        disclaimer=data["disclaimer"],
        sources=tuple(Source(s["id"], s["title"], s["author"], s["description"]) for s in data["sources"]),
        safety=tuple(SafetyNote(n["id"], n["title"], n["text"], n["always"]) for n in data["safety"]),
        checkins=tuple(
            CheckinMeasure(m["id"], m["label"], m["question"], m["low"], m["high"], m["worse"], m["alert_at"])
            for m in data["checkins"]
        ),
        guidance=Guidance(guidance["stop"], guidance["grounding"], guidance["support"]),
        modules=tuple(Module(m["id"], m["title"], m["summary"], tuple(m["lessons"])) for m in data["modules"]),
        screening=tuple(
            ScreeningQuestion(q["id"], q["question"], q["yes_means"], q["advice"], q["source"], q["allow_proceed"])
            for q in data["screening"]
        ),
        support=SupportCard(
            tuple(
                SupportEntry(e["name"], e["reach"], e["region"], e["source"], e["checked"])
                for e in data["support"]["entries"]
            ),
            data["support"]["directory"],
            data["support"]["note"],
        ),
    )


def _step_from_data(step: Mapping[str, Any]) -> Step:
    kind = step["kind"]
    if kind == "page":
        return PageStep(step["id"], step["title"], step["body"])
    if kind == "prompt":
        return PromptStep(step["id"], step["title"], step["question"], step["hint"])
    if kind == "quiz":
        choices = tuple(Choice(ch["text"], ch["correct"], ch["feedback"]) for ch in step["choices"])
        return QuizStep(step["id"], step["title"], step["question"], step["multiple"], choices, step["shuffle"])
    if kind != "exercise":
        raise ValueError(f"not a step kind: {kind!r}")
    return ExerciseStep(
        step["id"],
        step["title"],
        step["body"],
        step["minutes"],
        step["tremor"],
        tuple(step["safety"]),
        tuple(step["checkin"]),
        step["start_anyway"],
        None if step["limits"] is None else DoseLimits(**step["limits"]),
        tuple(step["screening"]),
        step["grounding"],
    )


def lesson_from_data(data: Mapping[str, Any], path: Path | None = None) -> Lesson:
    """The plain form of a lesson from its validated data (see :func:`course_from_data`)."""
    return Lesson(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        minutes=data["minutes"],
        source_ids=tuple(data["sources"]),
        previous_ids=tuple(data["previous_ids"]),
        steps=tuple(_step_from_data(s) for s in data["steps"]),
        path=path,
        builds_on=tuple(data["builds_on"]),
        builds_on_reason=data["builds_on_reason"],
    )
