"""A chart of 0-10 ratings: Textual's Sparkline, on a fixed scale."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from textual.app import RenderResult as WidgetRenderResult
from textual.content import Content
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.widgets import Sparkline

#: The ends of every rating scale.
SCALE = (0, 10)


#: A rating of 0's cell: a mark on the floor, not the lowest bar, which a rating of 1 has too (a stranger read
#: "▁▁" for both). A shape, not a colour, so it reads the same without colours (NO_COLOR).
ZERO_MARK = "."


class _DropAnchors:
    """A one-line sparkline without its first cells (the two anchor values), a 0's cells drawn as :data:`ZERO_MARK`."""

    def __init__(self, sparkline: SparklineRenderable[float], skip: int, zeros: frozenset[int] = frozenset()) -> None:
        self.sparkline = sparkline
        self.skip = skip
        self.zeros = zeros
        """The cells (counted after the anchors) of ratings of 0."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        segments: Iterator[Segment] = iter(console.render(self.sparkline, options))
        cells = 0
        for segment in segments:
            if segment.text == "\n":
                break
            cell = cells - self.skip
            if cell in self.zeros:
                yield Segment(ZERO_MARK * segment.cell_length, segment.style)
            elif cell >= 0:
                yield segment
            cells += segment.cell_length

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = max(0, (self.sparkline.width or 0) - self.skip)
        return Measurement(width, width)


class RatingSparkline(Sparkline):
    """Textual's :class:`~textual.widgets.Sparkline` for ratings from 0 to 10.

    Textual's sparkline scales bars between the lowest and highest value it
    is given, so ``[8, 8]`` and ``[2, 2]`` would look the same and before and
    after charts could not be compared. This one always spans 0 to 10: the two
    ends are given to the sparkline first and their cells are dropped. Every
    rating gets a bar of its own (two cells wide when there is room), oldest
    on the left; when there are more ratings than cells, the latest are shown.
    A rating of 0 has no bar: a mark on the floor (:data:`ZERO_MARK`).
    """

    def render(self) -> WidgetRenderResult:
        """The bars, on the 0-10 scale."""
        values = [float(v) for v in self.data or ()]
        width = max(1, self.size.width)
        if not values:
            return Content("")
        cells = 2 if 2 * len(values) <= width else 1
        values = values[-(width // cells) :]
        sparkline = super().render()
        assert isinstance(sparkline, SparklineRenderable)
        sparkline.data = [float(SCALE[0]), float(SCALE[1]), *(v for v in values for _ in range(cells))]
        sparkline.width = len(sparkline.data)
        sparkline.height = 1
        zeros = frozenset(index * cells + cell for index, v in enumerate(values) if v == 0 for cell in range(cells))
        return _DropAnchors(sparkline, 2, zeros)
