"""Time step changes end to end in a Pilot run (``App.run_test``, headless, 100x40).

Usage: ``python step_changes.py OUT.json PRESSES [--course DIR]`` with ``$UNCLENCH_DATA_DIR``
holding the learner's record. The app opens the lesson player at the continue
point; then ``ctrl+n`` is pressed PRESSES times (moving on through steps,
summaries and lessons, recording progress as a learner does). Per press, in ms:

* ``settled_ms``: from sending the key until the first frame after the player
  has shown the new step (``PlayerScreen._show`` returned): the step change
  with everything it does (saving, reading progress, replacing the step view,
  the header) and the screen showing it (a progress bar's animation, which
  goes on for a while, is not waited for);
* ``first_frame_ms``: from sending the key until the next frame;
* ``record_ms``: the part of the press spent in the learner's record: the
  session's writes (position, step done) and reading progress back
  (``Session.write`` and ``Session.refresh``), the part that used to grow
  with the course and the record.

A tremor exercise's safety gate (shown every time one opens) is answered "Not
now" and that press is not counted.
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
from unclench.tui.screens.player import PlayerScreen

SHOWN: list[float] = []
RECORD_S = [0.0]


def record_time() -> None:
    """Add the time spent in the session's writes and reads to ``RECORD_S``."""
    from unclench.tui.session import Session

    for name in ("write", "refresh"):
        original = getattr(Session, name)

        def timed(self: Session, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return __original(self, *args, **kwargs)
            finally:
                RECORD_S[0] += time.perf_counter() - start

        setattr(Session, name, timed)


def record_shown() -> None:
    """Note when the player has finished showing a step."""
    original = PlayerScreen._show

    async def _show(self: PlayerScreen, *args: Any, **kwargs: Any) -> None:
        await original(self, *args, **kwargs)
        SHOWN.append(time.perf_counter())

    PlayerScreen._show = _show  # type: ignore[method-assign]


async def measure(app: UnclenchApp, presses: int) -> dict[str, object]:
    settled_ms: list[float] = []
    first_frame_ms: list[float] = []
    record_ms: list[float] = []
    gates = 0
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, PlayerScreen):
            await app.open_place(None)
            await pilot.pause()
        for _ in range(presses):
            if not isinstance(app.screen, PlayerScreen):
                gates += 1
                await pilot.press("escape")
                await pilot.pause()
                continue
            record_before = RECORD_S[0]
            t0 = time.perf_counter()
            await pilot.press("ctrl+n")
            await pilot.pause()
            t1 = time.perf_counter()
            shown = [moment for moment in SHOWN if t0 < moment <= t1]
            settled = first_frame_after(shown[-1]) if shown else None
            first = first_frame_after(t0)
            if settled is not None and first is not None:
                settled_ms.append((settled - t0) * 1000)
                first_frame_ms.append((first - t0) * 1000)
                record_ms.append((RECORD_S[0] - record_before) * 1000)
    return {"settled_ms": settled_ms, "first_frame_ms": first_frame_ms, "record_ms": record_ms, "gates": gates}


if __name__ == "__main__":
    install()
    record_shown()
    record_time()
    out, presses = Path(sys.argv[1]), int(sys.argv[2])
    root = Path(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--course" else folders.bundled_course_root()
    course = coursecache.lookup(root).course or load_course(root)
    store = ProgressStore.open()
    try:
        settle_collector()  # as the command line does before the app runs
        result = asyncio.run(measure(UnclenchApp(course, store, cursor_blink=False), presses))
    finally:
        store.close()
    out.write_text(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
