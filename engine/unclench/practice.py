"""Safe practice: the safety gate, one run of an exercise, and what may start when.

This is the policy the app runs (the TUI only shows it): a tremor exercise
starts only with a fresh :class:`Clearance` from its :class:`SafetyGate`; an
:class:`ExerciseRun` owns its before and after ratings (a new run starts with
none); a before-rating at a measure's alert level suggests grounding instead
of starting (an exercise that is itself grounding starts, with a word about
support); an after-rating at an alert level, or worse on an alert-watched
measure, leads to the follow-up; any other worse or hard after-rating, on any
measure, to a kind word (:class:`AfterCare`). It never imports Textual and
never writes anything: callers store what happens.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from unclench.course import (
    DEFAULT_DIRECTORY,
    DEFAULT_SUPPORT_NOTE,
    CheckinMeasure,
    Course,
    ExerciseStep,
    Lesson,
    SafetyNote,
    ScreeningQuestion,
    Step,
    SupportCard,
)
from unclench.errors import UnclenchError
from unclench.frozen import frozen_record
from unclench.localtime import stored_moment
from unclench.store.rows import possible_rating, possible_seconds
from unclench.text import DAMAGED_VALUE, visible

#: The acknowledgement kind stored when the learner passes a safety gate.
SAFETY_KIND = "safety"

#: How long a passed gate stays good for a start, in seconds: someone who read the notes and
#: walked away for longer reads them again.
CLEARANCE_SECONDS = 15 * 60


def safety_subject(lesson_id: str, step_id: str) -> str:
    """The acknowledgement subject id of a tremor exercise's safety notes: ``lesson:step``."""
    return f"{lesson_id}:{step_id}"


def safety_text(notes: Iterable[SafetyNote]) -> str:
    """The text of safety notes as acknowledged (and hashed): titles and texts, in order."""
    return "\n\n".join(f"{note.title}\n{note.text.strip()}" for note in notes)


@frozen_record
class Clearance:
    """Proof that the learner passed one exercise's safety gate: good for one start, soon after.

    Attributes:
        subject_id: The exercise (``lesson:step``).
        text: The notes' text as they were shown.
        issued_at: When the gate was passed, on the session's monotonic clock.
    """

    subject_id: str
    text: str
    issued_at: float


@frozen_record
class SafetyGate:
    """The safety notes a learner must read and acknowledge before a tremor exercise, every time.

    Attributes:
        subject_id: The acknowledgement's subject (``lesson:step``).
        text: The text acknowledged; its hash is stored with the acknowledgement.
        notes: The notes to show, in order.
    """

    subject_id: str
    text: str
    notes: tuple[SafetyNote, ...]

    ack_kind = SAFETY_KIND

    def pass_(self, now: float) -> Clearance:
        """The clearance the learner earns by passing the gate at ``now``."""
        return Clearance(self.subject_id, self.text, now)

    def accepts(self, clearance: Clearance | None, now: float) -> bool:
        """Whether ``clearance`` lets a run start now: this gate's, for today's text, and recent."""
        return (
            clearance is not None
            and clearance.subject_id == self.subject_id
            and clearance.text == self.text
            and 0 <= now - clearance.issued_at <= CLEARANCE_SECONDS
        )


def safety_gate(course: Course, lesson_id: str, step: Step | None) -> SafetyGate | None:
    """The safety gate of a tremor exercise, or of any exercise that names safety notes (None for any other step).

    The gate is required every time the exercise is opened or started, no
    matter how often the learner acknowledged it before. An exercise that is not
    tremor practice but names notes gets one too: its author meant them read first
    (a stranger's were never shown, and ``check`` had said OK).

    Returns:
        The gate with the exercise's notes then the course's always-shown
        notes, or None when ``step`` is neither.
    """
    if not isinstance(step, ExerciseStep) or not (step.tremor or step.safety_ids):
        return None
    notes = tuple(course.safety_notes_for(step))
    return SafetyGate(safety_subject(lesson_id, step.id), safety_text(notes), notes)


