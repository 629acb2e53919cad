"""Told on the next start: a practice was interrupted (the app closed while it ran)."""

from __future__ import annotations

import functools
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from unclench.course import ExerciseStep
from unclench.localtime import local_date_time
from unclench.practice import AfterCare, ExerciseRun
from unclench.store.errors import StoreError
from unclench.store.rows import CheckinRecord, RunRecord
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.session import Session
from unclench.tui.widgets.marked_button import MarkedButton
from unclench.tui.widgets.rating import RatingScale


class InterruptedRunScreen(UnclenchModal[AfterCare]):
    """Says which practice was interrupted and when, and offers its after check-in.

    Dismisses with what the ratings saved call for (:meth:`ExerciseRun.after_care`;
    nothing after "Not now").

    Args:
        session: The learner's session.
        record: The interrupted run.
    """

    DEFAULT_CSS = """
    InterruptedRunScreen #interrupted-what {
        margin-bottom: 1;
    }
    """

    HELP_PLACE = "interrupted practice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "not_now", "Not now", id="interrupted_not_now", tooltip="Not now: go on without rating"),
    ]

    def __init__(self, session: Session, record: RunRecord) -> None:
        super().__init__(classes="dialog-screen -grounding")
        self.session = session
        self.record = record
        lesson = session.course.lessons.get(record.lesson_id)
        index = lesson.step_index(record.step_id) if lesson is not None else None
        step = lesson.steps[index] if lesson is not None and index is not None else None
        self.step = step if isinstance(step, ExerciseStep) else None
        self.run: ExerciseRun | None = None
        if self.step is not None:
            before = {
                c.measure_id: c.rating
                for c in self._checkins()
                if c.session_id == record.session_id and c.phase == "before"
            }
            self.run = ExerciseRun.interrupted(session.course, record.lesson_id, self.step, record.session_id, before)

    def _checkins(self) -> list[CheckinRecord]:
        try:
            return self.session.learner.checkins(self.record.session_id)
        except StoreError:
            return []

    def compose(self) -> ComposeResult:
        """What happened, the grounding text, the scales and the buttons."""
        from unclench.tui.widgets.markdown_text import markdown_body

        title = (self.step.title if self.step is not None else "") or "an exercise"
        with Vertical(classes="dialog guidance", id="interrupted"):
            yield Static("Your last practice was interrupted", classes="dialog-title")
            with VerticalScroll(classes="guidance-text"):
                yield Static(
                    Content.assemble(
                        # "during", not "while it was running": a paused one was interrupted too (a stranger's).
                        "Unclench closed during ",
                        (title, "bold"),
                        f" (it started {local_date_time(self.record.started_at)}). ",
                        "Stopping is always fine. Take a moment to notice how you are now.",
                    ),
                    id="interrupted-what",
                )
                yield markdown_body(self.session.course.guidance.grounding.strip(), classes="guidance-body")
                if self.run is not None:
                    for measure in self.run.measures:
                        yield RatingScale(measure, id=f"after-{measure.id}")
            with Horizontal(classes="buttons"):
                if self.run is not None and self.run.measures:
                    yield MarkedButton("Save ratings", id="interrupted-save", variant="primary")
                yield MarkedButton("Not now", id="interrupted-close")

    def on_mount(self) -> None:
        """Start on the first scale (or the closing button), the text shown from its top.

        Scrolled to the scale, a long grounding text (the course's) would push the
        app's own words (what happened, that stopping is fine) out of sight; a rating
        or Tab brings the scale into view.
        """
        scales = self.query(RatingScale)
        (scales.first() if scales else self.query_one("#interrupted-close")).focus(scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save the after check-in, or go on."""
        event.stop()
        if event.button.id == "interrupted-save":
            self.save()
        else:
            self.dismiss(AfterCare.NONE)

    def save(self) -> None:
        """Record the ratings picked under the interrupted run's id."""
        run = self.run
        if run is None:
            self.dismiss(AfterCare.NONE)
            return
        learner = self.session.learner
        ids = (self.record.lesson_id, self.record.step_id)
        for measure in run.measures:
            value = self.query_one(f"#after-{measure.id}", RatingScale).value
            if value is None:
                continue
            run.rate_after(measure.id, value)
            write = functools.partial(learner.record_checkin, *ids, measure.id, "after", value, run.session_id)
            self.session.write(self, write, "your rating")
        if not run.after:
            self.notify("Pick a number on a scale first, or choose Not now.", markup=False)
            return
        self.dismiss(run.after_care())

    def action_not_now(self) -> None:
        """Go on without rating."""
        self.dismiss(AfterCare.NONE)
