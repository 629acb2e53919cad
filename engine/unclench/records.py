"""The learner's journal and check-ins, arranged for reading: pure functions, no Textual, no writes.

The journal screen shows every answer grouped by module and lesson in
course order (answers saved under a lesson's ``previous_ids`` count as that
lesson's, via :func:`unclench.places.current_lesson`), then the answers whose
lesson or prompt step is no longer in the course. The trends screen shows
check-in ratings per exercise run (the ratings sharing a ``session_id``),
oldest first. The Practice list, the lesson summary and ``status`` show the
practice history: every exercise with its runs (when, how long, whether it
was stopped early, and the ratings before and after).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import field
from datetime import tzinfo
from typing import Protocol, cast

from unclench.course import CheckinMeasure, Course, ExerciseStep, Lesson, PromptStep, Step
from unclench.frozen import frozen_record, mutable_record
from unclench.journey import Journey, LessonState
from unclench.localtime import local_date_time
from unclench.places import current_lesson, shows_in
from unclench.practice import OUTCOME_WORDS, duration_text, rating_text, total_seconds
from unclench.store.rows import CheckinRecord, JournalEntry, RatedRun

# -- journal ------------------------------------------------------------------------------------


def folded(text: str) -> str:
    """``text`` as searches compare it: case folded and accents taken off ("Café" and "cafe" are alike).

    Composed and decomposed accents fold alike (NFKD, then the combining marks dropped).
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def text_matches(query: str, *texts: str) -> bool:
    """Whether any of ``texts`` contains ``query``, ignoring case, accents and the query's outer spaces.

    An empty query matches everything. See :func:`folded`.
    """
    needle = folded(query.strip())
    return not needle or any(needle in folded(text) for text in texts)


def answer_when(created_at: str, updated_at: str, tz: tzinfo | None = None) -> str:
    """When an answer was written, or last changed if it was changed since: ``written …`` or ``changed …``.

    The journal showed the last change unlabelled, read as when it was written (the export
    says both: "Written …, last changed …"). ``tz``: as for :func:`~unclench.localtime.local_date_time`.
    """
    if updated_at == created_at:
        return f"written {local_date_time(created_at, tz)}"
    return f"changed {local_date_time(updated_at, tz)}"


def journal_count(shown: int, total: int, cleared: int = 0) -> str:
    """The journal's count: ``3 answers``, ``Showing 1 of 3 answers``; cleared ones are not answers.

    A learner who emptied an answer still read "2 answers" with one of them blank. The cleared
    entry stays in the record (and in the list, marked): the count says it for what it is.

    Args:
        shown: How many entries the search shows.
        total: How many entries there are, cleared ones included.
        cleared: How many of them are cleared (blank).
    """
    answers = total - cleared
    noun = "answer" if answers == 1 else "answers"
    counted = f"{answers} {noun}" + (f", {cleared} cleared" if cleared else "")
    if shown == total:
        return counted
    return f"Showing {shown} of {total}: {counted}" if cleared else f"Showing {shown} of {counted}"


@frozen_record
class JournalItem:
    """One journal answer, with the lesson and prompt step it belongs to now."""

    entry: JournalEntry
    lesson: Lesson | None
    """The lesson the answer belongs to now (after renames); None when it was removed."""
    step: PromptStep | None
    """The prompt step in that lesson; None when the lesson or the step was removed."""

    def matches(self, query: str) -> bool:
        """Whether the answer or its question contains ``query`` (see :func:`text_matches`)."""
        return text_matches(query, self.entry.answer, self.entry.question)


@frozen_record
class JournalLesson:
    """The answers of one lesson, in the order of its steps."""

    key: str
    """The lesson's current id, or the stored id when the lesson was removed."""
    title: str
    """The lesson's title, or its stored id when it was removed."""
    items: tuple[JournalItem, ...]


@frozen_record
class JournalSection:
    """A module's answers, or those no longer in the course (``module_id`` None)."""

    module_id: str | None
    title: str
    lessons: tuple[JournalLesson, ...]

    @property
    def items(self) -> list[JournalItem]:
        """Every answer of the section, in order."""
        return [item for lesson in self.lessons for item in lesson.items]


#: The title of the section of answers whose lesson or step was removed from the course.
GONE_TITLE = "No longer in the course"


