"""The learner's record in one course, as the app reads and writes it: the application layer.

:class:`Learner` is the one place the app goes through to the record: every
write of the learner's record made while they take a course goes through one
of its methods (each one transaction in the store, raising
:class:`~unclench.store.errors.StoreWriteError` when nothing was saved), and so
does every read the screens need. The TUI's screens and widgets never touch the
store; :class:`unclench.tui.session.Session` holds a ``Learner`` and reports its
errors on screen. It imports no Textual, so it is tested without the app.

Reads that cannot be done degrade the way the learner is safest with: an
unreadable acknowledgement counts as not given, an unreadable practice history
closes nothing, and the journey keeps its last snapshot.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from unclench.course import Course, ExerciseStep, Lesson
from unclench.journey import (
    DISCLAIMER_KIND,
    DISCLAIMER_SUBJECT,
    Journey,
    Place,
    Progress,
    RecommendedOrder,
    order_setting,
)
from unclench.store.errors import StoreError
from unclench.store.rows import (
    Acknowledgement,
    CheckinRecord,
    JournalEntry,
    NewestRatedRuns,
    Position,
    QuizAttempt,
    RunRecord,
    ScreeningAnswer,
    SupportContact,
)
from unclench.store.unconfirmed import UnconfirmedSafety, unconfirmed_safety_key

if TYPE_CHECKING:
    from unclench.practice import Closed, HeldBackStart, Screening
    from unclench.records import PracticeEntry
    from unclench.store import ProgressStore


class Learner:
    """The learner's record in ``course``, read and written through ``store``.

    Args:
        course: The course being taken.
        store: The open progress store (its owner closes it).

    Attributes:
        course: The course.
        journey: The journey as of the last :meth:`refresh`.
    """

    def __init__(self, course: Course, store: ProgressStore) -> None:
        self.course = course
        self._store = store
        self.journey = Journey(course)
        self._stale = True  # nothing read yet: the first refresh reads everything
        self._courses_taken = 0

    def change_course(self, course: Course) -> None:
        """Take ``course`` instead (the preview after an edit): the next :meth:`refresh` reads everything."""
        self.course = course
        self.journey = Journey(course)
        self._stale = True
        self._courses_taken += 1

    def revision(self, *, wait: bool = True) -> tuple[int, int, int] | None:
        """Where the course and the record stand: a value that differs once either changed.

        The course changes with :meth:`change_course`; the record with any write (see
        :meth:`ProgressStore.revision`, which ``wait`` is passed to). None when that cannot be told.
        """
        store = self._store.revision(wait=wait)
        return None if store is None else (self._courses_taken, *store)

    @property
    def writes_begun(self) -> int:
        """How many writes this learner's record has begun here: it moved once anything was saved."""
        return self._store.writes_begun

    @property
    def store(self) -> ProgressStore:
        """The store itself: for the command line and tests, never for a screen."""
        return self._store

    @property
    def _course_id(self) -> str:
        return self.course.id

    # -- the journey ---------------------------------------------------------------

    def refresh(self, lesson_ids: Iterable[str] | None = None) -> Journey:
        """Read the learner's progress again and return the new journey.

        Args:
            lesson_ids: Only these lessons changed (and the position): read
                just them, so a step change costs the same on any course and
                any record. None reads everything again (a screen opening,
                after the journal may have changed answers).

        When the store cannot be read, the previous journey is kept.
        """
        with contextlib.suppress(StoreError):
            if lesson_ids is None or self._stale:
                progress = Progress.read(self._store, self.course)
            else:
                progress = self.journey.progress.reread(self._store, self.course, lesson_ids)
            self.journey = Journey(self.course, progress)
            self._stale = False
        return self.journey

    # -- the store's own state -------------------------------------------------------

    @property
    def notice(self) -> str | None:
        """What happened to the record file at opening (moved aside, ...), to tell the learner; None if nothing."""
        return self._store.notice

    @property
    def path(self) -> Path:
        """The database file the record is in."""
        return self._store.path

    def now(self) -> datetime:
        """The time the record is stamped with (UTC): practice limits are measured against it."""
        return self._store.now()

    # -- where the learner is ------------------------------------------------------

    def adopt_renamed_lessons(self) -> int:
        """Carry progress saved under a lesson's ``previous_ids`` over to its current id; rows moved."""
        return self._store.adopt_renamed_lessons(self._course_id, self.course.renamed_lessons())

    def position(self) -> Position | None:
        """The step the learner last had open in the course, or None."""
        return self._store.position(self._course_id)

    def set_position(
        self, lesson_id: str, step_id: str, *, done: tuple[str, str] | None = None, course_wide: bool = True
    ) -> None:
        """Record the step the learner has open (and ``done``, a lesson id and step id, as done in the same write).

        ``course_wide=False`` records it for its lesson only: the course place stays (a lesson read again).
        """
        self._store.set_position(self._course_id, lesson_id, step_id, done=done, course_wide=course_wide)

    def mark_step_done(self, lesson_id: str, step_id: str) -> None:
        """Record a step as done (the first time counts)."""
        self._store.mark_step_done(self._course_id, lesson_id, step_id)

    def mark_lesson_done(self, lesson_id: str) -> None:
        """Record a lesson as done (the first time counts)."""
        self._store.mark_lesson_done(self._course_id, lesson_id)

    # -- the journal -----------------------------------------------------------------

    def answer(self, lesson_id: str, step_id: str) -> JournalEntry | None:
        """The journal answer to one prompt step, or None."""
        return self._store.answer(self._course_id, lesson_id, step_id)

    def answers(self) -> list[JournalEntry]:
        """Every journal answer in the course."""
        return self._store.answers(self._course_id)

    def save_answer(self, lesson_id: str, step_id: str, question: str, text: str) -> None:
        """Save the learner's answer to a prompt step, exactly as written (with the question as it read)."""
        self._store.save_answer(self._course_id, lesson_id, step_id, question, text)

    def put_back_answer(self, lesson_id: str, step_id: str, before: JournalEntry | None) -> None:
        """Put the answer to a prompt step back exactly as it was, times included (None: there was none)."""
        self._store.put_back_answer(self._course_id, lesson_id, step_id, before)

    # -- quizzes -----------------------------------------------------------------------

    def quiz_attempts(self, lesson_id: str, step_id: str) -> list[QuizAttempt]:
        """The learner's checked answers to one quiz, oldest first."""
        return self._store.quiz_attempts(self._course_id, lesson_id, step_id)

    def record_quiz_attempt(
        self,
        lesson_id: str,
        step_id: str,
        question: str,
        chosen: Sequence[int],
        chosen_texts: Sequence[str],
        correct: bool,
    ) -> None:
        """Record a checked answer to a quiz."""
        self._store.record_quiz_attempt(self._course_id, lesson_id, step_id, question, chosen, chosen_texts, correct)

    def quiz_choice(self, lesson_id: str, step_id: str) -> tuple[str, ...]:
        """The texts of the choices picked but not checked yet in a quiz."""
        return self._store.quiz_choice(self._course_id, lesson_id, step_id)

    def save_quiz_choice(self, lesson_id: str, step_id: str, chosen_texts: Sequence[str]) -> None:
        """Remember the choices picked but not checked (none forgets them)."""
        self._store.save_quiz_choice(self._course_id, lesson_id, step_id, chosen_texts)

    # -- practice ----------------------------------------------------------------------

    def checkins(self, session_id: str | None = None) -> list[CheckinRecord]:
        """Every check-in rating in the course (or of the run ``session_id``), oldest first."""
        return self._store.checkins(self._course_id, session_id)

    def newest_rated_runs(self, runs: int) -> NewestRatedRuns:
        """The newest ``runs`` runs rated (see :meth:`ProgressStore.newest_rated_runs`)."""
        return self._store.newest_rated_runs(self._course_id, runs)

    def latest_ratings(self, runs_each: int) -> dict[tuple[str, str], list[int]]:
        """Each measure's latest ratings before and after (see :meth:`ProgressStore.latest_ratings`)."""
        return self._store.latest_ratings(self._course_id, runs_each)

    def record_checkin(
        self, lesson_id: str, step_id: str, measure_id: str, phase: str, rating: int, session_id: str
    ) -> None:
        """Record a 0-10 rating given before or after an exercise run."""
        self._store.record_checkin(self._course_id, lesson_id, step_id, measure_id, phase, rating, session_id)

    def runs(self, session_ids: Collection[str] | None = None) -> list[RunRecord]:
        """Every exercise run in the course (or those of ``session_ids``), oldest first."""
        return self._store.runs(self._course_id, session_ids=session_ids)

    def untold_interrupted_runs(self) -> list[RunRecord]:
        """The runs recorded as interrupted that the learner was not told about yet, oldest first."""
        return self._store.untold_interrupted_runs(self._course_id)

    def start_run(self, lesson_id: str, step_id: str, session_id: str) -> None:
        """Record that an exercise run started."""
        self._store.start_run(self._course_id, lesson_id, step_id, session_id)

    def end_run(self, session_id: str, outcome: str, seconds: int) -> None:
        """Record how an exercise run ended and how long it was practised."""
        self._store.end_run(session_id, outcome, seconds)

    def interrupt_stale_runs(self) -> int:
        """Record runs left under way by a process that quit or crashed as interrupted; how many."""
        return self._store.interrupt_stale_runs(self._course_id)

    def mark_run_noticed(self, session_id: str) -> None:
        """Record that the learner was told about an interrupted run."""
        self._store.mark_run_noticed(session_id)

    def set_run_follow_up(self, session_id: str) -> None:
        """Record that a run led to the follow-up (no more practice that day)."""
        self._store.set_run_follow_up(session_id)

    def practice_block(self, lesson_id: str, step: ExerciseStep) -> Closed | None:
        """Why the exercise may not start now (see :func:`unclench.practice.practice_block`), or None."""
        from unclench.practice import practice_block

        try:
            runs = self.runs()
            now = self.now()
        except StoreError:
            return None  # the safety gate and the check-ins still apply; an unreadable history locks no one out
        course = self.course
        return practice_block(lesson_id, step, runs, now, tremor_in_course=course.has_tremor_practice, course=course)

    def run_to_rate_after(self, lesson_id: str, step: ExerciseStep) -> tuple[RunRecord, dict[str, int]] | None:
        """The exercise's run whose check-in after is still offered, with its ratings before; None when none is.

        See :func:`unclench.practice.still_to_rate_after`: the latest run of the exercise, ended
        this day and not rated after. Only that lesson's runs and that run's ratings are read.

        Raises:
            StoreError: The record could not be read.
        """
        from unclench.practice import still_to_rate_after

        if not step.checkin_ids:
            return None
        run = still_to_rate_after(self._store.runs(self._course_id, (lesson_id,)), step.id, self.now())
        if run is None:
            return None
        ratings = self._store.checkins(self._course_id, run.session_id)
        if any(rating.phase == "after" for rating in ratings):
            return None
        return run, {rating.measure_id: rating.rating for rating in ratings if rating.phase == "before"}

    def held_back_start(self, lesson: Lesson, step: ExerciseStep) -> HeldBackStart | None:
        """The start of ``step`` held back today by a high rating, still the latest (see
        :func:`unclench.practice.held_back_today`); None when there is none. Only that lesson's ratings and runs
        are read (saved under its id or its ``previous_ids``).

        Raises:
            StoreError: The record could not be read.
        """
        from unclench.practice import held_back_today

        if not step.checkin_ids or step.grounding:
            return None
        lesson_ids = (lesson.id, *lesson.previous_ids)
        checkins = self._store.checkins(self._course_id, lesson_ids=lesson_ids)
        if not checkins:
            return None
        started = {run.session_id for run in self._store.runs(self._course_id, lesson_ids)}
        measures = [m for m in (self.course.checkin(i) for i in step.checkin_ids) if m is not None]
        return held_back_today(step, measures, checkins, started, self.now())

    def practice_history(self, lesson: Lesson | None = None) -> dict[tuple[str, str], list[PracticeEntry]]:
        """Every exercise's runs with their ratings, newest first (see :func:`unclench.records.practice_history`).

        Args:
            lesson: Only this lesson's exercises: just its runs and ratings are
                read (saved under its id or its ``previous_ids``), so that a
                lesson's summary costs the same on a record of years.

        Raises:
            StoreError: The record could not be read.
        """
        from unclench.records import practice_history

        if lesson is None:
            return practice_history(self.course, self.runs(), self.checkins())
        # A run's ratings are saved under the run's own lesson and step, with its session id.
        lesson_ids = (lesson.id, *lesson.previous_ids)
        runs = self._store.runs(self._course_id, lesson_ids)
        checkins = self._store.checkins(self._course_id, lesson_ids=lesson_ids) if runs else []
        history = practice_history(self.course, runs, checkins)
        return {key: entries for key, entries in history.items() if key[0] == lesson.id}

    # -- recommended order ----------------------------------------------------------------

    def recommended_order(self, target: Place, current: Place | None) -> RecommendedOrder | None:
        """Whether to name the lessons ``target``'s lesson builds on before going there (None: go straight on).

        The journey as of the last :meth:`refresh` decides (see
        :meth:`Journey.recommended_order`); a learner who chose to continue
        anyway into that lesson is not asked again.
        """
        order = self.journey.recommended_order(target, current)
        if order is None:
            return None
        with contextlib.suppress(StoreError):  # unreadable: asking again is harmless
            if order.continued(self._store.setting(order_setting(self._course_id, order.lesson.id))):
                return None
        return order

    def continue_anyway(self, order: RecommendedOrder) -> None:
        """Remember that the learner chose to continue into ``order``'s lesson anyway (a setting, not progress)."""
        self._store.set_setting(order_setting(self._course_id, order.lesson.id), order.text)

    # -- screening and support -------------------------------------------------------

    def screening_answers(self) -> list[ScreeningAnswer]:
        """The learner's answers to the course's screening questions (not those an import brought, until confirmed)."""
        answers = self._store.screening_answers(self._course_id)
        unconfirmed = self._unconfirmed_safety(a.question_id for a in answers)
        if unconfirmed is None:
            return answers
        return [a for a in answers if a.question_id not in unconfirmed.screening]

    def set_screening_answer(self, question_id: str, answer: bool) -> None:
        """Record the learner's answer to a screening question (an imported answer to it is theirs now)."""
        self._store.set_screening_answer(self._course_id, question_id, answer)
        unconfirmed = self._unconfirmed_safety(a.question_id for a in self._store.screening_answers(self._course_id))
        if unconfirmed is not None and question_id in unconfirmed.screening:
            self._store.set_setting(unconfirmed_safety_key(self._course_id), unconfirmed.confirms(question_id).dumps())

    def _unconfirmed_safety(self, stored: Iterable[str]) -> UnconfirmedSafety | None:
        """The safety answers an import brought, not confirmed here yet (:mod:`unclench.store.unconfirmed`)."""
        return UnconfirmedSafety.loads(self._store.setting(unconfirmed_safety_key(self._course_id)), stored)

    def screening(self, step: ExerciseStep) -> Screening:
        """Where the learner stands with the exercise's screening questions."""
        from unclench.practice import screening_for

        try:
            answers = {a.question_id: a.answer for a in self.screening_answers()}
        except StoreError:
            answers = {}
        return screening_for(self.course, step, answers)

    def contacts(self) -> list[SupportContact]:
        """The people the learner added to their support card."""
        return self._store.contacts(self._course_id)

    def add_contact(self, name: str, reach: str) -> None:
        """Add someone to the support card, exactly as typed."""
        self._store.add_contact(self._course_id, name, reach)

    def remove_contact(self, contact_id: int) -> None:
        """Remove someone from the support card."""
        self._store.remove_contact(contact_id)

    # -- acknowledgements --------------------------------------------------------------

    def acknowledgements(self) -> list[Acknowledgement]:
        """Every acknowledgement in the course, oldest first."""
        return self._store.acknowledgements(self._course_id)

    def acknowledge(self, kind: str, subject_id: str, text: str) -> None:
        """Record that the learner acknowledged ``text`` (the disclaimer, a safety note)."""
        self._store.acknowledge(self._course_id, kind, subject_id, text)

    def disclaimer_acknowledged(self) -> bool:
        """Whether the current disclaimer text has been acknowledged.

        When the store cannot be read the answer is no: nothing opens on an
        acknowledgement that cannot be confirmed.
        """
        try:
            if self.disclaimer_read_only_in_a_file():
                return False  # an import's acknowledgement: the learner reads it here first
            return self._store.is_acknowledged(
                self._course_id, DISCLAIMER_KIND, DISCLAIMER_SUBJECT, self.course.disclaimer
            )
        except StoreError:
            return False

    def disclaimer_read_only_in_a_file(self) -> bool:
        """Whether the only reading of the disclaimer on record came with an import (so it is asked again)."""
        unconfirmed = self._unconfirmed_safety(())
        return unconfirmed is not None and unconfirmed.disclaimer

    def acknowledge_disclaimer(self) -> None:
        """Store the learner's acknowledgement of the current disclaimer, with the hash of its text.

        Raises:
            StoreError: It could not be stored; the disclaimer still stands.
        """
        self.acknowledge(DISCLAIMER_KIND, DISCLAIMER_SUBJECT, self.course.disclaimer)
        stored = [a.question_id for a in self._store.screening_answers(self._course_id)]
        unconfirmed = self._unconfirmed_safety(stored)
        if unconfirmed is not None and unconfirmed.disclaimer:
            confirmed = UnconfirmedSafety(False, unconfirmed.screening)
            self._store.set_setting(unconfirmed_safety_key(self._course_id), confirmed.dumps())

    # -- settings (per user, not per course) -------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A per-user setting (the theme, the charts), or ``default``."""
        return self._store.setting(key, default)

    def set_setting(self, key: str, value: str) -> None:
        """Save a per-user setting."""
        self._store.set_setting(key, value)

    def cues_wanted(self) -> bool:
        """Whether the learner wants the start, halfway and end cues (see :func:`unclench.practice.cues_wanted`).

        Yes when the setting cannot be read: the end of a timed practice is told, as it always was.
        """
        from unclench.practice import CUES_SETTING, cues_wanted

        try:
            return cues_wanted(self.setting(CUES_SETTING))
        except StoreError:
            return True

    def set_cues(self, on: bool) -> None:
        """Remember whether the learner wants the cues of a timed exercise."""
        from unclench.practice import CUES_SETTING

        self.set_setting(CUES_SETTING, "on" if on else "off")
