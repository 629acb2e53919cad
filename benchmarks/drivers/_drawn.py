"""The shared start-up probe: note when a screen is first drawn, then exit at once.

Both start-up drivers (the bare Textual app and Unclench) install the same
probe, so the two figures are measured the same way:

* ``App.run`` is wrapped to run headless (80x24, Textual's default size).
* ``App._display`` is wrapped: it is what Textual calls with a compositor
  update once a screen has been laid out and rendered (in headless mode the
  update is computed but not written to a terminal). The first call, outside
  a batch, for a screen that ``is_target`` accepts marks "drawn": the probe
  writes ``time.time() - $BENCH_T0`` (the parent's wall clock just before it
  launched this process) to ``$BENCH_OUT`` as JSON and asks the app to exit.
* At exit the process's peak RSS is added to that JSON.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _peak import peak_rss_mb
from textual.app import App
from textual.screen import Screen


def install(is_target: Callable[[App[Any], Screen[Any]], bool]) -> None:
    """Patch Textual so that the first drawn target screen is timed and ends the app."""
    t0 = float(os.environ["BENCH_T0"])
    out = Path(os.environ["BENCH_OUT"])
    original_display = App._display
    original_run = App.run
    done = False
    result: dict[str, Any] = {}

    def write_peak() -> None:
        result["peak_rss_mb"] = peak_rss_mb()
        out.write_text(json.dumps(result))

    atexit.register(write_peak)

    def _display(self: App[Any], screen: Screen[Any], renderable: Any) -> None:
        nonlocal done
        original_display(self, screen, renderable)
        if done or renderable is None or self._batch_count or not is_target(self, screen):
            return
        done = True
        drawn = time.time() - t0
        result.update(drawn_s=drawn, screen=type(screen).__name__)
        out.write_text(json.dumps(result))
        self.exit()

    def run(self: App[Any], **kwargs: Any) -> Any:
        kwargs["headless"] = True
        return original_run(self, **kwargs)

    App._display = _display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]
