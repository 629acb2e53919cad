"""The preview's problems screen: what is wrong with the course, shown instead of the lesson."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from unclench.problems import Problem
from unclench.tui.widgets.footer import KeyFooter


class ProblemsScreen(Screen[None]):
    """Every problem of a course being previewed, as ``FILE:LINE:COL: key: message``, until they are fixed.

    The preview replaces it with the lesson as soon as the files are saved without problems.

    Args:
        problems: What ``unclench check`` found.
        root: The course folder (paths are shown relative to it).
    """

    DEFAULT_CSS = """
    ProblemsScreen #problems-title {
        text-style: bold;
        color: $error;
        padding: 1 2 0 2;
    }
    ProblemsScreen #problems-hint {
        padding: 0 2 1 2;
        color: $text-muted;
    }
    ProblemsScreen #problems-list {
        padding: 0 2;
    }
    ProblemsScreen .problem {
        margin-bottom: 1;
    }
    """

    HELP_PLACE = "preview"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="problems_quit", tooltip="Quit the preview"),
    ]

    def __init__(self, problems: Sequence[Problem], root: Path) -> None:
        super().__init__()
        self.problems = list(problems)
        self.root = root

    def compose(self) -> ComposeResult:
        """The count, a hint, and every problem."""
        yield Static(id="problems-title", markup=False)
        yield Static(id="problems-hint", markup=False)
        yield VerticalScroll(id="problems-list", can_focus=True)
        yield KeyFooter()

    async def on_mount(self) -> None:
        """Show the problems it was made with."""
        await self.show(self.problems)

    async def show(self, problems: Sequence[Problem]) -> None:
        """Show ``problems`` (the course changed, and still has some)."""
        self.problems = list(problems)
        count = len(self.problems)
        one = count == 1
        self.query_one("#problems-title", Static).update(f"This course has {count} problem{'' if one else 's'}.")
        self.query_one("#problems-hint", Static).update(
            f"Fix {'it' if one else 'them'} and save: the lesson comes back by itself. "
            "`unclench check` prints the same list."
        )
        listing = self.query_one("#problems-list", VerticalScroll)
        await listing.remove_children()
        await listing.mount_all(
            Static(problem.format(self.root), classes="problem", markup=False)  # visible() already
            for problem in self.problems
        )
