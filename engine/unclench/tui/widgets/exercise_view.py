"""An exercise step: instructions, check-ins, and a timer that can be paused or ended."""

from __future__ import annotations

import functools
import uuid
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Button, ProgressBar, Static

from unclench.course import CheckinMeasure, ExerciseStep, Lesson
from unclench.journey import Place
from unclench.tui.session import Session
from unclench.tui.widgets.rating import RatingScale
from unclench.tui.widgets.step_base import StepView, step_title

Phase = Literal["ready", "running", "paused", "finished", "ended"]


def clock_text(seconds: float) -> str:
    """``m:ss`` for a number of seconds (rounded up, so 0:00 means the time is up)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


class ExerciseView(StepView):
    """Shows an exercise: instructions, optional check-ins before and after, and a timer.

    The learner starts, pauses, resumes and ends the timer with buttons (or
    the stop key the player binds). A tremor exercise may only start after
    its safety gate was passed for this run: :attr:`cleared` is set by the
    player when the learner passes the gate, and is reset when a run ends,
    so every start shows the gate again.
    """

    phase: reactive[Phase] = reactive[Phase]("ready")
    """Where the exercise is: ready, running, paused, finished (time up) or ended (stopped early)."""
    remaining: reactive[float] = reactive(0.0)
    """Seconds left on the timer."""
    cleared: reactive[bool] = reactive(False)
    """Whether the safety gate was passed for the next run (tremor exercises only)."""

    class RunChanged(Message):
        """The exercise started or stopped running (the player shows or hides the stop panel)."""

        def __init__(self, running: bool, tremor: bool) -> None:
            super().__init__()
            self.running = running
            """Whether the timer runs (or is paused) now."""
            self.tremor = tremor
            """Whether it is a tremor exercise."""

    class GateRequested(Message):
        """The learner pressed Start on a tremor exercise whose gate is not passed yet."""

    class EndedEarly(Message):
        """The learner ended the exercise before its time was up (show grounding guidance)."""

    class Alarming(Message):
        """A rating after the exercise calls for support guidance."""

        def __init__(self, measures: list[CheckinMeasure]) -> None:
            super().__init__()
            self.measures = measures
            """The measures rated at or beyond their alert level."""

    def __init__(self, session: Session, lesson: Lesson, place: Place) -> None:
        super().__init__(session, lesson, place)
        step = session.journey.step_at(place)
        assert isinstance(step, ExerciseStep)
        self.step = step
        self.measures = [m for m in (session.course.checkin(i) for i in step.checkin_ids) if m is not None]
        self.session_id = ""
        """Groups the before and after ratings of the current run."""
        self._elapsed = 0.0
        self._started_at = 0.0
        self._ticker: Timer | None = None
        self.set_reactive(ExerciseView.remaining, float(step.seconds))

    def compose(self) -> ComposeResult:
        """Instructions, ratings before, the timer and its buttons, ratings after."""
        # Imported on use: Markdown (markdown-it) costs start-up time and memory the course map never needs.
        from textual.widgets import Markdown

        step = self.step
        yield self.heading(step_title(step) + (" (tremor practice)" if step.tremor else ""))
        yield Markdown(step.body, classes="step-body")
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
                yield Button("Start", id="start", variant="primary", compact=True)
                yield Button("Pause", id="pause", compact=True)
                yield Button("End now", id="end", variant="error", compact=True)
        yield Static(id="outcome", markup=False)
        if self.measures:
            with Vertical(id="after", classes="checkins"):
                yield Static("And now: how are you after the exercise?", classes="checkin-title")
                for measure in self.measures:
                    yield RatingScale(measure, id=f"after-{measure.id}")
                with Horizontal(classes="buttons"):
                    yield Button("Save ratings", id="save-after", variant="primary", compact=True)

    def on_mount(self) -> None:
        """Show the timer as it stands."""
        self._update(force=True)

    def focus_first(self) -> None:
        """Start on the first rating, or the Start button."""
        if self.measures:
            self.query_one(f"#before-{self.measures[0].id}").focus()
        else:
            self.query_one("#start").focus()

    @property
    def running(self) -> bool:
        """Whether a run is under way (running or paused)."""
        return self.phase in ("running", "paused")

    def leave_blocker(self) -> str | None:
        """A running exercise must be ended before leaving the step."""
        if self.running:
            return "The exercise is still running. Press s (or Escape) to end it first."
        return None

    # -- running ---------------------------------------------------------------

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
        """Start the exercise, or ask for the safety gate first (tremor exercises)."""
        if self.running:
            return
        if self.step.tremor and not self.cleared:
            self.post_message(self.GateRequested())
            return
        self.start()

    def start(self) -> None:
        """Record the ratings before and start the timer."""
        self.session_id = uuid.uuid4().hex
        self._record("before")
        self._elapsed = 0.0
        self._started_at = self.session.clock()
        self.remaining = float(self.step.seconds)
        self.phase = "running"
        self._ticker = self.set_interval(0.25, self._tick)
        self.post_message(self.RunChanged(True, self.step.tremor))
        self.query_one("#pause").focus()

    def toggle_pause(self) -> None:
        """Pause a running exercise, or resume a paused one."""
        if self.phase == "running":
            self._elapsed += self.session.clock() - self._started_at
            self.phase = "paused"
        elif self.phase == "paused":
            self._started_at = self.session.clock()
            self.phase = "running"

    def end_early(self) -> None:
        """End the exercise at once (the stop key); grounding guidance follows."""
        if not self.running:
            return
        self._finish("ended")
        self.post_message(self.EndedEarly())

    def _tick(self) -> None:
        if self.phase != "running":
            return
        elapsed = self._elapsed + self.session.clock() - self._started_at
        self.remaining = max(0.0, self.step.seconds - elapsed)
        if self.remaining <= 0:
            self._finish("finished")
            self.app.bell()

    def _finish(self, phase: Phase) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.phase = phase
        self.cleared = False
        self.post_message(self.RunChanged(False, self.step.tremor))
        self.post_message(self.Completed(self.place))
        if self.measures:
            self.query_one(f"#after-{self.measures[0].id}").focus()
        else:
            self.query_one("#start").focus()

    def save_after(self) -> None:
        """Record the ratings after the exercise; alarming ones call for support guidance."""
        recorded = self._record("after")
        alarming = [m for m, rating in recorded if m.is_alarming(rating)]
        if recorded:
            self.notify("Your ratings are saved.", markup=False)
            self.query_one("#save-after", Button).disabled = True
        else:
            self.notify("Pick a number on a scale first, or simply move on.", markup=False)
        if alarming:
            self.post_message(self.Alarming(alarming))

    def _record(self, phase: Literal["before", "after"]) -> list[tuple[CheckinMeasure, int]]:
        recorded = []
        for measure in self.measures:
            scale = self.query_one(f"#{phase}-{measure.id}", RatingScale)
            rating = scale.value
            if rating is None:
                continue
            ok = self.session.write(self, functools.partial(self._save_rating, measure, phase, rating), "your rating")
            if ok:
                recorded.append((measure, rating))
        return recorded

    def _save_rating(self, measure: CheckinMeasure, phase: Literal["before", "after"], rating: int) -> None:
        store = self.session.store
        store.record_checkin(
            self.session.course.id, self.lesson.id, self.step.id, measure.id, phase, rating, self.session_id
        )

    # -- display -----------------------------------------------------------------

    def watch_phase(self) -> None:
        """Update the timer and buttons for the new phase."""
        self._update()

    def watch_remaining(self) -> None:
        """Update the clock."""
        self._update()

    def watch_cleared(self) -> None:
        """Update the Start button's label."""
        self._update()

    def _update(self, *, force: bool = False) -> None:
        if not (force or self.is_mounted):
            return
        total = self.step.seconds
        phase = self.phase
        self.set_class(self.running, "-running")
        self.set_class(phase in ("finished", "ended"), "-done")
        labels = {
            "ready": "left",
            "running": "left",
            "paused": "left (paused)",
            "finished": "Time is up.",
            "ended": "Ended.",
        }
        clock = self.query_one("#clock", Static)
        if phase in ("finished", "ended"):
            clock.update(labels[phase])
        else:
            clock.update(f"{clock_text(self.remaining)} {labels[phase]} of {clock_text(total)}")
        self.query_one("#time-bar", ProgressBar).update(progress=total - self.remaining)
        start = self.query_one("#start", Button)
        start.display = not self.running
        needs_gate = self.step.tremor and not self.cleared
        if phase in ("finished", "ended"):
            start_label = "Read the safety notes to start again" if needs_gate else "Start again"
        else:
            start_label = "Read the safety notes to start" if needs_gate else "Start"
        pause = self.query_one("#pause", Button)
        pause.display = self.running
        for button, label in ((start, start_label), (pause, "Resume" if phase == "paused" else "Pause")):
            if str(button.label) != label:
                button.label = label
                button.refresh(layout=True)
        self.query_one("#end", Button).display = self.running
        outcome = self.query_one("#outcome", Static)
        if phase == "finished":
            outcome.update(Content("Well done. Take a moment before you move on."))
        elif phase == "ended":
            outcome.update(Content("You ended the exercise. Stopping is always fine."))
        else:
            outcome.update("")
        if self.measures:
            self.query_one("#before").display = phase == "ready"
            self.query_one("#after").display = phase in ("finished", "ended")
