"""The footer of every screen: the keys of Textual's Footer, drawn by one widget."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class _Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    action: str


#: Keys kept on a narrow footer before any other: how to stop an exercise (and resume a paused one), get
#: help or support, and quit, how to start writing (at 60 columns a stranger saw no "e Write" and typed at
#: the box), and the way back out of a screen (at 60 columns "esc Map" was gone from every lesson step).
ESSENTIAL_ACTIONS = frozenset(
    {
        "stop_exercise",
        "resume_exercise",
        "help",
        "support",
        "quit",
        "write",
        "edit",
        "back",
        "back_to_record",
        "back_to_list",
        "close",
        "not_now",
    }
)


class KeyFooter(Widget):
    """Textual's :class:`~textual.widgets.Footer` as one plain widget that draws every key itself.

    Textual's footer is a row of widgets (one per key), all built again
    whenever the bindings may have changed: on every focus move, and once more
    just after a screen opens. This one looks the same (same colours and
    spacing, the command palette's key on the right) but only draws text: a
    focus move costs a redraw of one line. A click (or tap) on a key presses it.
    """

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            background: $block-hover-background;
        }
        .footer-key--separator {
            color: $foreground 20%;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--separator",
    }

    ALLOW_SELECT = False

    show_command_palette = True
    """Whether to show the command palette's key, on the right."""

    _hover: reactive[str | None] = reactive(None)
    """The key under the mouse pointer, if any."""

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening to the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Draw the keys again (nothing to build)."""
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _keys(self) -> tuple[list[_Key], _Key | None]:
        """The keys to show, one per action as in Textual's footer, and the command palette's."""
        app = self.app
        active = self.screen.active_bindings
        keys: dict[str, _Key] = {}
        # Shown keys first; then an essential key the focused widget takes as text (q and ? while writing) gives way
        # to its other key (ctrl+q, f1): a stranger writing at 80 columns saw no way to quit or to get help.
        for shown_only in (True, False):
            for key, (_node, binding, enabled, _tooltip) in active.items():
                # A screen's "app.quit" is the app's "quit": one action, shown once (an author read "q Quit" and
                # "^q Quit" side by side on the preview's problems).
                action = binding.action.removeprefix("app.")
                essential = action in ESSENTIAL_ACTIONS and bool(binding.description)
                wanted = binding.show if shown_only else essential
                if wanted and action not in keys:
                    keys[action] = _Key(key, self._display(binding), binding.description, enabled, binding.action)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = _Key(binding.key, app.get_key_display(binding), binding.description, enabled, binding.action)
        return list(keys.values()), palette

    def _display(self, binding: Binding) -> str:
        """How ``binding``'s key is shown: as the screen says (``footer_display``: a simpler key that does the same
        there and then), else as Textual shows it. A click on it still presses the binding's own key."""
        own = getattr(self.screen, "footer_display", None)
        shown = own(binding) if callable(own) else None
        return shown if isinstance(shown, str) else self.app.get_key_display(binding)

    def render(self) -> Content:
        """`` c Continue  j Journal …``, and ``▏^k palette`` at the right.

        Keys that do not fit are left out, the essential ones (stop, help,
        support, quit) last: the others make room for them. The palette's
        hint comes after every key: a learner's keys matter more than a way
        to search for them (help lists ctrl+k).
        """
        key_style = self.get_visual_style("footer-key--key")
        description_style = self.get_visual_style("footer-key--description")
        hover_style = self.get_visual_style("footer-key--hover")
        dim = Style(dim=True)

        def draw(key: _Key, key_part: str, description_part: str) -> Content:
            text = key_part + description_part
            spans = [Span(0, len(key_part), key_style if key.enabled else key_style + dim)]
            if description_part:
                style = description_style if key.enabled else description_style + dim
                spans.append(Span(len(key_part), len(text), style))
            meta = Style.from_meta({"key": key.key})
            spans.append(Span(0, len(text), meta + hover_style if key.key == self._hover else meta))
            return Content(text, spans)

        keys, palette = self._keys()
        parts = [draw(key, f" {key.display} ", f"{key.description} " if key.description else "") for key in keys]
        room = self.size.width
        # Whole keys only: a key cut in half ("q Qu") helps nobody.
        kept: set[int] = set()
        used = 0
        for essential in (True, False):
            for index, (key, part) in enumerate(zip(keys, parts, strict=True)):
                if (key.action in ESSENTIAL_ACTIONS) != essential:
                    continue
                if used + part.cell_length > room:
                    if essential:
                        continue
                    break
                kept.add(index)
                used += part.cell_length
        shown = Content("").join(part for index, part in enumerate(parts) if index in kept)
        right = Content("")
        if palette is not None:
            separator = Content.styled("▏", self.get_visual_style("footer-key--separator"))
            hint = separator + draw(palette, palette.display, f" {palette.description} ")
            if used + hint.cell_length <= room:  # last of all: help lists it too
                right = hint
        return shown.truncate(room - right.cell_length, pad=True) + right

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = event.style.meta.get("key")

    def _on_leave(self, event: events.Leave) -> None:
        self._hover = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Press the key under the pointer (a bell when it is disabled), as Textual's footer does."""
        key = event.style.meta.get("key")
        if key is None:
            return
        keys, palette = self._keys()
        found = next((k for k in [*keys, *([palette] if palette else [])] if k.key == key), None)
        if found is not None and not found.enabled:
            self.app.bell()
        else:
            self.app.simulate_key(key)
