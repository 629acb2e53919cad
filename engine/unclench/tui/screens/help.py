"""The help screen: every key, what the course is, where the data is stored."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from unclench.text import flattened, visible
from unclench.tui.keys import KeyRow, places_of, rows_here, rows_in_mode
from unclench.tui.session import Session
from unclench.tui.stopping import END_UNDERNEATH
from unclench.tui.widgets.exercise_under import EndsExerciseUnder, ExerciseUnder
from unclench.tui.widgets.marked_button import MarkedButton


class HelpScreen(EndsExerciseUnder, ModalScreen[None]):
    """Help: the keys, the course and its sources, and where progress is stored.

    Args:
        session: The learner's session.
        here: The screen help was asked for on: its live keys are listed first.
        preview: Whether this is the author's preview (its own keys are listed only there).
    """

    DEFAULT_CSS = """
    HelpScreen #help-body {
        height: 1fr;
    }
    HelpScreen .help-keys {
        grid-size: 2;
        grid-columns: 18 1fr;
        grid-rows: auto;
        height: auto;
    }
    /* A long list of keys wraps in its column; without a gap its first line ran into the text beside it. */
    HelpScreen .help-key {
        padding-right: 1;
    }
    """

    HELP_PLACE = "help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close help", id="help_close", tooltip="Close help"),
        END_UNDERNEATH,  # live only over an exercise under way: help covers its stop panel and footer
    ]
    SAYS_EXERCISE_PAUSED: ClassVar[bool] = True
    """Over an exercise under way, help says it is paused and how to end it (the player's notice is not needed)."""

    def __init__(self, session: Session, here: Screen[Any] | None = None, *, preview: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.all_rows = rows_in_mode(preview=preview)
        """Every key that works in this mode of the app (the learner's, or the author's preview)."""
        self.rows_here = []
        """The keys that act where the learner was when they asked for help: listed first."""
        if here is not None:
            live = {key: active.binding for key, active in here.active_bindings.items() if active.enabled}
            self.rows_here = rows_here(live, places_of([here, *here.query("*")]))
        """Where the learner was when they asked for help: those keys come first."""

    def compose(self) -> ComposeResult:
        """Keys, course and data."""
        course = self.session.course
        with Vertical(id="help", classes="dialog"):
            yield Static("Help", classes="dialog-title")
            yield ExerciseUnder()  # first, never scrolled away: the exercise is paused, s ends it
            with VerticalScroll(id="help-body", can_focus=True):
                here = self.rows_here
                if here:
                    yield Static("Keys here", classes="section-title")
                    yield from self._key_grid(here, id="help-keys-here")
                yield Static("All keys" if here else "Keys", classes="section-title")
                yield from self._key_grid(self.all_rows, id="help-keys")
                yield Static("This course", classes="section-title")
                about = [Content.styled(course.title, "bold")]
                if course.summary:
                    about.append(Content(course.summary.strip()))
                # The modules' summaries are shown here, the one place with room for them (not on the map's rows).
                about.extend(
                    Content.assemble("• ", (flattened(module.title), "bold"), f": {flattened(module.summary)}")
                    if module.summary.strip()
                    else Content.assemble("• ", (flattened(module.title), "bold"))
                    for module in course.modules
                )
                if course.sources:
                    about.append(Content("Its ideas come from:"))
                    # Quoted: a title may end in "?" (a stranger read "tightness?, by").
                    about.extend(Content(f"• “{s.title}”, by {s.author}") for s in course.sources)
                about.append(Content("It is self-help for general education, not medical advice."))
                yield Static(Content("\n").join(about), id="help-course")
                yield Static("Your data", classes="section-title")
                yield Static(
                    Content.assemble(
                        "Your progress and journal answers are stored only on this computer, in\n",
                        (visible(str(self.session.learner.path)), "bold"),
                        "\nSet UNCLENCH_DATA_DIR to keep them somewhere else.",
                    ),
                    id="help-data",
                )
            with Horizontal(classes="buttons"):
                yield MarkedButton("Close", id="help-ok", variant="primary")

    @staticmethod
    def _key_grid(rows: Iterable[KeyRow], id: str) -> ComposeResult:
        with Grid(id=id, classes="help-keys"):
            for row in rows:
                yield Static(Content.styled(row.shown, "bold"), classes="help-key")
                where = "" if row.where == "everywhere" else f" ({row.where})"
                yield Static(Content.assemble(row.what, (where, "dim")))

    def on_mount(self) -> None:
        """Focus the text so it scrolls with the arrow keys."""
        self.query_one("#help-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close."""
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