def journal_sections(course: Course, entries: Iterable[JournalEntry]) -> list[JournalSection]:
    """Arrange journal answers for reading.

    Cleared answers (empty or only white space: :attr:`JournalEntry.cleared`) are left out. The sections
    are the course's modules in order (those with answers), each with its
    lessons in order and their answers in step order; then, when there are
    any, :data:`GONE_TITLE`: answers whose lesson was removed (grouped by the
    stored lesson id) or whose step is no longer a prompt of its lesson, by
    lesson and then oldest first.

    Args:
        course: The course as it is now.
        entries: The stored answers (e.g. :meth:`ProgressStore.answers`).

    Returns:
        The sections.
    """
    placed: dict[str, list[JournalItem]] = {}
    gone: dict[str, list[JournalItem]] = {}
    gone_titles: dict[str, str] = {}
    listed = {lesson_id for module in course.modules for lesson_id in module.lesson_ids}
    # A record of years holds thousands of answers under a few hundred lessons: each lesson is looked up once.
    looked_up: dict[str, tuple[Lesson | None, dict[str, Step]]] = {}
    for entry in entries:
        if entry.cleared:
            continue
        found = looked_up.get(entry.lesson_id)
        if found is None:
            now = current_lesson(course, entry.lesson_id)
            steps: dict[str, Step] = {}
            if now is not None:
                for later in reversed(now.steps):  # the first step of an id wins, as in Lesson.step_index
                    steps[later.id] = later
            found = looked_up[entry.lesson_id] = (now, steps)
        lesson, steps = found
        step = steps.get(entry.step_id)
        if lesson is not None and lesson.id in listed and shows_in(step, "journal"):  # as status and check say
            placed.setdefault(lesson.id, []).append(JournalItem(entry, lesson, cast(PromptStep, step)))
        else:
            key = lesson.id if lesson is not None else entry.lesson_id
            gone.setdefault(key, []).append(JournalItem(entry, lesson, None))
            gone_titles[key] = lesson.title if lesson is not None else entry.lesson_id

    sections: list[JournalSection] = []
    for module in course.modules:
        lessons = []
        for lesson_id in module.lesson_ids:
            items = placed.pop(lesson_id, [])
            if not items:
                continue
            lesson = course.lessons[lesson_id]
            items.sort(key=lambda item: (lesson.step_index(item.entry.step_id) or 0, item.entry.created_at))
            lessons.append(JournalLesson(lesson_id, lesson.title, tuple(items)))
        if lessons:
            sections.append(JournalSection(module.id, module.title, tuple(lessons)))
    if gone:
        lessons = [
            JournalLesson(
                key, gone_titles[key], tuple(sorted(items, key=lambda i: (i.entry.created_at, i.entry.step_id)))
            )
            for key, items in sorted(gone.items(), key=lambda pair: (gone_titles[pair[0]].casefold(), pair[0]))
        ]
        sections.append(JournalSection(None, GONE_TITLE, tuple(lessons)))
    return sections


# -- check-ins ------------------------------------------------------------------------------------


@mutable_record
class CheckinRun:
    """The ratings of one run of an exercise: before and after, by measure id."""

    session_id: str
    lesson_id: str
    """The stored lesson id."""
    step_id: str
    at: str
    """When the first rating of the run was given."""
    lesson: Lesson | None
    """The lesson now (after renames); None when it was removed."""
    step: ExerciseStep | None
    """The exercise now; None when it was removed."""
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)

    def held_back(self, started: Container[str]) -> bool:
        """Whether this was a start held back, not a run: no run began and only "before" was rated.

        ``started`` holds the session ids of the runs that began (as :func:`unclench.export.not_started`).
        """
        return self.session_id not in started and not self.after

    @property
    def exercise(self) -> str:
        """What to call the exercise: its title, else its lesson's title, else its stored id."""
        if self.step is not None and self.step.title:
            return self.step.title
        if self.lesson is not None:
            return self.lesson.title
        return self.step_id


class _Exercises:
    """Each stored (lesson id, step id) as the course has it now, looked up once.

    A record of years runs the same few exercises thousands of times.
    """

    def __init__(self, course: Course) -> None:
        self.course = course
        self._found: dict[tuple[str, str], tuple[Lesson | None, ExerciseStep | None]] = {}

    def __call__(self, lesson_id: str, step_id: str) -> tuple[Lesson | None, ExerciseStep | None]:
        found = self._found.get((lesson_id, step_id))
        if found is None:
            lesson = current_lesson(self.course, lesson_id)
            index = lesson.step_index(step_id) if lesson is not None else None
            step = lesson.steps[index] if lesson is not None and index is not None else None
            found = self._found[lesson_id, step_id] = (lesson, step if isinstance(step, ExerciseStep) else None)
        return found