class RunPhase(enum.Enum):
    """Where one run of an exercise is."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    """The time was up."""
    ENDED = "ended"
    """The learner stopped early."""
    INTERRUPTED = "interrupted"
    """The app quit during the run."""


#: What each stored outcome of a run means, in the learner's words.
OUTCOME_WORDS = {
    "finished": "full time",
    "ended": "stopped early",
    "interrupted": "interrupted (the app closed)",
    "running": "under way",
}


def duration_text(seconds: int | None) -> str:
    """Time practised in plain words: ``45 s``, ``4 min``, ``1 min 30 s`` (None: not recorded).

    A stored time that cannot be one (1e300 seconds, fewer than none: a database changed outside Unclench) is
    :data:`~unclench.text.DAMAGED_VALUE`, never a figure.
    """
    if seconds is None:
        return "time not recorded"
    if not possible_seconds(seconds):
        return DAMAGED_VALUE
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"


def rating_text(rating: int | None) -> str:
    """A check-in rating as shown: ``7``; ``–`` when not rated; :data:`~unclench.text.DAMAGED_VALUE` for a stored
    one that is not from 0 to 10 (a database changed outside Unclench)."""
    if rating is None:
        return "–"
    return str(rating) if possible_rating(rating) else DAMAGED_VALUE


def total_seconds(seconds: Iterable[int | None]) -> tuple[int, int]:
    """The seconds practised in all, and how many of the times were damaged (left out of the total)."""
    total = damaged = 0
    for value in seconds:
        if value is None:
            continue
        if possible_seconds(value):
            total += value
        else:
            damaged += 1
    return total, damaged


class RunRefused(UnclenchError):
    """A run could not start; the message says why, in words for the learner."""


class NotCleared(RunRefused):
    """A tremor exercise was started without a fresh clearance from its safety gate."""


class DistressedBefore(RunRefused):
    """A before-rating is at its alert level: grounding first, not practice.

    Attributes:
        measures: The measures rated at their alert level.
        allow_anyway: Whether the author allows a deliberate start anyway.
    """

    def __init__(self, measures: list[CheckinMeasure], allow_anyway: bool) -> None:
        super().__init__(alerting_ratings_words(measures))
        self.measures = measures
        self.allow_anyway = allow_anyway


def alerting_ratings_words(measures: Sequence[CheckinMeasure]) -> str:
    """``Your distress rating is high right now.``: the ratings before a run that are at their alert level."""
    # A measure whose worse end is "low" (calm, say) alerts when it is low, not high.
    parts = [f"{m.label.lower()} rating is {'low' if m.worse == 'low' else 'high'}" for m in measures]
    return f"Your {' and your '.join(parts)} right now."


def grounding_while_distressed_words(measures: Sequence[CheckinMeasure]) -> str:
    """Said as a grounding exercise starts although a rating before it is at its alert level (it is not held back)."""
    return (
        f"{alerting_ratings_words(measures)} This exercise is made for moments like this: go gently, and stop "
        "whenever you like. If you would like to talk to someone, press f2 for the support card."
    )


def worse_than(measure: CheckinMeasure, before: int, after: int) -> bool:
    """Whether ``after`` is worse than ``before`` on ``measure`` (towards its ``worse`` end)."""
    return after > before if measure.worse == "high" else after < before


#: How near its worse end a rating after an exercise is a hard one, on any measure: within two
#: points (tension 8 to 10, calm 0 to 2). Not a crisis, as an alert level is, but worth a kind word.
HARD_AFTER_REACH = 2


def near_worse_end(measure: CheckinMeasure, rating: int) -> bool:
    """Whether ``rating`` is within :data:`HARD_AFTER_REACH` of ``measure``'s worse end."""
    return rating >= 10 - HARD_AFTER_REACH if measure.worse == "high" else rating <= HARD_AFTER_REACH


def at_worst_end(measure: CheckinMeasure, rating: int) -> bool:
    """Whether ``rating`` is at ``measure``'s worse end itself: distress 10 of 10, calm 0 of 10."""
    return rating == (10 if measure.worse == "high" else 0)


def worst_after_words(measures: Sequence[CheckinMeasure], after: Mapping[str, int]) -> str:
    """Said when ratings after a run already followed up ("I'm not OK") are at their worst end: saved, and support.

    The box after the hard run (the support card's button in it) was just shown: a second one would stack on
    it, but "Your ratings are saved." alone said nothing to a stranger who rated distress 10 of 10.
    """
    rated = " and ".join(f"{measure.label} {after[measure.id]} of 10" for measure in measures)
    return (
        f"Your ratings are saved. {rated} is as hard as it gets: you do not have to do anything more today. "
        "Press f2 for the support card, to reach someone now. Feel your feet on the floor, and let a slow breath out."
    )


