"""The trends screen's list of exercise runs, drawn by one widget."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class RunLine(NamedTuple):
    """One run as listed: its date, the exercise, each measure's ``before → after``, and a note on how it went."""

    date: str
    exercise: str
    values: tuple[str, ...]
    note: str = ""
    """Said under the exercise's name ("did not start"), on lines of its own: never beside the figures."""


class RunTable(Widget):
    """The runs, oldest first: the date, the exercise, and each measure before → after, in columns.

    One widget draws every row as lines of text (a long exercise name or
    measure label wraps within its column, and the row grows to fit), where a
    widget per cell made opening the trends screen slow: twenty runs were a
    hundred widgets to style, lay out and draw before the first frame. All
    text is shown literally (never as markup). The first row names the
    columns.

    Args:
        headings: The measures' labels, one per value column.
        lines: The runs to list.
        id: The widget's id.
    """

    DEFAULT_CSS = """
    RunTable {
        height: auto;
        & > .run-table--head {
            color: $text-muted;
            text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"run-table--head"}

    DATE_WIDTH = 13
    """Cells of the date column."""
    VALUE_WIDTH = 10
    """Cells of each measure's column (after one cell of space)."""
    MIN_EXERCISE_WIDTH = 10
    """The exercise column takes the rest of the width, and at least this."""
    ROOMY_EXERCISE_WIDTH = 20
    """Narrower than this, the exercise column takes room from the measures' (see :meth:`_columns`)."""

    def __init__(self, headings: Sequence[str], lines: Sequence[RunLine] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headings = tuple(headings)
        self._lines: list[RunLine] = list(lines)
        self._drawn: tuple[int, int, list[Content]] | None = None

    @property
    def lines(self) -> list[RunLine]:
        """The runs listed, oldest first."""
        return list(self._lines)

    def set_lines(self, lines: Sequence[RunLine]) -> None:
        """List these runs instead (the table grows or shrinks to fit them)."""
        self._lines = list(lines)
        self._drawn = None
        self.refresh(layout=True)

    def _columns(self, width: int) -> list[int]:
        """The columns' widths. On a narrow screen the measures' columns give room to the exercise's, down to their
        longest word ("10 → 10" at least): at 60 columns a stranger read "interrupte" and "d" on two lines."""
        values = len(self.headings)
        value = self.VALUE_WIDTH
        if width - self.DATE_WIDTH - values * (value + 1) < self.ROOMY_EXERCISE_WIDTH and values:
            words = [len(word) for heading in self.headings for word in heading.split()]
            value = min(value, max(len("10 → 10"), *words))
        exercise = max(self.MIN_EXERCISE_WIDTH, width - self.DATE_WIDTH - values * (value + 1))
        return [self.DATE_WIDTH, exercise, *([value] * values)]

    def _row(self, cells: Sequence[Content], columns: list[int], width: int, note: str = "") -> list[Content]:
        """One row's lines: each cell wrapped in its column (value columns after a space), cut to ``width``.

        A ``note`` goes under the exercise (the second cell), dimmed, from a line of its own: at 80 columns a stranger
        read "Gentle tremor practice · did not 6 → –", the note running into the figures.
        """
        wrapped = [cell.wrap(column) or [Content("")] for cell, column in zip(cells, columns, strict=True)]
        if note:
            wrapped[1] = wrapped[1] + Content.styled(f"· {note}", "dim").wrap(columns[1])
        height = max(len(cell_lines) for cell_lines in wrapped)
        rows: list[Content] = []
        for y in range(height):
            parts: list[Content] = []
            for index, (cell_lines, column) in enumerate(zip(wrapped, columns, strict=True)):
                if index >= 2:
                    parts.append(Content(" "))
                part = cell_lines[y] if y < len(cell_lines) else Content("")
                parts.append(part.truncate(column, pad=True))
            rows.append(Content("").join(parts).truncate(width))
        return rows

    def _draw(self, width: int) -> tuple[int, list[Content]]:
        """How many lines the head takes, and every line (the head's first), at ``width``."""
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1], self._drawn[2]
        columns = self._columns(width)
        head = self._row([Content("Date"), Content("Exercise"), *map(Content, self.headings)], columns, width)
        drawn = list(head)
        for run in self._lines:
            cells = [Content(run.date), Content(run.exercise), *map(Content, run.values)]
            drawn += self._row(cells, columns, width, run.note)
        self._drawn = (width, len(head), drawn)
        return len(head), drawn

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the rows need at ``width``."""
        return len(self._draw(width)[1])

    def render(self) -> Content:
        """The head and the runs, one line each (more where a name wraps)."""
        head, drawn = self._draw(self.size.width)
        head_style = self.get_visual_style("run-table--head")
        return Content("\n").join([*(line.stylize(head_style) for line in drawn[:head]), *drawn[head:]])
