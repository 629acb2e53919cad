"""A one-line box that the keys typed after Tab leave for the next box, in the order they were typed."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from unclench.text import is_joiner


def _again(event: events.Key) -> events.Key:
    """The same key, pressed at the same time, to send once more (an event goes its way only once)."""
    key = events.Key(event.key, event.character)
    key.time = event.time
    return key


class ContactInput(Input):
    """An :class:`Input` that moves on (Tab, shift+Tab, and Enter when ``enter_moves_on``) before the keys after it.

    Each key goes to what has the focus when the app reads it, and Textual moves the focus on Tab only
    once the key has gone up to the app's binding: a stranger typed a name, Tab and a number in one
    burst, and the number went into the name. So the box moves the focus itself, as soon as it has the
    key; keys typed after it that still reach this box are handed to the box the focus went to, which
    keeps the keys that come to it straight until those handed on are in (:class:`HandoverEnded`).
    Bound keys (Backspace, arrows) run when the box has them, not when they reach the app, so that
    letters typed after a Backspace are not deleted by it.

    Args:
        enter_moves_on: Enter moves to the next box (else it submits, as in :class:`Input`).
    """

    class HandedAll(Message, bubble=False):
        """Behind the keys that reached this box after it moved the focus on: all are handed on."""

    class HandoverEnded(Message, bubble=False):
        """The box the focus left has handed on every key typed after the move: the kept keys follow."""

    def __init__(self, *args: Any, enter_moves_on: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enter_moves_on = enter_moves_on
        self._moved_at = float("inf")
        """When the key that moved the focus on was pressed (keys after it are for the next box)."""
        self._handing_to: Widget | None = None
        """Where the keys after the move go, until :class:`HandedAll` comes."""
        self._kept: list[events.Key] | None = None
        """Keys that came straight here while the box before was handing on keys typed before them."""
        self._handed: dict[int, events.Key] = {}
        """Keys handed here by the box before, by id, until this box has had them."""

    def hand(self, event: events.Key) -> None:
        """Take a key typed after the move to this box that reached the box before it."""
        key = _again(event)
        self._handed[id(key)] = key
        self.post_message(key)

    async def _on_key(self, event: events.Key) -> None:
        handed = self._handed.pop(id(event), None) is event
        if self._handing_to is not None and event.time > self._moved_at:
            event.stop()
            event.prevent_default()
            self._pass_on(event)
        elif not handed and self._kept is not None:
            event.stop()
            event.prevent_default()
            self._kept.append(event)
        elif await self._take(event):
            event.stop()
            event.prevent_default()

    def _pass_on(self, event: events.Key) -> None:
        target = self._handing_to
        if isinstance(target, ContactInput):
            target.hand(event)
        else:  # a button, say: the key goes to the app, which sends it to what has the focus
            self.app.post_message(_again(event))

    async def _take(self, event: events.Key) -> bool:
        """Act on a key now; False for a key this box does not take (it goes up to the app's bindings)."""
        if event.key in ("tab", "shift+tab") or (event.key == "enter" and self.enter_moves_on):
            self._move_on(event)
            return True
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        if is_joiner(event.character):
            # A joiner (👩‍👧) is typed as a key of its own, which Input leaves out (Python does not print it): a
            # stranger's typed family emoji lost it unsaid.
            self.insert_text_at_cursor(event.character or "")
            return True
        await super()._on_key(event)
        return event.is_printable

    def _move_on(self, event: events.Key) -> None:
        """Move the focus at once; the keys typed after ``event`` that come here go on to where it went."""
        screen = self.screen
        if event.key == "shift+tab":
            screen.focus_previous()
        else:
            screen.focus_next()
        target = screen.focused
        if target is None or target is self:
            return
        self._moved_at = event.time
        self._handing_to = target
        if isinstance(target, ContactInput):
            target._kept = [] if target._kept is None else target._kept
        self.post_message(self.HandedAll())

    def on_contact_input_handed_all(self, message: HandedAll) -> None:
        """Every key that came here after the move has been handed on: the next box's own keys follow."""
        target, self._handing_to = self._handing_to, None
        self._moved_at = float("inf")
        if isinstance(target, ContactInput):
            target.post_message(target.HandoverEnded())

    async def on_contact_input_handover_ended(self, message: HandoverEnded) -> None:
        """The keys handed on are in: the ones kept here follow, in order."""
        kept, self._kept = self._kept or [], None
        for number, event in enumerate(kept):
            if self._handing_to is not None:  # a kept Tab moved on again: the rest go on too
                self._pass_on(event)
            elif not await self._take(event):
                # Not this box's key (Escape, f2): it goes to the app as if just typed, and the rest after it.
                for later in kept[number:]:
                    self.app.post_message(_again(later))
                return
