"""Help and the support card over an exercise under way: they say it is paused, and s ends it from there.

A stranger opened help (``?``) and the support card (``f2``) during a run: each covered the whole screen, no
footer and no stop key in sight, ``s`` did nothing while it was open, and the timer stopped unsaid (3:46 before
and after ten seconds in the card).
"""

from __future__ import annotations

import pytest

from unclench.course import Course
from unclench.tui.screens.dialogs import GuidanceScreen
from unclench.tui.screens.help import HelpScreen
from unclench.tui.screens.player import HELD_WHILE_COVERED
from unclench.tui.screens.support import SupportScreen
from unclench.tui.stopping import ENDED_UNDERNEATH, covered_words

from .conftest import AppFactory, FakeClock
from .helpers import press, screen_text, settle, settle_until, sync
from .practising import start_breathing, start_tremor


def one_line(text: str) -> str:
    """The screen's text as one line of words (a sentence wrapped over lines reads as one)."""
    return " ".join(text.replace("┃", " ").split())


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
@pytest.mark.parametrize(("key", "box"), [("question_mark", HelpScreen), ("f2", SupportScreen)])
@sync
async def test_the_box_says_the_exercise_is_paused_and_s_ends_it(
    make_app: AppFactory, mini: Course, size: tuple[int, int], key: str, box: type
) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=size, notifications=True) as pilot:
        view = await start_tremor(app, pilot)
        await settle(pilot)
        assert view.phase == "running"
        await press(pilot, key)
        assert isinstance(app.screen, box)
        said = covered_words(goes_on=True, typing=box is SupportScreen)
        assert said in one_line(screen_text(app))  # on screen as it opens, without scrolling
        # The line is the box's own: the player's notice of the same is not piled over the card's numbers.
        assert HELD_WHILE_COVERED not in [n.message for n in app._notifications]
        clock.advance(10)
        await press(pilot, "s")
        assert view.phase == "ended"
        assert view.run.seconds_practised(clock()) == 0  # the ten seconds in the box were not practice
        # The box stays, on top, saying it ended (over the support card, "Take a moment" hid its numbers) ...
        await settle(pilot, 2)
        assert isinstance(app.screen, box)
        assert ENDED_UNDERNEATH in one_line(screen_text(app))
        # ... and the grounding after a stop comes once it is closed, as after s on the exercise itself.
        await press(pilot, "escape")
        await settle_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        assert isinstance(app.screen, GuidanceScreen) and app.screen.title_text == "Take a moment"


@sync
async def test_in_the_card_s_is_still_typed_in_a_box(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        view = await start_breathing(app, pilot)
        await settle(pilot)
        await press(pilot, "f2")
        app.screen.query_one("#contact-name").focus()
        await press(pilot, "S", "a", "s")
        assert app.screen.query_one("#contact-name").value == "Sas"  # type: ignore[attr-defined]
        assert view.phase == "paused"


@sync
async def test_paused_before_it_stays_paused_and_escape_closes_the_box(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        view = await start_breathing(app, pilot)
        await settle(pilot)
        view.toggle_pause()  # the learner paused it
        await settle(pilot)
        await press(pilot, "question_mark")
        assert covered_words(goes_on=False) in one_line(screen_text(app))
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        assert view.phase == "paused"


@sync
async def test_without_an_exercise_the_boxes_say_nothing_of_one(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for key in ("question_mark", "f2"):
            await press(pilot, key)
            assert "exercise is paused" not in one_line(screen_text(app))
            await press(pilot, "s")  # nothing to end: nothing happens
            await press(pilot, "escape")
