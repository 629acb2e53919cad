"""The learner's journal and check-ins, arranged for reading: pure functions, no Textual, no writes.

The journal screen shows every answer grouped by module and lesson in
course order (answers saved under a lesson's ``previous_ids`` count as that
lesson's, via :func:`unclench.export.current_lesson`), then the answers whose
lesson or prompt step is no longer in the course. The trends screen shows
check-in ratings per exercise run (the ratings sharing a ``session_id``),
oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from unclench.course import CheckinMeasure, Course, ExerciseStep, Lesson, PromptStep, Step
from unclench.export import current_lesson
from unclench.store.rows import CheckinRecord, JournalEntry, RatedRun

# -- journal ------------------------------------------------------------------------------------


def text_matches(query: str, *texts: str) -> bool:
    """Whether any of ``texts`` contains ``query``, ignoring case and the query's outer spaces.

    An empty query matches everything.
    """
    needle = query.strip().casefold()
    return not needle or any(needle in text.casefold() for text in texts)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class JournalLesson:
    """The answers of one lesson, in the order of its steps."""

    key: str
    """The lesson's current id, or the stored id when the lesson was removed."""
    title: str
    """The lesson's title, or its stored id when it was removed."""
    items: tuple[JournalItem, ...]


@dataclass(frozen=True)
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

    Answers that are empty (or only whitespace) are left out. The sections
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
        if not entry.answer.strip():
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
        if lesson is not None and isinstance(step, PromptStep) and lesson.id in listed:
            placed.setdefault(lesson.id, []).append(JournalItem(entry, lesson, step))
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


@dataclass
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
    (:meth:`ProgressStore.rated_runs` does the same grouping in SQLite; see
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
    """The runs as :func:`checkin_runs` gives them, from runs the store grouped (:meth:`ProgressStore.rated_runs`)."""
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


def rated_measures(course: Course, runs: Iterable[CheckinRun]) -> list[tuple[str, CheckinMeasure | None]]:
    """The measures rated in ``runs``: the course's in its order, then unknown ids (measure None)."""
    ids: set[str] = set()
    for run in runs:
        ids.update(run.before, run.after)
    known = [(m.id, m) for m in course.checkins if m.id in ids]
    unknown: list[tuple[str, CheckinMeasure | None]] = [(i, None) for i in sorted(ids) if course.checkin(i) is None]
    return [*known, *unknown]


def series(runs: Iterable[CheckinRun], measure_id: str, phase: str) -> list[int]:
    """The ratings of one measure in one phase (``"before"`` or ``"after"``), run by run, oldest first."""
    return [
        ratings[measure_id] for run in runs if measure_id in (ratings := run.before if phase == "before" else run.after)
    ]
