"""The health questions open with their introduction and first question on screen, at 60x20 too.

A stranger at 60x20 met them scrolled past the first question: "before this practice." and a Yes/No
with no question above it; the question and the introduction showed only after Page Up.
"""

from __future__ import annotations

from textual.containers import VerticalScroll

from unclench.course import Course
from unclench.tui.screens.screening import ScreeningScreen

from .conftest import AppFactory
from .helpers import screen_text, settle, sync


@sync
async def test_the_first_question_and_the_introduction_are_on_screen_at_open(
    make_app: AppFactory, bundled: Course
) -> None:
    app = make_app(bundled)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        questions = [q for q in bundled.screening]
        app.push_screen(ScreeningScreen(app.session, questions, require_all=True))
        await settle(pilot, 3)
        await pilot.pause(0.2)
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        first = questions[0].question
        assert "Please answer honestly" in text
        assert " ".join(first.split()[:4]) in text
        assert "Yes" in text and "No" in text
        assert app.screen.query_one("#screening-body", VerticalScroll).scroll_y == 0
