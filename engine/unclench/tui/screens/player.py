"""The lesson player: one step at a time, with safety gates and the stop panel."""

from __future__ import annotations

import functools
import itertools
import sys
from typing import TYPE_CHECKING, ClassVar, NamedTuple, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import MountError, Widget
from textual.widgets import Static

from unclench.course import Step
from unclench.journey import Place, completes_on_moving_on, is_required
from unclench.practice import Screening, safety_gate
from unclench.store.errors import StoreError
from unclench.tui.idle_collection import collect_while_idle
from unclench.tui.screens.course_map import CourseMapScreen, map_letters
from unclench.tui.screens.styled_as_mounted import StyledAsMountedScreen
from unclench.tui.session import Session
from unclench.tui.stopping import RESUME_EXERCISE, STOP_EXERCISE, stop_now
from unclench.tui.typed_words import TypingOnAfterAMove
from unclench.tui.widgets.clamped_text import ClampedText
from unclench.tui.widgets.cue_banner import CueBanner
from unclench.tui.widgets.footer import KeyFooter
from unclench.tui.widgets.lesson_progress import LessonProgress
from unclench.tui.widgets.nav_button import NavButton
from unclench.tui.widgets.step_base import StepView
from unclench.tui.widgets.stop_words import StopWords

#: Grounding before a practice that has not started (the course's own grounding text is for after stopping).
_NEXT_WRITING = "Next step, even while writing (your answer is saved first)"
_PREVIOUS_WRITING = "Previous step, even while writing (your answer is saved first)"
_WRITE = "Start writing (or click the box); nothing else does, not even tab"

GROUND_BEFORE_STARTING = (
    "Some ways to ground yourself now: feel your feet on the floor and the seat beneath you. Look around "
    "and name five things you can see. Let a few slow breaths out. Have a drink of water. If you would like "
    "to talk to someone, press f2 for the support card."
)

#: Said under the ways to ground when the learner has met a grounding exercise of the course: one button opens it.
GROUNDING_PRACTICE_OFFER = (
    "You have met a grounding practice in this course: the Grounding practice button opens it on its own. "
    "Your place in the course stays where it is."
)
GROUNDING_PRACTICE_BUTTON = "Grounding practice"

#: The most lines the course's ``guidance.stop`` takes in the stop panel, under the app's own stop line: 200
#: characters (the most ``unclench check`` allows) take 3 at 80 columns, 4 at 60; beyond that the rest is cut.
STOP_PANEL_LINES = 4
#: The most lines the lesson's title takes in the header (cut with "…"): the header sits above a running exercise,
#: and a title that grew with its text pushed the timer, its buttons and the stop line off the screen.
TITLE_LINES = 2

#: Said (once a run) when a box covers a running exercise and holds its timer.
HELD_WHILE_COVERED = "The exercise timer is paused until you close this."

#: Said back at an exercise after the questions before its start: the timer starts only with Start.
NOT_STARTED = "The exercise has not started: press Start when you are ready."
#: Said before :data:`NOT_STARTED` once the screening answers are saved.
ANSWERS_SAVED = "Your answers are saved. "

#: What escape does in a practice on its own (the Practice list's key help says the same, in one row).
PRACTICE_BACK = "Back: from an exercise to the list, from the list to the course map"
#: What Escape does in a grounding practice opened from a lesson (its box at a high rating).
LESSON_BACK = "From the grounding practice offered at a high rating: back to the lesson step you came from"

#: Seconds between looks at whether the next step's view, built ahead, still shows the record as it is.
AHEAD_CHECK = 0.5

if TYPE_CHECKING:
    from unclench.practice import Clearance
    from unclench.tui.app import UnclenchApp
    from unclench.tui.widgets.autosave import AutosaveEditor
    from unclench.tui.widgets.exercise_view import ExerciseView
    from unclench.tui.widgets.prompt_view import PromptView


def view_class(step: Step | None) -> type[StepView]:
    """The view that shows ``step`` (None: the lesson summary).

    Each is imported when first needed, so that a learner reopening a page or a
    quiz does not wait for the editor, the exercise timer and the dialogs.
    """
    if step is None:
        from unclench.tui.widgets.summary_view import SummaryView

        return SummaryView
    if step.kind == "page":
        from unclench.tui.widgets.page_view import PageView

        return PageView
    if step.kind == "prompt":
        from unclench.tui.widgets.prompt_view import PromptView

        return PromptView
    if step.kind == "quiz":
        from unclench.tui.widgets.quiz_view import QuizView

        return QuizView
    from unclench.tui.widgets.exercise_view import ExerciseView

    return ExerciseView


class BackTo(NamedTuple):
    """Where a grounding practice offered at a high rating goes back to: the lesson step, as the learner left it."""

    place: Place
    clearance: Clearance | None = None
    """The clearance of the step's safety gate, passed before the learner went to ground (None: not passed). Back
    at the step, the gate does not open on arrival; Start asks for it again when it no longer accepts this."""


@functools.cache
class _Ahead(NamedTuple):
    """The next step's view, built ahead and hidden (see :meth:`PlayerScreen._build_ahead`)."""

    view: StepView
    place: Place
    revision: tuple[int, int, int]
    """The course's and the record's revision (:meth:`Session.revision`) when the view was built."""


