"""The trends screen's table of runs (RunTable): columns, wrapping, literal text, narrow terminals."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from unclench.tui.widgets.run_table import RunLine, RunTable

from .helpers import screen_text, sync


class TableApp(App[None]):
    def __init__(self, table: RunTable) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table


def rows(app: App[Any]) -> list[str]:
    return [line.rstrip() for line in screen_text(app).splitlines() if line.strip()]


@sync
async def test_columns_line_up_and_a_long_exercise_name_wraps_in_its_column() -> None:
    long_name = "A long gentle tremor practice lying down with the knees supported"
    table = RunTable(
        ["Tension", "Calm"],
        [RunLine("1 May 2024", "Shake", ("7 → 3", "2 → 6")), RunLine("2 May 2024", long_name, ("8 → 2", "– → 5"))],
    )
    app = TableApp(table)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        lines = rows(app)
        assert table.size.height == len(lines) == 5  # the head, a line for "Shake", three for the long name
    # 60 columns: date 13, exercise 60 - 13 - 2 * 11 = 25, then each value after a space.
    assert lines[0] == "Date         Exercise                  Tension    Calm"
    assert lines[1] == "1 May 2024   Shake                     7 → 3      2 → 6"
    assert lines[2].startswith("2 May 2024   A long gentle tremor      8 → 2      – → 5")
    wrapped = " ".join(line[13:38].strip() for line in lines[2:])
    assert wrapped == long_name  # every word, within the exercise column, over several lines


@sync
async def test_stored_text_is_shown_literally_never_as_markup() -> None:
    table = RunTable(["[bold]Tension[/bold]"], [RunLine("1 May 2024", "[red]Shake[/red] $accent", ("7 → 3",))])
    app = TableApp(table)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "[red]Shake[/red] $accent" in text
    assert "[bold]Tens" in text  # the label wraps in its 10 cells, its brackets kept


@sync
async def test_a_narrow_terminal_cuts_the_columns_at_the_edge_and_more_runs_grow_the_table() -> None:
    table = RunTable(["Tension", "Calm", "Ease", "Sleep"], [RunLine("1 May 2024", "Shake", ("7 → 3",) * 4)])
    app = TableApp(table)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        lines = rows(app)
        assert all(len(line) <= 40 for line in lines)
        assert lines[1].startswith("1 May 2024   Shake")
        table.set_lines([RunLine(f"{day} May 2024", "Shake", ("1 → 1",) * 4) for day in range(1, 4)])
        await pilot.pause()
        assert table.size.height == 4
        assert [line[:10] for line in rows(app)[1:]] == ["1 May 2024", "2 May 2024", "3 May 2024"]


@sync
async def test_on_a_narrow_screen_the_measures_give_room_and_no_word_is_broken() -> None:
    """At 60 columns a stranger read "interrupte" and "d (the app" on two lines: three measures of 10 cells left
    the exercise 10. The measures give room, down to their longest word and "10 → 10"."""
    name = "Gentle tremor practice · interrupted (the app closed) · hard"
    table = RunTable(["Distress", "Tension", "Calm"], [RunLine("1 May 2024", name, ("10 → 10", "7 → 3", "– → 5"))])
    app = TableApp(table)
    async with app.run_test(size=(56, 10)) as pilot:
        await pilot.pause()
        lines = rows(app)
    assert "Distress" in lines[0] and "10 → 10" in lines[1]  # nothing of a measure is cut
    shown = " ".join(line[13:].split("  ")[0].strip() for line in lines[1:])
    assert shown.split() == name.split()  # every word whole, in order


@sync
@pytest.mark.parametrize("width", [56, 60, 80, 160])
async def test_a_note_never_runs_into_the_figures(width: int) -> None:
    """At 80 columns a stranger read "Gentle tremor practice · did not 6 → –  2 → –  9 → –", "start" on the next
    line: the note ran into the figures. It goes under the exercise's name, on lines of its own."""
    table = RunTable(
        ["Distress", "Tension", "Calm"],
        [
            RunLine("1 May 2024", "Gentle tremor practice", ("6 → –", "2 → –", "9 → –"), "did not start"),
            RunLine("2 May 2024", "Shake", ("10 → 10", "7 → 3", "– → 5"), "interrupted (the app closed) · a hard run"),
        ],
    )
    app = TableApp(table)
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.pause()
        lines = rows(app)
    figures = [line for line in lines if "→" in line]
    assert len(figures) == 2  # one line each: the figures beside the name, and nothing else of the row
    assert not [line for line in figures if {"·", "did", "start", "hard", "run"} & set(line.split())]
    words = " ".join(lines).split()
    for note in ("· did not start", "· interrupted (the app closed) · a hard run"):
        assert " ".join(words).count(note) == 1, (note, lines)  # every word whole, in order, on lines of its own
