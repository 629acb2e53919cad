"""The lesson player's bar of steps complete: Textual's progress bar, drawn by one widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from textual.renderables.bar import Bar
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import RenderResult


class LessonProgress(Widget):
    """How much of the lesson is complete, drawn exactly as Textual's ``ProgressBar`` (its bar only) draws it.

    Textual's progress bar is a container with a bar inside it (two widgets, their
    styles and a module of its own to import, with a timer for the
    indeterminate state nobody sees here), part of every lesson player's first
    frame. This one widget draws the same bar with the same renderable and
    colours, and rounds the same way: the share complete is cut to the half
    cell when it changes, with the width the bar has then (none before the
    first layout), as Textual's ``Bar`` validates its percentage
    (``tests/ui/test_lesson_progress.py`` compares the two).
    """

    DEFAULT_CSS = """
    LessonProgress {
        width: 12;
        height: 1;
        &> .bar--bar {
            color: $primary;
            background: $surface;
        }
        &> .bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"bar--bar", "bar--complete"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._total = 1
        self._progress = 0
        self._share = 0.0
        """Steps complete over steps, as last updated."""
        self._shown = 0.0
        """The share drawn: cut to the half cell at the width the bar had when the share changed."""

    @property
    def percentage(self) -> float:
        """The share of the bar drawn complete, from 0 to 1."""
        return self._shown

    def update(self, *, total: int, progress: int) -> None:
        """Show ``progress`` steps complete of ``total``.

        The total first, then the progress, each redrawing the bar when the share changes, as
        ``ProgressBar.update`` sets them (the width the share is cut at is the one of that moment).
        """
        self._total = total
        self._show_share()
        self._progress = progress
        self._show_share()

    def _show_share(self) -> None:
        total = self._total
        share = min(max(self._progress / total, 0.0), 1.0) if total else 1.0  # a total of 0: complete, as Textual's
        if share == self._share:
            return
        self._share = share
        halves = self.size.width * 2
        shown = int(share * halves) / halves if halves else share
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> RenderResult:
        """The bar: complete steps in the bar's colour, the rest in the background's."""
        style = self.get_component_rich_style("bar--bar" if self._shown < 1 else "bar--complete")
        return Bar(
            highlight_range=(0, self.size.width * self._shown),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
        )
