"""The shared start-up probe: note when a screen is first drawn, then exit at once.

Both start-up drivers (the bare Textual app and Unclench) install the same
probe, so the two figures are measured the same way:

* ``App.run`` is wrapped to run headless (80x24, Textual's default size).
* ``App._display`` is wrapped: it is what Textual calls with a compositor
  update once a screen has been laid out and rendered (in headless mode the
  update is computed but not written to a terminal). The first call, outside
  a batch, for a screen that ``is_target`` accepts marks "drawn": the probe
  writes ``time.time() - $BENCH_T0`` (the parent's wall clock just before it
  launched this process) to ``$BENCH_OUT`` as JSON, with this process's CPU
  time so far (``cpu_s``: on a busy machine, a figure that waiting for a core
  does not inflate), and asks the app to exit.
* At exit the process's peak RSS is added to that JSON.

Textual is patched when the program itself first imports ``textual.app``, not
before: importing it here, ahead of the program, would move Textual's import
(about 150 ms) to before everything the program does while it imports Textual
(``unclench`` opens its progress store in a thread meanwhile, and reads a large
uncached course in a helper process), so that the probe would time a start no
learner has.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from _peak import peak_rss_mb

if TYPE_CHECKING:
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec

    from textual.app import App
    from textual.screen import Screen

IsTarget = Callable[["App[Any]", "Screen[Any]"], bool]


def install(is_target: IsTarget) -> None:
    """Patch Textual so that the first drawn target screen is timed and ends the app.

    Now if ``textual.app`` is imported already, else just after the program imports it.
    """
    t0 = float(os.environ["BENCH_T0"])
    out = Path(os.environ["BENCH_OUT"])
    result: dict[str, Any] = {}

    def write_peak() -> None:
        result["peak_rss_mb"] = peak_rss_mb()
        out.write_text(json.dumps(result))

    atexit.register(write_peak)
    imported = sys.modules.get("textual.app")
    if imported is not None:
        _patch(imported.App, is_target, t0, out, result)
    else:
        sys.meta_path.insert(
            0, _AfterImport("textual.app", lambda module: _patch(module.App, is_target, t0, out, result))
        )


class _AfterImport:
    """An import hook (``sys.meta_path``): runs ``then`` on the module ``name`` once it has been imported.

    Duck-typed: ``importlib.abc`` would take some 30 ms to import, in every probed start.
    """

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self._name = name
        self._then = then

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self._name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _ThenLoader(spec.loader, self._then)  # type: ignore[assignment]  # duck-typed
        return spec


class _ThenLoader:
    """The loader of a module, then ``then`` on the module."""

    def __init__(self, loader: Loader, then: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._then = then

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        self._then(module)


def _patch(app_class: type[App[Any]], is_target: IsTarget, t0: float, out: Path, result: dict[str, Any]) -> None:
    original_display = app_class._display
    original_run = app_class.run
    done = False

    def _display(self: App[Any], screen: Screen[Any], renderable: Any) -> None:
        nonlocal done
        original_display(self, screen, renderable)
        if done or renderable is None or self._batch_count or not is_target(self, screen):
            return
        done = True
        drawn = time.time() - t0
        result.update(drawn_s=drawn, cpu_s=time.process_time(), screen=type(screen).__name__)
        out.write_text(json.dumps(result))
        self.exit()

    def run(self: App[Any], **kwargs: Any) -> Any:
        kwargs["headless"] = True
        return original_run(self, **kwargs)

    app_class._display = _display  # type: ignore[method-assign]
    app_class.run = run  # type: ignore[method-assign]
