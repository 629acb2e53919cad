"""The Unclench app: the learner-facing terminal UI.

Screens: the welcome and disclaimer (first run, and whenever the disclaimer
changes), the course map, the lesson player (page, prompt, quiz, exercise and
lesson summary), the safety gate before every tremor exercise, grounding and
support guidance, the journal (every answer, searchable and editable), the
check-in trends, help, and a notice when a damaged progress file was moved
aside.

Every key is listed by :mod:`unclench.tui.keys`, generated from the bindings.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sys
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard, cast

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from unclench.course import Course, ExerciseStep, Lesson
from unclench.journey import Place
from unclench.store.errors import StoreError
from unclench.text import visible, visible_address, without_controls
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.modal import HELP_TOOLTIP, QUIT_TOOLTIP
from unclench.tui.screens.record import RecordScreen
from unclench.tui.session import Session

#: The heading of the kind word after a run rated worse or hard (:meth:`UnclenchApp.kind_word`).
KIND_WORD_TITLE = "If this feels hard right now"


#: The app's exit status after a signal is this plus the signal's number, as shells report it (143: SIGTERM).
SIGNAL_EXIT_BASE = 128
#: The most times a stop on a signal looks again for keys still on their way (each after the app's next refresh).
STOP_ROUNDS = 100

if TYPE_CHECKING:
    from pathlib import Path

    from textual.command import Provider
    from textual.driver import Driver

    from unclench.journey import RecommendedOrder
    from unclench.practice import Clearance, ExerciseRun, SafetyGate
    from unclench.store import ProgressStore

    # Imported where first needed, so that start-up to the course map does not load them.
    from unclench.tui.screens.dialogs import GuidanceScreen
    from unclench.tui.screens.help import HelpScreen
    from unclench.tui.screens.player import BackTo, PlayerScreen
    from unclench.tui.screens.practice import PracticeScreen
    from unclench.tui.terminal_driver import TerminalDriver
    from unclench.tui.widgets.deliberate_text_area import DeliberateTextArea


def _literal_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not on the way to the first frame)."""
    from unclench.tui.literal_commands import LiteralSystemCommands

    return LiteralSystemCommands


#: The first words after a hard run: care before the rule (a stranger, upset, read "stay closed" first).
HARD_RUN_LEAD = "Thank you for saying so: looking after yourself comes first."

#: Said last in the box after a hard run whose check-in after is still to come (PTSD Coach asks a distress
#: rating after each tool, as before it): offered, never asked for, after the care and the support.
#: One line at 80 columns, so that the box still needs no scrolling there.
AFTER_RATING_OFFER = "When you close this, you can say how you are now, or leave it."


def follow_up_words(course: Course, *, grounding: bool = False, hard: str = "") -> str:
    """The follow-up's own words, before the course's ``guidance.support``: what the app did, and where support is.

    Args:
        course: The course.
        grounding: Whether the hard run was of an exercise that is itself grounding (it stays open).
        hard: The exercise that was hard, named (:func:`unclench.practice.hard_exercise_words`): the notice may
            cover another step, or come when the app reopens. Empty: "this exercise".
    """
    from unclench.practice import closed_after_a_hard_run

    closed = closed_after_a_hard_run(tremor_in_course=course.has_tremor_practice, grounding=grounding, hard=hard)
    support = "The support card lists people you can reach out to now (f2 opens it from any screen)."
    if not closed:
        return f"{HARD_RUN_LEAD} {support}"
    return f"{HARD_RUN_LEAD} {closed[0].upper()}{closed[1:]} for the rest of today, so that you can rest. {support}"


def _instance(screen: object, module: str, name: str) -> bool:
    """Whether ``screen`` (or a widget) is an instance of the class ``name`` of ``module``, without importing it.

    A screen whose module was never imported cannot exist, so the answer is no.
    """
    loaded = sys.modules.get(module)
    cls = getattr(loaded, name, None) if loaded is not None else None
    return cls is not None and isinstance(screen, cls)


#: Said when a paste arrives where nothing takes text (a reflection not being written, a page, the map).
PASTE_WENT_NOWHERE = "Nothing here takes text. To paste into an answer, press e to start writing, then paste again."


def _is_editor(widget: object) -> TypeGuard[DeliberateTextArea]:
    return _instance(widget, "unclench.tui.widgets.deliberate_text_area", "DeliberateTextArea")


def _is_player(screen: Screen[Any]) -> TypeGuard[PlayerScreen]:
    return _instance(screen, "unclench.tui.screens.player", "PlayerScreen")


def _is_help(screen: Screen[Any]) -> TypeGuard[HelpScreen]:
    return _instance(screen, "unclench.tui.screens.help", "HelpScreen")


#: Said when ctrl+c is pressed (it neither quits nor copies) while an answer is being written.
CTRL_C_WRITING = "To quit, press ctrl+q (or q when you are not writing): your answer is saved first."
#: Said instead when the focus is in a one-line box (the journal's search), where q is typed too.
CTRL_C_IN_A_BOX = "To quit, press ctrl+q (q types into this box)."
#: Said anywhere else (the disclaimer, the map, a step not being written): no answer is being written there.
CTRL_C_ELSEWHERE = "To quit, press ctrl+q or q."


def ctrl_c_notice(focused: object) -> str:
    """How to quit, said when ctrl+c is pressed with ``focused`` (a widget, or None) having the focus.

    One sentence said everywhere told of "your answer" on the disclaimer, where there is none.
    """
    if _is_editor(focused):
        return CTRL_C_WRITING
    if _instance(focused, "textual.widgets._input", "Input"):
        return CTRL_C_IN_A_BOX
    return CTRL_C_ELSEWHERE


