"""- and + on a scale not rated yet count from its middle: one lower is 4, one higher is 6."""

from __future__ import annotations

import itertools

import pytest

from unclench.course import Course
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory
from .helpers import open_at, settle, sync
from .practising import TREMOR, exercise, pass_gate


@pytest.mark.parametrize(
    ("keys", "expected"), [(["minus"], 4), (["plus"], 6), (["equals_sign"], 6), (["minus", "minus"], 3)]
)
@sync
async def test_minus_and_plus_on_an_unrated_scale_start_from_the_middle(
    make_app: AppFactory, mini: Course, keys: list[str], expected: int
) -> None:
    """A stranger pressed - on a scale not rated yet and got 5: "one lower" than the middle is 4."""
    app = make_app(mini)
    async with app.run_test(size=(80, 30)) as pilot:
        await open_at(pilot, TREMOR)
        await pass_gate(app, pilot)
        view = exercise(app)
        scale = view.query_one(f"#before-{view.measures[0].id}", RatingScale)
        scale.focus()
        assert scale.value is None
        await pilot.press(*keys)
        await settle(pilot)
        assert scale.value == expected


@sync
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (160, 50)])
async def test_the_scales_are_evenly_spaced(make_app: AppFactory, mini: Course, size: tuple[int, int]) -> None:
    """At 60x20 a stranger saw three rating scales unevenly spaced: a question that wraps made one scale a line
    taller, with no gap between them. One blank line parts every two scales, however many lines each takes."""
    app = make_app(mini)
    async with app.run_test(size=size) as pilot:
        await open_at(pilot, TREMOR)
        await pass_gate(app, pilot)
        view = exercise(app)
        assert len(view.measures) >= 2
        for when in ("before", "after"):
            scales = [view.query_one(f"#{when}-{measure.id}", RatingScale) for measure in view.measures]
            gaps = [below.region.y - above.region.bottom for above, below in itertools.pairwise(scales)]
            if when == "before":  # the after scales show once a run has ended; the layout is the same
                assert gaps == [1] * len(gaps), gaps
            margins = [scale.styles.margin.bottom for scale in scales]
            assert margins == [1] * (len(scales) - 1) + [0]
