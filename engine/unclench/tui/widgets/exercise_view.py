"""An exercise step: instructions, check-ins, and a timer that can be paused or ended."""

from __future__ import annotations

import functools
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, ProgressBar, Static

from unclench.course import CheckinMeasure, ExerciseStep, Lesson
from unclench.journey import Place
from unclench.practice import (
    AfterCare,
    Clearance,
    Closed,
    Cue,
    DistressedBefore,
    ExerciseRun,
    NotCleared,
    RunPhase,
    Screening,
    grounding_while_distressed_words,
    worst_after_words,
)
from unclench.store.errors import StoreError
from unclench.store.rows import RunRecord
from unclench.tui.session import Session
from unclench.tui.stopping import paused_words, stop_keys
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.markdown_text import markdown_body
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.rating import RatingScale
from unclench.tui.widgets.step_base import StepView, step_title

#: How long the warning that ratings are not saved is on screen before leaving again lets them go: a
#: second leave sooner is the same burst of keys pressed by habit, not a choice made having read it.
WARNING_READ_SECONDS = 1.0

#: How long the words after a rating at the worst end of a scale stay (support named: long enough to read twice).
WORST_NOTICE_SECONDS = 30.0

#: The check-in after a run asks this; after a hard run ("I'm not OK"), :data:`AFTER_HARD_RUN_TITLE`.
AFTER_TITLE = "And now: how are you after the exercise? (optional)"
#: The check-in after a hard run: offered, never pressed for (the follow-up's words came first).
AFTER_HARD_RUN_TITLE = "If you would like to say: how are you now? (optional)"

#: The label of the cues setting under the timer.
CUES_LABEL = "Cues at start, halfway and end (a bell, a full-screen sign)"

Phase = Literal["ready", "running", "paused", "finished", "ended", "interrupted"]


