"""The heaviest course Markdown ``unclench check`` allows, drawn: how long the app is busy with it.

Usage: ``python heavy_markdown.py [ROUNDS]`` (default 3). Each body is one that
passes check at a limit of :mod:`unclench.markdowncost` or of the text length
(:data:`unclench.model.MAX_TEXT_LENGTH`), of the kinds a stranger found
freezing the app (a table, many blocks, a long code line, brackets, links,
emphasis). It is mounted the way a step's body is (``markdown_body`` in a
scrolling column, 80x24 and 160x50) in a headless app, and the time until it is
drawn is taken (its parse included: markdown-it runs in a thread, but holds the
interpreter), alternated with a one-paragraph body (the baseline) in the same
app, so that a busy machine slows both. Printed: the median of each, in
milliseconds, and what the body adds to the baseline. While a body is drawn,
no key is read: the figure is how long the stop key of a running exercise
could wait.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from unclench.markdowncost import MAX_BLOCKS, MAX_CODE_LINE, MAX_TABLE_COLUMNS, MAX_TABLE_TEXT, markdown_costs
from unclench.model import MAX_TEXT_LENGTH
from unclench.tui.widgets.markdown_text import markdown_body, parse

BASELINE = "Lie down, and let your breath settle. Press s to stop at any moment."


def _table(columns: int, rows: int, cell: str) -> str:
    head = "|" + "|".join(f"h{i}" for i in range(columns)) + "|"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|"
    return "\n".join([head, rule] + ["|" + "|".join(cell for _ in range(columns)) + "|"] * rows)


def heavy_bodies() -> dict[str, str]:
    """Bodies at the limits, each checked to pass them (a driver measuring refused text would say nothing)."""
    rows = (MAX_BLOCKS - 4 - MAX_TABLE_COLUMNS) // (MAX_TABLE_COLUMNS + 1)  # the table, its head, body and rows
    cell = "w" * ((MAX_TABLE_TEXT // (rows + 2) - MAX_TABLE_COLUMNS) // MAX_TABLE_COLUMNS)
    items = (MAX_BLOCKS - 3) // 2
    item_text = "see http://a.b " * ((MAX_TEXT_LENGTH - 20) // items // 16)
    line = "c" * MAX_CODE_LINE
    bodies = {
        f"table {MAX_TABLE_COLUMNS} x {rows}, {MAX_TABLE_TEXT} characters": _table(MAX_TABLE_COLUMNS, rows, cell),
        f"{items} list items of links": "Lie down.\n\n" + "\n".join(f"- {item_text}" for _ in range(items)),
        f"{MAX_BLOCKS - 1} headings and paragraphs": "\n\n".join(["## A heading", "Some [words](x)."] * 49),
        "code block of long lines": "```\n"
        + "\n".join([line] * ((MAX_TEXT_LENGTH - 10) // (MAX_CODE_LINE + 1)))
        + "\n```",
        "brackets": "[" * (MAX_TEXT_LENGTH - 10),
        "unclosed links": "[a](" * ((MAX_TEXT_LENGTH - 10) // 4),
        "emphasis": "*a **b " * ((MAX_TEXT_LENGTH - 10) // 7),
        "addresses": "http://a.b " * ((MAX_TEXT_LENGTH - 10) // 11),
    }
    for name, body in bodies.items():
        assert len(body) <= MAX_TEXT_LENGTH and not markdown_costs(body), f"check refuses {name}"
    return bodies


class Slot(App[None]):
    """A step view's surroundings: a scrolling column."""

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="slot")


async def drawn_ms(app: Slot, body: str) -> float:
    """The time to mount ``body`` and draw the screen with it, in milliseconds."""
    slot = app.query_one("#slot")
    await slot.remove_children()
    parse.cache_clear()  # a body is parsed once per text: each time here is its first showing
    start = time.perf_counter()
    await slot.mount(markdown_body(body, classes="step-body"))
    await app.workers.wait_for_complete()
    app.screen._refresh_layout(app.size)  # the layout and compositor update a frame would do
    app.export_screenshot()
    return (time.perf_counter() - start) * 1000


async def measure(rounds: int) -> None:
    bodies = heavy_bodies()
    for size in ((80, 24), (160, 50)):
        app = Slot()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await drawn_ms(app, BASELINE)  # warm: imports and the first layout
            for name, body in bodies.items():
                await drawn_ms(app, body)
                base: list[float] = []
                heavy: list[float] = []
                for _ in range(rounds):
                    base.append(await drawn_ms(app, BASELINE))
                    heavy.append(await drawn_ms(app, body))
                b, h = statistics.median(base), statistics.median(heavy)
                print(f"{size[0]}x{size[1]} {name:42} {h:8.1f} ms  baseline {b:6.1f} ms  adds {h - b:8.1f} ms")


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if sys.argv[1:] else 3))