def checkin_runs(course: Course, records: Iterable[CheckinRecord]) -> list[CheckinRun]:
    """Group check-in ratings by exercise run, oldest run first.

    A run is the ratings sharing a lesson, a step and a ``session_id``. When a
    measure was rated twice in the same phase of a run, the later rating counts.
    (:meth:`ProgressStore.newest_rated_runs` does the same grouping while it reads; see
    :func:`runs_of`.)

    Args:
        course: The course as it is now.
        records: The stored ratings, oldest first (e.g. :meth:`ProgressStore.checkins`).

    Returns:
        The runs.
    """
    runs: dict[tuple[str, str, str], CheckinRun] = {}
    exercise = _Exercises(course)
    for record in records:
        key = (record.lesson_id, record.step_id, record.session_id)
        run = runs.get(key)
        if run is None:
            run = CheckinRun(record.session_id, record.lesson_id, record.step_id, record.at, *exercise(*key[:2]))
            runs[key] = run
        (run.before if record.phase == "before" else run.after)[record.measure_id] = record.rating
    return list(runs.values())


def runs_of(course: Course, rated: Iterable[RatedRun]) -> list[CheckinRun]:
    """The runs as :func:`checkin_runs` gives them, from runs the store grouped (see ``newest_rated_runs``)."""
    exercise = _Exercises(course)
    return [
        CheckinRun(
            run.session_id,
            run.lesson_id,
            run.step_id,
            run.at,
            *exercise(run.lesson_id, run.step_id),
            run.before,
            run.after,
        )
        for run in rated
    ]


def rated_measures(course: Course, measure_ids: Iterable[str]) -> list[tuple[str, CheckinMeasure | None]]:
    """The measures of ``measure_ids`` (those rated): the course's in its order, then unknown ids (measure None)."""
    ids = set(measure_ids)
    known = [(m.id, m) for m in course.checkins if m.id in ids]
    unknown: list[tuple[str, CheckinMeasure | None]] = [(i, None) for i in sorted(ids) if course.checkin(i) is None]
    return [*known, *unknown]


# -- practice history ---------------------------------------------------------------------------------


class StoredRun(Protocol):
    """A stored run of an exercise (what :meth:`ProgressStore.runs` returns)."""

    @property
    def lesson_id(self) -> str: ...  # pragma: no cover

    @property
    def step_id(self) -> str: ...  # pragma: no cover

    @property
    def session_id(self) -> str: ...  # pragma: no cover

    @property
    def started_at(self) -> str: ...  # pragma: no cover

    @property
    def seconds(self) -> int: ...  # pragma: no cover

    @property
    def outcome(self) -> str: ...  # pragma: no cover

    @property
    def follow_up(self) -> bool: ...  # pragma: no cover


@frozen_record
class PracticeEntry:
    """One run of an exercise as the learner's practice history shows it."""

    session_id: str
    started_at: str
    """When the run started (stored UTC, ``2026-11-21T23:40:05Z``)."""
    seconds: int | None
    """Seconds practised (pauses not counted); None when not recorded."""
    outcome: str | None
    """``finished``, ``ended``, ``interrupted`` or ``running``; None when not recorded."""
    before: Mapping[str, int] = field(default_factory=dict)
    after: Mapping[str, int] = field(default_factory=dict)
    hard: bool = False
    """Whether it was a hard run ("I'm not OK", or a hard rating after it): support offered, closed for the day."""

    @property
    def stopped_early(self) -> bool:
        """Whether the run ended before its time was up (stopped by the learner, or the app closed)."""
        return self.outcome in ("ended", "interrupted")

    @property
    def how(self) -> str:
        """How the run ended, in words (empty when not recorded)."""
        return OUTCOME_WORDS.get(self.outcome or "", "")

    def changes(self, measures: Sequence[tuple[str, str]]) -> list[str]:
        """``Distress 6 → 3`` for each measure rated in the run (``–`` for a side not rated).

        Args:
            measures: ``(measure_id, label)`` in the order to show them.
        """
        shown = []
        for measure_id, label in measures:
            before, after = self.before.get(measure_id), self.after.get(measure_id)
            if before is None and after is None:
                continue
            shown.append(f"{label} {rating_text(before)} → {rating_text(after)}")
        return shown


def practice_history(
    course: Course, runs: Iterable[StoredRun], checkins: Iterable[CheckinRecord]
) -> dict[tuple[str, str], list[PracticeEntry]]:
    """Every exercise's runs, newest first, keyed by ``(lesson_id, step_id)`` as the course has them now.

    Runs saved under a lesson's ``previous_ids`` count as that lesson's. A
    run's ratings are the check-ins sharing its ``session_id`` (the later
    rating counts when a measure was rated twice in a phase). Check-ins
    without a run (a rating before that kept a practice from starting) are
    not practice: they are in the trends, not here.

    Args:
        course: The course as it is now.
        runs: The stored runs (e.g. :meth:`ProgressStore.runs`).
        checkins: The stored ratings, oldest first (e.g. :meth:`ProgressStore.checkins`).
    """
    ratings: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    for record in checkins:
        before, after = ratings.setdefault(record.session_id, ({}, {}))
        (before if record.phase == "before" else after)[record.measure_id] = record.rating

    lessons: dict[str, str | None] = {}
    history: dict[tuple[str, str], list[PracticeEntry]] = {}
    for run in runs:
        if run.lesson_id not in lessons:
            lesson = current_lesson(course, run.lesson_id)
            lessons[run.lesson_id] = lesson.id if lesson is not None else None
        current = lessons[run.lesson_id]
        if current is None:
            continue
        before, after = ratings.get(run.session_id, ({}, {}))
        entry = PracticeEntry(run.session_id, run.started_at, run.seconds, run.outcome, before, after, run.follow_up)
        history.setdefault((current, run.step_id), []).append(entry)
    for entries in history.values():
        # Oldest first (runs of the same second in the order given, which is the store's), then reversed.
        entries.sort(key=lambda entry: entry.started_at)
        entries.reverse()
    return history


