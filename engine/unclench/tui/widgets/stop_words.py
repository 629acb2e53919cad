"""How to stop a running exercise: the app's own line, always whole, then the course's words, kept short."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

#: Before the course's own words on stopping (``guidance.stop``).
GUIDANCE_LABEL = "How to stop: "


def clamp_lines(content: Content, width: int, max_lines: int) -> list[Content]:
    """``content`` wrapped at ``width`` in at most ``max_lines`` lines; a cut ends its last line in "…"."""
    lines = content.wrap(width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1].rstrip()
    if last.cell_length >= width:
        last = last.truncate(max(0, width - 1)).rstrip()
    kept[-1] = last + "…"
    return kept


class StopWords(Widget):
    """What stops the exercise, as the learner reads it: the app's line first and whole, then the course's guidance.

    The course's text (``guidance.stop``) is shown as one paragraph in at most
    :attr:`max_lines` lines at the widget's width, cut with "…" beyond them: however
    long it is, it never pushes the app's own line (the stop keys) off the screen.
    ``unclench check`` keeps it short enough to read at a glance; this holds whatever
    the text is (wide characters, words without spaces). Both are shown literally.

    Args:
        max_lines: The most lines the course's guidance may take.
    """

    DEFAULT_CSS = """
    StopWords {
        height: auto;
    }
    """

    def __init__(self, *, max_lines: int, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.max_lines = max_lines
        self._stop = Content("")
        self._guidance = Content("")

    def update(self, stop: str, guidance: str = "") -> None:
        """Show ``stop`` (the app's words, in bold) and the course's ``guidance`` under it (none when empty)."""
        self._stop = Content.styled(stop, "bold")
        words = " ".join(guidance.split())  # one paragraph: a line break could only push lines away
        self._guidance = Content.assemble((GUIDANCE_LABEL, "bold"), words) if words else Content("")
        self.refresh(layout=True)

    @property
    def text(self) -> str:
        """Everything it says, unwrapped (the app's line, then the guidance in full)."""
        return "\n".join(part.plain for part in (self._stop, self._guidance) if part.plain)

    def _lines(self, width: int) -> list[Content]:
        lines = self._stop.wrap(width) if self._stop.plain else []
        if self._guidance.plain:
            lines += clamp_lines(self._guidance, width, self.max_lines)
        return lines

    def render(self) -> Content:
        """The lines at the current width (before the first layout: everything, unwrapped)."""
        width = self.content_size.width
        if width <= 0:
            return Content("\n").join(part for part in (self._stop, self._guidance) if part.plain)
        return Content("\n").join(self._lines(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as its longest part unwrapped (the styles' max-width then keeps it on the screen)."""
        return max((part.cell_length for part in (self._stop, self._guidance)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as it shows at ``width``: the guidance's lines never more than :attr:`max_lines`."""
        return len(self._lines(width)) if width > 0 else 0
