"""The floor under a step change: a bare Textual app (no Unclench code) turning pages on a key.

Usage: ``python step_floor.py OUT.json PRESSES MODE`` with MODE ``update`` or ``remount``.

The app has the lesson player's size and shape (100x40, Pilot, headless): a
bar of two labels at the top, a scrolling view holding a title and a body,
two buttons below it and Textual's ``Footer``. Its pages are the benchmark
course's kind of text (``gen_course.py``: three or four paragraphs of a few
sentences, half of them with a three-item list), written as plain text with
bullets into a ``Static``. On ``n`` it shows the next page:

* ``update``: the title's and the body's ``Static`` get the next page's text
  (``Static.update``), the bar's label changes and the view scrolls to the
  top: what one frame with new text costs on this machine at all;
* ``remount``: the view's title and body are removed and new ones mounted
  (in one ``batch_update``, as the lesson player does): the least that
  replacing a step's widgets costs.

Per press, in ms (``settled_ms``): from sending the key until the first frame
after the app has shown the next page, timed as ``step_changes.py`` times the
lesson player, and the process's CPU time over the same span (``cpu_ms``).
The collector is readied as the command line readies it for Unclench (what
exists at start frozen, young collections in larger batches).
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import sys
import time
from pathlib import Path
from typing import ClassVar

from _frames import cpu_at_frame, first_frame_after, install
from _peak import peak_rss_mb
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Static

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gen_course import sample_pages

#: Pages to turn through (more than any run presses, so no page is shown twice in a row).
PAGES = 400
#: As ``unclench.cli.run.YOUNG_OBJECTS`` (copied: this app uses no Unclench code).
YOUNG_OBJECTS = 10_000
SHOWN: list[float] = []

CSS = """
#bar { height: 1; }
#title { width: 1fr; }
#label { width: auto; }
#view { height: 1fr; padding: 1 2; }
#heading { text-style: bold; margin-bottom: 1; }
#nav { height: auto; }
#gap { width: 1fr; }
"""


def pages(count: int) -> list[tuple[str, str]]:
    """``count`` pages (title, body) of the benchmark course's kind of text, list items drawn with bullets."""
    return [(title, re.sub(r"^- ", "• ", body, flags=re.MULTILINE)) for title, body in sample_pages(count)]


class FloorApp(App[None]):
    """Turns pages on ``n``, by updating the text in place or by mounting new widgets."""

    CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "next_page", "Next")]

    def __init__(self, remount: bool) -> None:
        super().__init__()
        self.remount = remount
        self.pages = pages(PAGES)
        self.index = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="bar"):
            yield Static("Lesson 1", id="title", markup=False)
            yield Static(self._label(), id="label", markup=False)
        with VerticalScroll(id="view"):
            yield from self._page_widgets()
        with Horizontal(id="nav"):
            yield Button("← Previous", id="prev")
            yield Static(id="gap")
            yield Button("Next →", id="next", variant="primary")
        yield Footer()

    def _label(self) -> str:
        return f"Page {self.index + 1} of {len(self.pages)}"

    def _page_widgets(self) -> list[Static]:
        title, body = self.pages[self.index]
        return [Static(title, id="heading", markup=False), Static(body, id="body", markup=False)]

    async def action_next_page(self) -> None:
        self.index = (self.index + 1) % len(self.pages)
        self.query_one("#label", Static).update(self._label())
        view = self.query_one("#view", VerticalScroll)
        if self.remount:
            with self.batch_update():
                await view.remove_children()
                await view.mount_all(self._page_widgets())
                view.focus()
        else:
            title, body = self.pages[self.index]
            self.query_one("#heading", Static).update(title)
            self.query_one("#body", Static).update(body)
            view.scroll_home(animate=False)
        SHOWN.append(time.perf_counter())


async def measure(app: FloorApp, presses: int) -> dict[str, object]:
    settled_ms: list[float] = []
    cpu_ms: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(presses):
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            await pilot.press("n")
            await pilot.pause()
            t1 = time.perf_counter()
            shown = [moment for moment in SHOWN if t0 < moment <= t1]
            settled = first_frame_after(shown[-1]) if shown else None
            if settled is not None:
                settled_ms.append((settled - t0) * 1000)
                cpu_ms.append(((cpu_at_frame(settled) or cpu0) - cpu0) * 1000)
        title, body = app.pages[app.index]
        drawn = [str(app.query_one(selector, Static).render()) for selector in ("#heading", "#body")]
        if app.index != presses % PAGES or drawn != [title, body]:
            raise SystemExit(f"the floor app did not turn {presses} pages: on page {app.index}, showing {drawn!r}")
    return {"settled_ms": settled_ms, "cpu_ms": cpu_ms}


if __name__ == "__main__":
    install()
    out, presses, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if mode not in ("update", "remount"):
        raise SystemExit(f"unknown mode {mode!r}: update or remount")
    # As Unclench's command line readies the collector before its app runs (``settle_collector``).
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    gc.enable()
    result = asyncio.run(measure(FloorApp(remount=mode == "remount"), presses))
    out.write_text(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
