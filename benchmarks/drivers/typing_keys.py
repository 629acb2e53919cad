"""Type into a prompt's answer editor in a Pilot run, with autosave working, off, or slow.

Usage: ``python typing_keys.py OUT.json KEYS MODE`` with ``$UNCLENCH_DATA_DIR`` holding
progress in the bundled course (the disclaimer acknowledged). The learner's position is
set to a prompt step, so the app opens the lesson player there with the editor focused.
Keys are typed ``PACE`` seconds apart (untimed), so that the editor's autosave (0.5 s
after the last key, at most 1 s after the first unsaved one) fires several times.

MODE decides what ``ProgressStore.save_answer`` does:

* ``real``: the real save (one SQLite transaction, WAL, ``synchronous=FULL``);
* ``off``: nothing (the baseline: typing with no saving at all);
* ``slow``: the real save while holding the store's lock for ``SLOW_S`` more seconds,
  as a slow disk would: any store call on the UI thread during a save would wait.

For each key it records ``press_ms`` (``await pilot.press``: the key is delivered and
the screen has processed it), ``frame_ms`` (key to the next frame) and whether a save
was running meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from _frames import first_frame_after, install
from _peak import peak_rss_mb
from textual.widgets import TextArea

from unclench import coursecache, folders
from unclench.cli.run import settle_collector
from unclench.course import PromptStep
from unclench.loader import load_course
from unclench.store import ProgressStore
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.player import PlayerScreen

PACE = 0.03
SLOW_S = 0.2
TEXT = "my shoulders feel tight when I think about work and they relax when I breathe out "


def instrument(store: ProgressStore, mode: str) -> list[tuple[float, float]]:
    """Replace the store's ``save_answer`` as MODE says; returns the (start, end) of every save."""
    saves: list[tuple[float, float]] = []
    real = store.save_answer
    lock: threading.RLock = store._lock

    def save_answer(*args: Any, **kwargs: Any) -> None:
        start = time.perf_counter()
        try:
            if mode == "real":
                real(*args, **kwargs)
            elif mode == "slow":
                with lock:
                    time.sleep(SLOW_S)
                    real(*args, **kwargs)
        finally:
            saves.append((start, time.perf_counter()))

    store.save_answer = save_answer  # type: ignore[method-assign]
    return saves


async def measure(app: UnclenchApp, keys: int, saves: list[tuple[float, float]]) -> dict[str, Any]:
    starts: list[float] = []
    press_ms: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen), type(app.screen).__name__
        if not isinstance(app.focused, TextArea):  # a reflection opens for reading: e starts writing
            await pilot.press("e")
            await pilot.pause()
        assert isinstance(app.focused, TextArea), type(app.focused).__name__
        for i in range(keys):
            char = TEXT[i % len(TEXT)]
            t0 = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            press_ms.append((time.perf_counter() - t0) * 1000)
            starts.append(t0)
            await asyncio.sleep(PACE)
        await asyncio.sleep(1.2)  # let the last autosave happen
        await pilot.pause()
        typed = app.focused.text if isinstance(app.focused, TextArea) else ""
    frame_ms: list[float] = []
    for index, t0 in enumerate(starts):
        frame = first_frame_after(t0)
        limit = starts[index + 1] if index + 1 < len(starts) else float("inf")
        if frame is not None and frame < limit:
            frame_ms.append((frame - t0) * 1000)
    during = [
        any(start <= t0 + ms / 1000 and t0 <= end for start, end in saves)
        for t0, ms in zip(starts, press_ms, strict=True)
    ]
    return {
        "press_ms": press_ms,
        "frame_ms": frame_ms,
        "during_save": during,
        "saves": len(saves),
        "save_ms": [(end - start) * 1000 for start, end in saves],
        "typed_chars": len(typed),
    }


def main() -> None:
    out, keys, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    install()
    root = folders.bundled_course_root()
    course = coursecache.lookup(root).course or load_course(root)
    lesson, prompt = next(
        (lesson, step)
        for lesson in reversed(course.ordered_lessons())
        for step in lesson.steps
        if isinstance(step, PromptStep)
    )
    store = ProgressStore.open()
    try:
        store.set_position(course.id, lesson.id, prompt.id)
        saves = instrument(store, mode)
        settle_collector()  # as the command line does before the app runs
        result = asyncio.run(measure(UnclenchApp(course, store, cursor_blink=False), keys, saves))
    finally:
        store.close()
    out.write_text(json.dumps({**result, "mode": mode, "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
