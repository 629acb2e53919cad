"""What a start styles before its first frame (issue 18: start-up): only what the screens on it need.

Textual parses a stylesheet source the first time a widget or screen that
carries it is mounted. A returning learner's first frame (the lesson player
over the course map) parses neither Textual's Button styles nor a marked
button's (Previous and Next are plain widgets with their own short copy) nor the rules of the screens no start
opens on (journal, trends, support card, screening, safety gate, help), and
makes no cue sign; each comes with its screen, styled as before.
"""

from __future__ import annotations

from typing import Any

import pytest

from unclench.course import Course
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.journal import JournalScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.support import SupportScreen
from unclench.tui.widgets.cue_banner import CueBanner

from .conftest import AppFactory
from .helpers import settle, sync

#: The screens whose rules are their own DEFAULT_CSS, parsed when first shown.
OWN_RULES = (
    "JournalScreen",
    "TrendsScreen",
    "SupportScreen",
    "ScreeningScreen",
    "SafetyGateScreen",
    "HelpScreen",
)


def parsed_sources(app: UnclenchApp) -> set[str]:
    """The class variables (``Button.DEFAULT_CSS``...) whose styles the app's stylesheet holds."""
    return {name for _, name in app.stylesheet.source}


@sync
async def test_a_returning_learners_first_frame_parses_only_what_it_shows(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is parsed up to the first frame (the next step, built ahead after it, brings its own: a quiz's button)."""
    app = make_app(mini)
    app.store.set_position(mini.id, "intro", "feel")
    at_first_frame: list[set[str]] = []
    build_ahead = PlayerScreen._build_ahead

    def noted(self: PlayerScreen) -> None:
        if not at_first_frame:
            at_first_frame.append(parsed_sources(app))
        build_ahead(self)

    monkeypatch.setattr(PlayerScreen, "_build_ahead", noted)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert isinstance(app.screen, PlayerScreen) and app.screen.view is not None
        assert at_first_frame, "the next step was not built ahead after the first frame"
        (sources,) = at_first_frame
        assert "NavButton.DEFAULT_CSS" in sources  # the player's Previous and Next
        assert not sources & {"Button.DEFAULT_CSS", "MarkedButton.DEFAULT_CSS"}
        assert not sources & {f"{name}.DEFAULT_CSS" for name in OWN_RULES}
        assert not app.screen.query_one("#cue", CueBanner).children


@sync
async def test_a_screens_own_rules_come_with_it(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        assert "JournalScreen.DEFAULT_CSS" not in parsed_sources(app)
        await pilot.press("j")
        await settle(pilot, 2)
        assert isinstance(app.screen, JournalScreen)
        assert "JournalScreen.DEFAULT_CSS" in parsed_sources(app)
        head: Any = app.screen.query_one("#journal-head")
        assert head.styles.margin.bottom == 1 and head.styles.padding.left == 1
        await pilot.press("f2")
        await settle(pilot, 2)
        assert isinstance(app.screen, SupportScreen)
        body: Any = app.screen.query_one("#support-body")
        assert body.styles.margin.top == 1
