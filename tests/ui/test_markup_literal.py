"""Lesson text and learner text that look like console markup show literally and never crash."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.screens.disclaimer import DisclaimerScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.typed_words import TYPED_ON_WITHIN
from unclench.tui.widgets.exercise_view import ExerciseView

from .conftest import AppFactory
from .helpers import click, read_and_tick, screen_text, settle, sync
from .practising import close_take_a_moment

ANSWER = "I typed [bold]this[/] and [0] and [/] and [red]"


@sync
async def test_course_texts_render_literally(make_app: AppFactory, markup_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "markup"
    app = make_app(markup_course, data_dir=data, acknowledged=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DisclaimerScreen)
        text = screen_text(app)
        assert "Welcome to Markup [bold]course[/]" in text
        assert "Texts like [red]this[/] and [0] must show literally." in text
        assert "Not advice. [bold]Literal[/] [0] [/]." in text
        await read_and_tick(pilot, "#disclaimer-text", "#disclaimer-confirm")
        await click(pilot, "#disclaimer-continue")
        await settle(pilot)

        text = screen_text(app)  # the course map
        assert "Module [i]one[/i] [0]" in text
        assert "Lesson [bold]with[/] [0] brackets" in text

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        text = screen_text(app)
        assert "Page [bold]title[/]" in text
        assert "Body with [bold]not bold[/] and [0] and [/] and [link=x]y[/link]." in text

        await pilot.press("n")
        await settle(pilot)
        text = screen_text(app)
        assert "Prompt [/] title" in text
        assert "Question [bold]q[/] [0]?" in text
        assert "Hint [/]" in text
        await pilot.pause(TYPED_ON_WITHIN)  # a look at the reflection: an e typed on after n goes nowhere
        await pilot.press("e", *ANSWER)
        await pilot.press("ctrl+n")
        await settle(pilot)
        entry = app.store.answer(markup_course.id, "brackets", "prompt")
        assert entry is not None and entry.answer == ANSWER

        text = screen_text(app)
        assert "Quiz [bold]question[/]?" in text
        assert "Choice [0]" in text and "Choice [/] two" in text
        await pilot.press("down", "down", "enter")  # the wrong one (nothing is highlighted on arrival)
        await click(pilot, "#check")
        await settle(pilot)
        assert "Choice [/] two: Wrong [red]feedback" in screen_text(app)
        await pilot.press("shift+tab", "up", "enter")
        await click(pilot, "#check")
        await settle(pilot)
        assert "Choice [0]: Right [bold]feedback[/]" in screen_text(app)

        await pilot.press("n")
        await settle(pilot)
        text = screen_text(app)
        assert "Exercise [bold]x[/]" in text
        assert "Do [bold]this[/] [0]." in text
        assert "How do you feel [bold]now[/]?" in text
        assert "0 = [dim]low · 10 = high[/]" in text
        player = app.screen
        view = player.view
        assert isinstance(view, ExerciseView)
        # Guidance texts: stop panel (shown for tremor work only, so look at it directly) and grounding.
        assert "Stop [bold]now[/] [0]" in str(player.query_one("#stop-panel").render())
        await click(pilot, "#start")
        await click(pilot, "#end")
        await settle(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        assert "Ground [/] yourself" in screen_text(app)
        await close_take_a_moment(pilot)
        await pilot.press("?")
        await settle(pilot)
        await pilot.press("end")  # the course comes after the keys
        await settle(pilot)
        assert "Markup [bold]course[/]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)

    # The learner's own text, after a restart: still literal.
    again = make_app(markup_course, data_dir=data, acknowledged=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await again.open_place(Place("brackets", 1))
        await settle(pilot)
        editor = again.screen.query_one("#answer", TextArea)
        assert editor.text == ANSWER
        assert ANSWER in screen_text(again)


@sync
async def test_support_guidance_renders_literally(make_app: AppFactory, markup_course: Course) -> None:
    app = make_app(markup_course)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        player = app.screen
        app.push_screen(GuidanceScreen("Please [b]care[/b]", markup_course.guidance.support))
        await settle(pilot)
        text = screen_text(app)
        assert "Please [b]care[/b]" in text
        assert "Support [b]here[/b]" in text
        assert player is not app.screen