class AfterCare(enum.Enum):
    """What the ratings after a run call for."""

    NONE = "none"
    """Nothing: the same as before, or better."""
    KIND_WORD = "kind word"
    """Worse than before, or near a scale's worse end, on a measure with no alert level: a calm word
    that this happens and is OK, that stopping is fine, grounding, and the support card one key away.
    Nothing closes."""
    FOLLOW_UP = "follow-up"
    """At an alert level, or worse on an alert-watched measure: grounding, support, and no more tremor
    practice (nor this exercise) today."""


def _what_the_rating_says(measure: CheckinMeasure, before: int | None, after: int | None) -> str:
    """``your tension is higher than before``, ``... is still high, though lower than before``, ``... is high``."""
    label = measure.label.lower()
    worse_end, better = ("high", "lower") if measure.worse == "high" else ("low", "higher")
    if before is None or after is None:
        return f"your {label} is {worse_end}"
    if worse_than(measure, before, after):
        return f"your {label} is {'higher' if measure.worse == 'high' else 'lower'} than before"
    if after == before:
        return f"your {label} is still {worse_end}"
    return f"your {label} is still {worse_end}, though {better} than before"


def kind_word_text(
    measures: Sequence[CheckinMeasure], before: Mapping[str, int], after: Mapping[str, int], grounding: str
) -> str:
    """The kind word after a run rated worse or hard on ``measures`` (Markdown), with the course's ``grounding``.

    Plain and calm: what the ratings say, that it happens and is OK, that stopping is fine, how to
    ground, and where support is. It alarms no one and asks nothing. A measure is "higher than
    before" only when it is: a stranger rated tension 10, then 9, and was told it had gone up.
    """
    parts = [_what_the_rating_says(measure, before.get(measure.id), after.get(measure.id)) for measure in measures]
    said = "After the exercise, " + " and ".join(parts) + ". " if parts else ""
    return (
        f"Your ratings are saved. {said}That can happen, and it is OK: it does not mean you did anything "
        "wrong, and you do not have to push on. It is fine to stop here for today. If you would like to "
        "talk to someone, the support card lists people you can reach (f2 opens it from any screen).\n\n"
        f"{grounding.strip()}"
    )


