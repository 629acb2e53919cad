"""A marked button keeps its own short copy of Textual's Button styles: the same look in every state.

:class:`MarkedButton` leaves Textual's ``Button.DEFAULT_CSS`` out (about 60
rules for every variant and look, parsed at each start) and carries the rules
that apply to a compact, never flat button. Here each variant, in each state
(focused, hovered, pressed, disabled, and together), under each theme
(Textual's dark and light, its ANSI themes, Unclench's high contrast), is
styled both ways and must come out the same, rule for rule: a Textual upgrade
that changes the Button's look fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button

from unclench.tui.themes import HIGH_CONTRAST
from unclench.tui.widgets.marked_button import MarkedButton

from .helpers import BUTTON_STATES, BUTTON_THEMES, sync

VARIANTS = ("default", "primary", "warning", "error")


class Buttons(App[None]):
    """One button of each variant: Textual's compact Button, or the marked one (never both in one app)."""

    def __init__(self, marked: bool) -> None:
        super().__init__()
        self.marked = marked

    def compose(self) -> ComposeResult:
        for variant in VARIANTS:
            if self.marked:
                yield MarkedButton(variant, variant, id=variant)  # type: ignore[arg-type]
            else:
                yield Button(variant, variant, id=variant, compact=True)  # type: ignore[arg-type]


def styled(button: Button, state: tuple[bool, bool, bool, bool]) -> dict[str, Any]:
    """The rules the stylesheet gives ``button`` in ``state`` (its inline styles left out)."""
    focused, hovered, pressed, disabled = state
    app = button.app
    button.disabled = disabled
    button.mouse_hover = hovered
    button.set_class(pressed, "-active")
    if focused:
        button.focus()
    else:
        app.set_focus(None)
    app.stylesheet.apply(button)
    return dict(button._css_styles.get_rules())


async def all_styles(marked: bool) -> dict[tuple[str, str, tuple[bool, ...]], dict[str, Any]]:
    app = Buttons(marked)
    found: dict[tuple[str, str, tuple[bool, ...]], dict[str, Any]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        app.register_theme(HIGH_CONTRAST)
        for theme in BUTTON_THEMES:
            app.theme = theme
            await pilot.pause()
            for variant in VARIANTS:
                button = app.query_one(f"#{variant}", Button)
                assert isinstance(button, MarkedButton) is marked
                for state in BUTTON_STATES:
                    found[theme, variant, state] = styled(button, state)
                    button.disabled = False
    return found


@sync
async def test_a_marked_button_is_styled_as_textuals_compact_button_in_every_state() -> None:
    marked = await all_styles(marked=True)
    textual = await all_styles(marked=False)
    assert marked.keys() == textual.keys()
    for key, rules in textual.items():
        assert marked[key] == rules, key
    # The states do differ (the comparison is not of empty styles): ANSI themes border a disabled button.
    disabled_ansi = marked["ansi-dark", "default", (False, False, False, True)]
    assert disabled_ansi.get("border_top") != marked["ansi-dark", "default", BUTTON_STATES[0]].get("border_top")
    assert marked["textual-dark", "primary", BUTTON_STATES[2]] != marked["textual-dark", "primary", BUTTON_STATES[0]]


def test_button_styles_are_left_out_of_a_marked_buttons_sources() -> None:
    sources = [location for location, *_ in MarkedButton("x")._get_default_css()]
    assert ("Button.DEFAULT_CSS" not in {name for _, name in sources}) and any(
        name == "MarkedButton.DEFAULT_CSS" for _, name in sources
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_unclench_uses_is_styled(variant: str) -> None:
    assert f".-{variant}" in MarkedButton.DEFAULT_CSS or variant == "default"
