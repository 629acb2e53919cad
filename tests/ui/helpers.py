"""Helpers for the UI tests."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

P = ParamSpec("P")


def screen_text(app: App[object]) -> str:
    """The text on the terminal right now, as plain text (what the learner reads)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(pilot: Pilot[object], times: int = 1) -> None:
    """Let messages, mounts and Markdown rendering finish."""
    for _ in range(times):
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def sync(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test with :func:`asyncio.run` (no pytest async plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


async def click(pilot: Pilot[object], selector: str) -> None:
    """Scroll a widget into view, then click it (as a learner with a mouse would)."""
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.click(widget)
    await pilot.pause()
