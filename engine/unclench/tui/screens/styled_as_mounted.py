"""A screen that is not styled all over again when it is first shown."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.message import Message
from textual.screen import Screen

ResultType = TypeVar("ResultType")


class StyledAsMountedScreen(Screen[ResultType]):
    """A screen whose first showing keeps the styles its widgets were given as they were mounted.

    Textual styles each widget as it is mounted, then, when a screen is shown
    (its ``ScreenResume``, with ``refresh_styles``), styles every widget of the
    screen once more, in case something changed while it was hidden. A screen
    just made and shown was never hidden: whatever changed since its widgets
    were styled (a class, the focus, a widget mounted beside another) restyled
    what it touched then. So its first showing skips that second pass: the
    lesson player's thirty-odd widgets were styled twice before a returning
    learner's first frame, about 3% of the instructions of that start. Every
    later showing (after a box over the screen closes) is Textual's as before.
    ``tests/ui/test_styled_as_mounted.py`` restyles every such screen after its
    first frame and checks that no widget's styles change.
    """

    _shown_before = False

    def post_message(self, message: Message) -> bool:
        """Post a message to the screen; its first ``ScreenResume`` does not restyle it (see the class)."""
        if isinstance(message, events.ScreenResume) and not self._shown_before:
            self._shown_before = True
            message.refresh_styles = False
        return super().post_message(message)