#: How many of the course folders just below the starting folder the app names, and for how many seconds.
COURSES_BELOW_NAMED = 3
COURSES_BELOW_SECONDS = 20


class UnclenchApp(App[None]):
    """The learner's app for one course.

    Args:
        course: The course to take.
        store: The open progress store (the caller closes it).
        clock: A monotonic clock for exercise timers (tests freeze it).
        cursor_blink: Whether text cursors blink (snapshot tests turn it off).
    """

    TITLE = "Unclench"
    CSS_PATH = "unclench.tcss"
    COMMAND_PALETTE_BINDING = "ctrl+k"
    """ctrl+p is "previous step", so the palette moves to ctrl+k."""
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_literal_commands}
    """The palette's commands, lesson titles shown as written (:mod:`unclench.tui.literal_commands`)."""

    HELP_PLACE = "everywhere"
    #: Whether this is the author's preview (``unclench preview``), whose own keys help lists only there.
    PREVIEW: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False, tooltip=QUIT_TOOLTIP),
        Binding("q", "quit", "Quit", id="quit_q", tooltip=QUIT_TOOLTIP),
        Binding("question_mark", "help", "Help", id="help", tooltip=HELP_TOOLTIP),
        Binding(
            "f1",
            "help",
            "Help",
            id="help_f1",
            show=False,
            priority=True,
            tooltip=HELP_TOOLTIP,
        ),
        Binding(
            "f2",
            "support",
            "Support",
            id="support",
            priority=True,
            tooltip="Support card: helplines and your own people",
        ),
    ]

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        *,
        clock: Callable[[], float] | None = None,
        cursor_blink: bool = True,
        look_below: Path | None = None,
    ) -> None:
        """Args: ``look_below``: the folder the person started in, when the course is the bundled one for want
        of one there: their own course folders just below it are named (:meth:`_name_courses_below`)."""
        super().__init__()
        self._look_below = look_below
        self._courses_below: list[str] = []
        if clock is None:
            self.session = Session(course, store, cursor_blink=cursor_blink)
        else:
            self.session = Session(course, store, clock=clock, cursor_blink=cursor_blink)
        self._state_notices: list[Notification] = []
        self._signal_handlers_before: dict[int, Any] = {}
        self._stopping_on_signal = False
        self.stopping = threading.Event()
        """Set when the app is told to stop by a signal or by its terminal going away (see ``cli/run.py``)."""
        self.stop_signal: int | None = None
        """The signal that told the app to stop (SIGHUP for a terminal gone), once one did."""

    @property
    def course(self) -> Course:
        """The course being taken."""
        return self.session.course

    @property
    def store(self) -> ProgressStore:
        """The progress store, for tests and the command line: the screens use ``session.learner``."""
        return self.session.learner.store

    # -- start ---------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; in a Linux or macOS terminal, one that ends the app when the terminal goes away."""
        from unclench.tui.terminal_driver import terminal_driver

        return terminal_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen[Any]:
        """The course map is the app's first screen, and stays at the bottom of the stack.

        Progress carried over renamed lessons first, so that the map shows it.
        """
        self.title = self.course.title
        self.adopt_renamed_lessons()
        return CourseMapScreen(self.session, deferred=self._starts_over_the_map())

    def adopt_renamed_lessons(self) -> None:
        """Carry progress saved under a lesson's ``previous_ids`` over to its current id."""
        try:
            self.session.learner.adopt_renamed_lessons()
        except StoreError as error:
            self.notify(
                visible(error.explained), title="Could not update your progress", severity="error", markup=False
            )

    def _starts_over_the_map(self) -> bool:
        """Whether another screen opens over the map at once (a notice, the disclaimer, the learner's step)."""
        if self.session.learner.notice or not self.session.disclaimer_acknowledged():
            return True
        try:
            return self.session.learner.position() is not None
        except StoreError:
            return False

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """``$ansi-background`` where Textual has none (before 8): MarkedButton's styles, a copy of Textual 8's
        Button rules, use it, and Textual refuses a stylesheet with an undefined variable. A theme's own wins."""
        return {**super().get_theme_variable_defaults(), "ansi-background": "transparent"}

    def _handle_exception(self, error: Exception) -> None:
        """End the app on an unexpected error with :func:`~unclench.errors.crash_report`, not Textual's traceback.

        Textual's shows every frame's local variables, the learner's journal
        text among them, on the terminal and in its scrollback. The command
        line then says where the data is and that it is safe.
        """
        from rich.text import Text

        from unclench.errors import crash_report

        self._return_code = 1
        if self._exception is None:  # what Pilot re-raises in tests
            self._exception = error
            self._exception_event.set()
        self.bell()
        self._exit_renderables.append(Text(visible(crash_report(error))))
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        """The learner's theme; over the map: notices about saved progress, then the disclaimer, or their step."""
        self._exit_on_signals()
        self._apply_saved_theme()
        if self._look_below is not None:
            self._name_courses_below(self._look_below)
        notice = self.session.learner.notice
        if notice:
            from unclench.tui.screens.dialogs import GuidanceScreen

            notice_screen = GuidanceScreen("About your saved progress", visible(notice), kind="notice")
            self.push_screen(notice_screen, lambda _: self._after_notice())
        else:
            # After Textual's start-up batch: a screen pushed inside it is rendered, thrown
            # away and laid out again, which would delay a returning learner's first frame.
            self.call_later(self._after_notice)

    @work(thread=True, exit_on_error=False)
    def _name_courses_below(self, folder: Path) -> None:
        """Name the person's own course folders just below ``folder``, and how to open one (off the first frame).

        An author who runs ``unclench`` one folder above their course gets the bundled course; ``unclench
        check`` refuses there, and the app says so on its first screen.
        """
        import shlex

        from unclench.folders import courses_below

        below = courses_below(folder)
        if below:
            self.call_from_thread(self._tell_courses_below, [shlex.quote(str(c.relative_to(folder))) for c in below])

    def _tell_courses_below(self, names: list[str]) -> None:
        """Say which course folders are just below, once the disclaimer is read (nothing covers it meanwhile)."""
        if not self.session.disclaimer_acknowledged():
            self._courses_below = names  # said once the disclaimer is acknowledged (:meth:`_after_interrupted_run`)
            return
        self._courses_below = []
        listed = ", ".join(names[:COURSES_BELOW_NAMED]) + (
            f" and {len(names) - COURSES_BELOW_NAMED} more" if len(names) > COURSES_BELOW_NAMED else ""
        )
        where = "A course folder is" if len(names) == 1 else "Course folders are"
        self.notify(
            visible(
                f"{where} just below the folder you started in: {listed}. "
                f"To open {'it' if len(names) == 1 else 'one'}, quit (ctrl+q) and run "
                f"unclench --course {names[0]}"
            ),
            title="This is the course that comes with Unclench",
            markup=False,
            timeout=COURSES_BELOW_SECONDS,
        )

    def _after_notice(self) -> None:
        if self.session.disclaimer_acknowledged():
            self._after_interrupted_run()
        else:
            from unclench.tui.screens.disclaimer import DisclaimerScreen

            self.push_screen(DisclaimerScreen(self.session), lambda _: self._after_interrupted_run())

    def _after_interrupted_run(self) -> None:
        """Tell the learner about a practice the app closed in the middle of, then resume.

        Runs left under way by a process that quit or crashed are recorded as
        interrupted first. The latest one the learner was not told about is
        offered its after check-in (which may lead to the follow-up).
        """
        if self._courses_below:
            self._tell_courses_below(self._courses_below)
        try:
            self.session.learner.interrupt_stale_runs()
            untold = self.session.learner.untold_interrupted_runs()
        except StoreError:
            untold = []
        if not untold:
            self._resume()
            return
        for run in untold:
            notice = functools.partial(self.session.learner.mark_run_noticed, run.session_id)
            self.session.write(self.screen, notice, "your practice")
        from unclench.practice import AfterCare, exercise_of
        from unclench.tui.screens.interrupted import InterruptedRunScreen

        latest = untold[-1]
        screen = InterruptedRunScreen(self.session, latest)

        def checked_in(care: AfterCare | None) -> None:
            if care is AfterCare.FOLLOW_UP:
                self.follow_up(
                    latest.session_id,
                    then=self._resume,
                    exercise=exercise_of(self.course, latest.lesson_id, latest.step_id),
                )
            elif care is AfterCare.KIND_WORD and screen.run is not None:
                self.kind_word(screen.run, then=self._resume)
            else:
                self._resume()

        self.push_screen(screen, checked_in)

    def follow_up(
        self,
        session_id: str | None,
        *,
        then: Callable[[], None] | None = None,
        exercise: tuple[Lesson, ExerciseStep] | None = None,
        offers_after: bool = False,
    ) -> None:
        """After a hard practice: grounding, support, and no more of it today.

        Args:
            session_id: The run that was hard (recorded, so that the practice stays closed today).
            then: What to do once the learner closes it.
            exercise: The run's lesson and exercise, named in the words (one that is itself grounding stays
                open; the words say so). None: gone from the course.
            offers_after: ``then`` offers the run's check-in after (not rated yet): the box says so, last.
        """
        if session_id is not None:
            self.session.write(self.screen, lambda: self.session.learner.set_run_follow_up(session_id), "your practice")
        player = self.player()
        view = player.exercise_view if player is not None else None
        if view is not None:
            view.refresh_closed()
        from unclench.practice import hard_exercise_naming
        from unclench.tui.screens.dialogs import GuidanceScreen

        grounding, hard = hard_exercise_naming(exercise)
        said = follow_up_words(self.course, grounding=grounding, hard=hard)
        # The app's words first: the course's support text may be long, and these must be seen without scrolling.
        text = f"{said}\n\n{self.course.guidance.support.strip()}"
        if offers_after:
            text += f"\n\n{AFTER_RATING_OFFER}"
        self._push_guidance(
            GuidanceScreen(
                "Please take care of yourself",
                text,
                kind="support",
                choices=[("card", "Open the support card"), ("close", "Close")],
            ),
            then,
        )

    def kind_word(self, run: ExerciseRun, *, then: Callable[[], None] | None = None) -> None:
        """After a run rated worse, or hard, with no alert level reached: a calm word, grounding, support near.

        Nothing is recorded and nothing closes (that is :meth:`follow_up`): the learner reads,
        and goes on or stops as they like.

        Args:
            run: The run (its ratings say what was worse).
            then: What to do once the learner closes it.
        """
        from unclench.practice import kind_word_text
        from unclench.tui.screens.dialogs import GuidanceScreen
        from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS

        text = kind_word_text(run.harder_after(), run.before, run.after, self.course.guidance.grounding)
        self._push_guidance(
            GuidanceScreen(
                KIND_WORD_TITLE,
                text,
                kind="grounding",
                choices=[("close", "Close"), ("card", "Open the support card")],
                # Close has the focus, as in every other box (a stranger's Enter did nothing until Tab), but an
                # Enter pressed by habit straight after the one that saved the ratings does not close it unread.
                press_after=WARNING_READ_SECONDS,
            ),
            then,
        )

    def _push_guidance(self, screen: GuidanceScreen, then: Callable[[], None] | None) -> None:
        """Show guidance after a run: its "card" choice opens the support card; ``then`` follows either way."""

        def chosen(choice: str | None) -> None:
            if choice == "card":
                from unclench.tui.screens.support import SupportScreen

                self.push_screen(SupportScreen(self.session), lambda _: then() if then is not None else None)
            elif then is not None:
                then()

        self.push_screen(screen, chosen)

    def _resume(self) -> None:
        """A returning learner goes straight back to the step they were at (else the map it is)."""
        place = self._resume_place()
        if place is None:
            self.call_later(self._show_map)
            return
        if self.ask_recommended_order(place, None, functools.partial(self.open_place, asked=True)):
            return
        from unclench.journey import LessonState
        from unclench.tui.screens.player import PlayerScreen

        offered = self.session.journey.lesson_state(place.lesson_id) is LessonState.NOT_STARTED
        self.push_screen(PlayerScreen(self.session, place, offered=offered))

    def _resume_place(self) -> Place | None:
        try:
            if self.session.learner.position() is None:
                return None
        except StoreError:
            return None
        journey = self.session.refresh()
        if journey.progress.position is None:
            return None
        return journey.continue_place()

    async def _show_map(self) -> None:
        """Build the map, when it was deferred and nothing covers it."""
        screen = self.screen
        if isinstance(screen, CourseMapScreen):
            await screen.build()

    # -- screens -------------------------------------------------------------------

    def player(self) -> PlayerScreen | None:
        """The lesson player, when it is open."""
        for screen in reversed(self.screen_stack):
            if _is_player(screen):
                return screen
        return None

    async def open_place(self, place: Place | None, *, asked: bool = False, clearance: Clearance | None = None) -> None:
        """Show ``place`` in the lesson player (opening it when needed).

        A lesson opened before the lessons it builds on are done names them
        first (see :meth:`ask_recommended_order`).

        Args:
            place: Where to go; None means the continue point.
            asked: The learner already chose to continue anyway.
            clearance: The clearance of the safety gate at ``place``, passed before the learner left the step (to
                ground): the gate does not open on arrival, and Start asks for it when it no longer accepts this.
                Only for a lesson player opened anew; one already open arrives as ever (its gate opens).
        """
        if not self.session.disclaimer_acknowledged():
            self.notify("Please read the disclaimer and tick the box first.", markup=False)
            return
        journey = self.session.refresh()
        target = place if place is not None else journey.continue_place()
        if target is None:
            self.notify("This course has no lessons yet.", markup=False)
            return
        player = self.player()
        if player is not None:
            if self.screen is not player:
                return
            if not player.practice:
                await player.go(target, asked=asked)
                return
            # From a practice on its own, a lesson opens in the lesson player, over the map.
            if not await player.go(None) or not await self._leave_record_screen():
                return
        if not asked and self.ask_recommended_order(target, None, functools.partial(self.open_place, asked=True)):
            return
        from unclench.tui.screens.player import PlayerScreen

        self.push_screen(PlayerScreen(self.session, target, gate_answered=clearance is not None, clearance=clearance))

    def ask_recommended_order(
        self, target: Place, current: Place | None, proceed: Callable[[Place], Awaitable[object]]
    ) -> bool:
        """Before entering a lesson early, name the lessons it builds on; True when the question is asked.

        "Go there" calls ``proceed`` with the first lesson to do first,
        "Continue anyway" remembers the choice and calls it with ``target``;
        "Not now" (or Escape) goes nowhere. No progress changes either way.

        Args:
            target: Where the learner is going.
            current: Where they are (None: not in a lesson).
            proceed: Goes to a place without asking again.
        """
        order = self.session.recommended_order(target, current)
        if order is None:
            return False
        from unclench.tui.screens.recommended_order import CONTINUE_ANYWAY, GO_THERE, RecommendedOrderScreen

        def chosen(choice: str | None) -> None:
            self.answered(order)
            if choice == GO_THERE:
                self.call_later(proceed, order.go_to)
            elif choice == CONTINUE_ANYWAY:
                self.session.continue_anyway(self.screen, order)
                self.call_later(proceed, target)
            elif self.player() is None:
                self.call_later(self._show_map)  # the map may still wait to be built (a learner resuming)

        go_title = self.session.journey.lesson(order.go_to.lesson_id).title
        self.push_screen(RecommendedOrderScreen(order, go_title), chosen)
        return True

    def answered(self, asked: SafetyGate | RecommendedOrder) -> None:
        """The learner answered a safety gate or the "Before this lesson" box (passed or closed it, either way).

        Nothing is done here: the app asks again every time (a gate before every run). The author's preview
        remembers it, so as not to ask again when it reloads the lesson after a save (:mod:`unclench.tui.preview`).
        """

    async def on_course_map_screen_open_lesson(self, message: CourseMapScreen.OpenLesson) -> None:
        """Open a lesson (or the continue point) from the course map, if the map is still what shows.

        The lesson opens a moment after its key: a stranger's "cj" opened the journal in between, and the
        lesson over it, so Escape ("esc Map") went to the journal. The screen opened since is the one kept.
        """
        if not isinstance(self.screen, CourseMapScreen):
            return
        journey = self.session.refresh()
        place = None if message.lesson_id is None else journey.entry_place(message.lesson_id)
        await self.open_place(place)

    async def action_continue(self) -> None:
        """Go to the exact step where the learner left off."""
        await self.open_place(None)

    async def action_course_map(self) -> None:
        """Back to the course map (saving first), from the lesson, a practice on its own or a record screen."""
        player = self.player()
        if player is not None and (self.screen is not player or not await player.go(None)):
            return
        await self._leave_record_screen()

    async def action_next_step(self) -> None:
        """Next step, when the lesson player is on screen and its own next key would act."""
        player = self.player()
        if player is not None and self.screen is player and player.check_action("next_step", ()):
            await player.action_next_step()

    async def action_previous_step(self) -> None:
        """Previous step, when the lesson player is on screen and its own previous key would act."""
        player = self.player()
        if player is not None and self.screen is player and player.check_action("previous_step", ()):
            await player.action_previous_step()

    async def action_journal(self) -> None:
        """Open the journal: every answer written, searchable and editable."""
        from unclench.tui.screens.journal import JournalScreen  # on first use: start-up stays quick

        await self._open_record(JournalScreen)

    async def action_trends(self) -> None:
        """Open the check-in trends."""
        from unclench.tui.screens.trends import TrendsScreen  # on first use: start-up stays quick

        await self._open_record(TrendsScreen)

    async def action_practice(self) -> None:
        """Open the Practice list: every exercise met, to practise on its own, with the history."""
        from unclench.tui.screens.practice import PracticeScreen  # on first use: start-up stays quick

        await self._open_record(PracticeScreen)

    async def on_practice_screen_open(self, message: PracticeScreen.Open) -> None:
        """Practise an exercise on its own: the lesson player shows only it, with its gate and check-ins."""
        from unclench.tui.screens.player import PlayerScreen
        from unclench.tui.screens.practice import PracticeScreen

        if isinstance(self.screen, PracticeScreen) and self.player() is None:
            self.push_screen(PlayerScreen(self.session, message.place, practice=True, back_to=message.back_to))

    async def _leave_record_screen(self) -> bool:
        """Close the record screen on top, if any (saving first); False when the learner must stay."""
        screen = self.screen
        if isinstance(screen, RecordScreen):
            if not await screen.leave():
                return False
            screen.dismiss(None)
        return True

    async def _open_record(self, screen_class: type[RecordScreen]) -> None:
        """Open a record screen over the course map (leaving the lesson or the other record screen first).

        A practice on its own sits on the Practice list: both are left.
        """
        if not self.session.disclaimer_acknowledged():
            self.notify("Please read the disclaimer and tick the box first.", markup=False)
            return
        screen = self.screen
        if isinstance(screen, screen_class):
            return
        if _is_help(screen):
            screen.dismiss(None)
        player = self.player()
        if player is not None and (self.screen is not player or not await player.go(None)):
            return
        if isinstance(self.screen, screen_class):
            return
        if not await self._leave_record_screen():
            return
        if not isinstance(self.screen, CourseMapScreen):
            return
        self.leave_notices_behind()
        self.push_screen(screen_class(self.session))

    def action_help(self) -> None:
        """Show help (keys, the course, where data is stored)."""
        if not _is_help(self.screen):
            from unclench.tui.screens.help import HelpScreen

            # A notice over the box covers what it says (a stranger read "Ctrl+c does not quit" over help's keys).
            self.leave_notices_behind()
            self.push_screen(HelpScreen(self.session, here=self.screen, preview=self.PREVIEW))

    def action_help_quit(self) -> None:
        """Ctrl+c (pressed by habit, to quit or to copy): say how to quit, in Unclench's words, once at a time.

        During an exercise on screen it ends the exercise, as the stop keys do.

        Textual's own notice ("Press ctrl+q to quit the app") said nothing of the answer being written.
        """
        player = self.player()
        view = player.exercise_view if player is not None else None
        if view is not None and view.running:
            # Pressed during an exercise, ctrl+c means "stop" (a terminal's interrupt): a stranger lying with their
            # eyes closed pressed it, and was told which keys stop. It stops, as they do, from the lesson or from a
            # box over it that has a key to end it (help, the support card, "Before you go").
            if self.screen is player:
                view.end_early()  # the grounding after a stop follows
                return
            end_from_box = getattr(self.screen, "action_end_exercise", None)
            if end_from_box is not None:
                end_from_box()
                return
            from unclench.tui.stopping import stop_keys

            message = f"To end the exercise now, press {stop_keys()}. To quit Unclench, press ctrl+q."
            title = "Ctrl+c does not stop the exercise"
        else:
            message, title = ctrl_c_notice(self.focused), "Ctrl+c does not quit"
        if any(n.message == message for n in self._notifications):
            return
        # About the keys where it was pressed: it goes when that changes (an exercise ends, a box opens over it).
        self.state_notice(message, title=title, severity="information")

    def action_screening(self) -> None:
        """Review or change the answers to the course's screening questions."""
        if not _instance(self.screen, "unclench.tui.screens.screening", "ScreeningScreen"):
            from unclench.tui.screens.screening import ScreeningScreen

            self.push_screen(ScreeningScreen(self.session, self.course.screening, require_all=False))

    def action_toggle_cues(self) -> None:
        """Turn the start, halfway and end cues of timed exercises on or off (remembered)."""
        player = self.player()
        view = player.exercise_view if player is not None else None
        if view is not None:
            view.cues = not view.cues  # its box shows the change and saves it
            on = view.cues
        else:
            on = not self.session.learner.cues_wanted()
            learner = self.session.learner
            if not self.session.write(self.screen, lambda: learner.set_cues(on), "your setting"):
                return
        state = "on: a bell and a full-screen sign" if on else "off"
        self.notify(f"Cues at the start, halfway and end of an exercise are {state}.", markup=False)

    def action_support(self) -> None:
        """Show the support card (over whatever is on screen, even a running exercise)."""
        if not _instance(self.screen, "unclench.tui.screens.support", "SupportScreen"):
            from unclench.tui.screens.support import SupportScreen

            self.leave_notices_behind()  # not over the card's helplines (an error, a save that failed, stays)
            self.push_screen(SupportScreen(self.session))

    def _exit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal window) end the app as quitting does: text saved, terminal restored.

        The handler only hands the stop to the app, behind the keys already read
        (:meth:`_stop_on_signal`), so that the save and Textual's own clean-up
        (leaving the alternate screen, mouse tracking off) run as on any other
        exit. It is Python's own handler, not the event loop's, so that even an
        app that can no longer run tells :attr:`stopping` (see ``cli/run.py``).
        """
        import signal

        loop = asyncio.get_running_loop()

        def handle(signum: int, _frame: object) -> None:
            self.request_stop(signum)
            with contextlib.suppress(RuntimeError):  # the loop has closed: the app has ended
                loop.call_soon_threadsafe(self.call_later, self._stop_on_signal, signum)

        for signum in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
            if signum is not None:
                with contextlib.suppress(ValueError, OSError):
                    self._signal_handlers_before[int(signum)] = signal.signal(signum, handle)

    def on_unmount(self) -> None:
        """The signals go back to the handlers they had: the app has ended, with everything saved."""
        import signal

        handlers, self._signal_handlers_before = self._signal_handlers_before, {}
        for signum, handler in handlers.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)

    def request_stop(self, signum: int) -> None:
        """Note that ``signum`` told the app to stop; :attr:`stopping` is set (any thread, or a signal handler)."""
        if self.stop_signal is None:
            self.stop_signal = signum
        self.stopping.set()

    def on_terminal_driver_terminal_closed(self, message: TerminalDriver.TerminalClosed) -> None:
        """The terminal is gone (EOF or EIO, with or without a SIGHUP): stop as on SIGHUP."""
        import signal

        hangup = int(getattr(signal, "SIGHUP", 1))
        self.request_stop(hangup)
        self.call_later(self._stop_on_signal, hangup)

    async def _stop_on_signal(self, signum: int, rounds: int = 0) -> None:
        """Stop as quitting does, once the keys read before the signal are typed (so that they are saved too).

        Keys typed straight after the key that started the writing go up from what had the
        focus, through the app, to the editor (see ``DeliberateTextArea.take_focus_from``),
        which is made and mounted first: while any message waits on the way, this looks
        again after the app's next refresh (the app must be free for that work), up to
        :data:`STOP_ROUNDS` times. Words typed just before the window closed were read but
        lost so.
        """
        if rounds == 0:
            if self._stopping_on_signal:
                return
            self._stopping_on_signal = True
        if rounds < STOP_ROUNDS and self._messages_waiting():
            self.call_after_refresh(self._stop_on_signal, signum, rounds + 1)
            return
        await self._take_typed_input()
        player = self.player()
        view = player.exercise_view if player is not None else None
        if view is not None and view.running:
            with contextlib.suppress(StoreError):  # it is told as interrupted at the next start anyway
                view.interrupt()
        self.flush()  # a failed save cannot be asked about now; the text was saved up to the last second
        self.exit(return_code=SIGNAL_EXIT_BASE + signum)

    def _messages_waiting(self) -> bool:
        """Whether a message (a key on its way, say) waits in the app's queue or that of anything on its screen."""
        return self.message_queue_size > 0 or any(
            node.message_queue_size > 0 for node in self.screen.walk_children(with_self=True)
        )

    def flush(self) -> StoreError | None:
        """Save everything pending now (a journal answer being typed, in a lesson or in the journal)."""
        player = self.player()
        error = player.flush() if player is not None else None
        for screen in self.screen_stack:
            if isinstance(screen, RecordScreen):
                error = screen.flush() or error
        return error

    async def _take_typed_input(self) -> None:
        """Let the focused widget take the keys and pastes that arrived before the quit key.

        A quit key is a priority binding: it is handled as soon as the app reads
        it, while keys of the same input burst (a paste, then ctrl+q at once)
        still wait in the focused editor's queue. A callback queued behind them
        runs once they are typed, so that the flush saves them too.
        """
        focused = self.focused
        if focused is None or not focused.is_attached:
            return
        typed = asyncio.Event()
        focused.call_later(typed.set)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(typed.wait(), timeout=2)

    async def _on_key(self, event: events.Key) -> None:
        """Before Textual runs a key's binding (every key nothing below took comes here).

        A key pressed before the lesson step on screen was shown does nothing on it, nor an Escape of the burst that
        closed a box over it (:meth:`PlayerScreen.escape_of_the_box_burst`). A key goes to
        whatever has the focus when the app reads it: a stranger pressed "n", "2" and Enter at once,
        "n" moved on to a quiz, and the Enter, which had reached the Next button before the quiz was
        drawn, pressed it again, so the quiz went by unseen. A key that went to what had the focus
        before a text editor took it is typed into the editor.
        """
        screen = self.screen
        if _is_player(screen) and (
            event.time < screen.step_shown_at or (event.key == "escape" and screen.escape_of_the_box_burst(event))
        ):
            event.prevent_default()  # Textual's own handler, which runs the bindings, is skipped
            return
        editor = self.focused
        if _is_editor(editor) and editor.missed(event):
            # Typed before the editor took the focus (it went to what had it, then came up here):
            # text in the answer, in the order pressed, never a key binding (see take_focus_from).
            editor.hand(event)
            event.prevent_default()

    async def on_event(self, event: events.Event) -> None:
        """A paste goes to what has the focus; into anything but an answer's editor, without control characters.

        The answer's editor leaves them out itself (see ``DeliberateTextArea``). A one-line box (a
        contact's name, the journal's search, the command palette) would take a pasted ESC as it is
        and draw it raw, where it acts on the terminal: the rest of the paste goes in, and the
        learner is told what was left out.
        """
        if isinstance(event, events.Paste) and not event.is_forwarded and not _is_editor(self.focused):
            from textual.widgets import Input

            if not isinstance(self.focused, Input):
                # Nothing here takes text: said, or the learner thinks their words went in (a stranger's did not).
                self.notify(PASTE_WENT_NOWHERE, title="Nothing was pasted", severity="warning", markup=False)
                return
            box = self.focused
            kept, left_out = without_controls(event.text, before=box.value[: box.cursor_position][-1:])
            if left_out:
                from unclench.tui.widgets.deliberate_text_area import tell_left_out

                tell_left_out(self.focused, left_out, into="this box")
                if not kept:
                    return
                event = events.Paste(kept)
        await super().on_event(event)

    def on_deliberate_text_area_keys_handed_over(self, message: DeliberateTextArea.KeysHandedOver) -> None:
        """The keys typed before an editor took the focus are all handed to it: the ones it kept waiting follow."""
        message.editor.post_message(message.editor.HandoverEnded())

    def state_notice(
        self, message: str, *, severity: SeverityLevel = "warning", timeout: float | None = None, title: str = ""
    ) -> None:
        """A notice about a passing state (an exercise still running, its timer held): it goes when the state ends.

        A stranger read "The exercise is still running" over the box that came once it had
        ended, and "The timer is paused until you close this" over the next box: a notice
        left to its timeout outlives what it said. The screen that raised it calls
        :meth:`clear_state_notices` when the state changes.
        """
        if any(
            shown.message == message
            for shown in self._state_notices
            if shown in self._notifications and not shown.has_expired
        ):
            return  # said and still on screen: a notice per key pressed again would pile up
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        notification = Notification(message, title=title, severity=severity, timeout=timeout, markup=False)
        self._state_notices.append(notification)
        # Added at once, not through Textual's Notify message: a clear that comes before such a message
        # is handled would miss it, and the notice would appear after its state had gone.
        self._notifications.add(notification)
        self._refresh_notifications()

    def leave_notices_behind(self) -> None:
        """Take the notices about the screen being left off the screen; an error (a save that failed) stays.

        A stranger read the journal's "Nothing was typed into your answers" over Trends, and "Your answers are
        not saved" (about an exercise's questions) over the Trends table's heading.
        """
        for notification in list(self._notifications):
            if notification.severity != "error":
                self._unnotify(notification, refresh=False)
        self._state_notices = []
        self._refresh_notifications()

    def clear_state_notices(self) -> None:
        """Take every notice about a passing state off the screen (:meth:`state_notice`); other notices stay."""
        notices, self._state_notices = self._state_notices, []
        if not notices:
            return
        for notification in notices:
            self._unnotify(notification, refresh=False)
        self._refresh_notifications()

    #: Said, with the address, when a link in a course's text is clicked.
    LINK_NOT_OPENED = "Links in a course are not opened from here. It points to: {address}"

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Never open a link from a course's text: show where it points instead.

        A course file's Markdown can hold a link whose words differ from where it goes
        ("call this helpline" to any site), or a path, or another program's scheme: a
        stranger's click sent them to the browser, which may hand them on to any program.
        A course file must not act on the learner's computer, so the address is only shown.
        """
        self.notify(self.LINK_NOT_OPENED.format(address=visible_address(url)), markup=False, timeout=8)

    async def action_quit(self) -> None:
        """Quit, saving first; if a journal answer cannot be saved, ask before losing it.

        During an exercise, grounding comes first: a short screen asks whether
        to stay or go, and leaving records the run as interrupted.
        """
        from unclench.tui.screens.dialogs import LeavingExerciseScreen

        if isinstance(self.screen, LeavingExerciseScreen):
            return
        player = self.player()
        view = player.exercise_view if player is not None else None
        if view is not None and view.running:
            # Paused while the box asks, and left paused whatever the answer but quitting: the learner who meant
            # to leave goes on only by choosing to (r). A stranger pressed q, then Escape (a stop key everywhere
            # else), and was practising again without a word; another's habit Enter on "Stay" did the same.
            view.pause()

            def decided(choice: str | None) -> None:
                if choice == "quit":
                    view.interrupt()
                    self.call_later(self._quit_saving)
                elif choice == "end":
                    view.end_early()  # the grounding after a stop follows, as after the stop key

            # What was said about the exercise's keys ("press s or Escape" after a ctrl+c) is untrue over the box.
            self.clear_state_notices()
            self.push_screen(LeavingExerciseScreen(self.course.guidance.grounding), decided)
            return
        from unclench.tui.screens.support import SupportScreen

        if isinstance(self.screen, SupportScreen):  # a contact typed but not added: said once, as ratings are
            blocker = self.screen.leave_blocker()
        else:
            blocker = view.leave_blocker() if view is not None else None
        if blocker is not None:  # ratings picked after a run but not saved: said once, a second quit goes
            self.state_notice(blocker)
            return
        await self._quit_saving()

    async def _quit_saving(self) -> None:
        """Save everything (keys typed just before the quit key included), then quit; ask if it cannot be saved."""
        await self._take_typed_input()
        error = self.flush()
        if error is None:
            self.exit()
            return
        if _instance(self.screen, "unclench.tui.screens.dialogs", "UnsavedQuitScreen"):
            return

        def decided(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        from unclench.tui.screens.dialogs import UnsavedQuitScreen

        self.push_screen(UnsavedQuitScreen(visible(error.explained)), decided)

    # -- themes --------------------------------------------------------------------------

    def _apply_saved_theme(self) -> None:
        """Use the theme this learner chose last time, then remember every new choice."""
        from unclench.tui.themes import HIGH_CONTRAST, THEME_SETTING

        self.register_theme(HIGH_CONTRAST)
        try:
            saved = self.session.learner.setting(THEME_SETTING)
        except StoreError:
            saved = None
        if saved is not None and saved in self.available_themes and saved != self.theme:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        from unclench.tui.themes import THEME_SETTING

        self.session.write(
            self.screen, lambda: self.session.learner.set_setting(THEME_SETTING, theme.name), "your theme"
        )

    # -- the command palette -------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Show the command palette (its result list does not wrap around: see :class:`StayingPalette`)."""
        from textual.command import CommandPalette

        from unclench.tui.screens.palette import StayingPalette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(StayingPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The themes, in the same palette (that does not wrap around)."""
        from textual.theme import ThemeProvider

        from unclench.tui.screens.palette import StayingPalette

        self.push_screen(StayingPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    async def _open_lesson(self, lesson_id: str) -> None:
        """Open a lesson at its entry step from the command palette (one not done yet becomes the learner's place)."""
        journey = self.session.refresh()
        await self.open_place(journey.entry_place(lesson_id))

    async def practise(self, place: Place, back_to: BackTo | None = None) -> None:
        """Practise the exercise at ``place`` on its own (palette, grounding offer), as the Practice list does.

        The list opens as ``p`` opens it and is asked to practise the exercise: it alone knows which exercises
        the learner has met, and opens them in practice, so the learner's place in the course stays where it was.
        ``back_to``: the lesson step it was offered at (grounding, at a high rating), where Escape goes back to.
        """
        from unclench.tui.screens.practice import PracticeScreen

        await self.action_practice()
        screen = self.screen
        if isinstance(screen, PracticeScreen):
            screen.practise(place, back_to)

    async def back_to_lesson(self, back: BackTo) -> None:
        """From a practice offered in a lesson, once it has closed: leave the Practice list, open the lesson there.

        The lesson player was left on the way (the list opens over the map), so a new one opens, with the gate the
        learner passed at the step before going (:attr:`BackTo.clearance`).
        """
        from unclench.tui.screens.practice import PracticeScreen

        if isinstance(self.screen, PracticeScreen) and await self._leave_record_screen():
            await self.open_place(back.place, asked=True, clearance=back.clearance)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette's commands: the course's actions, its lessons and exercises, theme and quit.

        Textual's generic "Keys", "Maximize" and "Screenshot" are left out: help
        is one key away, and nothing here needs maximising.
        """
        yield SystemCommand("Continue", "Go to the step where you left off", self.action_continue)
        yield SystemCommand("Course map", "Modules, lessons and your progress", self.action_course_map)
        # Only where the player's own keys act: a practice on its own leads to no other step.
        if _is_player(screen) and screen.check_action("next_step", ()):
            yield SystemCommand("Next step", "Move on to the next step", self.action_next_step)
        if _is_player(screen) and screen.check_action("previous_step", ()):
            yield SystemCommand("Previous step", "Go back one step", self.action_previous_step)
        yield SystemCommand("Journal", "Every answer you wrote: search and edit them", self.action_journal)
        yield SystemCommand("Check-in trends", "Your ratings before and after each exercise", self.action_trends)
        yield SystemCommand(
            "Practice", "Practise an exercise you have met on its own, and see your history", self.action_practice
        )
        yield SystemCommand("Help", "Keys, this course, and where your data is stored", self.action_help)
        yield SystemCommand("Support card", "Helplines, and people you can reach out to", self.action_support)
        if self.course.screening:
            yield SystemCommand(
                "Screening answers", "Review or change your answers to the safety questions", self.action_screening
            )
        yield SystemCommand(
            "Practice cues",
            "Turn on or off the bell and full-screen sign at the start, halfway and end of an exercise",
            self.action_toggle_cues,
        )
        yield SystemCommand("Theme", "Change the colours (there is a high-contrast one)", self.action_change_theme)
        yield SystemCommand("Quit", "Quit (your work is saved first)", self.action_quit)
        from unclench.records import exercise_met

        lessons = self.course.ordered_lessons()
        journey = self.session.journey
        # The exercises first: the palette keeps this order among results that match as well, and an exercise
        # (practised on its own, the place kept) is the safer of the two when "body scan" names both. Only
        # those met: a stranger chose one not met yet, and was told it could not be practised yet (its lesson
        # is offered below, as every lesson is).
        for lesson in lessons:
            for index, step in enumerate(lesson.steps):
                if step.kind == "exercise" and step.title and exercise_met(journey, lesson, index, practised=False):
                    yield SystemCommand(
                        f"Exercise: {step.title}",
                        f"Practise it on its own (your place stays), from the lesson {lesson.title}",
                        functools.partial(self.practise, Place(lesson.id, index)),
                    )
        for lesson in lessons:
            moves = journey.moves_course_place(journey.entry_place(lesson.id))
            opening = "Open this lesson (your place moves here)" if moves else "Read it again (your place stays)"
            yield SystemCommand(
                f"Lesson: {lesson.title}",
                f"{opening}, {lesson.minutes} min",
                functools.partial(self._open_lesson, lesson.id),
            )
