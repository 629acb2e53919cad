"""The start, halfway and end cue of a timed exercise, over the whole screen for a few seconds."""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from textual.containers import Center, Vertical
from textual.content import Content
from textual.events import Click
from textual.timer import Timer
from textual.widgets import Static

from unclench.practice import Cue
from unclench.tui.widgets.stop_words import StopWords

if TYPE_CHECKING:
    from textual.widgets import Digits

#: How long a cue stays on screen, in seconds.
CUE_SECONDS = 4.0

#: The most lines the course's ``guidance.stop`` takes on the sign, under the app's own stop line (the sign
#: is up for a few seconds: what does not fit is cut, never the stop keys).
CUE_GUIDANCE_LINES = 4

#: The word each cue shows, large. The digits under it are the time left, but at the end the time
#: practised (a stranger read "Time is up 2:00" as two minutes more).
CUE_WORDS = {Cue.START: "Started", Cue.HALFWAY: "Halfway", Cue.END: "Time is up. You practised"}


class CueBanner(Vertical):
    """A cue over the whole screen: the word, the time left in large digits, and how to stop.

    It covers everything for :data:`CUE_SECONDS` (a learner with eyes
    half-closed sees the screen change: a texture of the accent colour, which
    still shows as a texture under ``NO_COLOR``), then goes. It never takes
    the focus, so the stop keys keep working while it shows, and it says them.
    One change, no flashing: safe for people sensitive to flicker.
    """

    DEFAULT_CSS = """
    CueBanner {
        display: none;
        overlay: screen;
        position: absolute;
        offset: 0 0;
        width: 100%;
        height: 100%;
        align: center middle;
        background: $background;
        /* A texture over the whole screen: a change seen without colour (NO_COLOR) too. */
        hatch: "░" $accent 70%;
        border: heavy $accent;
        &.-shown {
            display: block;
        }
        & > Center {
            height: auto;
            hatch: "░" $accent 70%;
        }
        & Static, & Digits, & StopWords {
            width: auto;
            max-width: 100%;
            padding: 0 2;
            background: $background;
            color: $accent;
            text-style: bold;
        }
        #cue-word {
            height: auto;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cue: Cue | None = None
        """The cue on screen, or None."""
        self._hide_timer: Timer | None = None
        self._hide_at = 0.0
        self._word: Static | None = None
        self._time: Digits | None = None
        self._stop: StopWords | None = None

    def _parts(self) -> tuple[Static, Digits, StopWords]:
        """The word, the time in large digits and the stop line, each centred: made at the first cue.

        Not made with the banner: a lesson player opens on every step, and most
        steps never show a cue (its six widgets, each styled and laid out, were
        part of every player's first frame).
        """
        if self._word is None or self._time is None or self._stop is None:
            from textual.widgets import Digits  # with the first cue: most players never show one

            self._word, self._time = Static(markup=False), Digits()
            self._stop = StopWords(max_lines=CUE_GUIDANCE_LINES)
            self._word.id, self._time.id, self._stop.id = "cue-word", "cue-time", "cue-stop"
            self.mount_all([Center(self._word), Center(self._time), Center(self._stop)])
        return self._word, self._time, self._stop

    def show(self, cue: Cue, left: str, stop: str, guidance: str = "") -> None:
        """Show ``cue`` for :data:`CUE_SECONDS`.

        Args:
            cue: Which cue.
            left: The time left (``m:ss``), in large digits.
            stop: What stops the exercise (the app's words; once it is over, how to come out of it).
            guidance: The course's words on stopping (tremor exercises), under ``stop`` and cut to a few lines.
        """
        self.cue = cue
        word, time_left, stop_line = self._parts()
        word.update(Content(CUE_WORDS[cue]))
        time_left.update(left)
        stop_line.update(stop, guidance)
        self.add_class("-shown")
        if self._hide_timer is not None:
            self._hide_timer.stop()
        self._hide_timer = self.set_timer(CUE_SECONDS, self.hide)
        self._hide_at = monotonic() + CUE_SECONDS

    def hide_if_due(self) -> None:
        """Take the cue away if its time is over (its timer may have run out while a box covered the screen)."""
        if self.cue is not None and monotonic() >= self._hide_at:
            self.hide()

    def hide(self) -> None:
        """Take the cue away."""
        self.cue = None
        self.remove_class("-shown")
        if self._hide_timer is not None:
            self._hide_timer.stop()
            self._hide_timer = None

    def on_click(self, event: Click) -> None:
        """A click takes it away at once."""
        event.stop()
        self.hide()