class ExerciseRun:
    """One run of an exercise: its ratings, its timer, and how it ended.

    A run is made for each start (the previous run's ratings never carry
    over). Ratings before may be given only before it starts; ratings after
    only once it is over.

    Args:
        course: The course (for the check-in measures).
        lesson_id: The exercise's lesson.
        step: The exercise.
        session_id: The run's id (new by default); its check-ins carry it.
    """

    def __init__(self, course: Course, lesson_id: str, step: ExerciseStep, session_id: str | None = None) -> None:
        self.lesson_id = lesson_id
        self.step = step
        self.measures: tuple[CheckinMeasure, ...] = tuple(
            m for m in (course.checkin(i) for i in step.checkin_ids) if m is not None
        )
        self.gate = safety_gate(course, lesson_id, step)
        self.session_id = session_id or uuid.uuid4().hex
        self.phase = RunPhase.READY
        self.before: dict[str, int] = {}
        self.after: dict[str, int] = {}
        self._elapsed = 0.0
        self._resumed_at = 0.0

    # -- ratings ---------------------------------------------------------------------

    def _measure(self, measure_id: str) -> CheckinMeasure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)

    def rate_before(self, measure_id: str, rating: int) -> None:
        """Set a before-rating (only before the run starts)."""
        self._measure(measure_id)
        if self.phase is not RunPhase.READY:
            raise ValueError("ratings before are given before the run starts")
        self.before[measure_id] = _rating(rating)

    def rate_after(self, measure_id: str, rating: int) -> None:
        """Set an after-rating (only once the run is over)."""
        self._measure(measure_id)
        if not self.over:
            raise ValueError("ratings after are given once the run is over")
        self.after[measure_id] = _rating(rating)

    def distressed_before(self) -> list[CheckinMeasure]:
        """The measures whose before-rating is at or beyond their alert level."""
        return [m for m in self.measures if m.id in self.before and m.is_alarming(self.before[m.id])]

    def alarming_after(self) -> list[CheckinMeasure]:
        """The measures whose after-rating is at or beyond their alert level."""
        return [m for m in self.measures if m.id in self.after and m.is_alarming(self.after[m.id])]

    def worse_after(self) -> list[CheckinMeasure]:
        """The alert-watched measures rated worse after than before.

        Only measures with an alert level count: a tension rating a point
        higher is not a reason for a crisis follow-up, a distress rating is.
        """
        return [
            m
            for m in self.measures
            if m.alert_at is not None
            and m.id in self.before
            and m.id in self.after
            and worse_than(m, self.before[m.id], self.after[m.id])
        ]

    def worst_after(self) -> list[CheckinMeasure]:
        """The measures rated at their worse end itself after the run (:func:`at_worst_end`)."""
        return [m for m in self.measures if m.id in self.after and at_worst_end(m, self.after[m.id])]

    def needs_follow_up(self) -> bool:
        """Whether the after-ratings call for the follow-up (worse than before, or alarming)."""
        return bool(self.alarming_after() or self.worse_after())

    def harder_after(self) -> list[CheckinMeasure]:
        """The measures, any of them, rated worse after than before, or near their worse end after.

        A stranger rated tension 7 then 9 and calm 3 then 1 after a breathing practice and was
        told only that the ratings were saved: neither measure has an alert level.
        """
        return [
            m
            for m in self.measures
            if m.id in self.after
            and (
                near_worse_end(m, self.after[m.id])
                or (m.id in self.before and worse_than(m, self.before[m.id], self.after[m.id]))
            )
        ]

    def after_care(self) -> AfterCare:
        """What the ratings after the run call for: the follow-up, a kind word, or nothing."""
        if self.needs_follow_up():
            return AfterCare.FOLLOW_UP
        return AfterCare.KIND_WORD if self.harder_after() else AfterCare.NONE

    @classmethod
    def interrupted(
        cls, course: Course, lesson_id: str, step: ExerciseStep, session_id: str, before: Mapping[str, int]
    ) -> ExerciseRun:
        """A run that was interrupted earlier (the app quit), for its late after check-in.

        A stored before-rating off the scale (a database changed outside Unclench: 99, -4) is left out: it is no
        rating to compare the after one with (99 would make any after one look better, -4 any look worse).
        """
        run = cls(course, lesson_id, step, session_id)
        run.before = {k: v for k, v in before.items() if possible_rating(v) and any(m.id == k for m in run.measures)}
        run.phase = RunPhase.INTERRUPTED
        return run

    @classmethod
    def recorded(
        cls,
        course: Course,
        lesson_id: str,
        step: ExerciseStep,
        record: EndedRunLike,
        before: Mapping[str, int],
    ) -> ExerciseRun:
        """A run that ended earlier (:func:`still_to_rate_after`), as it ended, for its check-in after."""
        run = cls(course, lesson_id, step, record.session_id)
        run.before = {k: v for k, v in before.items() if any(m.id == k for m in run.measures)}
        run.phase = RunPhase.FINISHED if record.outcome == RunPhase.FINISHED.value else RunPhase.ENDED
        run._elapsed = float(min(max(record.seconds, 0), step.seconds))
        return run

    # -- the timer -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the run is under way (running or paused)."""
        return self.phase in (RunPhase.RUNNING, RunPhase.PAUSED)

    @property
    def over(self) -> bool:
        """Whether the run finished, was ended early, or was interrupted."""
        return self.phase in (RunPhase.FINISHED, RunPhase.ENDED, RunPhase.INTERRUPTED)

    def start(self, now: float, clearance: Clearance | None = None, *, anyway: bool = False) -> None:
        """Start the timer.

        Args:
            now: The session's monotonic clock.
            clearance: For a tremor exercise, the clearance its gate gave.
            anyway: The learner deliberately chose to start although a
                before-rating is high (honoured only where the author allows it).

        Raises:
            NotCleared: A tremor exercise without a fresh clearance.
            DistressedBefore: A before-rating is at its alert level.
            ValueError: The run already started.
        """
        if self.phase is not RunPhase.READY:
            raise ValueError("a run starts once; make a new run to start again")
        if self.gate is not None and not self.gate.accepts(clearance, now):
            raise NotCleared("Please read the safety notes first.")
        distressed = [] if self.step.grounding else self.distressed_before()
        if distressed and not (anyway and self.step.start_anyway):
            raise DistressedBefore(distressed, self.step.start_anyway)
        self._elapsed = 0.0
        self._resumed_at = now
        self.phase = RunPhase.RUNNING

    def elapsed(self, now: float) -> float:
        """Seconds practised so far (pauses not counted), at most the exercise's length."""
        total = self._elapsed + (now - self._resumed_at if self.phase is RunPhase.RUNNING else 0.0)
        return min(float(self.step.seconds), max(0.0, total))

    def remaining(self, now: float) -> float:
        """Seconds left on the timer."""
        if self.phase is RunPhase.READY:
            return float(self.step.seconds)
        return max(0.0, self.step.seconds - self.elapsed(now))

    def pause(self, now: float) -> None:
        """Pause a running run."""
        if self.phase is RunPhase.RUNNING:
            self._elapsed = self.elapsed(now)
            self.phase = RunPhase.PAUSED

    def resume(self, now: float) -> None:
        """Resume a paused run."""
        if self.phase is RunPhase.PAUSED:
            self._resumed_at = now
            self.phase = RunPhase.RUNNING

    def tick(self, now: float) -> bool:
        """Finish the run when its time is up; True when it just finished."""
        if self.phase is RunPhase.RUNNING and self.remaining(now) <= 0:
            self._stop(now, RunPhase.FINISHED)
            return True
        return False

    def end_early(self, now: float) -> None:
        """The learner stops the run (always allowed)."""
        if self.running:
            self._stop(now, RunPhase.ENDED)

    def interrupt(self, now: float) -> None:
        """The app quits during the run."""
        if self.running:
            self._stop(now, RunPhase.INTERRUPTED)

    def _stop(self, now: float, phase: RunPhase) -> None:
        self._elapsed = self.elapsed(now)
        self.phase = phase

    def past_halfway(self, now: float) -> bool:
        """Whether half the exercise's time has been practised (pauses not counted)."""
        return self.elapsed(now) * 2 >= self.step.seconds

    def seconds_practised(self, now: float) -> int:
        """Whole seconds practised, for the record."""
        return int(self.elapsed(now))


