"""The lesson player's progress bar (LessonProgress) draws exactly what Textual's ProgressBar drew there."""

from __future__ import annotations

import itertools

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar
from textual.widgets._progress_bar import Bar

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.widgets.lesson_progress import LessonProgress

from .conftest import AppFactory
from .helpers import open_at, settle, sync


class Both(App[None]):
    """Textual's bar as the player had it (a 12-cell Bar in an auto-width ProgressBar) above the new one."""

    CSS = """
    Horizontal { height: 1; background: $panel; }
    #textual { width: auto; }
    #textual Bar { width: 12; }
    #ours { width: 12; }
    """

    def __init__(self, first: tuple[int, int]) -> None:
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="textual")
        with Horizontal():
            yield LessonProgress(id="ours")

    def on_mount(self) -> None:
        self.show(*self.first)  # before the first layout, as when the player opens

    def show(self, total: int, progress: int) -> None:
        self.query_one("#textual", ProgressBar).update(total=total, progress=progress)
        self.query_one("#ours", LessonProgress).update(total=total, progress=progress)

    def same(self) -> bool:
        theirs = self.query_one("#textual Bar", Bar)
        ours = self.query_one("#ours", LessonProgress)
        return list(theirs.render_line(0)) == list(ours.render_line(0))


#: A walk through lessons of 1 to 9 steps, forwards and back, with totals changing under the same share.
WALK = [(total, done) for total in (1, 2, 3, 4, 5, 6, 7, 9) for done in (*range(total + 1), total - 1, 0)]


@sync
@pytest.mark.parametrize("first", [(1, 0), (4, 2), (7, 2), (3, 3), (9, 4)])
async def test_the_bar_is_drawn_as_textuals_progress_bar_drew_it(first: tuple[int, int]) -> None:
    app = Both(first)
    async with app.run_test(size=(40, 4)) as pilot:
        await pilot.pause()
        assert app.same(), first
        for total, done in itertools.chain(WALK, [(14, 4), (7, 2), (6, 3), (4, 2)]):
            app.show(total, done)
            await pilot.pause()
            assert app.same(), (total, done)


@sync
async def test_every_theme_colours_it_alike() -> None:
    app = Both((5, 2))
    async with app.run_test(size=(40, 4)) as pilot:
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            assert app.same(), theme
            app.show(5, 5)  # complete: the complete colour
            await pilot.pause()
            assert app.same(), theme
            app.show(5, 2)


@sync
async def test_the_bar_says_what_it_counts(make_app: AppFactory, mini: Course) -> None:
    """A stranger paged with n and the bar did not follow: it counts the lesson's steps complete, not where they
    are. Its tooltip says so, with the count, and follows the steps done."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Place("intro", 0))
        bar = app.screen.query_one("#lesson-progress", LessonProgress)
        total = len(mini.lessons["intro"].steps)
        assert str(bar.tooltip) == f"Steps complete in this lesson: 0 of {total} (the label says where you are)"
        await pilot.press("n")  # the first step is read and complete on moving on; the bar says the count
        await settle(pilot)
        done = app.session.journey.lesson_tally("intro").done
        assert done >= 1
        assert str(bar.tooltip) == f"Steps complete in this lesson: {done} of {total} (the label says where you are)"
