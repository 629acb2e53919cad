"""A fresh learner's way through a lesson, and resuming after a restart."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import TYPED_ON_WITHIN, WORD_AFTER_E
from unclench.tui.widgets.prompt_view import PromptView
from unclench.tui.widgets.quiz_view import QuizView

from .conftest import AppFactory
from .helpers import click, read_and_tick, screen_text, settle, sync


@sync
async def test_fresh_learner_walks_through_and_resumes(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "learner"
    app = make_app(mini, data_dir=data, acknowledged=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The disclaimer comes first; Enter alone does not get past it.
        assert isinstance(app.screen, DisclaimerScreen)
        await pilot.press("enter", "enter", "enter")
        assert isinstance(app.screen, DisclaimerScreen)
        assert app.screen.query_one("#disclaimer-continue", Button).disabled
        await read_and_tick(pilot, "#disclaimer-text", "#disclaimer-confirm")
        await click(pilot, "#disclaimer-continue")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        assert app.store.is_acknowledged(mini.id, "disclaimer", "course", mini.disclaimer)

        # Start from the map: the first page.
        await pilot.press("c")
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.place == Place("intro", 0)
        assert "Step 1 of 4" in screen_text(app)
        assert "first page of the mini course" in screen_text(app)

        # A page: move on with n.
        await pilot.press("n")
        await settle(pilot)
        assert player.place == Place("intro", 1)
        assert isinstance(player.view, PromptView)
        assert not isinstance(app.focused, TextArea)  # arriving never puts the keys in the editor
        # The prompt: e starts writing, then n and p are typed, not navigation.
        await pilot.pause(TYPED_ON_WITHIN)  # a look at the reflection: an e typed on after n goes nowhere
        await pilot.press("e")
        await pilot.pause(WORD_AFTER_E)  # a look at the box, then typing (straight after e, "my" went on "e")
        await pilot.press(*"my neck and pp")
        await settle(pilot)
        assert player.place == Place("intro", 1)
        assert app.focused is not None and isinstance(app.focused, TextArea)
        assert app.focused.text == "my neck and pp"
        # ctrl+n moves on even from the editor; the answer is saved first.
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert player.place == Place("intro", 2)
        entry = app.store.answer(mini.id, "intro", "feel")
        assert entry is not None and entry.answer == "my neck and pp"

        # The quiz: a wrong answer, then the right one.
        quiz = player.view
        assert isinstance(quiz, QuizView)
        await pilot.press("down", "enter")  # highlight the first choice (wrong) and check it
        await settle(pilot)
        text = screen_text(app)
        assert "Not quite" in text and "you may stop at any time" in text
        await pilot.press("down", "enter")  # the second (right), checked
        await settle(pilot)
        text = screen_text(app)
        assert "That's right" in text and "stopping is always allowed" in text
        attempts = app.store.quiz_attempts(mini.id, "intro", "check")
        assert [a.correct for a in attempts] == [False, True]
        assert "check" in app.store.completed_steps(mini.id)["intro"]

        # Back to the prompt, then quit with q from outside the editor.
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert player.place == Place("intro", 1)
        await pilot.press("end")  # outside the editor: scrolls, types nothing
        await pilot.press("e", *" too")  # e starts writing at the end of the answer
        await pilot.press("escape")  # leave the editor (not the lesson): q quits now
        assert player.place == Place("intro", 1)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0

    # A new app on the same data folder: the same step, the answer still there.
    again = make_app(mini, data_dir=data, acknowledged=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        player = again.screen
        assert isinstance(player, PlayerScreen)
        assert player.place == Place("intro", 1)
        editor = player.query_one("#answer", TextArea)
        assert editor.text == "my neck and pp too"
        assert "✓ Saved" in screen_text(again)
        # Escape goes back to the map, where the lesson is in progress.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(again.screen, CourseMapScreen)
        assert "in progress" in screen_text(again)
        assert "Continue: Introduction · Step 2 of 4" in screen_text(again)