#: The learner's setting for the cues of a timed exercise: ``"on"`` (the default) or ``"off"``.
CUES_SETTING = "practice_cues"


class Cue(enum.Enum):
    """A cue during a timed exercise, for a learner practising with eyes closed."""

    START = "start"
    HALFWAY = "halfway"
    END = "end"
    """The time is up (not when the learner stops early: they know)."""


def cues_wanted(setting: str | None) -> bool:
    """Whether the learner wants cues, from the stored :data:`CUES_SETTING` (on unless turned off).

    On by default: the practice is done lying down with eyes closed, so
    without a cue the learner would have to look at a clock to know the time
    is up (the end bell was always there).
    """
    return setting != "off"


def _rating(rating: int) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
        raise ValueError(f"a rating is a whole number from 0 to 10, not {rating!r}")
    return rating


# -- what may start when ------------------------------------------------------------


class RunLike(Protocol):
    """A stored run: what :meth:`ProgressStore.runs` returns."""

    @property
    def lesson_id(self) -> str: ...  # pragma: no cover

    @property
    def step_id(self) -> str: ...  # pragma: no cover

    @property
    def started_at(self) -> str: ...  # pragma: no cover

    @property
    def follow_up(self) -> bool: ...  # pragma: no cover


_Run = TypeVar("_Run", bound=RunLike)


class EndedRunLike(RunLike, Protocol):
    """A stored run, with how it ended: what :func:`still_to_rate_after` reads."""

    @property
    def session_id(self) -> str: ...  # pragma: no cover

    @property
    def ended_at(self) -> str | None: ...  # pragma: no cover

    @property
    def outcome(self) -> str: ...  # pragma: no cover

    @property
    def seconds(self) -> int: ...  # pragma: no cover


_Ended = TypeVar("_Ended", bound=EndedRunLike)


def still_to_rate_after(runs: Sequence[_Ended], step_id: str, now: datetime) -> _Ended | None:
    """The run of ``step_id`` whose check-in after is still offered, if its ratings after are not given yet.

    The exercise's latest run (``runs``: one lesson's, oldest first), if the learner saw it end (its time
    up, or stopped) on this local day. Leaving the step without rating it after (two Escapes, the second
    read for the first, left the lesson for a stranger) never takes the chance away: coming back to the
    exercise that day, the run is there as it ended, its check-in after offered again (optional, as ever).
    A newer run takes its place; an interrupted run has its own check-in, at the next start.
    The caller checks that the run has no rating after.
    """
    latest = next((run for run in reversed(runs) if run.step_id == step_id), None)
    if latest is None or latest.outcome not in (RunPhase.FINISHED.value, RunPhase.ENDED.value):
        return None
    ended = stored_moment(latest.ended_at or latest.started_at)
    if ended is None or local_day(ended) != local_day(now):
        return None
    return latest


