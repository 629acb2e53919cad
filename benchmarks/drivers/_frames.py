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


def install() -> None:
    """Start recording frame times (``time.perf_counter``) in :data:`FRAMES`."""
    original = App._display

    def _display(self: App[Any], screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            FRAMES.append(time.perf_counter())

    App._display = _display  # type: ignore[method-assign]


def first_frame_after(moment: float) -> float | None:
    """The time of the first frame after ``moment``, if there was one."""
    index = bisect.bisect_right(FRAMES, moment)
    return FRAMES[index] if index < len(FRAMES) else None
