"""Time step changes end to end in a Pilot run (``App.run_test``, headless, 100x40).

Usage: ``python step_changes.py OUT.json PRESSES [--course DIR]`` with ``$UNCLENCH_DATA_DIR``
holding the learner's record. The app opens the lesson player at the continue
point; then ``ctrl+n`` is pressed PRESSES times (moving on through steps,
summaries and lessons, recording progress as a learner does). Before each
press the driver waits until the app is idle (its CPU time stands still for a
moment: ``Pilot.pause()``): a learner reads a step before moving on,
and the lesson player uses that time to build the next step's view ahead
(``PlayerScreen._build_ahead``), so a press timed while that work still ran
would time what no learner meets. Per press, in ms:

* ``settled_ms``: from sending the key until the first frame after the player
  has shown the new step (``PlayerScreen._show`` returned): the step change
  with everything it does (saving, reading progress, replacing the step view,
  the header) and the screen showing it (a progress bar's animation, which
  goes on for a while, is not waited for);
* ``first_frame_ms``: from sending the key until the next frame;
* ``cpu_ms``: the process's CPU time over the same span as ``settled_ms`` (all
  threads; less swayed than the wall time by other programs on a loaded machine);
* ``record_ms``: the part of the press spent in the learner's record: the
  session's writes (position, step done) and reading progress back
  (``Session.write`` and ``Session.refresh``), the part that used to grow
  with the course and the record.

A tremor exercise's safety gate (shown every time one opens) is answered "Not
now" and that press is not counted.

With ``--phases`` (after the other arguments) each counted press also gets
``kinds`` (what the press led to: the step view's class, or the gate) and
``phases_ms``: the time inside parts of Textual and Unclench between the key
and the frame (styling widgets, composing, laying out, rendering, the
session's writes and reads, garbage collection), for the breakdown in
``benchmarks/README.md``. The parts overlap a little and leave out the event
loop, message passing, mounting and focus; the wrappers add a little time.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from _frames import cpu_at_frame, first_frame_after, install
from _peak import peak_rss_mb

from unclench import coursecache, folders
from unclench.cli.run import settle_collector
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen

SHOWN: list[float] = []
RECORD_S = [0.0]
#: With ``--phases``: (part, start, end) of every outermost call of a timed part.
INTERVALS: list[tuple[str, float, float]] = []


def time_part(owner: Any, name: str, part: str) -> None:
    """Note the time spent in ``owner.name`` (outermost calls only) as ``part`` in :data:`INTERVALS`."""
    original = getattr(owner, name)
    depth = [0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                INTERVALS.append((part, start, time.perf_counter()))

    async def timed_async(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            INTERVALS.append((part, start, time.perf_counter()))

    setattr(owner, name, timed_async if asyncio.iscoroutinefunction(original) else timed)


def time_phases() -> None:
    """Time Textual's styling, composing, layout and rendering, the session, and garbage collection."""
    import gc

    from textual._compositor import Compositor
    from textual.css.stylesheet import Stylesheet
    from textual.widget import Widget

    from unclench.tui.session import Session

    time_part(Stylesheet, "apply", "styles applied to new widgets")
    time_part(Stylesheet, "update_nodes", "styles updated (focus, classes)")
    time_part(Widget, "_compose", "compose")
    time_part(Compositor, "reflow", "layout")
    time_part(Compositor, "render_update", "render")
    time_part(Session, "write", "record writes")
    time_part(Session, "refresh", "record reads")
    started = [0.0]

    def collecting(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            INTERVALS.append(("garbage collection", started[0], time.perf_counter()))

    gc.callbacks.append(collecting)


def phases_between(start: float, end: float) -> dict[str, float]:
    """Milliseconds of each timed part between ``start`` and ``end`` (overlapping calls counted once)."""
    parts: dict[str, float] = {}
    reached: dict[str, float] = {}
    for part, begun, ended in sorted(INTERVALS, key=lambda interval: interval[1]):
        begun, ended = max(begun, start, reached.get(part, start)), min(ended, end)
        if ended > begun:
            parts[part] = parts.get(part, 0.0) + (ended - begun) * 1000
            reached[part] = ended
    return parts


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
    cpu_ms: list[float] = []
    first_frame_ms: list[float] = []
    record_ms: list[float] = []
    kinds: list[str] = []
    phases_ms: list[dict[str, float]] = []
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
            # A learner reads before pressing: the app is idle first (see the module's docstring).
            await pilot.pause()  # without a delay: until the process's CPU time stands still
            record_before = RECORD_S[0]
            INTERVALS.clear()
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            await pilot.press("ctrl+n")
            await pilot.pause()
            t1 = time.perf_counter()
            shown = [moment for moment in SHOWN if t0 < moment <= t1]
            settled = first_frame_after(shown[-1]) if shown else None
            first = first_frame_after(t0)
            if settled is not None and first is not None:
                settled_ms.append((settled - t0) * 1000)
                cpu_ms.append(((cpu_at_frame(settled) or cpu0) - cpu0) * 1000)
                first_frame_ms.append((first - t0) * 1000)
                record_ms.append((RECORD_S[0] - record_before) * 1000)
                screen = app.screen
                view = screen.view if isinstance(screen, PlayerScreen) else None
                kinds.append(type(view if view is not None else screen).__name__)
                phases_ms.append(phases_between(t0, settled))
    result: dict[str, object] = {
        "settled_ms": settled_ms,
        "cpu_ms": cpu_ms,
        "first_frame_ms": first_frame_ms,
        "record_ms": record_ms,
        "gates": gates,
    }
    if "--phases" in sys.argv:
        result |= {"kinds": kinds, "phases_ms": phases_ms}
    return result


if __name__ == "__main__":
    install()
    record_shown()
    record_time()
    if "--phases" in sys.argv:
        time_phases()
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
