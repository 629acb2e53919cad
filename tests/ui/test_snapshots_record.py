"""SVG snapshots of the journal and the check-in trends at 80x24 (pytest-textual-snapshot).

Regenerate with ``pytest tests/ui/test_snapshots_record.py --snapshot-update``
and look at the SVGs under ``__snapshots__`` before committing them. Every
time is fixed (the stores' clock is ``FIXED_NOW``, the local time zone UTC).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from unclench.course import Course
from unclench.store import ProgressStore

from .conftest import AppFactory
from .helpers import settle

pytestmark = pytest.mark.usefixtures("utc_local_time")

Snap = Callable[..., bool]
SIZE = (80, 24)


def press(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """A ``run_before`` that presses ``keys`` on the course map."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def rate_runs(store: ProgressStore, course: Course) -> None:
    """Three runs of the tremor exercise, tension and distress before and after."""
    runs = [(7, 3, 6, 2), (6, 4, 5, 5), (8, 2, 7, 1)]
    for number, (tension_before, tension_after, distress_before, distress_after) in enumerate(runs):
        session = f"run-{number}"
        for measure, phase, rating in (
            ("tension", "before", tension_before),
            ("distress", "before", distress_before),
            ("tension", "after", tension_after),
            ("distress", "after", distress_after),
        ):
            store.record_checkin(course.id, "shake", "tremor", measure, phase, rating, session)


def test_journal(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(
        mini.id, "intro", "feel", "Where do you hold tension?", "My shoulders, and my [bold]jaw[/] at night."
    )
    app.store.save_answer(mini.id, "old-lesson", "feel", "What did you [i]notice[/i]?", "Warmth in my hands [/]")
    assert snap_compare(app, terminal_size=SIZE, run_before=press("j"))


def test_journal_empty(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=press("j"))


def test_trends(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    rate_runs(app.store, mini)
    assert snap_compare(app, terminal_size=SIZE, run_before=press("t"))


def test_trends_empty(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    assert snap_compare(make_app(mini), terminal_size=SIZE, run_before=press("t"))


def test_trends_with_charts_off(snap_compare: Snap, make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    rate_runs(app.store, mini)
    app.store.set_setting("charts", "off")
    assert snap_compare(app, terminal_size=SIZE, run_before=press("t"))