class CheckinLike(Protocol):
    """A stored rating: what :meth:`ProgressStore.checkins` returns."""

    @property
    def step_id(self) -> str: ...  # pragma: no cover

    @property
    def session_id(self) -> str: ...  # pragma: no cover

    @property
    def measure_id(self) -> str: ...  # pragma: no cover

    @property
    def phase(self) -> str: ...  # pragma: no cover

    @property
    def rating(self) -> int: ...  # pragma: no cover

    @property
    def at(self) -> str: ...  # pragma: no cover


@frozen_record
class HeldBackStart:
    """A start of an exercise held back today: a rating before it was at its alert level, and nothing started.

    Attributes:
        ratings: The measures rated at their alert level then, each with its rating, in the course's order.
    """

    ratings: tuple[tuple[CheckinMeasure, int], ...]

    def unrated(self, fresh: Mapping[str, int]) -> list[CheckinMeasure]:
        """The measures rated too high then that ``fresh`` (the ratings before a start now) does not rate again."""
        return [measure for measure, _ in self.ratings if measure.id not in fresh]

    def words(self) -> str:
        """``Earlier today your distress rating was 9 and the practice did not start: ...``, one calm sentence."""
        said = " and ".join(f"your {measure.label.lower()} rating was {rating}" for measure, rating in self.ratings)
        return f"Earlier today {said} and the practice did not start: please rate how you feel now, then press Start."


def held_back_today(
    step: ExerciseStep,
    measures: Sequence[CheckinMeasure],
    checkins: Sequence[CheckinLike],
    started: Container[str],
    now: datetime,
) -> HeldBackStart | None:
    """The start held back by a high rating that a start of ``step`` without fresh ratings must not pass by.

    A stranger rated distress 9, was held back, went to ground and came straight back: the scales were empty
    again and Start, pressed without rating, started the tremor practice. So when the learner's latest ratings
    before this exercise (``checkins``: oldest first, of its lesson) were a start held back (no run of them
    ``started``, nothing rated after) with a measure at its alert level, that is the last the learner said of
    how they are: a start asks for those measures to be rated afresh (a rating at the alert level is held back
    again, a lower one starts). It stands for the rest of the learner's local day, as a hard run keeps practice
    closed for the day (:func:`closing_today`): time passing, a gate's 15 minutes say, is no sign that the
    learner is calmer, only a new rating is; a new day starts without it, as the check-in after a run does
    (:func:`still_to_rate_after`). A learner who never rated high is never asked: ratings stay optional.
    An exercise that is itself grounding is never held back, so never asks.
    """
    if step.grounding:
        return None
    latest = next((c for c in reversed(checkins) if c.step_id == step.id and c.phase == "before"), None)
    if latest is None or latest.session_id in started:
        return None
    ratings = [c for c in checkins if c.step_id == step.id and c.session_id == latest.session_id]
    if any(rating.phase != "before" for rating in ratings):
        return None
    rated = stored_moment(latest.at)
    if rated is None or local_day(rated) != local_day(now):
        return None
    given = {rating.measure_id: rating.rating for rating in ratings}  # a measure rated twice: the later counts
    high = tuple(
        (measure, given[measure.id])
        for measure in measures
        if measure.id in given and possible_rating(given[measure.id]) and measure.is_alarming(given[measure.id])
    )
    return HeldBackStart(high) if high else None


def _started(run: RunLike, now: datetime) -> datetime | None:
    """When ``run`` started, as :func:`_run_starts` counts it (None: it cannot say)."""
    started = stored_moment(run.started_at)
    if started is None or started > now + timedelta(days=1):
        return None
    return min(started, now)


def _run_starts(runs: Sequence[RunLike], now: datetime) -> Iterator[tuple[RunLike, datetime]]:
    """Each run with when it started, for the pacing rules.

    An imported or damaged record may hold a start that is not a time, or one more than a day
    ahead of the clock: neither can say anything about the learner's pacing, so such runs are
    left out (a rule built on them would keep an exercise closed for ever, or fail). A start a
    little ahead (a clock set back) counts as now.
    """
    for run in runs:
        started = _started(run, now)
        if started is not None:
            yield run, started


