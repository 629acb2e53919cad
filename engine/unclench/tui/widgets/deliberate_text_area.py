"""A text editor that Tab passes by: it takes the keys only when the learner means to write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import TextArea

if TYPE_CHECKING:
    from typing_extensions import Self


class DeliberateTextArea(TextArea):
    """A :class:`TextArea` that is not a stop in the Tab order.

    Tab means "move between buttons" everywhere else, so a learner pressing it
    to reach a button must not land in their journal and type into it (a ``q``
    pressed next was saved as an answer). The editor takes the focus only when
    asked: ``focus()`` from code (the ``e`` key, the journal's edit key) or a
    click on it. Once it has the focus it keeps it until it loses it.
    """

    _invited = False

    def allow_focus(self) -> bool:
        """Only when invited (or while it has the focus), so the focus chain skips it."""
        return self._invited or self.has_focus

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focusing from code is deliberate: the editor may take the focus."""
        self._invited = True
        return super().focus(scroll_visible)

    def focus_now(self) -> None:
        """Take the focus at once, not after the keys already waiting (as ``focus()`` does).

        A stranger typed "My shoulders" straight after ``e``: the keys queued behind it went
        to the step (``n`` moved on, ``q`` would have quit) instead of into the answer.
        """
        self._invited = True
        self.screen.set_focus(self)

    def on_blur(self, event: events.Blur) -> None:
        """Once left, the editor is passed by again until the learner asks for it."""
        self._invited = False

    def on_click(self, event: events.Click) -> None:
        """A click on the editor is a deliberate start."""
        if not self.has_focus:
            self.focus()