def clock_text(seconds: float) -> str:
    """``m:ss`` for a number of seconds (rounded up, so 0:00 means the time is up)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


def practised_text(total: int, remaining: float) -> str:
    """How long was practised, ``m:ss``, in whole seconds as the record and the history count them."""
    return clock_text(int(total - remaining))


def clock_label(phase: Phase, remaining: float, total: int) -> str:
    """What the clock says: the time left, paused, or how the run ended and how long it lasted."""
    left, whole = clock_text(remaining), clock_text(total)
    if phase == "ready":
        return f"{whole} to practise"
    if phase == "running":
        return f"{left} left of {whole}"
    if phase == "paused":
        return f"Paused: {left} left of {whole}"
    if phase == "finished":
        return f"Time is up: {whole} practised."
    practised = practised_text(total, remaining)
    if phase == "interrupted":
        return f"Interrupted after {practised} of {whole}."
    return f"Ended after {practised} of {whole}."


def stop_hint() -> str:
    """Under the Start button: how to end the exercise once it runs (its stop keys, from their binding)."""
    return f"Once it runs, you can end it at any moment: press {stop_keys()}."


class ExerciseView(StepView, can_focus=False):
    """Shows an exercise: instructions, optional check-ins before and after, and a timer.

    The view shows an :class:`~unclench.practice.ExerciseRun`, which holds the
    policy: a tremor exercise starts only with a fresh clearance from its
    safety gate (the player passes the gate and hands the clearance over; a
    start uses it up, so every start shows the gate again), a high rating
    before suggests grounding instead, and every start is a new run with
    empty scales. The learner starts, pauses, resumes and ends the timer with
    buttons (or the stop key the player binds).
    """

    phase: reactive[Phase] = reactive[Phase]("ready")
    """Where the current run is: ready, running, paused, finished, ended (stopped early) or interrupted."""
    remaining: reactive[float] = reactive(0.0)
    """Seconds left on the timer."""
    clearance: reactive[Clearance | None] = reactive[Clearance | None](None)
    """The clearance from passing the safety gate, until a start uses it (tremor exercises only)."""

    class RunChanged(Message):
        """The exercise started or stopped running (the player shows or hides the stop panel)."""

        def __init__(self, running: bool, tremor: bool) -> None:
            super().__init__()
            self.running = running
            """Whether the timer runs (or is paused) now."""
            self.tremor = tremor
            """Whether it is a tremor exercise."""

    class GateRequested(Message):
        """The learner pressed Start on a tremor exercise without a fresh clearance."""

    class Distressed(Message):
        """A rating before is at its alert level: the player suggests grounding instead."""

        def __init__(self, refusal: DistressedBefore) -> None:
            super().__init__()
            self.refusal = refusal
            """Which measures, and whether a deliberate start anyway is allowed."""

    class RateFirst(Message):
        """Start was pressed without rating again what held a start back today: the learner is asked to rate now."""

        def __init__(self, words: str) -> None:
            super().__init__()
            self.words = words
            """What to say (names the earlier rating)."""

    class StartedDistressed(Message):
        """A grounding exercise started with a rating before at its alert level: the player says support is near."""

        def __init__(self, words: str) -> None:
            super().__init__()
            self.words = words
            """What to say (names the ratings and the support card)."""

    class ScreeningNeeded(Message):
        """Screening questions are unanswered, or a yes keeps the exercise closed."""

        def __init__(self, screening: Screening) -> None:
            super().__init__()
            self.screening = screening
            """The learner's screening for this exercise."""

    class Blocked(Message):
        """The exercise may not start now (dose limits, screening, or a hard time earlier today)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason
            """Why, in words for the learner."""

    class EndedEarly(Message):
        """The learner ended the exercise before its time was up (show grounding guidance)."""

        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id
            """The run that was ended."""

    class Cued(Message):
        """A cue is due (the start, halfway, the end of the time) and the learner wants cues."""

        def __init__(self, cue: Cue, left: str) -> None:
            super().__init__()
            self.cue = cue
            """Which cue."""
            self.left = left
            """The time left then (``m:ss``); at the end, the time practised."""

    class FollowUp(Message):
        """The ratings after the run call for the follow-up (grounding, support, no more today)."""

        def __init__(self, measures: list[CheckinMeasure]) -> None:
            super().__init__()
            self.measures = measures
            """The measures rated high, or worse than before."""

    class AfterSaved(Message):
        """The ratings after the run were saved (a notice that they were not is out of date now)."""

    class KindWord(Message):
        """The ratings after the run are worse than before, or hard, short of an alert level: a calm word."""

        def __init__(self, run: ExerciseRun) -> None:
            super().__init__()
            self.run = run
            """The run (its ratings say what was worse)."""

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        step = session.journey.step_at(place)
        assert isinstance(step, ExerciseStep)
        self.step = step
        self.run = ExerciseRun(session.course, lesson.id, step)
        """The current run (a new one for each start)."""
        self.measures = list(self.run.measures)
        self._ticker: Timer | None = None
        self._offered: tuple[RunRecord, dict[str, int]] | None = None
        """The run shown as it ended, to rate after, when the view was made (see :meth:`on_mount`)."""
        self._halfway_cued = False
        self._after_saved = False
        self._ratings_warned_at: float | None = None
        self._before_saved = False
        self.followed_up = False
        """The follow-up or the kind word was shown for the current run ("I'm not OK", say): saving its ratings
        does not show it again."""
        self._hard_run = False
        self.proceeding = False
        """The learner deliberately chose to proceed despite a closing screening answer (this run only)."""
        self.starting_anyway = False
        """The learner deliberately chose "Start anyway" at a high rating before (these ratings only)."""
        self.closed: Closed | None = None
        """Why the exercise may not start now (read when shown and after each run), or None."""
        self.set_reactive(ExerciseView.remaining, float(step.seconds))

    @property
    def session_id(self) -> str:
        """Groups the before and after ratings of the current run."""
        return self.run.session_id

    def compose(self) -> ComposeResult:
        """Instructions, ratings before, the timer and its buttons, ratings after."""
        step = self.step
        yield self.heading(step_title(step))
        yield markdown_body(step.body, classes="step-body")
        if self.measures:
            with Vertical(id="before", classes="checkins"):
                yield Static("Before you start: how are you right now? (optional)", classes="checkin-title")
                for measure in self.measures:
                    yield RatingScale(measure, id=f"before-{measure.id}")
        with Vertical(id="timer"):
            with Horizontal(id="clock-row"):
                yield Static(id="clock", markup=False)
                yield ProgressBar(total=step.seconds, show_eta=False, show_percentage=False, id="time-bar")
            with Horizontal(classes="buttons"):
                yield MarkedButton("Start", id="start", variant="primary", unavailable="")
                yield MarkedButton("Pause", id="pause")
                yield MarkedButton("End now", id="end", variant="error")
            # While paused: that it is, and the keys that resume or end it (the footer shows the same keys).
            yield Static(paused_words(), id="pause-hint", classes="hint", markup=False)
            # Before the start too: a learner about to close their eyes knows how to stop.
            yield Static(stop_hint(), id="stop-hint", classes="hint", markup=False)
            yield DeliberateCheckbox(CUES_LABEL, self.session.learner.cues_wanted(), id="cues")
        yield Static(id="outcome", markup=False)
        if self.measures:
            with Vertical(id="after", classes="checkins"):
                yield Static(AFTER_TITLE, id="after-title", classes="checkin-title", markup=False)
                for measure in self.measures:
                    yield RatingScale(measure, id=f"after-{measure.id}")
                with Horizontal(classes="buttons"):
                    yield MarkedButton("Save ratings", id="save-after", variant="primary", unavailable="saved")

    def on_mount(self) -> None:
        """Show the timer as it stands (and whether the practice is closed for now: read once, here).

        A run of this exercise seen to end this day and not rated after (the learner left
        without rating it: two Escapes, say) is shown as it ended, its check-in after offered.
        """
        self.closed = self.session.practice_block(self.lesson.id, self.step)
        self._offered = self._run_to_rate_after()
        if self._offered is not None:
            record, before = self._offered
            self.run = ExerciseRun.recorded(self.session.course, self.lesson.id, self.step, record, before)
            self._before_saved = True
            self.followed_up = record.follow_up  # its follow-up was shown ("I'm not OK"): not again
            self.hard_run = record.follow_up
            self.set_reactive(ExerciseView.phase, self.run.phase.value)
            self.set_reactive(ExerciseView.remaining, self.run.remaining(self.session.clock()))
        self._update(force=True)

    def _run_to_rate_after(self) -> tuple[RunRecord, dict[str, int]] | None:
        if not self.measures:
            return None
        try:
            return self.session.learner.run_to_rate_after(self.lesson.id, self.step)
        except StoreError:
            return None  # an unreadable history offers nothing; a new run is as ever

    @property
    def gate_on_arrival(self) -> bool:
        """Whether arriving at this exercise shows its safety gate: a tremor exercise not closed for now.

        A practice closed for now (rest between runs, "no more today") opens no
        gate: there is nothing to clear, only the reason shown.
        """
        return self.run.gate is not None and self.closed is None and not self.asks_after

    BUILT_AHEAD: ClassVar[bool] = True
    """Built ahead, it only reads: no run, timer, cue or rating begins until it is shown and the learner acts."""

    def arrive(self) -> bool:
        """Read again whether the exercise is closed for now: a rest between runs may have ended since it was built.

        A run offered for its check-in after (or none) that is no longer so (the day ended since) needs a new view.
        """
        if self._run_to_rate_after() != self._offered:
            return False
        self.refresh_closed()
        return True

    def refresh_closed(self) -> None:
        """Read again whether the exercise is closed for now (after a follow-up, say)."""
        self.closed = self.session.practice_block(self.lesson.id, self.step)
        self._update()

    def on_unmount(self) -> None:
        """A run still under way when the view goes (the app closing) is recorded as interrupted."""
        self.interrupt()

    SCROLL_TO_FOCUS: ClassVar[bool] = False
    """The step is shown from its top, not scrolled to the rating or button it starts on.

    Scrolling to them would open the step past its heading and instructions
    (a stranger met the breathing practice at "the next out-breath."): the
    instructions come first; Tab, the arrows or a rating bring the scale into view.
    """

    def focus_target(self) -> Widget:
        """Start on the first rating (after a run still to rate after, the first rating after), or the Start button."""
        if not self.measures:
            return self.query_one("#start")
        return self.query_one(f"#{'after' if self.asks_after else 'before'}-{self.measures[0].id}")

    def scrolls_to_focus(self) -> bool:
        """Shown from its top, unless a run still to rate after is shown: its check-in after is brought into view."""
        return self.asks_after

    @property
    def running(self) -> bool:
        """Whether a run is under way (running or paused)."""
        return self.run.running

    #: Said once when the learner leaves with ratings after the run picked but not saved.
    UNSAVED_AFTER = (
        "Your ratings after the exercise are not saved. Press Enter on Save ratings to keep them, "
        "or leave again to let them go."
    )
    #: Said once when the learner leaves with ratings before the run picked but the run not started.
    UNSAVED_BEFORE = (
        "Your ratings before the exercise are not saved: they are saved when you press Start. "
        "Leave again to let them go."
    )

    def leave_blocker(self) -> str | None:
        """A running exercise must be ended before leaving the step; ratings picked are not let go unsaid.

        A stranger picked their ratings after a run, pressed ``n`` without "Save ratings" and
        lost them without a word; ratings picked before a start went the same way. The first
        try to leave (or quit) says so (after a run, it puts the focus on Save ratings); a try
        once that has been on screen :data:`WARNING_READ_SECONDS` leaves, the ratings not saved
        (saving is the learner's choice). Sooner, it is the same habit burst (a stranger's two
        Escapes lost them): the ratings stay, and so does the learner. The focus stays on a
        rating before a start: Start there, one Enter away, would start a practice (and record
        it) on a key pressed by habit.
        """
        if self.running:
            return f"The exercise is still running. Press {stop_keys()} to end it first."
        said = self._unsaved_ratings()
        if said is None:
            return None
        now = self.session.clock()
        if self._ratings_warned_at is None:
            self._ratings_warned_at = now
        elif now - self._ratings_warned_at >= WARNING_READ_SECONDS:
            return None
        if said == self.UNSAVED_AFTER:
            self.query_one("#save-after", Button).focus()
        return said

    @property
    def ratings_unsaved(self) -> bool:
        """Whether ratings are picked and not saved (leaving is then held back once: :meth:`leave_blocker`)."""
        return self._unsaved_ratings() is not None

    def _unsaved_ratings(self) -> str | None:
        """What to say of ratings picked and not saved: after the run, or before a start; None when there are none."""
        if not self.measures:
            return None
        if self.run.over:
            if self._after_saved or all(
                self.query_one(f"#after-{measure.id}", RatingScale).value is None for measure in self.measures
            ):
                return None
            return self.UNSAVED_AFTER
        if self.phase != "ready" or self.closed is not None:  # closed: the scales are not shown, nothing can start
            return None
        ratings = self._before_ratings()
        if not ratings or (self._before_saved and ratings == self.run.before):  # saved with a refused start
            return None
        return self.UNSAVED_BEFORE

    def _before_ratings(self) -> dict[str, int]:
        """The ratings picked on the scales before the run, by measure."""
        return {
            measure.id: value
            for measure in self.measures
            if (value := self.query_one(f"#before-{measure.id}", RatingScale).value) is not None
        }

    # -- running ---------------------------------------------------------------

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """The learner turned the cues on or off (remembered for every exercise)."""
        if event.checkbox.id == "cues":
            event.stop()
            learner = self.session.learner
            self.session.write(self, lambda: learner.set_cues(event.value), "your setting")

    @property
    def cues(self) -> bool:
        """Whether the learner wants the start, halfway and end cues (its box under the timer)."""
        return self.query_one("#cues", Checkbox).value

    @cues.setter
    def cues(self, on: bool) -> None:
        self.query_one("#cues", Checkbox).value = on  # the box posts Changed: the setting is saved

    def _cue(self, cue: Cue, seconds: float) -> None:
        if self.cues:
            self.post_message(self.Cued(cue, clock_text(seconds)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start, pause, resume or end the exercise; save the ratings after it."""
        event.stop()
        if event.button.id == "start":
            self.request_start()
        elif event.button.id == "pause":
            self.toggle_pause()
        elif event.button.id == "end":
            self.end_early()
        elif event.button.id == "save-after":
            self.save_after()

    def request_start(self) -> None:
        """Start the exercise; after a run, get a fresh one ready (empty scales) first."""
        if self.running:
            return
        if self.run.over:
            self.new_run()
            return
        # Grounding is offered before anything else: a stranger who rated their distress 9 of 10 was first
        # asked six health questions, and only then told to ground themselves.
        self._take_ratings()
        if self._asks_fresh_ratings():
            return
        distressed = [] if self.step.grounding else self.run.distressed_before()
        if distressed and not (self.starting_anyway and self.step.start_anyway):
            self._refuse_distressed(DistressedBefore(distressed, self.step.start_anyway))
            return
        screening = self.session.screening(self.step)
        if screening.unanswered or (screening.closing and not self.proceeding):
            self.post_message(self.ScreeningNeeded(screening))
            return
        closed = self.session.practice_block(self.lesson.id, self.step)
        if closed is not None:
            self.closed = closed
            self._update()
            self.post_message(self.Blocked(closed.reason))
            return
        self.start()

    def _asks_fresh_ratings(self) -> bool:
        """Whether a start held back today by a high rating needs the learner to rate again first (nothing starts).

        The scales are empty on a new view (back from grounding, say): Start there started the practice at once
        for a stranger rated distress 9 a minute before. The first measure to rate again gets the focus.
        """
        try:
            held = self.session.learner.held_back_start(self.lesson, self.step)
        except StoreError:
            return False  # an unreadable history locks no one out (as with the rest between runs)
        unrated = [] if held is None else held.unrated(self.run.before)
        if held is None or not unrated:
            return False
        self.query_one(f"#before-{unrated[0].id}", RatingScale).focus()
        self.post_message(self.RateFirst(held.words()))
        return True

    def _save_before(self) -> None:
        """Record the current run's ratings before, once (a start anyway after a refusal does not repeat them)."""
        if self._before_saved:
            return
        self._before_saved = True
        self._ratings_warned_at = None  # a warning that they were not saved is over: the next is said anew
        for measure_id, rating in self.run.before.items():
            self._save_rating(measure_id, "before", rating)

    def new_run(self) -> None:
        """A fresh run: nothing rated, the before scales shown again."""
        self.run = ExerciseRun(self.session.course, self.lesson.id, self.step)
        self._after_saved = False
        self._ratings_warned_at = None
        self._before_saved = False
        self.followed_up = False
        self.hard_run = False
        self.proceeding = False
        self.starting_anyway = False
        for scale in self.query(RatingScale):
            scale.value = None
        if self.measures:
            self.query_one("#save-after", Button).disabled = False
        self.remaining = float(self.step.seconds)
        self.phase = "ready"
        self.focus_first()

    def start_anyway(self) -> None:
        """The learner chose "Start anyway" at a high rating before: on to the health questions, gate and start."""
        self.starting_anyway = True
        self.request_start()

    def _take_ratings(self) -> None:
        """Put the ratings before on the current run (a new attempt when they changed since a refused start)."""
        ratings = self._before_ratings()
        if self._before_saved and ratings != self.run.before:
            # Rated again after a refusal (grounding, say): a new attempt, with its own ratings. The same
            # ratings again (Start pressed twice, or "start anyway") are the same attempt, stored once.
            self.run = ExerciseRun(self.session.course, self.lesson.id, self.step)
            self._before_saved = False
            self.starting_anyway = False
        self.run.before.clear()
        for measure_id, value in ratings.items():
            self.run.rate_before(measure_id, value)

    def _refuse_distressed(self, refusal: DistressedBefore) -> None:
        self._save_before()  # the rating is part of the learner's history, though nothing started
        self.post_message(self.Distressed(refusal))

    def start(self) -> None:
        """Start the run: read the ratings before, check them and the clearance, record, start the timer."""
        self._take_ratings()
        run = self.run
        try:
            run.start(self.session.clock(), self.clearance, anyway=self.starting_anyway)
        except NotCleared:
            self.clearance = None
            self.post_message(self.GateRequested())
            return
        except DistressedBefore as refusal:
            self._refuse_distressed(refusal)
            return
        self.clearance = None  # one clearance, one start
        learner = self.session.learner
        self.session.write(
            self, lambda: learner.start_run(self.lesson.id, self.step.id, run.session_id), "your practice"
        )
        self._save_before()
        self.phase = "running"
        self._halfway_cued = False
        self._cue(Cue.START, self.step.seconds)
        self._ticker = self.set_interval(0.25, self._tick)
        self.post_message(self.RunChanged(True, self.step.tremor))
        distressed = run.distressed_before()
        if distressed:  # only an exercise that is itself grounding starts so: it is not held back, support is named
            self.post_message(self.StartedDistressed(grounding_while_distressed_words(distressed)))
        self.query_one("#pause").focus(scroll_visible=False)
        # Once the ratings before have gone and the stop panel is up, the time left is brought into view
        # (a stranger at 60x20 had "2:52 left" below the fold).
        self.call_after_refresh(self._show_timer)

    def _show_timer(self) -> None:
        if self.is_mounted and self.running:
            self.query_one("#timer").scroll_visible(animate=False)

    def toggle_pause(self) -> None:
        """Pause a running exercise, or resume a paused one."""
        now = self.session.clock()
        if self.run.phase is RunPhase.RUNNING:
            self.run.pause(now)
        else:
            self.run.resume(now)
        self.phase = self.run.phase.value

    def hold(self) -> bool:
        """Pause a running timer while something covers it (help, the support card); True when it was running."""
        running = self.run.phase is RunPhase.RUNNING
        self.pause()
        return running

    def release(self) -> None:
        """Resume a timer :meth:`hold` paused, unless the run ended meanwhile."""
        self.resume()

    def pause(self) -> None:
        """Pause a running exercise; nothing otherwise."""
        if self.run.phase is RunPhase.RUNNING:
            self.toggle_pause()

    def resume(self) -> None:
        """Resume a paused exercise (the resume key); nothing otherwise."""
        if self.run.phase is RunPhase.PAUSED:
            self.toggle_pause()

    def end_early(self) -> None:
        """End the exercise at once (the stop key); grounding guidance follows."""
        if not self.running:
            return
        self.run.end_early(self.session.clock())
        self._finish()
        self.post_message(self.EndedEarly(self.run.session_id))

    def interrupt(self) -> None:
        """Record a run under way as interrupted (the app is quitting)."""
        if not self.running:
            return
        self.run.interrupt(self.session.clock())
        self._stop_ticker()
        self._record_end()

    def _tick(self) -> None:
        now = self.session.clock()
        if self.run.tick(now):
            self._finish()
            self._cue(Cue.END, self.run.elapsed(now))
        elif self.run.phase is RunPhase.RUNNING:
            self.remaining = self.run.remaining(now)
            if not self._halfway_cued and self.run.past_halfway(now):
                self._halfway_cued = True
                self._cue(Cue.HALFWAY, self.remaining)

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _record_end(self) -> None:
        run = self.run
        seconds = run.seconds_practised(self.session.clock())
        learner = self.session.learner
        self.session.write(self, lambda: learner.end_run(run.session_id, run.phase.value, seconds), "your practice")

    def _finish(self) -> None:
        self._stop_ticker()
        self._record_end()
        self.closed = self.session.practice_block(self.lesson.id, self.step)
        self.remaining = self.run.remaining(self.session.clock())
        self.phase = self.run.phase.value
        self.post_message(self.RunChanged(False, self.step.tremor))
        self.post_message(self.Completed(self.place))
        if self.measures:
            self.call_after_refresh(self.ask_after)
        else:
            self.query_one("#start").focus()

    @property
    def hard_run(self) -> bool:
        """The learner said the current run was hard ("I'm not OK") before rating it: its check-in after is
        offered gently (:data:`AFTER_HARD_RUN_TITLE`)."""
        return self._hard_run

    @hard_run.setter
    def hard_run(self, hard: bool) -> None:
        if hard == self._hard_run:
            return  # the title as it is: nothing to lay out again
        self._hard_run = hard
        if self.measures:
            self.query_one("#after-title", Static).update(AFTER_HARD_RUN_TITLE if hard else AFTER_TITLE)

    @property
    def asks_after(self) -> bool:
        """Whether the check-in after the run is there to answer: the run is over and its ratings after not saved."""
        return bool(self.measures) and self.run.over and not self._after_saved

    def ask_after(self) -> None:
        """Bring the check-in after the run into view, its first scale focused (nothing is saved until asked).

        Called when a run ends and again once the grounding after an early stop
        is closed (or the follow-up, after "I'm not OK": offered gently then,
        as its title says): the check-in was shown just then, below the fold,
        where a learner would not see that it asks.
        """
        if not self.asks_after or not self.is_mounted:
            return
        after = self.query_one("#after")
        first = self.query_one(f"#after-{self.measures[0].id}")
        first.focus(scroll_visible=False)
        after.scroll_visible(animate=False, top=False)

    def save_after(self) -> None:
        """Record the ratings after the exercise; worse or hard ones lead to the follow-up or a kind word."""
        if not self.run.over or self._after_saved:
            return
        recorded = []
        for measure in self.measures:
            value = self.query_one(f"#after-{measure.id}", RatingScale).value
            if value is None:
                continue
            self.run.rate_after(measure.id, value)
            if self._save_rating(measure.id, "after", value):
                recorded.append(measure)
        care = self.run.after_care()
        cared = care is not AfterCare.NONE and not self.followed_up
        # Followed up already ("I'm not OK": its box, with the support card, was just shown), a rating at the worst
        # end gets no second box on it, but never only "saved": the support key and a way to ground, said.
        worst = self.run.worst_after() if self.followed_up else []
        if recorded:
            self._after_saved = True
            self.post_message(self.AfterSaved())
            self.query_one("#save-after", Button).disabled = True
            if worst:
                self.notify(worst_after_words(worst, self.run.after), markup=False, timeout=WORST_NOTICE_SECONDS)
            elif not cared:  # else the box that follows says it: a notice over it covered its support card button
                self.notify("Your ratings are saved.", markup=False)
        else:
            self.notify("Pick a number on a scale first, or simply move on.", markup=False)
        if not cared:
            return
        self.followed_up = True
        if care is AfterCare.FOLLOW_UP:
            self.post_message(self.FollowUp(self.run.alarming_after() or self.run.worse_after()))
        else:
            self.post_message(self.KindWord(self.run))

    def _save_rating(self, measure_id: str, phase: Literal["before", "after"], rating: int) -> bool:
        learner = self.session.learner
        ids = (self.lesson.id, self.step.id)
        session_id = self.run.session_id
        return self.session.write(
            self,
            functools.partial(learner.record_checkin, *ids, measure_id, phase, rating, session_id),
            "your rating",
        )

    # -- display -----------------------------------------------------------------

    def watch_phase(self) -> None:
        """Update the timer and buttons for the new phase, and the footer's keys (resume only while paused)."""
        self._update()
        self.refresh_bindings()

    def watch_remaining(self) -> None:
        """Update the clock."""
        self._update()

    def watch_clearance(self) -> None:
        """Update the Start button's label."""
        self._update()

    def needs_gate(self) -> bool:
        """Whether Start would open the safety notes first (no clearance that lets a run start now)."""
        gate = self.run.gate
        return gate is not None and not gate.accepts(self.clearance, self.session.clock())

    def _questions_unanswered(self) -> bool:
        """Whether Start would ask the exercise's health questions first (read only for an exercise that has any)."""
        if not self.step.screening_ids:
            return False
        try:
            return bool(self.session.screening(self.step).unanswered)
        except StoreError:
            return False

    def refresh_start(self) -> None:
        """Say on Start what it leads to now (the health questions were answered, say)."""
        self._update()

    def _update(self, *, force: bool = False) -> None:
        if not (force or self.is_mounted):
            return
        total = self.step.seconds
        phase = self.phase
        self.set_class(self.running, "-running")
        over = phase in ("finished", "ended", "interrupted")
        self.set_class(over, "-done")
        self.query_one("#clock", Static).update(clock_label(phase, self.remaining, total))
        self.query_one("#time-bar", ProgressBar).update(progress=total - self.remaining)
        start = self.query_one("#start", Button)
        start.display = not self.running
        if self.closed is not None:
            start_label = self.closed.label
        elif over:
            start_label = "Practise again"
        elif phase == "ready" and self._questions_unanswered():
            start_label = "Answer the health questions to start"  # what Start leads to, first
        else:
            start_label = "Read the safety notes to start" if self.needs_gate() else "Start"
        start.disabled = self.closed is not None
        pause = self.query_one("#pause", Button)
        pause.display = self.running
        for button, label in ((start, start_label), (pause, "Resume" if phase == "paused" else "Pause")):
            if str(button.label) != label:
                button.label = label
                button.refresh(layout=True)
        self.query_one("#end", Button).display = self.running
        self.query_one("#pause-hint").display = phase == "paused"
        # Said while it can start (the stop panel, the footer and End now say it once it runs).
        self.query_one("#stop-hint").display = phase == "ready" and self.closed is None
        # Closed for now, nothing can start: the reason below takes the line.
        self.query_one("#cues").display = self.closed is None or self.running
        outcome = self.query_one("#outcome", Static)
        if self.closed is not None and not self.running:
            outcome.update(Content(self.closed.reason))
        elif phase == "finished":
            outcome.update(Content("Well done. Take a moment before you move on."))
        elif phase == "ended":
            practised = practised_text(total, self.remaining)
            outcome.update(Content(f"You ended the exercise after {practised}. Stopping is always fine."))
        else:
            outcome.update("")
        if self.measures:
            # Closed (for today, or by screening), nothing can start: no "before you start" to answer.
            self.query_one("#before").display = phase == "ready" and self.closed is None
            self.query_one("#after").display = over
