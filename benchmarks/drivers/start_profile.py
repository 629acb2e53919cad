"""Where a real start's time goes: ``unclench [--course DIR]`` headless, with timers around Textual's stages.

Run like ``unclench_app.py`` (``$BENCH_T0``, ``$BENCH_OUT``, ``$BENCH_SCREEN``); it writes, in ms:

* ``python_ms``: from the parent's launch until this script runs (the interpreter and ``site``);
* ``import_ms``: importing Unclench's command line and app (Textual, the store, the journey...);
* ``css_parse_ms``: Textual parsing stylesheets (the app's ``unclench.tcss`` and every widget's
  ``DEFAULT_CSS``);
* ``css_apply_ms``: applying the rules to widgets (``Stylesheet.apply``/``update_nodes``);
* ``compose_ms``: running ``compose()`` of every widget and screen (Unclench's own code: reading the
  learner's progress, building the widgets), not the mounting;
* ``layout_ms``: ``Screen._refresh_layout``: arranging the screen, before it is rendered;
* ``render_ms``: the compositor rendering the frame's lines (``Compositor.render_update``);
* ``markdown_ms``: parsing Markdown (markdown-it) and turning it into Textual blocks;
* ``drawn_ms``: from launch to the first frame of ``$BENCH_SCREEN``, as in the start-up figures.

Reported beside them (they overlap the stages above, or one another):

* ``unclench_import_ms``: of ``import_ms``, Unclench's own modules (Textual already imported);
* ``course_ms``: opening the course (from the course cache, or read and validated on a first run);
* ``store_ms``: opening the progress store (checking the file; creating it on a first run), which
  the command line does in a thread while it imports the app, so it overlaps the imports;
* ``markdown_import_ms``: importing Textual's Markdown widget (markdown-it, Pygments), on first use.

Timers do not nest into one another's figures except where said (a stage called inside another
one of the same kind counts once); the rest of ``drawn_ms`` is everything else (mounting, message
passing, the store, the course cache, the event loop).
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = float(os.environ["BENCH_T0"])
STARTED = time.time()
TOTALS: dict[str, float] = {}
_DEPTH: dict[str, int] = {}


def timed(owner: Any, name: str, key: str) -> None:
    """Add the time spent in ``owner.name`` to ``TOTALS[key]`` (outermost calls only)."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _DEPTH.get(key):
            return original(*args, **kwargs)
        _DEPTH[key] = 1
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _DEPTH[key] = 0
            TOTALS[key] = TOTALS.get(key, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


if __name__ == "__main__":
    before_import = time.perf_counter()
    import textual.app
    import textual.widget
    from textual._compositor import Compositor
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen

    before_unclench = time.perf_counter()
    from unclench.cli import main
    from unclench.tui import app as _unclench_app  # noqa: F401  (what the command imports to start the app)

    import_ms = (time.perf_counter() - before_import) * 1000
    unclench_import_ms = (time.perf_counter() - before_unclench) * 1000
    from unclench import coursecache
    from unclench.store import ProgressStore

    timed(coursecache, "open_course", "course_ms")
    timed(ProgressStore, "open", "store_ms")
    for method in ("apply", "update_nodes"):
        timed(Stylesheet, method, "css_apply_ms")
    timed(Stylesheet, "parse", "css_parse_ms")
    timed(textual.widget, "compose", "compose_ms")
    timed(textual.app, "compose", "compose_ms")
    timed(Screen, "_refresh_layout", "layout_ms")
    timed(Compositor, "render_update", "render_ms")
    import textual.widgets

    def markdown_widget(name: str) -> Any:
        """Textual's lazy ``textual.widgets.Markdown``: timed where it is first imported, then its parsing."""
        if name != "Markdown" or "textual.widgets._markdown" in sys.modules:
            return widgets_getattr(name)
        start = time.perf_counter()
        widget = widgets_getattr(name)
        TOTALS["markdown_import_ms"] = time.perf_counter() - start
        import markdown_it
        from textual.widgets import _markdown

        timed(markdown_it.MarkdownIt, "parse", "markdown_ms")
        timed(_markdown.Markdown, "_parse_markdown", "markdown_ms")
        return widget

    widgets_getattr = textual.widgets.__getattr__
    setattr(textual.widgets, "__getattr__", markdown_widget)  # noqa: B010  (a module attribute, replaced)
    out = Path(os.environ["BENCH_OUT"])

    def add_stages() -> None:
        """After the probe has written the first frame and peak memory (atexit runs this one last)."""
        result = json.loads(out.read_text()) if out.exists() else {}
        if "drawn_s" in result:
            result["drawn_ms"] = result["drawn_s"] * 1000
        result.update(python_ms=(STARTED - T0) * 1000, import_ms=import_ms, unclench_import_ms=unclench_import_ms)
        result.update({key: value * 1000 for key, value in TOTALS.items()})
        out.write_text(json.dumps(result))

    atexit.register(add_stages)
    sys.path.insert(0, str(Path(__file__).parent))
    from _drawn import install

    target = os.environ.get("BENCH_SCREEN", "CourseMapScreen")
    install(lambda app, screen: screen is app.screen and type(screen).__name__ == target)
    raise SystemExit(main(sys.argv[1:]))
