"""A screen that is not styled all over again when it is first shown."""

from __future__ import annotations

from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.message import Message
from textual.screen import Screen

ResultType = TypeVar("ResultType")


def app_style_context(app: App[Any]) -> tuple[object, ...]:
    """What the stylesheet sees of the app around a screen: its CSS (a theme changes it), classes and size.

    While a screen is covered or closed, Textual keeps its widgets' own styles up to date (a class,
    the focus, ``disabled``: each restyles its widget at once) but not what comes from the app: a
    theme's CSS, the app's classes (dark mode) and pseudo-classes (the terminal's focus), and the
    size. The same context when the screen is shown again means nothing of that changed.
    """
    return (app._css_update_count, app.classes, app.pseudo_classes, app.size)


class StylesKept:
    """Shows a screen again without styling it all over, when nothing it could have missed changed.

    A ``ScreenResume`` restyles every widget of its screen (``refresh_styles``). A screen shown
    again in the app context it was covered or closed in (:func:`app_style_context`, noted at
    its ``ScreenSuspend``) keeps its styles: only that context could have made them stale.
    """

    def __init__(self) -> None:
        self._covered_in: tuple[object, ...] | None = None

    def note(self, screen: Screen[Any], message: Message) -> None:
        """Note the context as ``screen`` is covered; as it is shown again, skip the restyle if it is the same."""
        if isinstance(message, events.ScreenSuspend):
            self._covered_in = app_style_context(screen.app)
        elif isinstance(message, events.ScreenResume) and self._covered_in == app_style_context(screen.app):
            message.refresh_styles = False


class StyledAsMountedScreen(Screen[ResultType]):
    """A screen whose first showing keeps the styles its widgets were given as they were mounted.

    Textual styles each widget as it is mounted, then, when a screen is shown
    (its ``ScreenResume``, with ``refresh_styles``), styles every widget of the
    screen once more, in case something changed while it was hidden. A screen
    just made and shown was never hidden: whatever changed since its widgets
    were styled (a class, the focus, a widget mounted beside another) restyled
    what it touched then. So its first showing skips that second pass: the
    lesson player's thirty-odd widgets were styled twice before a returning
    learner's first frame, about 3% of the instructions of that start. A later
    showing (after a box over the screen closes) skips it too when nothing
    outside the screen that styles could depend on changed meanwhile
    (:class:`StylesKept`): closing the safety gate restyled the whole player.
    ``tests/ui/test_styled_as_mounted.py`` restyles every such screen after its
    first frame, and after a box over it closed, and checks that no widget's
    styles change.
    """

    _shown_before = False
    _styles_kept: StylesKept | None = None

    def post_message(self, message: Message) -> bool:
        """Post a message to the screen; its first ``ScreenResume`` does not restyle it (see the class).

        Nor does a later one, when the app did not change while the screen was covered (:class:`StylesKept`).
        """
        if self._styles_kept is None:
            self._styles_kept = StylesKept()
        if isinstance(message, events.ScreenResume) and not self._shown_before:
            self._shown_before = True
            message.refresh_styles = False
        else:
            self._styles_kept.note(self, message)
        return super().post_message(message)