def local_day(moment: datetime) -> str:
    """The learner's local date of ``moment``, ``YYYY-MM-DD``."""
    try:
        return moment.astimezone().strftime("%Y-%m-%d")
    except (OverflowError, ValueError, OSError):  # year 1 is beyond the local time zone's reach
        return moment.strftime("%Y-%m-%d")


def closed_after_a_hard_run(*, tremor_in_course: bool, grounding: bool = False, hard: str = "") -> str:
    """What a hard run closes for the rest of the day (see :func:`practice_block`), in the words every notice uses.

    A course without tremor practice is not told about it (a stranger's breathing-only course was). An
    exercise that is itself grounding stays open (""; with tremor practice, only that is closed). ``hard``
    names the exercise that was hard (:func:`hard_exercise_words`); empty, it is the one on screen
    ("this exercise"): a stranger read "this exercise" on the tremor step after a hard breathing run.
    """
    if grounding:
        return "tremor practice stays closed" if tremor_in_course else ""
    exercise = hard or "this exercise"
    return f"tremor practice, and {exercise}, stay closed" if tremor_in_course else f"{exercise} stays closed"


def hard_exercise_words(lesson: Lesson, step: ExerciseStep) -> str:
    """How the words about a hard run name its exercise: ``the exercise “Breathing”`` (shown as written)."""
    if step.title:
        return f"the exercise “{visible(step.title)}”"
    return f"the exercise in the lesson “{visible(lesson.title)}”"


def hard_today(*, tremor_in_course: bool, grounding: bool = False, hard: str = "") -> str:
    """Why a hard run's exercise (and tremor practice) is closed until tomorrow, kindly.

    The arguments are those of :func:`closed_after_a_hard_run`.
    """
    closed = closed_after_a_hard_run(tremor_in_course=tremor_in_course, grounding=grounding, hard=hard)
    return (
        f"A practice was hard for you today, so {closed} "
        "until tomorrow. That is not a failure: it is the practice looking after you. Ground yourself, "
        "be gentle with yourself today, and open the support card (f2) if you would like to talk to someone."
    )


def hard_exercise_naming(exercise: tuple[Lesson, ExerciseStep] | None) -> tuple[bool, str]:
    """For the words about a hard run of ``exercise`` (its lesson and step; None: gone from the course): whether
    it is itself grounding (gone, there is nothing of it to close) and its name (:func:`hard_exercise_words`)."""
    if exercise is None:
        return True, ""
    return exercise[1].grounding, hard_exercise_words(*exercise)


def exercise_of(course: Course, lesson_id: str, step_id: str) -> tuple[Lesson, ExerciseStep] | None:
    """The course's exercise a stored run is of (saved under a lesson's previous id too); None when gone."""
    lesson = course.lessons.get(lesson_id) or course.lessons.get(course.renamed_lessons().get(lesson_id, ""))
    index = lesson.step_index(step_id) if lesson is not None else None
    step = lesson.steps[index] if lesson is not None and index is not None else None
    return (lesson, step) if lesson is not None and isinstance(step, ExerciseStep) else None


def closing_today(runs: Sequence[_Run], now: datetime) -> list[_Run]:
    """The runs that keep practice closed for the rest of the learner's day (see :func:`practice_block`).

    ``unclench reset`` keeps them: a learner who said they were not OK must not find tremor practice
    open again the same day because they reset their progress.
    """
    today = local_day(now)
    return [run for run in runs if run.follow_up and (started := _started(run, now)) and local_day(started) == today]


@frozen_record
class Closed:
    """Why an exercise may not start now.

    Attributes:
        label: A short label for its Start button, e.g. ``Closed for today``.
        reason: The kind explanation.
    """

    label: str
    reason: str


