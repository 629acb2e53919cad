"""A title in a fixed place: one paragraph in at most a few lines, cut with "…", so it cannot push anything away."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from unclench.text import flattened, visible
from unclench.tui.widgets.stop_words import clamp_lines


class ClampedText(Widget):
    """A course's title shown where the screen's layout depends on its height: the lesson's header, a heading.

    The text is shown literally, on one paragraph (a line break becomes a space), in at
    most :attr:`max_lines` lines at the widget's width, the last cut with "…". The lesson's
    header sits above a running exercise: a title that grew with its text pushed the timer,
    its buttons and the stop line off the screen (``unclench check`` holds a title to one line
    of 300 characters; this holds whatever the title is).

    Args:
        text: What it says.
        max_lines: The most lines it takes.
    """

    DEFAULT_CSS = """
    ClampedText {
        height: auto;
    }
    """

    def __init__(self, text: str = "", *, max_lines: int, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.max_lines = max_lines
        self._content = Content(visible(flattened(text)))

    def update(self, text: str) -> None:
        """Say ``text`` instead."""
        content = Content(visible(flattened(text)))
        if content.plain != self._content.plain:
            self._content = content
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """What it says, whole (before it is cut to its lines)."""
        return self._content.plain

    def _lines(self, width: int) -> list[Content]:
        return clamp_lines(self._content, width, self.max_lines) if self._content.plain else []

    def render(self) -> Content:
        """The lines at the current width (before the first layout: the whole text)."""
        width = self.content_size.width
        return Content("\n").join(self._lines(width)) if width > 0 else self._content

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the text on one line (the styles' width and max-width keep it on the screen)."""
        return self._content.cell_length

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as it shows at ``width``: never more than :attr:`max_lines`, one when empty."""
        return max(1, len(self._lines(width))) if width > 0 else 1
