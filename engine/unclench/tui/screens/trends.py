"""Check-in trends: how the learner rated themselves before and after each exercise."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from unclench.course import CheckinMeasure
from unclench.export import GONE_CHECKIN
from unclench.localtime import local_date
from unclench.practice import OUTCOME_WORDS, rating_text
from unclench.records import HARD_RUN, CheckinRun, rated_measures, runs_of
from unclench.store.errors import StoreError
from unclench.store.rows import possible_rating
from unclench.text import visible
from unclench.tui.screens.record import RecordScreen
from unclench.tui.session import Session
from unclench.tui.widgets.footer import KeyFooter
from unclench.tui.widgets.rating_chart import RatingSparkline
from unclench.tui.widgets.run_table import RunLine, RunTable

#: The setting that turns the charts off (``"off"``) or on (``"on"``, the default).
CHARTS_SETTING = "charts"
#: How many runs the table lists at first (the latest); "Show earlier runs" adds as many again.
RUNS_SHOWN = 20
#: The most ratings a chart line shows: its cells (the charts' ``max-width``), the latest when there are more.
CHART_RATINGS = 48

_CHARTS = "Hide or show the charts (remembered)"
#: After the exercise of a start held back (distress too high to begin): its "before" is not a run's.
HELD_BACK = "did not start"
#: The outcomes said after the exercise (in the practice list's words): a run that did not go to its end.
NOTED_OUTCOMES = ("ended", "interrupted")
#: Shown when the learner has not rated anything yet.
EMPTY_TEXT = "No check-ins yet: when you rate how you feel before and after an exercise, your ratings will appear here."


def measure_name(measure_id: str, measure: CheckinMeasure | None) -> str:
    """The label of a measure, or its stored id when the course no longer has it."""
    return measure.label if measure is not None else measure_id


def change(run: CheckinRun, measure_id: str) -> str:
    """``"7 → 3"``: a measure before and after a run (``–`` where it was not rated)."""
    before = run.before.get(measure_id)
    after = run.after.get(measure_id)
    if before is None and after is None:
        return ""
    return f"{rating_text(before)} → {rating_text(after)}"


def last_run_text(rating: int | None) -> str:
    """``last run 3``, ``last run –`` (that run did not rate it), ``damaged`` (a stored rating off the scale).

    The column is 12 wide: a space after ``last run 10``, before the chart.
    """
    if rating is None:
        return "last run –"
    return f"last run {rating}" if possible_rating(rating) else "damaged"


class TrendsScreen(RecordScreen):
    """Each check-in measure over time, before and after every exercise run.

    A chart per measure (one line for the ratings before, one for after, on
    the 0-10 scale; beside each line, the rating of the newest run that rated the
    measure, the same run for both lines, never a start held back) and, under it,
    the runs: date, exercise, before → after;
    the latest :data:`RUNS_SHOWN` at first, and a button above them adds
    earlier ones (a record of years holds thousands).
    ``v`` hides the charts (some learners prefer not to watch their symptoms);
    the choice is stored as the ``charts`` setting and kept across restarts.

    Args:
        session: The learner's session.
    """

    DEFAULT_CSS = """
    TrendsScreen #trends-head {
        height: auto;
        padding: 0 1;
    }
    TrendsScreen #trends-body {
        height: 1fr;
        padding: 0 1;
    }
    TrendsScreen #trends-empty {
        margin-top: 1;
        color: $text-muted;
    }
    TrendsScreen #trends-error {
        margin-top: 1;
    }
    TrendsScreen #trends-charts {
        height: auto;
    }
    TrendsScreen .trend {
        height: auto;
        margin-top: 1;
    }
    TrendsScreen .trend-row {
        height: 1;
    }
    TrendsScreen .trend-phase {
        width: 9;
        padding-left: 2;
        color: $text-muted;
    }
    TrendsScreen .trend-row RatingSparkline {
        width: 1fr;
        max-width: 48;  /* CHART_RATINGS */
    }
    TrendsScreen .trend-row RatingSparkline.-after > .sparkline--max-color {
        color: $accent;
    }
    TrendsScreen .trend-row RatingSparkline.-after > .sparkline--min-color {
        color: $accent 30%;
    }
    TrendsScreen .trend-latest {
        width: 12;
        color: $text-muted;
    }
    TrendsScreen #trends-hidden {
        margin-top: 1;
    }
    """

    HELP_PLACE = "trends"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "hide_charts", "Hide charts", id="trends_hide_charts", tooltip=_CHARTS),
        Binding("v", "show_charts", "Show charts", id="trends_show_charts", tooltip=_CHARTS),
        Binding("escape", "back", "Back", id="trends_back", tooltip="Back to where you were"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.load_error: str | None = None
        self.outcomes: dict[str, str] = {}
        """How each run read ended (by session id); a rating without a run was a start held back, not a practice."""
        self.hard: set[str] = set()
        """The runs that were hard (they led to the follow-up), marked as the Practice list marks them."""
        self.runs: list[CheckinRun] = []
        """The runs read, oldest first: the latest, not all of a record of years (see :meth:`_read`)."""
        self.complete = True
        """Whether :attr:`runs` are all the runs there are."""
        self.latest: dict[tuple[str, str], list[int]] = {}
        """What the charts show: (measure id, phase) -> its latest ratings, one a run, oldest first."""
        try:
            self.latest = session.learner.latest_ratings(CHART_RATINGS)
            self._read(2 * RUNS_SHOWN)
        except StoreError as error:
            self.load_error = visible(error.explained)
        self.measures = rated_measures(session.course, (measure_id for measure_id, _ in self.latest))
        self._shown = 0
        try:
            self.charts = session.learner.setting(CHARTS_SETTING, "on") != "off"
        except StoreError:
            self.charts = True

    def _read(self, runs: int) -> None:
        """Read the latest ``runs`` runs, and how each ended.

        A record of years is read as far as it is listed, and a page further: then "Show earlier runs" knows
        how many more there are once it comes near the first.
        """
        newest = self.session.learner.newest_rated_runs(runs)
        self.runs, self.complete = runs_of(self.session.course, newest.runs), newest.complete
        try:
            ended = self.session.learner.runs(session_ids={run.session_id for run in newest.runs})
            self.outcomes = {run.session_id: run.outcome for run in ended}
            self.hard = {run.session_id for run in ended if run.follow_up}
        except StoreError:
            self.outcomes = {run.session_id: "" for run in newest.runs}  # unknown: nothing is said of any
            self.hard = set()

    def compose(self) -> ComposeResult:
        """The title, the charts (or a note that they are hidden) and the list of runs."""
        with Vertical(id="trends-head"):
            yield Static("Check-in trends", classes="screen-title")
            yield Static("How you rated yourself before and after each exercise, from 0 to 10.", classes="hint")
        with VerticalScroll(id="trends-body", can_focus=True):
            if self.load_error is not None:
                yield Static(
                    Content.assemble(("Your check-ins could not be read: ", "bold $error"), self.load_error),
                    id="trends-error",
                )
            elif not self.runs:
                yield Static(EMPTY_TEXT, id="trends-empty", markup=False)
            if self.runs:
                with Vertical(id="trends-charts"):
                    for measure_id, measure in self.measures:
                        yield from self._chart(measure_id, measure)
                yield Static("Charts are hidden. Press v to show them.", id="trends-hidden", classes="hint")
                yield Static("Each exercise", classes="section-title")
                yield Button("", id="trends-earlier", compact=True)
                yield from self._table()
        yield KeyFooter()

    def _chart(self, measure_id: str, measure: CheckinMeasure | None) -> ComposeResult:
        label = Content.styled(visible(measure_name(measure_id, measure)), "bold")
        if measure is not None:
            label = Content.assemble(label, (f"  0 = {visible(measure.low)} · 10 = {visible(measure.high)}", "dim"))
        else:  # ratings kept under an id the course no longer has (a check-in renamed or removed)
            label = Content.assemble(label, (f"  {GONE_CHECKIN}", "dim"))
        last = self._last_run(measure_id)
        with Vertical(classes="trend"):
            yield Static(label, classes="trend-title")
            for phase in ("before", "after"):
                values = self.latest.get((measure_id, phase), [])
                if last is not None:
                    latest = last_run_text((last.before if phase == "before" else last.after).get(measure_id))
                else:  # rated only in starts held back, or in runs older than those read: no pair to show
                    latest = "" if values else "none yet"
                with Horizontal(classes="trend-row"):
                    yield Static(phase.capitalize(), classes="trend-phase")
                    yield Static(latest, classes="trend-latest")
                    # A damaged rating (a database changed outside Unclench) has no place on the 0-10 scale.
                    yield RatingSparkline([v for v in values if possible_rating(v)], classes=f"-{phase}")

    def _last_run(self, measure_id: str) -> CheckinRun | None:
        """The newest run read that rated ``measure_id``: the figures beside its Before and After lines are its own.

        Each line's latest rating, side by side, read as a pair: a stranger saw "Before latest 8", from a start
        held back (no run began), beside "After latest 9", from a later run. A start held back is no run.
        """
        return next(
            (
                run
                for run in reversed(self.runs)
                if (measure_id in run.before or measure_id in run.after) and not run.held_back(self.outcomes)
            ),
            None,
        )

    def _table(self) -> ComposeResult:
        headings = [visible(measure_name(measure_id, measure)) for measure_id, measure in self.measures]
        self._shown = min(len(self.runs), RUNS_SHOWN)
        yield RunTable(headings, self._lines(self.runs[len(self.runs) - self._shown :]), id="trends-table")

    def _lines(self, runs: list[CheckinRun]) -> list[RunLine]:
        return [
            RunLine(
                local_date(run.at),
                visible(run.exercise),
                tuple(change(run, measure_id) for measure_id, _ in self.measures),
                self._outcome_note(run),
            )
            for run in runs
        ]

    def _outcome_note(self, run: CheckinRun) -> str:
        if run.held_back(self.outcomes):
            return HELD_BACK
        outcome = self.outcomes.get(run.session_id, "")
        notes = [OUTCOME_WORDS[outcome]] if outcome in NOTED_OUTCOMES else []
        return " · ".join(notes + ([HARD_RUN] if run.session_id in self.hard else []))

    def _update_earlier(self) -> None:
        if not self.runs:
            return
        earlier = self.query_one("#trends-earlier", Button)
        left = len(self.runs) - self._shown
        earlier.display = left > 0 or not self.complete
        # How many more is known once every run is read (see _read).
        earlier.label = f"Show earlier runs ({left} more)" if self.complete else "Show earlier runs"

    async def show_earlier(self) -> None:
        """Add the :data:`RUNS_SHOWN` runs before the earliest one listed, above it."""
        wanted = self._shown + RUNS_SHOWN
        if len(self.runs) < wanted + RUNS_SHOWN and not self.complete:
            try:
                self._read(wanted + RUNS_SHOWN)
            except StoreError as error:
                self.notify(visible(error.explained), title="Earlier runs could not be read", severity="error")
                return
        self._shown = min(len(self.runs), wanted)
        self.query_one("#trends-table", RunTable).set_lines(self._lines(self.runs[len(self.runs) - self._shown :]))
        self._update_earlier()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """The "Show earlier runs" button."""
        if event.button.id == "trends-earlier":
            event.stop()
            await self.show_earlier()

    def on_mount(self) -> None:
        """Show or hide the charts as the learner chose."""
        self._show_charts()
        self._update_earlier()

    def _show_charts(self) -> None:
        if self.runs:
            self.query_one("#trends-charts").display = self.charts
            self.query_one("#trends-hidden").display = not self.charts
        self.refresh_bindings()

    def _set_charts(self, on: bool) -> None:
        self.charts = on
        self._show_charts()
        self.session.write(
            self, lambda: self.session.learner.set_setting(CHARTS_SETTING, "on" if on else "off"), "your setting"
        )

    def action_hide_charts(self) -> None:
        """Hide the charts (remembered)."""
        self._set_charts(False)

    def action_show_charts(self) -> None:
        """Show the charts again (remembered)."""
        self._set_charts(True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``v`` hides the charts while they show, and shows them while hidden (once there are any)."""
        if action == "hide_charts":
            return bool(self.runs) and self.charts
        if action == "show_charts":
            return bool(self.runs) and not self.charts
        return True