def _hours(hours: float) -> str:
    if hours >= 24 and hours % 24 == 0:
        days = int(hours // 24)
        return "a day" if days == 1 else f"{days} days"
    whole = round(hours, 1)
    shown = int(whole) if whole == int(whole) else whole
    return "an hour" if shown == 1 else f"{shown} hours"


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 2:
        return "a moment"
    if minutes < 120:
        return f"{minutes} minutes"
    hours = int(minutes // 60)
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


def practice_block(
    lesson_id: str,
    step: ExerciseStep,
    runs: Sequence[RunLike],
    now: datetime,
    *,
    tremor_in_course: bool,
    course: Course | None = None,
) -> Closed | None:
    """Why ``step`` may not start now, in kind words; None when it may.

    * After a run that led to the follow-up, tremor practice and that
      exercise stay closed for the rest of the learner's day; an exercise
      that is itself grounding never closes so (a stranger rated distress
      10 before and 9 after grounding, and was told to ground themselves
      by the exercise that had just closed).
    * The exercise's dose limits, measured from the learner's own runs of it
      (every run that started counts, however it ended): the least time
      between two runs, and the most runs in any seven days.

    Args:
        lesson_id: The exercise's lesson.
        step: The exercise.
        runs: The learner's runs in the course (any order).
        now: The current time (aware).
        tremor_in_course: Whether the course has tremor practice (its notice names it only then).
        course: The course, to name the exercise that was hard when it is another one (without it, and
            when the course no longer has it, the words name only tremor practice).
    """
    today = local_day(now)
    mine = []
    others = []
    for run, started in _run_starts(runs, now):
        same = run.lesson_id == lesson_id and run.step_id == step.id
        if run.follow_up and ((same and not step.grounding) or step.tremor) and local_day(started) == today:
            if same:
                return Closed("Closed for today", hard_today(tremor_in_course=tremor_in_course))
            others.append(run)
        if same:
            mine.append(started)
    if others:  # tremor practice, closed by another exercise's hard run: that one is named, not "this exercise"
        hard = exercise_of(course, others[-1].lesson_id, others[-1].step_id) if course is not None else None
        grounding, words = hard_exercise_naming(hard)
        return Closed("Closed for today", hard_today(tremor_in_course=True, grounding=grounding, hard=words))
    limits = step.limits
    if limits is None or not mine:
        return None
    latest = max(mine)
    since = (now - latest).total_seconds()
    if since < limits.hours_between * 3600:
        opens = (latest + timedelta(hours=limits.hours_between)).astimezone()
        when = f"at {opens:%H:%M}" if local_day(opens) == today else f"on {opens:%A} at {opens:%H:%M}"
        return Closed(
            "Resting for now",
            f"You practised {_ago(since)} ago; this practice suggests {_hours(limits.hours_between)} of rest "
            f"between sessions, so that your body can settle. It opens again {when}. "
            "Effects can carry on for a while after a session, so rest is part of the practice.",
        )
    week = [started for started in mine if (now - started).total_seconds() < 7 * 24 * 3600]
    if len(week) >= limits.runs_per_week:
        opens = (min(week) + timedelta(days=7)).astimezone()
        times = "once" if limits.runs_per_week == 1 else f"{limits.runs_per_week} times"
        return Closed(
            "Resting for now",
            f"You have practised {len(week)} times in the past seven days; this practice suggests at most "
            f"{times} a week while you are starting out. It opens again on {opens:%A} at {opens:%H:%M}. "
            "Going gently is how this practice works best.",
        )
    return None


@frozen_record
class Screening:
    """Where a learner stands with an exercise's screening questions.

    Attributes:
        unanswered: Questions not answered yet (asked before the first run).
        advice: Answered yes, with advice to read.
        closing: Answered yes, keeping the exercise closed.
    """

    unanswered: tuple[ScreeningQuestion, ...]
    advice: tuple[ScreeningQuestion, ...]
    closing: tuple[ScreeningQuestion, ...]

    @property
    def may_proceed_anyway(self) -> bool:
        """Whether every closing yes allows a deliberate "Proceed anyway"."""
        return all(q.allow_proceed for q in self.closing)

    def reason(self) -> str:
        """Why the exercise is closed, in the course's words."""
        return "\n\n".join(f"**{q.question}** You answered yes. {q.advice.strip()}" for q in self.closing)


def screening_for(course: Course, step: ExerciseStep, answers: Mapping[str, bool]) -> Screening:
    """The learner's screening for ``step`` from their stored answers (question id -> yes)."""
    questions = course.screening_for(step)
    return Screening(
        unanswered=tuple(q for q in questions if q.id not in answers),
        advice=tuple(q for q in questions if answers.get(q.id) is True and not q.closes),
        closing=tuple(q for q in questions if answers.get(q.id) is True and q.closes),
    )


def support_card_for(course: Course) -> SupportCard:
    """The course's support card (a course built without one gets the directory and the note)."""
    return course.support or SupportCard((), DEFAULT_DIRECTORY, DEFAULT_SUPPORT_NOTE)
