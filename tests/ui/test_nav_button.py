"""The player's Previous and Next buttons are drawn as one plain widget each, looking as marked buttons did.

:class:`NavButton` wears the rules :class:`MarkedButton` is built from, its
default and primary variants, written once in marked_button.py (a marked
button is Textual's Button underneath, whose weight a returning learner's
start paid for). Here a marked button and
a nav button of each look are drawn side by side, in every state (focused,
hovered, pressed, disabled, and together) under every theme, and must come
out the same, cell for cell and style for style.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from unclench.tui.themes import HIGH_CONTRAST
from unclench.tui.widgets import marked_button, nav_button, plain_button
from unclench.tui.widgets.marked_button import COMPACT_BUTTON_LOOK, FOCUS_MARKER, MarkedButton
from unclench.tui.widgets.nav_button import NavButton

from .helpers import BUTTON_STATES, BUTTON_THEMES, sync


class Buttons(App[None]):
    """A marked button and a nav button, default and primary."""

    CSS = "Screen { layout: vertical; }"

    def compose(self) -> ComposeResult:
        yield MarkedButton("← Previous", id="marked-default", unavailable="first step")
        yield NavButton("← Previous", id="nav-default", unavailable="first step")
        yield MarkedButton("Next →", "primary", id="marked-primary", unavailable="last step")
        yield NavButton("Next →", id="nav-primary", primary=True, unavailable="last step")


async def drawn(pilot: Pilot[None], button: Widget, state: tuple[bool, bool, bool, bool]) -> list[Strip]:
    """``button`` drawn in ``state``."""
    focused, hovered, pressed, disabled = state
    button.disabled = disabled
    button.mouse_hover = hovered
    button.set_class(pressed, "-active")
    if focused:
        button.focus()
    else:
        pilot.app.set_focus(None)
    await pilot.pause()
    return button.render_lines(Region(0, 0, button.outer_size.width, button.outer_size.height))


@sync
async def test_a_nav_button_is_drawn_as_a_marked_button_in_every_state_and_theme() -> None:
    app = Buttons()
    async with app.run_test(size=(80, 24)) as pilot:
        app.register_theme(HIGH_CONTRAST)
        looks: dict[tuple[str, str, tuple[bool, ...]], list[Strip]] = {}
        for theme in BUTTON_THEMES:
            app.theme = theme
            await pilot.pause()
            for variant in ("default", "primary"):
                marked = app.query_one(f"#marked-{variant}", MarkedButton)
                nav = app.query_one(f"#nav-{variant}", NavButton)
                for state in BUTTON_STATES:
                    expected = await drawn(pilot, marked, state)
                    got = await drawn(pilot, nav, state)
                    assert nav.outer_size == marked.outer_size, (theme, variant, state)
                    assert [list(line) for line in got] == [list(line) for line in expected], (theme, variant, state)
                    looks[theme, variant, state] = got
                    marked.disabled = nav.disabled = False
        # The comparison is of looks that differ: focus shows in words, a disabled button says why.
        plain = "".join(line.text for line in looks["textual-dark", "default", BUTTON_STATES[0]])
        focused = "".join(line.text for line in looks["textual-dark", "default", BUTTON_STATES[1]])
        disabled = "".join(line.text for line in looks["textual-dark", "default", BUTTON_STATES[6]])
        assert FOCUS_MARKER not in plain and f"{FOCUS_MARKER} ← Previous" in focused
        assert "(first step)" in disabled
        assert looks["textual-dark", "primary", BUTTON_STATES[0]] != looks["textual-dark", "default", BUTTON_STATES[0]]


@sync
async def test_enter_and_a_click_press_a_nav_button_and_a_disabled_one_stays_still() -> None:
    pressed: list[str | None] = []

    class Pressing(Buttons):
        def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
            pressed.append(event.button.id)

    app = Pressing()
    async with app.run_test(size=(80, 24)) as pilot:
        nav = app.query_one("#nav-primary", NavButton)
        nav.focus()
        await pilot.press("enter")
        await pilot.pause(NavButton.ACTIVE_SECONDS + 0.1)
        await pilot.click("#nav-default")
        await pilot.pause()
        assert pressed == ["nav-primary", "nav-default"]
        nav.disabled = True
        await pilot.click("#nav-primary")
        await pilot.pause()
        assert pressed == ["nav-primary", "nav-default"] and not nav.has_focus


def test_the_button_look_is_written_once_in_marked_button() -> None:
    """A reader (or a Textual upgrade) finds the look in one place: both buttons are built from it."""
    assert COMPACT_BUTTON_LOOK in MarkedButton.DEFAULT_CSS and COMPACT_BUTTON_LOOK in NavButton.DEFAULT_CSS
    assert NavButton.DEFAULT_CSS.lstrip().startswith("NavButton {")
    modules = (marked_button, nav_button, plain_button)
    sources = {module.__name__: Path(str(module.__file__)).read_text() for module in modules}
    for rule in ("$button-foreground", "$button-focus-text-style", "$surface-darken-1", "border: tall $border-blurred"):
        assert sum(source.count(rule) for source in sources.values()) == 1, rule
        assert rule in sources[marked_button.__name__]