#: A run that led to the follow-up, as the app's lists of runs mark it (the export adds "(support offered)").
HARD_RUN = "a hard run"


def entry_line(entry: PracticeEntry, measures: list[tuple[str, str]]) -> str:
    """One run in a line: ``29 Nov 2026, 23:40 · 4 min · full time · Distress 6 → 3`` (``· a hard run`` after how)."""
    parts = [local_date_time(entry.started_at), duration_text(entry.seconds)]
    if entry.how:
        parts.append(entry.how)
    if entry.hard:
        parts.append(HARD_RUN)
    parts.extend(entry.changes(measures))
    return " · ".join(parts)


def history_lines(history: tuple[PracticeEntry, ...], measures: list[tuple[str, str]], shown: int) -> list[str]:
    """The latest ``shown`` runs, one a line, and how many earlier ones there are."""
    lines = [entry_line(entry, measures) for entry in history[:shown]]
    earlier = len(history) - shown
    if earlier > 0:
        lines.append(f"… and {earlier} earlier {'run' if earlier == 1 else 'runs'}")
    return lines


def total_text(history: tuple[PracticeEntry, ...]) -> str:
    """``Practised 3 times, 12 min in all`` (or that it was not practised yet)."""
    if not history:
        return "Not practised yet."
    times = "once" if len(history) == 1 else f"{len(history)} times"
    seconds, damaged = total_seconds(entry.seconds for entry in history)
    return f"Practised {times}, {duration_text(seconds)} in all{damaged_times(damaged)}."


def damaged_times(damaged: int) -> str:
    """`` (one run's time is damaged: not counted)``, or nothing when no time was (see :func:`total_seconds`)."""
    if not damaged:
        return ""
    return (
        " (one run's time is damaged: not counted)"
        if damaged == 1
        else f" ({damaged} runs' times are damaged: not counted)"
    )


@frozen_record
class PracticeItem:
    """An exercise of the course as the Practice list shows it."""

    lesson: Lesson
    step: ExerciseStep
    index: int
    """The exercise's step index in its lesson."""
    met: bool
    """Whether the learner has reached it in its lesson (only those can be practised on their own)."""
    history: tuple[PracticeEntry, ...]
    """Its runs, newest first."""

    @property
    def title(self) -> str:
        """The exercise's title, else its lesson's title."""
        return self.step.title or self.lesson.title


def exercise_met(journey: Journey, lesson: Lesson, index: int, practised: bool) -> bool:
    """Whether the learner has reached the exercise at ``index`` of ``lesson``.

    It is met when it was practised, when the lesson is done, when it or a
    later step of the lesson is done, or when the learner's place in the
    lesson is at it or beyond.
    """
    if practised or journey.lesson_state(lesson.id) is LessonState.DONE:
        return True
    if any(journey.step_done(lesson.id, step) for step in lesson.steps[index:]):
        return True
    stored = [journey.progress.lesson_positions.get(lesson.id)]
    if journey.progress.position is not None and journey.progress.position[0] == lesson.id:
        stored.append(journey.progress.position[1])
    for step_id in stored:
        place = journey.place_of(lesson.id, step_id) if step_id is not None else None
        if place is not None and place.index >= index:  # a lesson's summary is past every step
            return True
    return False


def practice_items(journey: Journey, history: Mapping[tuple[str, str], Sequence[PracticeEntry]]) -> list[PracticeItem]:
    """Every exercise of the course in course order, whether the learner has met it, and its history.

    Args:
        journey: The learner's journey (their progress in the course).
        history: From :func:`practice_history`.
    """
    items = []
    for lesson in journey.course.ordered_lessons():
        for index, step in enumerate(lesson.steps):
            if isinstance(step, ExerciseStep):
                entries = tuple(history.get((lesson.id, step.id), ()))
                met = exercise_met(journey, lesson, index, bool(entries))
                items.append(PracticeItem(lesson, step, index, met, entries))
    return items
