"""A rating of 0 is told apart from a rating of 1 in the charts (a stranger read "▁▁" for both), without colours."""

from __future__ import annotations

from textual.app import App, ComposeResult

from unclench.tui.widgets.rating_chart import ZERO_MARK, RatingSparkline

from .helpers import screen_text, settle, sync


class _Chart(App[None]):
    def __init__(self, ratings: list[float]) -> None:
        super().__init__()
        self.ratings = ratings

    def compose(self) -> ComposeResult:
        yield RatingSparkline(self.ratings)


@sync
async def test_a_rating_of_0_has_a_mark_of_its_own_not_the_bar_of_1() -> None:
    app = _Chart([0, 1, 0, 10])
    async with app.run_test(size=(8, 1)) as pilot:  # room for two cells a rating
        await settle(pilot)
        line = screen_text(app).splitlines()[0]
    assert line == f"{ZERO_MARK * 2}▁▁{ZERO_MARK * 2}██"


@sync
async def test_one_cell_a_rating_when_there_is_no_room_for_two() -> None:
    app = _Chart([1, 0, 2, 0, 10])
    async with app.run_test(size=(5, 1)) as pilot:
        await settle(pilot)
        line = screen_text(app).splitlines()[0]
    assert line == f"▁{ZERO_MARK}▂{ZERO_MARK}█"
