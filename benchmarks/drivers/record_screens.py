"""Time the record screens on a heavy record in a Pilot run (``App.run_test``, headless, 100x40).

Usage: ``python record_screens.py OUT.json QUERY [--course DIR]`` with ``$UNCLENCH_DATA_DIR``
holding the record; the app starts on the course map. Recorded, in ms:

* ``journal_ms``: from pressing ``j`` until the first frame of the journal screen;
* ``search_ms``: for each character of QUERY typed into the journal's search
  field, from the key until the next frame (the search runs as the field
  changes, so that frame shows what matches), and ``search_shown``: how many
  answers the screen said it showed after the last one;
* ``trends_ms``: from pressing ``t`` on the course map until the first frame of the
  trends screen.

On a record without answers (the baseline run of ``run.py``) there is no search
field: ``search_ms`` is then empty.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from _frames import first_frame_after, install
from _peak import peak_rss_mb

from unclench import coursecache, folders
from unclench.cli.run import settle_collector
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp


async def opened(pilot: Any, key: str, screen: str) -> float:
    """Press ``key`` and wait until ``screen`` is drawn; ms from the key to its first frame."""
    t0 = time.perf_counter()
    await pilot.press(key)
    for _ in range(600):
        if first_frame_after(t0, screen) is not None:
            break
        await asyncio.sleep(0.005)
    frame = first_frame_after(t0, screen)
    if frame is None:
        raise RuntimeError(f"{screen} was never drawn (on screen: {type(pilot.app.screen).__name__})")
    await pilot.pause()
    return (frame - t0) * 1000


async def measure(app: UnclenchApp, query: str) -> dict[str, Any]:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        journal_ms = await opened(pilot, "j", "JournalScreen")
        await pilot.press("slash")
        await pilot.pause()
        search_ms: list[float] = []
        searchable = bool(app.screen.query("#journal-search"))
        for char in query if searchable else "":
            t0 = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            frame = first_frame_after(t0)
            if frame is not None:
                search_ms.append((frame - t0) * 1000)
        shown = str(app.screen.query_one("#journal-count").render()) if searchable else ""
        if searchable:
            await pilot.press("escape")  # out of the search field
        await pilot.press("escape")  # back to the map
        await pilot.pause()
        trends_ms = await opened(pilot, "t", "TrendsScreen")
    return {
        "journal_ms": journal_ms,
        "search_ms": search_ms,
        "search_shown": shown,
        "trends_ms": trends_ms,
    }


if __name__ == "__main__":
    install()
    out, query = Path(sys.argv[1]), sys.argv[2]
    root = Path(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--course" else folders.bundled_course_root()
    course = coursecache.lookup(root).course or load_course(root)
    store = ProgressStore.open()
    try:
        settle_collector()  # as the command line does before the app runs
        result = asyncio.run(measure(UnclenchApp(course, store, cursor_blink=False), query))
    finally:
        store.close()
    out.write_text(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