class PlayerScreen(StyledAsMountedScreen[None]):
    """Plays a lesson one step at a time, then its summary, then on to the next lesson.

    The header shows the lesson, "Step 3 of 9" and the lesson's progress.
    Moving on records progress (see :func:`unclench.journey.completes_on_moving_on`)
    and the position. A tremor exercise shows its safety gate every time it is
    opened (but for the author's preview reloading the lesson, on a gate the author
    answered already, and for a learner back from grounding at the step, its gate passed before:
    ``gate_answered``); while an exercise runs the stop panel stays on screen and ``s``
    (or Escape) ends it at once.

    With ``practice`` it plays one exercise on its own, opened from the
    Practice list: the same safety gate, screening, dose limits and check-ins
    (the same view and the same handlers), but no way on to other steps, and
    the learner's place in the course is not moved (a run still counts the
    exercise as done, as in its lesson).

    While the learner reads a step, the next step's view is built ahead,
    hidden (:meth:`_build_ahead`), so that moving on only shows it: composing
    and styling a reflection's or a quiz's widgets is most of what a new view
    costs. It is shown only if neither the course nor the learner's record
    changed since it was built; otherwise it is thrown away and the step gets
    a new view, as it always did.

    Args:
        session: The learner's session.
        place: Where to start.
        practice: Play only the exercise at ``place``, from the Practice list.
        back_to: For such a practice opened from a lesson's step: that step, where Escape goes back to.
    """

    HELP_PLACE = "lesson"
    HELP_PLACES: ClassVar[dict[str, str]] = {
        "stop_exercise": "exercise",
        "resume_exercise": "exercise",
        "write_answer": "reflection step",
        "back_practice": "practice",
        "back_lesson": "practice",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_step", "Next", id="next_step", priority=True, tooltip=_NEXT_WRITING),
        Binding("ctrl+p", "previous_step", "Previous", id="previous_step", priority=True, tooltip=_PREVIOUS_WRITING),
        Binding(
            "n,right", "next_step", "Next", id="next_step_plain", show=False, tooltip="Next step (not while writing)"
        ),
        Binding(
            "p,left",
            "previous_step",
            "Previous",
            id="previous_step_plain",
            show=False,
            tooltip="Previous step (not while writing)",
        ),
        # Escape ends a running exercise: bound here first, so the footer says "Stop" then, never "Map".
        STOP_EXERCISE,
        RESUME_EXERCISE,  # live only while the exercise is paused: the footer then says how to go on
        # On the screen, not the reflection view: e starts writing wherever the focus is (a button, say).
        Binding("e", "write", "Write", id="write_answer", tooltip=_WRITE),
        Binding("escape", "back", "Map", id="back", tooltip="Back to the course map"),
        # Opened from the journal (the palette's "Lesson: …"), Escape goes back there: the footer says so, not "Map".
        Binding(
            "escape",
            "back_to_record",
            "Back",
            id="back_record",
            tooltip="Back to the screen the lesson was opened from (the journal, say)",
        ),
        Binding(
            "escape",
            "back_to_list",
            "Practice list",
            id="back_practice",
            tooltip=PRACTICE_BACK,
        ),
        # A grounding practice opened from a lesson's "Ground yourself first": back where the learner was (a stranger
        # at distress 9 was led to the Practice list, then the course map, away from the lesson).
        Binding("escape", "back_to_lesson", "Lesson", id="back_lesson", tooltip=LESSON_BACK),
    ]

    place: reactive[Place] = reactive(Place("", 0), init=False)
    """Where the learner is."""
    exercise_running: reactive[bool] = reactive(False, bindings=True)
    """Whether an exercise is running (the stop key is live, the stop panel shown)."""

    def __init__(
        self,
        session: Session,
        place: Place,
        *,
        practice: bool = False,
        gate_answered: bool = False,
        clearance: Clearance | None = None,
        back_to: BackTo | None = None,
        offered: bool = False,
    ) -> None:
        super().__init__(classes="-practice" if practice else None)
        self.session = session
        self.practice = practice
        """Whether this plays one exercise on its own (from the Practice list)."""
        self._gate_answered = gate_answered
        """The safety gate of the exercise at ``place`` was answered already, with these notes; arriving there does
        not open it again. For the author's preview reloading the lesson (:class:`unclench.tui.preview.PreviewApp`),
        and for a learner back from the grounding practice offered at the step (:class:`BackTo`). Once, on the
        first step shown; any later arrival opens the gate as always."""
        self._clearance = clearance
        """With ``gate_answered``: the clearance the exercise's view held before (a gate passed but not used by a
        start yet), handed on to the new view; the gate decides whether it still lets a run start."""
        self.back_to = back_to if practice else None
        """For a practice opened from a lesson (grounding, at a high rating): the step Escape goes back to."""
        self._offered = offered
        """The app opened ``place`` by itself, in a lesson the learner has not begun (the one after the lesson they
        finished): showing it saves nothing; moving on from it, or anything they do there, does. A stranger who only
        opened the app and quit found that lesson "in progress"."""
        self._offered_at: int | None = None
        """While the offered place is on screen: the record's writes then (see :meth:`_save_position`)."""
        self.set_reactive(PlayerScreen.place, place)
        self._busy = False
        self.step_shown_at = float("inf")
        """When the step on screen was shown (the clock Textual stamps events with); keys pressed before do
        nothing on it (:meth:`UnclenchApp._on_key`)."""
        self._uncovered_at = float("-inf")
        """When the latest box over this screen closed (a key's ``time``)."""
        self._held_exercise: ExerciseView | None = None
        self._unsaved_position: Place | None = None
        """A place shown but not yet saved as the position (only ever the one the record already holds)."""
        self._covered = False
        """Whether a box covers this screen (from its suspend to its resume)."""
        self._when_back: functools.partial[None] | None = None
        """What to do once the box over this screen has closed (the focus and a notice, which it would undo)."""
        self._told_paused: ExerciseView | None = None
        """The exercise view whose pause was announced (once while it is on screen: notices piled up)."""
        self._typing_on = TypingOnAfterAMove()
        """Keys typed on after a letter turned the step (see :class:`TypingOnAfterAMove`)."""
        self._key_seen: events.Key | None = None
        """The latest key this screen saw: the one that runs a binding, if a key did."""
        self._holder = Container(id="step-holder")
        """Where the step views are (kept: :attr:`view` is asked for on every key and every footer redraw)."""
        self._leaving: list[StepView] = []
        """Step views left by a step change, hidden, to be removed once the new step is on screen."""
        self._ahead: _Ahead | None = None
        """The next step's view, built ahead (hidden), with what it was built from."""
        self._revision_seen: tuple[int, int, int] | None = None
        """The revision at the last look (:meth:`_keep_ahead`): a view is built again only once it holds still."""

    def compose(self) -> ComposeResult:
        """Header, the step, the stop panel, the navigation buttons and the footer."""
        with Horizontal(id="lesson-bar"):
            yield ClampedText(id="lesson-title", max_lines=TITLE_LINES)
            yield Static(id="step-label", markup=False)
            # No percentage beside "Step 3 of 9": the bar shows the lesson's steps complete, the label where you are.
            yield LessonProgress(id="lesson-progress")
        yield self._holder
        yield StopWords(id="stop-panel", max_lines=STOP_PANEL_LINES)
        with Horizontal(id="nav"):
            yield NavButton("← Previous", id="prev", unavailable="first step")
            yield Static(id="nav-gap")
            yield NavButton("Next →", id="next", primary=True, unavailable="last step")
        yield KeyFooter()
        yield CueBanner(id="cue")

    @property
    def focus_chain(self) -> list[Widget]:
        """Textual's order, but Next before Previous: Tab then Enter, a habit for "on", never goes back a step.

        A stranger on a reflection pressed Tab and Enter to move on, and went back: Tab went from the step to
        Previous first. Shift+Tab from the step still reaches Previous at once (the chain wraps round).
        """
        chain = super().focus_chain
        for index, (first, second) in enumerate(itertools.pairwise(chain)):
            if first.id == "prev" and second.id == "next" and isinstance(first, NavButton):
                chain[index : index + 2] = [second, first]
                break
        return chain

    def on_screen_suspend(self) -> None:
        """A box over a running exercise (help, the support card, "Before you go") holds its timer.

        Time spent reading help is not practice, and a halfway or end cue must
        not sound behind it; the timer goes on when the box closes.
        """
        self._covered = True
        view = self.exercise_view
        self._held_exercise = view if view is not None and view.hold() else None
        # Said where the learner now is, so the pause is no surprise; once a run, briefly: at 60x20 a stranger's
        # notices piled up over the support card's numbers. Help and the support card say it themselves.
        says_it = getattr(self.app.screen, "SAYS_EXERCISE_PAUSED", False)
        if self._held_exercise is not None and self._told_paused is not view and not says_it:
            self._told_paused = view
            self.unclench.state_notice(HELD_WHILE_COVERED, severity="information", timeout=4)

    def holds(self, view: ExerciseView) -> bool:
        """Whether ``view``'s timer is held by a box over this screen (it goes on when the box closes)."""
        return self._held_exercise is view

    def on_screen_resume(self) -> None:
        """The box closed: a held timer goes on, and notices about the step's state then are gone."""
        self._covered = False
        self._uncovered_at = Message().time
        self.unclench.clear_state_notices()
        self.query_one("#cue", CueBanner).hide_if_due()  # its time may have ended under the box
        held, self._held_exercise = self._held_exercise, None
        if held is not None and held is self.exercise_view:
            held.release()
        when_back, self._when_back = self._when_back, None
        if when_back is not None:
            when_back()

    async def on_mount(self) -> None:
        """Show the first step."""
        self.query_one("#stop-panel", StopWords).update(stop_now(), self.session.course.guidance.stop)
        await self._show(self.place)
        if not self.practice:
            self.set_interval(AHEAD_CHECK, self._keep_ahead)

    @property
    def unclench(self) -> UnclenchApp:
        """The app, typed (for the follow-up it shows over any screen)."""
        return cast("UnclenchApp", self.app)

    # -- the current view ----------------------------------------------------

    @property
    def view(self) -> StepView | None:
        """The step view on screen."""
        # A reusable view kept for later is hidden (see _replace_view); the one on screen is shown. The
        # holder's children, not a query: a query walks the whole screen, a millisecond a time on a big lesson.
        return next((view for view in self._holder.children if isinstance(view, StepView) and view.display), None)

    @property
    def exercise_view(self) -> ExerciseView | None:
        """The step view on screen when it is an exercise."""
        # Not imported to ask: until an exercise was shown its module is not loaded, and a
        # learner reopening a page, prompt or quiz does not wait for the exercise timer's.
        loaded = sys.modules.get("unclench.tui.widgets.exercise_view")
        view = self.view
        return view if loaded is not None and isinstance(view, loaded.ExerciseView) else None

    def flush(self) -> StoreError | None:
        """Save whatever the current step holds unsaved (before leaving or quitting)."""
        view = self.view
        error = view.flush() if view is not None else None
        self._save_position()  # after the view's own saving: an answer saved there makes an offered place saved
        return error

    # -- navigation ------------------------------------------------------------

    async def go(self, place: Place | None, *, forward: bool = False, asked: bool = False) -> bool:
        """Leave the current step (saving first) and show ``place``.

        Entering another lesson before the lessons it builds on are done names
        them first (:meth:`UnclenchApp.ask_recommended_order`); the move then
        waits for the learner's choice.

        Args:
            place: Where to go; None means the course map.
            forward: Whether the learner moves on (pages and prompts are then done).
            asked: The learner already chose to continue anyway.

        Returns:
            Whether the learner moved.
        """
        if self._busy:
            return False
        self._save_position()
        view = self.view
        if view is not None:
            blocker = view.leave_blocker()
            if blocker is not None:
                self.unclench.state_notice(blocker)
                return False
        prompt = self.prompt_view
        if prompt is not None and prompt.autosave.flush() is None and prompt.autosave.clear_held:
            # The box emptied over an answer that had text: asked first (kept unless the learner clears it).
            from unclench.tui.screens.dialogs import ask_before_clearing

            ask_before_clearing(self.app, prompt.autosave, then=functools.partial(self._go_after_asked, place, forward))
            return False
        if place is not None and not asked:
            proceed = functools.partial(self._go_asked, forward=forward)
            if self.unclench.ask_recommended_order(place, self.place, proceed):
                return False
        done: Place | None = None  # the step left, when moving on makes it done: saved with the new place
        revision: tuple[int, int, int] | None = None
        if view is not None:
            error = view.flush()
            if error is not None:
                from unclench.tui.widgets.autosave import notify_not_saved

                notify_not_saved(self, error)
                return False
            # Before this change's own writes (the position, steps done): a view built ahead shows neither.
            revision = self.session.revision()
            step = self.session.journey.step_at(self.place)
            if forward and step is not None and completes_on_moving_on(step):
                done = self.place
            if forward and place is not None and place == Place(self.place.lesson_id, self.place.index + 1):
                self._passed_last_step(place)
        left = self.place.lesson_id
        if done is not None and (place is None or self.practice):  # no new place saved: the step done on its own
            self._mark_done(done)
            done = None
        if place is None:
            self.dismiss(None)
            return True
        await self._show(place, left=left, done=done, revision=revision)
        return True

    def _go_after_asked(self, place: Place | None, forward: bool) -> None:
        """Go on as the learner asked, once they chose to keep or clear an emptied answer."""
        self.call_later(functools.partial(self.go, place, forward=forward))

    async def _go_asked(self, place: Place, *, forward: bool) -> None:
        """Go on after the recommended order was shown (the learner chose where)."""
        if self.app.screen is self:
            await self.go(place, forward=forward, asked=True)

    async def _show(
        self,
        place: Place,
        left: str | None = None,
        done: Place | None = None,
        revision: tuple[int, int, int] | None = None,
    ) -> None:
        self._busy = True
        try:
            # One frame for the whole change: without the batch, Textual lays out and draws the screen while the
            # old view is removed and the new one mounted (frames nobody needs, each a full render, and a flicker).
            with self.app.batch_update():
                await self._replace_view(place, left, done, revision)
        finally:
            self._busy = False
            self.step_shown_at = Message().time
        # The views left (hidden, so no frame draws them) are removed once the new step is on screen: taking their
        # widgets down is work the learner need not wait for. Asked for after the batch: inside it, the screen
        # (idle, its refresh held) would run the removal at once.
        if self._leaving:
            self.call_after_refresh(self._remove_left)
        if not self.practice:
            self.call_after_refresh(self._build_ahead)
        self.call_after_refresh(collect_while_idle)  # after the step is on screen and the next one built
        self.unclench.clear_state_notices()  # they were about the step left
        exercise = self.exercise_view
        answered, self._gate_answered = self._gate_answered, False
        clearance, self._clearance = self._clearance, None
        if exercise is not None and exercise.gate_on_arrival:
            if answered:
                exercise.clearance = clearance  # Start asks for the gate again when it no longer accepts it
            else:
                self._open_gate(start=False)

    def on_key(self, event: events.Key) -> None:
        """On a reflection the step has its say on a key first (:meth:`PromptView.take_key`), wherever the focus is.

        Not on a key pressed before the step was shown: that does nothing on it, and the app drops it
        where it runs key bindings (:meth:`UnclenchApp._on_key`, which says why).
        """
        if not self.exercise_running and self._typing_on.swallows(event):  # the stop key always stops
            event.stop()
            event.prevent_default()
            self.unclench.clear_state_notices()  # the notice grows with the words: one, not one a key
            self.unclench.state_notice(self._typing_on.notice, severity="information")
            return
        self._key_seen = event
        cue = self.query_one("#cue", CueBanner)
        if cue.cue is not None and event.key in _PRESSING_KEYS:
            # A cue covers the screen: Enter or Space would press a button the learner cannot see (a
            # stranger's Enters paused the run unseen). They take the cue away instead; the stop keys still stop.
            event.stop()
            event.prevent_default()
            cue.hide()
            return
        view = self.prompt_view
        if event.time >= self.step_shown_at and view is not None and view.take_key(event, map_letters()):
            event.stop()
            event.prevent_default()
        elif self.exercise_running and event.key in _STEP_KEYS and event.key not in self.active_bindings:
            # The step keys are off while the exercise runs (check_action: the footer does not offer them);
            # pressed anyway, they say why nothing moved. Not a key something on the step acts on.
            self._say_why_not_leaving()
        elif event.key == "enter" and event.time >= self.step_shown_at and self._enter_does_nothing():
            # Short: a notice sits over the foot of the page, where a stranger found it covering a safety line.
            self.unclench.state_notice(ENTER_ON_A_PAGE, severity="information", timeout=ENTER_ON_A_PAGE_SECONDS)

    def escape_of_the_box_burst(self, event: events.Key) -> bool:
        """An Escape straight after a box over a finished run closed (the grounding after a stop) is of the burst
        that closed it: a stranger's third quick Escape left for the map, and the check-in after the run went
        unseen. One after a moment leaves, as always. Asked by the app where it runs key bindings
        (:meth:`UnclenchApp._on_key`): an Escape sent with the one that closed the box went to the box's button,
        never through this screen's key handler."""
        view = self.exercise_view
        # Still "covered": the Escapes came at once, and this one reached the screen before it heard the box had
        # closed (a stranger's four, sent together, went past the check-in after, then the list, to the map).
        in_the_burst = self._covered or event.time - self._uncovered_at < _ESCAPE_BURST_SECONDS
        return (
            view is not None
            and view.asks_after
            and not view.ratings_unsaved  # picked: leaving is held back, and said, already
            and in_the_burst
        )

    def _enter_does_nothing(self) -> bool:
        """Enter on a page, the focus on its text: nothing takes it (a stranger pressed it again and again, and
        wondered whether the app had stopped). Not where a button or the step acts on it."""
        from unclench.tui.widgets.page_view import PageView

        return isinstance(self.view, PageView) and "enter" not in self.active_bindings

    def _say_why_not_leaving(self) -> None:
        view = self.view
        blocker = view.leave_blocker() if view is not None else None
        if blocker is not None:
            self.unclench.state_notice(blocker)

    async def _replace_view(
        self, place: Place, left: str | None, done: Place | None = None, revision: tuple[int, int, int] | None = None
    ) -> None:
        """Record the move to ``place`` (and ``done`` as done), read progress back and put its view in the holder.

        The step done and the new place are one write: each write is a commit the disk must finish before the
        learner sees the step. ``revision`` is the course's and the record's before this change wrote anything:
        the view built ahead for ``place`` is shown only if it was built at that revision.
        """
        ahead = self._claim_ahead(place, revision)
        journey = self.session.journey
        self.set_reactive(PlayerScreen.place, place)
        if self.practice:  # practising on its own moves nothing: the learner's place stays where it was
            self.session.refresh([place.lesson_id])
        else:
            self._save_position()
            self._unsaved_position, self._offered_at = None, None  # an offered place left untouched stays unsaved
            if left is None and self._is_saved_position(place):
                # Reopened where the record says the learner is: saving it again only renews the time it
                # was saved at, a committed write (flushed to disk) that can wait until the step is on screen.
                self._unsaved_position = place
                self.call_after_refresh(self._save_position)
            elif left is None and self._offered:
                self._offered = False
                self._unsaved_position = place  # saved once the learner does something here (_save_position)
                self._offered_at = self.session.learner.writes_begun
            else:
                finished = journey.step_at(done) if done is not None else None
                done_ids = (done.lesson_id, finished.id) if done is not None and finished is not None else None
                self._write_place(place, done_ids)
            self._after_progress(*([left] if left is not None else []), header=False)  # drawn once, below
        if ahead is not None and not ahead.arrive():  # it cannot show the record as the writes above left it
            self._leaving.append(ahead)
            ahead = None
        lesson = journey.lesson(place.lesson_id)
        step = journey.step_at(place)
        holder = self._holder
        kind = view_class(step)
        # A view that holds nothing of the learner's (a page) shows the next step of its kind in place: no
        # new widgets to style, lay out and draw for the first time. It is kept, hidden, while other kinds
        # of step are shown; every other view is hidden, then removed, and the next one is new.
        views = [
            child
            for child in holder.children
            if isinstance(child, StepView) and child not in self._leaving and child is not ahead
        ]
        reused = None if ahead is not None else next((old for old in views if old.show_in_place(lesson, place)), None)
        kept = [old for old in views if old is not reused and old.REUSABLE and type(old) is not kind]
        for old in views:
            if old is not reused:
                old.display = False
                if old not in kept:
                    self._leaving.append(old)
        shown = ahead or reused
        if shown is not None:
            view: StepView = shown
            view.display = True
        else:
            view = kind(self.session, lesson, place)
            try:
                await holder.mount(view)
            except MountError:  # the app is closing (a quit key pressed just before)
                return
        self.exercise_running = False
        self._update_header()
        # The focus moves to the new step before the old view goes, and at once (Widget.focus waits for the app's
        # next turn): a focused view removed first hands the focus to the Next button, and the first frame drew
        # it there, restyled, with the footer's keys for it, before the new step took the focus a frame later.
        self.set_focus(view.focus_target(), scroll_visible=view.scrolls_to_focus())

    # -- the next step, built ahead ------------------------------------------------

    def _next_place(self) -> Place | None:
        """Where Next leads from here (after a summary: the next lesson), or None at the end of the course."""
        journey = self.session.journey
        following = journey.next_place(self.place)
        if following is not None and journey.is_summary(self.place):
            following = journey.start_of_next(self.place.lesson_id) or following
        return following

    @property
    def built_ahead(self) -> StepView | None:
        """The next step's view, built ahead and hidden, if there is one."""
        return self._ahead.view if self._ahead is not None else None

    def _claim_ahead(self, place: Place, revision: tuple[int, int, int] | None) -> StepView | None:
        """The view built ahead, if it is of ``place``, built at ``revision`` and mounted; any other is dropped.

        A dropped view joins the views left (hidden; removed once the new step is on screen).
        """
        ahead, self._ahead = self._ahead, None
        if ahead is None:
            return None
        if revision is not None and ahead.revision == revision and ahead.place == place and ahead.view.is_mounted:
            return ahead.view
        self._leaving.append(ahead.view)
        return None

    def _drop_ahead(self) -> None:
        """Throw away the view built ahead, outside a step change (hidden, so nothing draws it)."""
        if self._ahead is not None:
            self._leaving.append(self._ahead.view)
            self._ahead = None
            self.call_after_refresh(self._remove_left)

    def _build_ahead(self) -> None:
        """Build the next step's view now, hidden, if it is of a kind that may be (:attr:`StepView.BUILT_AHEAD`).

        Only while the learner is on this screen and nothing else goes on (no step change, no running
        exercise): it is done between key presses, in the time a learner reads. A page shown in place
        (:meth:`StepView.show_in_place`) needs none. The view is hidden (``display: none``), so it
        takes no focus, no key and no click, and nothing draws it.
        """
        if self.practice or self._busy or self.exercise_running or not self.is_mounted:
            return
        if self.app.screen is not self:
            return
        place = self._next_place()
        # Not waiting for an autosave under way (the learner may be typing): the next look builds it then.
        revision = self.session.revision(wait=False)
        ahead = self._ahead
        if ahead is not None and ahead.place == place and ahead.revision == revision:
            return
        self._drop_ahead()
        if place is None or revision is None:
            return
        journey = self.session.journey
        kind = view_class(journey.step_at(place))
        if not kind.BUILT_AHEAD:
            return
        views = [child for child in self._holder.children if isinstance(child, StepView) and child not in self._leaving]
        if any(view.can_show_in_place(place) for view in views):
            return
        view = kind(self.session, journey.lesson(place.lesson_id), place)
        view.display = False
        try:
            # Not awaited: the view composes in its own task; a step change before it is mounted drops it.
            self._holder.mount(view)
        except MountError:  # the app is closing
            return
        self._ahead = _Ahead(view, place, revision)

    def _keep_ahead(self) -> None:
        """Build the next step's view again when the record changed since (once it has held still for a look).

        Not while the learner writes: each autosave moves the revision, and building the view again in a
        pause of their typing took the frame of their next key (the typing benchmark's p99). A view built
        at an older revision is never shown (:meth:`_claim_ahead`); writing over, the next look builds it.
        """
        prompt = self.prompt_view
        if prompt is not None and prompt.writing:
            return
        revision = self.session.revision(wait=False)
        if revision is None:
            return  # a save under way (or the record unreadable): look again later
        settled = revision == self._revision_seen
        self._revision_seen = revision
        ahead = self._ahead
        if ahead is not None and ahead.revision != revision:
            self._drop_ahead()
        if settled:
            self._build_ahead()

    async def _remove_left(self) -> None:
        """Remove the step views left behind by step changes (see :meth:`_replace_view`)."""
        leaving, self._leaving = self._leaving, []
        await self._holder.remove_children([view for view in leaving if view.parent is self._holder])

    def _is_saved_position(self, place: Place) -> bool:
        """Whether the record already holds ``place`` for its lesson, and course-wide if arriving there moves it."""
        journey = self.session.journey
        step_id = journey.stored_step_id(place)
        progress = journey.progress
        course_wide = progress.position == (place.lesson_id, step_id) or not journey.moves_course_place(place)
        return course_wide and progress.lesson_positions.get(place.lesson_id) == step_id

    def _save_position(self) -> None:
        """Save the position whose saving waited: for the first frame, or (offered) for the learner to do something.

        An offered place is saved once anything was written to the record since it was shown (an answer, a
        check, a run), and by moving on; looking at it, going to the map or quitting saves nothing.
        """
        place = self._unsaved_position
        if place is None:
            return
        if self._offered_at is not None and self._offered_at == self.session.learner.writes_begun:
            return  # only offered, nothing done there yet: looking, leaving and quitting save nothing
        self._unsaved_position, self._offered_at = None, None
        self._write_place(place)

    def _write_place(self, place: Place, done: tuple[str, str] | None = None) -> None:
        """Save ``place`` as the lesson's place and, unless a lesson done is read again, the course's.

        Every step the player shows is saved here, so the one rule (:meth:`Journey.moves_course_place`) holds
        however the lesson was opened: the map, Continue, the palette, a journal link or moving on.
        """
        learner = self.session.learner
        journey = self.session.journey
        step_id = journey.stored_step_id(place)
        course_wide = journey.moves_course_place(place)
        self.session.write(
            self,
            lambda: learner.set_position(place.lesson_id, step_id, done=done, course_wide=course_wide),
            "your progress" if done is not None else "your place",
        )

    def _after_progress(self, *changed: str, header: bool = True) -> None:
        """Read the progress of this lesson (and ``changed`` ones) again; a lesson with every step done is done.

        Args:
            changed: Other lessons whose progress may have changed.
            header: Update the header now (a step change does it once the new step's view is in place).
        """
        lesson_id = self.place.lesson_id
        journey = self.session.refresh([lesson_id, *changed])
        learner = self.session.learner
        if (
            journey.lesson_complete(lesson_id)
            and lesson_id not in journey.progress.completed_lessons
            and self.session.write(self, lambda: learner.mark_lesson_done(lesson_id), "progress")
        ):
            self.session.refresh([lesson_id])
        if header:
            self._update_header()

    def _passed_last_step(self, summary: Place) -> None:
        """Moving on past the last step of a lesson without required steps finishes it (see :mod:`unclench.journey`)."""
        journey = self.session.journey
        if not journey.is_summary(summary) or any(is_required(s) for s in journey.lesson(summary.lesson_id).steps):
            return
        self.session.write(self, lambda: self.session.learner.mark_lesson_done(summary.lesson_id), "progress")

    def _mark_done(self, place: Place) -> None:
        journey = self.session.journey
        step = journey.step_at(place)
        if step is None:
            return
        self.session.write(self, lambda: self.session.learner.mark_step_done(place.lesson_id, step.id), "progress")

    def _update_header(self) -> None:
        journey = self.session.journey
        lesson = journey.lesson(self.place.lesson_id)
        self.query_one("#lesson-title", ClampedText).update(lesson.title)
        label = "Practice on its own" if self.practice else journey.step_label(self.place)
        self.query_one("#step-label", Static).update(label)
        steps = journey.lesson_tally(lesson.id)
        progress = self.query_one("#lesson-progress", LessonProgress)
        progress.update(total=max(1, steps.total), progress=steps.done)
        # It counts steps complete, not where you are: a stranger paged with n and wondered why it did not follow.
        progress.tooltip = (
            f"Steps complete in this lesson: {steps.done} of {steps.total} (the label says where you are)"
        )
        self.query_one("#prev", NavButton).disabled = self.practice or journey.previous_place(self.place) is None
        self.query_one("#next", NavButton).disabled = self.practice or journey.next_place(self.place) is None
        self.query_one("#nav").display = not self.practice

    async def action_next_step(self) -> None:
        """Go to the next step (after a summary: the next lesson)."""
        following = self._next_place()
        if following is None:
            self.notify("This is the end of the course. Well done.", markup=False)
            return
        self._note_turning_key()
        await self.go(following, forward=True)

    def _note_turning_key(self) -> None:
        """The key that turned the step, if a key did (not a click on Next): keys typed on after it go nowhere.

        Only a step key: ctrl+n, a priority binding, never reaches :meth:`on_key`, and the key seen last was
        another (a rating's "6", after which the stop key went nowhere as typing on).
        """
        key = self._key_seen
        if key is not None and key.key in _STEP_KEYS and Message().time - key.time < _TURNED_BY_KEY_WITHIN:
            self._typing_on.moved(key)

    async def action_previous_step(self) -> None:
        """Go to the previous step (before a lesson's first step: the previous lesson's summary)."""
        previous = self.session.journey.previous_place(self.place)
        if previous is None:
            self.notify("This is the first step of the course.", markup=False)
            return
        self._note_turning_key()
        await self.go(previous)

    async def action_back(self) -> None:
        """Back to the course map (from a practice: to the Practice list); not while an exercise runs."""
        await self.go(None)

    async def action_back_to_record(self) -> None:
        """Back to the screen the lesson was opened from (the journal, the trends)."""
        await self.action_back()

    def _over_the_map(self) -> bool:
        """Whether the course map is the screen under this one (so leaving shows it)."""
        stack = self.app.screen_stack
        below = stack[: stack.index(self)] if self in stack else []
        return not below or isinstance(below[-1], CourseMapScreen)

    async def action_back_to_list(self) -> None:
        """From a practice on its own: back to the Practice list (not while the exercise runs)."""
        await self.action_back()

    async def action_back_to_lesson(self) -> None:
        """From a practice opened from a lesson: back to that lesson's step (not while the exercise runs)."""
        back = self.back_to
        if back is not None and await self.go(None):
            self.app.call_later(self.unclench.back_to_lesson, back)

    def action_stop_exercise(self) -> None:
        """End the running exercise at once."""
        view = self.exercise_view
        if view is not None:
            view.end_early()

    def action_resume_exercise(self) -> None:
        """Resume the paused exercise."""
        view = self.exercise_view
        if view is not None:
            view.resume()

    @property
    def prompt_view(self) -> PromptView | None:
        """The step view on screen when it is a reflection."""
        # Not imported to ask (the footer asks on every refresh): a learner reopening a page or a
        # quiz does not wait for the answer editor's module (Textual's TextArea) until a reflection.
        loaded = sys.modules.get("unclench.tui.widgets.prompt_view")
        view = self.view
        return view if loaded is not None and isinstance(view, loaded.PromptView) else None

    def action_write(self) -> None:
        """Start writing the reflection's answer."""
        view = self.prompt_view
        if view is not None:
            view.action_write()

    def footer_display(self, binding: Binding) -> str | None:
        """The footer shows ``n`` / ``p`` for next and previous where they work (every step, but while writing):
        a stranger read "^n Next  ^p Previous" on a page, where a learner presses n and p. While writing the
        footer shows ctrl+n / ctrl+p, the keys that work then (both work everywhere)."""
        if binding.id not in ("next_step", "previous_step"):
            return None
        view = self.prompt_view
        if view is not None and view.writing:
            return None
        return "n" if binding.id == "next_step" else "p"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys act now (and show): stop only during a run, resume only while paused, the step keys not
        during a run; e when not writing."""
        if action == "stop_exercise":
            return self.exercise_running
        if action == "resume_exercise":
            exercise = self.exercise_view
            return exercise is not None and exercise.phase == "paused"
        stepping = ("back", "back_to_record", "back_to_list", "back_to_lesson", "next_step", "previous_step")
        if action in stepping and self.exercise_running:
            # Escape stops the exercise first (the stop binding); the step keys cannot act (nor show) until it ends.
            return False
        if action in ("back", "back_to_record"):
            # A practice on its own goes back to the list; a lesson to what is under it, named as it is.
            return not self.practice and self._over_the_map() == (action == "back")
        if action in ("next_step", "previous_step"):
            return not self.practice  # a practice on its own leads nowhere else; escape goes back to the list
        if action == "back_to_list":
            return self.practice and self.back_to is None
        if action == "back_to_lesson":
            return self.back_to is not None
        if action == "write":
            view = self.prompt_view
            return view is not None and not view.writing
        return True

    def watch_exercise_running(self, running: bool) -> None:
        """Show the stop panel while a tremor exercise runs."""
        view = self.exercise_view
        tremor = view is not None and view.step.tremor
        self.query_one("#stop-panel").display = running and tremor
        self.set_class(running, "-running")

    # -- messages from the step views ------------------------------------------------

    async def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        """The Previous and Next buttons."""
        if event.button.id == "next":
            event.stop()
            await self.action_next_step()
        elif event.button.id == "prev":
            event.stop()
            await self.action_previous_step()

    def on_step_view_completed(self, message: StepView.Completed) -> None:
        """Record a step as done and update the progress shown."""
        message.stop()
        self._mark_done(message.place)
        self._after_progress()

    async def on_step_view_go_to(self, message: StepView.GoTo) -> None:
        """Go where a summary's button leads."""
        message.stop()
        await self.go(message.place, forward=message.place is not None)

    def on_exercise_view_run_changed(self, message: ExerciseView.RunChanged) -> None:
        """Track whether an exercise runs."""
        message.stop()
        self.exercise_running = message.running
        self.unclench.clear_state_notices()  # "still running", say, once it has ended

    def on_exercise_view_gate_requested(self, message: ExerciseView.GateRequested) -> None:
        """Show the safety gate before starting a tremor exercise."""
        message.stop()
        self._open_gate(start=True)

    def on_exercise_view_distressed(self, message: ExerciseView.Distressed) -> None:
        """A high rating before the run: suggest grounding instead (a deliberate start only where allowed)."""
        message.stop()
        view = self.exercise_view
        if view is None:
            return
        refusal = message.refusal
        text = (
            f"{refusal} Rather than starting the practice now, please take some time to ground "
            "yourself first. The practice will still be here later.\n\n" + GROUND_BEFORE_STARTING
        )
        choices = [("ground", "I will ground first")]  # it closes the box: the ways to ground are in it
        grounding = self._grounding_practice()
        if grounding is not None:
            text += f"\n\n{GROUNDING_PRACTICE_OFFER}"
            choices.append(("grounding", GROUNDING_PRACTICE_BUTTON))
        if refusal.allow_anyway:
            choices.append(("anyway", "Start anyway"))

        def chosen(choice: str | None) -> None:
            if choice == "anyway" and self.exercise_view is view:
                view.start_anyway()
            elif choice == "grounding" and grounding is not None:
                # The gate passed here goes along: the learner, back from grounding, is not asked at once again.
                clearance = view.clearance if self.exercise_view is view else None
                self.app.call_later(self.unclench.practise, grounding, back_to=BackTo(self.place, clearance))

        from unclench.tui.screens.dialogs import GuidanceScreen

        self.app.push_screen(GuidanceScreen("Ground yourself first", text, kind="grounding", choices=choices), chosen)

    def _grounding_practice(self) -> Place | None:
        """Where the course's first grounding exercise the learner has met is, to offer at a high rating; or None."""
        from unclench.records import practice_items

        # No history: an exercise met only by practising it is left out, never one the Practice list would refuse.
        items = practice_items(self.session.refresh(), {})
        found = next((item for item in items if item.met and item.step.grounding), None)
        return None if found is None else Place(found.lesson.id, found.index)

    def on_exercise_view_rate_first(self, message: ExerciseView.RateFirst) -> None:
        """Start without rating again after a start held back today: asked calmly to rate how they are now."""
        message.stop()
        self.unclench.state_notice(message.words, severity="information", timeout=10)

    def on_exercise_view_started_distressed(self, message: ExerciseView.StartedDistressed) -> None:
        """A grounding exercise started with a high rating before: support named while it runs."""
        message.stop()
        self.unclench.state_notice(message.words, severity="information", timeout=15)

    def on_exercise_view_screening_needed(self, message: ExerciseView.ScreeningNeeded) -> None:
        """Ask the screening questions before a first run; a closing yes keeps the exercise closed."""
        message.stop()
        view = self.exercise_view
        if view is None:
            return
        from unclench.tui.screens.dialogs import GuidanceScreen

        screening = message.screening
        if screening.unanswered:
            from unclench.tui.screens.screening import ScreeningScreen

            def answered(saved: bool | None) -> None:
                if not saved or self.exercise_view is not view:
                    return
                now = self.session.screening(view.step)
                if now.closing:
                    self._screening_closed(view, now)
                elif now.advice:
                    advice = "\n\n".join(f"**{q.question}** {q.advice.strip()}" for q in now.advice)
                    self.app.push_screen(
                        GuidanceScreen("Before you begin", advice, kind="notice", button="I have read this"),
                        lambda _: self._ready_to_start(view, ANSWERS_SAVED),
                    )
                else:
                    self._ready_to_start(view, ANSWERS_SAVED)

            self.app.push_screen(
                ScreeningScreen(self.session, self.session.course.screening_for(view.step), require_all=True),
                answered,
            )
        else:
            self._screening_closed(view, screening)

    def _screening_closed(self, view: ExerciseView, screening: Screening) -> None:
        from unclench.tui.screens.dialogs import GuidanceScreen

        change = " You can change your answers at any time (ctrl+k, Screening answers)."
        if screening.may_proceed_anyway:  # the words must match the buttons: a way on is offered
            after = (
                "\n\nSo this practice waits until you have checked."
                + change
                + (" If a professional has said it is fine for you, you may go ahead.")
            )
        else:
            after = "\n\nSo this practice stays closed for you for now." + change
        text = screening.reason() + after
        title = "Please check first" if screening.may_proceed_anyway else "This practice is closed for now"
        choices = [("ok", "Not now")]
        if screening.may_proceed_anyway:
            choices.append(("proceed", "I have checked: proceed anyway"))

        def chosen(choice: str | None) -> None:
            if choice == "proceed" and self.exercise_view is view:
                view.proceeding = True  # for this run: Start, pressed when ready, goes on to the gate and the limits
                self._ready_to_start(view, "")

        self.app.push_screen(GuidanceScreen(title, text, kind="notice", choices=choices), chosen)

    def _ready_to_start(self, view: ExerciseView, said: str) -> None:
        """Back at the exercise after the questions before a start: ready, Start focused, nothing started.

        Saving the answers started the timer at once: a stranger who still had to lie down had not pressed
        Start again. The next Start goes through every check as the first did (the gate, the limits, the
        ratings before).
        """
        if self._covered:  # the box that asked is closing: once this screen is back (resuming clears notices)
            self._when_back = functools.partial(self._ready_to_start, view, said)
            return
        if self.exercise_view is not view or view.running:
            return
        view.refresh_start()
        view.query_one("#start").focus()
        self.unclench.state_notice(f"{said}{NOT_STARTED}", severity="information", timeout=8)
        if view.needs_gate():  # the next thing Start asks for, opened now; passing it starts nothing
            self._open_gate(start=False)

    def on_exercise_view_blocked(self, message: ExerciseView.Blocked) -> None:
        """The exercise may not start now: say why, kindly."""
        message.stop()
        from unclench.tui.screens.dialogs import GuidanceScreen

        self.app.push_screen(GuidanceScreen("Not just now", message.reason, kind="notice"))

    def on_exercise_view_ended_early(self, message: ExerciseView.EndedEarly) -> None:
        """Grounding after the exercise was ended early; "I'm not OK" leads to the follow-up."""
        message.stop()
        # The sign's "Press s or Escape to end the exercise now" is over with the run: left under the box below,
        # it stayed up after the box closed, hiding the ratings after (a stranger's `s` just after Start).
        self.query_one("#cue", CueBanner).hide()
        self._ground_after_stop(message.session_id, self.exercise_view)

    def _ground_after_stop(self, session_id: str, view: ExerciseView | None) -> None:
        """ "Take a moment" after an early stop, once nothing covers this screen.

        Ended from the support card or help (their stop key), it waits until that box is closed: over the card
        it hid the numbers and the card's own "The exercise has ended" (the README says it follows).
        """
        if self._covered:
            self._when_back = functools.partial(self._ground_after_stop, session_id, view)
            return
        from unclench.tui.screens.dialogs import GuidanceScreen
        from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS

        def answered(choice: str | None) -> None:
            current = self.exercise_view if self.exercise_view is view else None
            if choice == "not-ok":
                if current is not None:
                    current.followed_up = True
                    current.hard_run = True  # its check-in after, still to come, is offered gently
                self.unclench.follow_up(
                    session_id,
                    then=current.ask_after if current is not None else None,
                    exercise=(view.lesson, view.step) if view is not None else None,
                    offers_after=current is not None and current.asks_after,
                )
            elif current is not None:
                current.ask_after()  # the check-in after the run asks, in view (moving on declines it)

        self.app.push_screen(
            GuidanceScreen(
                "Take a moment",
                self.session.course.guidance.grounding,
                kind="grounding",
                choices=[("ok", "I'm OK"), ("not-ok", "I'm not OK")],
                choose_first=False,  # neither answer is assumed: Enter by habit says nothing
                escape_after=WARNING_READ_SECONDS,  # nor an Escape pressed twice to stop
            ),
            answered,
        )

    def on_exercise_view_cued(self, message: ExerciseView.Cued) -> None:
        """A cue for a learner practising with eyes closed: the bell, and the whole screen changes for a moment."""
        message.stop()
        from unclench.practice import Cue

        self.app.bell()
        guidance = ""
        if message.cue is Cue.END:
            stop = "Take your time. Open your eyes and sit up slowly when you are ready."
        else:
            stop = stop_now()
            view = self.exercise_view
            if view is not None and view.step.tremor:  # the stop panel's words, which the sign covers for a moment
                guidance = self.session.course.guidance.stop
        self.query_one("#cue", CueBanner).show(message.cue, message.left, stop, guidance)

    def on_prompt_view_typed_before_writing(self, message: PromptView.TypedBeforeWriting) -> None:
        """Letters typed before writing went nowhere: said while this step is shown (a stranger read it on the next)."""
        message.stop()
        from unclench.tui.widgets.prompt_view import PromptView

        self.unclench.state_notice(PromptView.TYPED_BEFORE_WRITING, severity="information", timeout=6)

    def on_prompt_view_writing_started_after_letters(self, message: PromptView.WritingStartedAfterLetters) -> None:
        """Writing started straight after letters that went nowhere: which ones are not in the answer."""
        message.stop()
        from unclench.text import visible

        self.unclench.clear_state_notices()  # "Nothing was typed into your answer" is no longer true
        self.unclench.state_notice(
            f'"{visible(message.letters)}", typed before writing started, is not in your answer.',
            severity="information",
            timeout=8,
        )

    def on_prompt_view_writing_started(self, message: PromptView.WritingStarted) -> None:
        """Writing started: a notice about keys typed at the box before ("typed as a word") is no longer true."""
        message.stop()
        self.unclench.clear_state_notices()

    def on_prompt_view_word_typed(self, message: PromptView.WordTyped) -> None:
        """A word begun with ``e`` went nowhere: said, with how to write (the word as typed, no markup)."""
        message.stop()
        from unclench.tui.typed_words import typed_as_a_word

        self.unclench.clear_state_notices()  # what they said about the letters typed is no longer the whole story
        self.unclench.state_notice(typed_as_a_word(message.word), severity="information", timeout=8)

    def on_autosave_editor_clear_asked(self, message: AutosaveEditor.ClearAsked) -> None:
        """Writing stopped with the box emptied over an answer: keep it unless the learner chooses to clear it."""
        message.stop()
        from unclench.tui.screens.dialogs import ask_before_clearing

        ask_before_clearing(self.app, message.editor)

    def on_exercise_view_follow_up(self, message: ExerciseView.FollowUp) -> None:
        """Ratings after the run were high or worse than before: the follow-up."""
        message.stop()
        view = self.exercise_view
        if view is not None:
            self.unclench.follow_up(view.session_id, exercise=(view.lesson, view.step))

    def on_exercise_view_after_saved(self, message: ExerciseView.AfterSaved) -> None:
        """The ratings after the run are saved: a notice that they were not goes."""
        message.stop()
        self.unclench.clear_state_notices()

    def on_exercise_view_kind_word(self, message: ExerciseView.KindWord) -> None:
        """Ratings after the run were worse than before, or hard: a calm word, grounding, the support card near."""
        message.stop()
        self.unclench.kind_word(message.run)

    def _open_gate(self, *, start: bool) -> None:
        view = self.exercise_view
        if view is None:
            return
        gate = safety_gate(self.session.course, self.place.lesson_id, view.step)
        if gate is None:
            return
        place = self.place

        def passed(ok: bool | None) -> None:
            self.unclench.answered(gate)
            if not ok or self.place != place or self.view is not view:
                return
            self.session.write(
                self,
                lambda: self.session.learner.acknowledge(gate.ack_kind, gate.subject_id, gate.text),
                "your acknowledgement",
            )
            view.clearance = gate.pass_(self.session.clock())
            if start:
                view.start()
            else:
                view.focus_first()

        from unclench.tui.screens.dialogs import open_safety_gate

        open_safety_gate(self.app, gate, passed)


#: Seconds within which the key the screen saw last is the one whose binding turned the step (not a click).
_TURNED_BY_KEY_WITHIN = 1.0

#: Said when Enter is pressed on a page where nothing takes it: the keys that do move.
ENTER_ON_A_PAGE = "Enter does not turn the page: n or → goes to the next step, p or ← back."
ENTER_ON_A_PAGE_SECONDS = 3.0

#: The keys that press the focused button (taken by a cue over the screen instead: see :meth:`PlayerScreen.on_key`).
_PRESSING_KEYS = frozenset({"enter", "space"})

#: How soon after a box closed an Escape is of the burst that closed it (a stranger's came 0.25 s apart).
_ESCAPE_BURST_SECONDS = 0.4

#: The keys that move between steps (off while an exercise runs: see :meth:`PlayerScreen.on_key`).
_STEP_KEYS = frozenset(
    key.strip()
    for binding in PlayerScreen.BINDINGS
    if isinstance(binding, Binding) and binding.action in ("next_step", "previous_step")
    for key in binding.key.split(",")
)
