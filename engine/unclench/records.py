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

from unclench.course import CheckinMeasure, Course, ExerciseStep, Lesson, PromptStep
from unclench.export import current_lesson
from unclench.store.rows import CheckinRecord, JournalEntry

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
    for entry in entries:
        if not entry.answer.strip():
            continue
        lesson = current_lesson(course, entry.lesson_id)
        index = lesson.step_index(entry.step_id) if lesson is not None else None
        step = lesson.steps[index] if lesson is not None and index is not None else None
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


def checkin_runs(course: Course, records: Iterable[CheckinRecord]) -> list[CheckinRun]:
    """Group check-in ratings by exercise run, oldest run first.

    A run is the ratings sharing a lesson, a step and a ``session_id``. When a
    measure was rated twice in the same phase of a run, the later rating counts.

    Args:
        course: The course as it is now.
        records: The stored ratings, oldest first (e.g. :meth:`ProgressStore.checkins`).

    Returns:
        The runs.
    """
    runs: dict[tuple[str, str, str], CheckinRun] = {}
    # A record of years runs the same few exercises thousands of times: find each once.
    exercises: dict[tuple[str, str], tuple[Lesson | None, ExerciseStep | None]] = {}
    for record in records:
        key = (record.lesson_id, record.step_id, record.session_id)
        run = runs.get(key)
        if run is None:
            found = exercises.get(key[:2])
            if found is None:
                lesson = current_lesson(course, record.lesson_id)
                index = lesson.step_index(record.step_id) if lesson is not None else None
                step = lesson.steps[index] if lesson is not None and index is not None else None
                found = exercises[key[:2]] = (lesson, step if isinstance(step, ExerciseStep) else None)
            run = CheckinRun(record.session_id, record.lesson_id, record.step_id, record.at, *found)
            runs[key] = run
        (run.before if record.phase == "before" else run.after)[record.measure_id] = record.rating
    return list(runs.values())


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
