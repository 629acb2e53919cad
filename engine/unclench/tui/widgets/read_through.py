"""A scrolling text the learner must read to its end before acknowledging it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive

if TYPE_CHECKING:
    from textual.widgets import Markdown

#: The marker on the bottom edge while part of the text is below the fold.
MORE_BELOW = " more below ↓ "
#: The marker once the end of the text has been on screen.
END_REACHED = " end of the text "
#: The hint under an acknowledgement before its text has been read to the end, and after.
READ_FIRST_HINT = "Read to the end first: ↓, Space or Page Down scroll."
TICK_HINT = "Tab to the box: Space or Enter ticks it. Then Continue."
#: The hint once the box is ticked: what is left to do (the box can still be unticked).
TICKED_HINT = "Ticked. Now Tab to Continue and press Enter."


#: The text's own scrolling action for each key the screen around it passes on (:func:`scroll_bindings`).
SCROLL_ACTIONS = {
    "up": "scroll_up",
    "down": "scroll_down",
    "pageup": "page_up",
    "pagedown": "page_down",
    "space": "page_down",
    "home": "scroll_home",
    "end": "scroll_end",
}


def scroll_bindings(prefix: str, scroll: str, space: str) -> list[BindingType]:
    """The screen's bindings that scroll its text wherever the focus is (``scroll_read_through`` actions).

    The hint says "↓, Space or Page Down scroll" until the text is read: a stranger at 60x20 who had
    tabbed to the buttons found those keys dead, and the screen frozen. The text's own keys act first
    while it has the focus; the box, once it can be ticked, takes Space (see :func:`scrolls`).

    Args:
        prefix: The bindings' ids start with it.
        scroll: What the scroll keys do, for the key table.
        space: What Space does, for the key table.
    """
    return [
        *(
            Binding(key, f"scroll_read_through('{key}')", "Scroll", id=f"{prefix}_{key}", show=False, tooltip=scroll)
            for key in ("up", "down", "pageup", "pagedown", "home", "end")
        ),
        Binding("space", "scroll_read_through('space')", "Page down", id=f"{prefix}_space", show=False, tooltip=space),
    ]


def scrolls(text: ReadThrough, parameters: tuple[object, ...]) -> bool:
    """Whether a :func:`scroll_bindings` key acts now: Space only until ``text`` is read (then the hint no longer
    says it scrolls)."""
    return parameters != ("space",) or not text.read


def scroll(text: ReadThrough, key: str) -> None:
    """Scroll ``text`` as ``key`` scrolls it with the focus on it."""
    getattr(text, f"action_{SCROLL_ACTIONS[key]}")()


def acknowledgement_hint(read: bool, ticked: bool) -> str:
    """The hint under an acknowledgement: read first, then tick, then Continue."""
    if not read:
        return READ_FIRST_HINT
    return TICKED_HINT if ticked else TICK_HINT


class ReadThrough(VerticalScroll, can_focus=True):
    """Safety text that counts as read once its end has been on screen.

    The text either fits, or the learner scrolls it to its end (arrows,
    Space, Page Down, End, the mouse): only then is :attr:`read` set and
    :class:`ReadThrough.Read` posted, so the screen can enable the
    acknowledgement. While part of the text is below the fold, the bottom
    edge says "more below ↓" in words, not only with a scrollbar.

    Markdown inside is mounted in the background; the text only counts as
    read once every Markdown document in it has been laid out, so a
    half-rendered text that happens to fit cannot be acknowledged unseen.
    """

    DEFAULT_CSS = """
    ReadThrough {
        border-bottom: solid $primary;
        border-subtitle-align: center;
        border-subtitle-style: bold;
        border-subtitle-color: $foreground;
        &:focus {
            border-bottom: heavy $accent;
        }
        &.-more {
            border-subtitle-style: bold reverse;
        }
    }
    """

    HELP_PLACE = "safety text"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", id="read_page_down", show=False, tooltip="Page down the text"),
    ]

    read: reactive[bool] = reactive(False)
    """Whether the end of the text has been on screen (it stays read)."""

    class Read(Message):
        """The end of the text has been on screen for the first time."""

        def __init__(self, read_through: ReadThrough) -> None:
            super().__init__()
            self.read_through = read_through
            """The text that was read."""

        @property
        def control(self) -> ReadThrough:
            """The text that was read."""
            return self.read_through

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rendered: set[Markdown] = set()
        self._laid_out = True
        """Whether the screen has been laid out since the text last changed (:meth:`restart`)."""

    def on_mount(self) -> None:
        """Judge what is on screen once laid out."""
        self.screen.screen_layout_refresh_signal.subscribe(self, self._on_layout, immediate=True)
        self.call_after_refresh(self._check)

    def restart(self) -> None:
        """The text inside was replaced: unread again, from its top, until a layout of the new text shows its end.

        Until the screen has been laid out again, the sizes Textual holds are the old text's: an old text
        that fitted must not make a longer new one count as read.
        """
        self._laid_out = False
        self.read = False
        self.set_class(False, "-more")
        self.border_subtitle = ""
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)
        self.refresh(layout=True)

    def _on_layout(self, screen: object) -> None:
        if not self._laid_out:
            self._laid_out = True
            self.call_after_refresh(self._check)

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        """A Markdown document inside has mounted its blocks (the last step of its update)."""
        self._rendered.add(event.markdown)
        self.call_after_refresh(self._check)

    @property
    def rendering(self) -> bool:
        """Whether a Markdown document inside is still being laid out (its height is not known yet)."""
        return any(markdown not in self._rendered for markdown in self.query("Markdown"))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled: maybe to the end."""
        super().watch_scroll_y(old_value, new_value)
        self._check()

    def on_resize(self, event: events.Resize) -> None:
        """A new size or more text: the end may have come into view, or gone out of it."""
        self.call_after_refresh(self._check)

    @property
    def end_in_view(self) -> bool:
        """Whether the end of the text is on screen now."""
        return self.scroll_offset.y >= self.max_scroll_y

    def _check(self) -> None:
        if not self.is_mounted or not self._laid_out or self.rendering or not self.size.height:
            return
        at_end = self.end_in_view
        if at_end:
            self.read = True
        self.set_class(not at_end, "-more")
        self.border_subtitle = MORE_BELOW if not at_end else (END_REACHED if self.max_scroll_y else "")

    def watch_read(self, read: bool) -> None:
        """Tell the screen, once."""
        if read:
            self.post_message(self.Read(self))
