"""Asked before the course opens: the learner's record in its id was made with another course folder.

A folder that says it is a course the learner has a record in, from another
place than the record was made with (see :mod:`unclench.ownership`), may be
that course moved, copied or updated, or a folder borrowing its id to show the
learner's answers under its own questions. Only the learner knows: this small
app asks, before the course app reads anything of the record. Quitting (the
focused button, Escape, ctrl+q) changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from unclench.ownership import OtherFolder
from unclench.text import visible
from unclench.tui.widgets.marked_button import MarkedButton

if TYPE_CHECKING:
    from textual.driver import Driver

    from unclench.tui.terminal_driver import TerminalDriver

#: The button that moves the record to this folder.
USE_HERE = "Use my record with this folder"
#: The button (focused first) that quits and changes nothing.
KEEP_APART = "Quit, change nothing"


def question_text(other: OtherFolder, title: str) -> Content:
    """What the learner is asked, naming both folders (shown literally, whatever the names hold)."""
    gone = "" if other.remembered_is_there else "\n(there is no course in that folder now)"
    return Content.assemble(
        "Your record in '",
        visible(title),
        f"' (course id '{other.course_id}'): your journal answers, check-ins and progress, "
        "was made with the course in this folder:\n\n    ",
        visible(str(other.remembered)),
        gone,
        "\n\nThis folder says it is the same course:\n\n    ",
        visible(str(other.here)),
        "\n\nIf you moved or copied the course, or unpacked an update of it here, use your record with "
        "this folder. If you did not expect this, quit: a folder that only borrows the course's id "
        "would show your answers under its own questions.\n\n"
        "Nothing changes until you choose. Should you use it here, the other folder will ask the same.",
    )


class RecordFolderScreen(Screen[bool]):
    """The question, its two answers, and the keys.

    Args:
        other: The folders: the record's and this one.
        title: The course's title (as this folder says it).
    """

    DEFAULT_CSS = """
    RecordFolderScreen {
        align: center middle;
    }
    RecordFolderScreen #record-folder {
        width: 100%;
        max-width: 84;
        height: auto;
        max-height: 100%;
        border: round $warning;
        padding: 0 1;
    }
    RecordFolderScreen #record-folder-title {
        text-style: bold;
        margin-bottom: 1;
    }
    RecordFolderScreen #record-folder-text {
        height: auto;
    }
    /* Docked: on a short terminal the text scrolls and the buttons stay on screen. */
    RecordFolderScreen .buttons {
        dock: bottom;
        height: auto;
        margin-top: 1;
    }
    RecordFolderScreen MarkedButton {
        margin-right: 2;
    }
    """

    HELP_PLACE = "another folder's record"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep_apart", "Quit", id="record_folder_quit", tooltip="Quit, changing nothing"),
    ]

    def __init__(self, other: OtherFolder, title: str) -> None:
        super().__init__()
        self.other = other
        self.course_title = title

    def compose(self) -> ComposeResult:
        """The heading, the question, the two buttons and the keys."""
        with Vertical(id="record-folder"):
            yield Static("Your record was made with another folder", id="record-folder-title")
            with VerticalScroll(id="record-folder-text"):
                yield Static(question_text(self.other, self.course_title), markup=False)
            with Horizontal(classes="buttons"):
                yield MarkedButton(KEEP_APART, id="record-folder-keep", variant="primary")
                yield MarkedButton(USE_HERE, id="record-folder-use")
        yield Footer()

    def on_mount(self) -> None:
        """Start on quitting: an Enter pressed by habit changes nothing."""
        self.query_one("#record-folder-keep").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        event.stop()
        self.app.exit(event.button.id == "record-folder-use")

    def action_keep_apart(self) -> None:
        """Quit, changing nothing."""
        self.app.exit(False)


class RecordFolderApp(App[bool]):
    """The question on its own, before the course app starts; its return value is whether to use the record here.

    Args:
        other: The folders: the record's and this one.
        title: The course's title (as this folder says it).
    """

    ENABLE_COMMAND_PALETTE = False

    def __init__(self, other: OtherFolder, title: str) -> None:
        super().__init__()
        self.other = other
        self.course_title = title

    def get_default_screen(self) -> Screen[bool]:
        """The question."""
        self.title = "Unclench"
        return RecordFolderScreen(self.other, self.course_title)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; in a Linux or macOS terminal, one that tells the app when the terminal goes away."""
        from unclench.tui.terminal_driver import terminal_driver

        return terminal_driver(super().get_driver_class())

    def on_terminal_driver_terminal_closed(self, message: TerminalDriver.TerminalClosed) -> None:
        """The terminal is gone, so nobody can answer: nothing is changed, as when keeping them apart."""
        self.exit(False)


def ask_record_folder(other: OtherFolder, title: str) -> bool:
    """Ask the learner in the terminal; whether they chose to use their record with this folder."""
    return RecordFolderApp(other, title).run() is True
