"""Time key presses on the course map in a Pilot run (``App.run_test``, headless, 100x40).

Usage: ``python map_keys.py OUT.json PRESSES KEY [--course DIR]`` with ``$UNCLENCH_DATA_DIR``
holding progress that leaves the learner on the course map; KEY is ``down`` or
``tab`` (``down`` moves to the next lesson; ``tab`` moves the focus, which on a map
of one widget per lesson was also the next lesson). It counts the presses that moved
the focus (``focus_moves``) and those that moved to another lesson, by focus or by the
highlight of a list of lessons (``lesson_moves``). For each press it records:

* ``frame_ms``: from sending the key until the next frame is put out (what the
  learner waits for to see the map move); presses that change nothing on screen
  put out no frame and have no figure;
* ``press_ms``: ``await pilot.press(KEY)``: Textual delivers the key, then the
  Pilot waits until every widget of the screen has processed its pending messages
  (a cost of the Pilot that grows with the number of widgets, recorded on its own
  as ``idle_wait_ms``);
* ``press_pause_ms``: that plus ``await pilot.pause()`` (which also waits for the
  app to go idle: at least one 20 ms tick of Textual's idle detection).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from _frames import first_frame_after, install
from _peak import peak_rss_mb

from unclench import coursecache, folders
from unclench.cli.run import settle_collector
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen


def where(app: UnclenchApp) -> tuple[object, object]:
    """The focused widget, and the lesson it highlights when it is a list of lessons."""
    focused = app.focused
    return focused, getattr(focused, "highlighted_lesson", None)


async def measure(app: UnclenchApp, presses: int, key: str) -> dict[str, object]:
    press_ms: list[float] = []
    press_pause_ms: list[float] = []
    frame_ms: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen), type(app.screen).__name__
        idle_wait_ms: list[float] = []
        for _ in range(5):  # the Pilot's own cost: waiting on every widget when there is nothing to do
            t0 = time.perf_counter()
            await pilot._wait_for_screen()
            idle_wait_ms.append((time.perf_counter() - t0) * 1000)
        focus_moves = lesson_moves = 0
        for _ in range(presses):
            before = app.focused
            before_lesson = where(app)
            t0 = time.perf_counter()
            await pilot.press(key)
            t1 = time.perf_counter()
            await pilot.pause()
            t2 = time.perf_counter()
            press_ms.append((t1 - t0) * 1000)
            press_pause_ms.append((t2 - t0) * 1000)
            focus_moves += app.focused is not before
            lesson_moves += where(app) != before_lesson
            frame = first_frame_after(t0)
            if frame is not None and frame <= t2:
                frame_ms.append((frame - t0) * 1000)
    return {
        "press_ms": press_ms,
        "press_pause_ms": press_pause_ms,
        "frame_ms": frame_ms,
        "focus_moves": focus_moves,
        "lesson_moves": lesson_moves,
        "idle_wait_ms": idle_wait_ms,
    }


if __name__ == "__main__":
    install()
    out, presses, key = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    root = Path(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--course" else folders.bundled_course_root()
    course = coursecache.lookup(root).course or load_course(root)
    store = ProgressStore.open()
    try:
        settle_collector()  # as the command line does before the app runs
        result = asyncio.run(measure(UnclenchApp(course, store, cursor_blink=False), presses, key))
    finally:
        store.close()
    out.write_text(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
