"""Record when Textual puts out a frame, to measure key-to-frame latency in Pilot runs.

``App._display`` is what Textual calls with a compositor update once the screen
has been laid out and rendered (headless, the update is computed but not written
out). Every call outside a batch update is a frame.
"""

from __future__ import annotations

import bisect
import time
from typing import Any

from textual.app import App

FRAMES: list[float] = []
#: The process's CPU time (``time.process_time``) at each frame of :data:`FRAMES`.
FRAME_CPU: list[float] = []
#: The class name of the screen each frame of :data:`FRAMES` showed.
SCREENS: list[str] = []


def install() -> None:
    """Start recording frame times (``time.perf_counter``) in :data:`FRAMES`."""
    original = App._display

    def _display(self: App[Any], screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            FRAMES.append(time.perf_counter())
            FRAME_CPU.append(time.process_time())
            SCREENS.append(type(screen).__name__)

    App._display = _display  # type: ignore[method-assign]


def first_frame_after(moment: float, screen: str | None = None) -> float | None:
    """The time of the first frame after ``moment`` (of a ``screen``, when given), if there was one."""
    index = bisect.bisect_right(FRAMES, moment)
    while index < len(FRAMES):
        if screen is None or SCREENS[index] == screen:
            return FRAMES[index]
        index += 1
    return None


def cpu_at_frame(moment: float) -> float | None:
    """The process's CPU time when the frame at ``moment`` (a time in :data:`FRAMES`) was put out."""
    index = bisect.bisect_left(FRAMES, moment)
    return FRAME_CPU[index] if index < len(FRAMES) and FRAMES[index] == moment else None


def last_frame_between(start: float, end: float) -> float | None:
    """The time of the last frame after ``start`` and not after ``end``, if there was one."""
    index = bisect.bisect_right(FRAMES, end) - 1
    return FRAMES[index] if index >= 0 and FRAMES[index] > start else None
